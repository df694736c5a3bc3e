"""Import of time registrations from CSV or Excel, with a column mapping.

The default layout is ``person,start,end,break_minutes,location`` with ISO
local times (``2026-03-02T08:00``, Europe/Oslo). Other layouts are described by a
small YAML or JSON mapping file (see ``docs/worktime/README.md``)::

    columns: {person: Ansattnr, date: Dato, start: Fra, end: Til,
              break: Pause, location: Sted}
    formats: {date: "%d.%m.%Y", time: "%H:%M"}
    break_unit: hh:mm            # or minutes, or auto (the default)
    locations: {Hjemme: home, Kontor: office}

Bad values are reported with line, column and reason and their rows left
out; every valid row is kept. An *empty* start, end or break is not a bad
value but an incomplete record: the row is kept and reported as RT-REG.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import yaml

from hjemmekontor.tables import Table

from .files import FileError, RowError, read_table
from .timeline import to_utc_seconds

ISO_DATETIMES = (
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
)
DATES = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")
TIMES = ("%H:%M", "%H:%M:%S", "%H.%M")

LOCATION_WORDS = {
    "home": "home",
    "hjemme": "home",
    "hjemmekontor": "home",
    "hjem": "home",
    "office": "office",
    "kontor": "office",
    "kontoret": "office",
    "arbeidsplass": "office",
    "arbeidsplassen": "office",
    "other": "other",
    "annet": "other",
    "annen": "other",
    "reise": "other",
}

MAPPING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "columns": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                k: {"type": "string"}
                for k in ("person", "date", "start", "end", "break", "location")
            },
        },
        "formats": {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in ("datetime", "date", "time")},
        },
        "break_unit": {"enum": ["minutes", "hh:mm", "auto"]},
        "locations": {
            "type": "object",
            "additionalProperties": {"enum": ["home", "office", "other"]},
        },
        "delimiter": {"type": "string", "maxLength": 1, "minLength": 1},
        "encoding": {"type": "string"},
        "sheet": {"type": "string"},
    },
}


@dataclass(frozen=True)
class ColumnMapping:
    """How a file's columns and values map onto registrations."""

    person: str = "person"
    start: str = "start"
    end: str = "end"
    date: str | None = None
    break_: str | None = "break_minutes"
    location: str | None = "location"
    datetime_format: str | None = None
    date_format: str | None = None
    time_format: str | None = None
    break_unit: str = "auto"
    locations: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None

    @classmethod
    def load(cls, path: Path) -> ColumnMapping:
        """Read a YAML or JSON mapping file; a bad file raises :class:`FileError`."""
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
            jsonschema.validate(data or {}, MAPPING_SCHEMA)
        except FileNotFoundError as exc:
            raise FileError(f"{path}: filen finnes ikke") from exc
        except (ValueError, yaml.YAMLError, jsonschema.ValidationError) as exc:
            message = getattr(exc, "message", str(exc))
            raise FileError(f"{path}: ugyldig kolonneoppsett: {message}") from exc
        data = data or {}
        cols = data.get("columns", {})
        fmts = data.get("formats", {})
        return cls(
            person=cols.get("person", "person"),
            start=cols.get("start", "start"),
            end=cols.get("end", "end"),
            date=cols.get("date"),
            break_=cols.get("break", "break_minutes"),
            location=cols.get("location", "location"),
            datetime_format=fmts.get("datetime"),
            date_format=fmts.get("date"),
            time_format=fmts.get("time"),
            break_unit=data.get("break_unit", "auto"),
            locations=dict(data.get("locations", {})),
            delimiter=data.get("delimiter"),
            encoding=data.get("encoding"),
            sheet=data.get("sheet"),
        )


@dataclass
class ImportResult:
    """Valid registrations and the refused values."""

    registrations: pl.DataFrame
    errors: list[RowError]


def _parse(expr: pl.Expr, formats: tuple[str, ...], dtype: pl.DataType) -> pl.Expr:
    return pl.coalesce([expr.str.strptime(dtype, f, strict=False) for f in formats])  # type: ignore[arg-type]


def _datetimes(frame: pl.DataFrame, m: ColumnMapping) -> pl.DataFrame:
    """Add ``_start`` and ``_end`` (naive local datetimes) from one or two columns."""
    if m.date is None:
        fmts = ((m.datetime_format,) if m.datetime_format else ()) + ISO_DATETIMES
        return frame.with_columns(
            _parse(pl.col(m.start), fmts, pl.Datetime("us")).alias("_start"),
            _parse(pl.col(m.end), fmts, pl.Datetime("us")).alias("_end"),
        )
    dates = ((m.date_format,) if m.date_format else ()) + DATES
    times = ((m.time_format,) if m.time_format else ()) + TIMES
    day = _parse(pl.col(m.date), dates, pl.Date())
    # "24:00" is the end of the day.
    end_text = pl.col(m.end).str.replace(r"^24[:.]00(:00)?$", "00:00")
    end_midnight = pl.col(m.end).str.contains(r"^24[:.]00")
    start_t = _parse(pl.col(m.start), times, pl.Time())
    end_t = _parse(end_text, times, pl.Time())
    frame = frame.with_columns(
        day.alias("_day"),
        start_t.alias("_start_t"),
        end_t.alias("_end_t"),
        end_midnight.fill_null(False).alias("_midnight"),
    )
    start = pl.col("_day").dt.combine(pl.col("_start_t"))
    end = pl.col("_day").dt.combine(pl.col("_end_t"))
    # An end time at or before the start time is on the next day (a night shift).
    next_day = pl.col("_midnight") | (pl.col("_end_t") <= pl.col("_start_t"))
    return frame.with_columns(
        start.alias("_start"),
        pl.when(next_day).then(end + pl.duration(days=1)).otherwise(end).alias("_end"),
    )


def _breaks(expr: pl.Expr, unit: str) -> pl.Expr:
    minutes = expr.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    parts = expr.str.extract_groups(r"^(\d{1,2})[:.](\d{2})$")
    hhmm = parts.struct.field("1").cast(pl.Float64, strict=False) * 60 + parts.struct.field(
        "2"
    ).cast(pl.Float64, strict=False)
    if unit == "minutes":
        return minutes
    if unit == "hh:mm":
        return hhmm
    return pl.when(expr.str.contains(":")).then(hhmm).otherwise(minutes)


def _aware(column: str) -> pl.Expr:
    """UTC seconds as an aware Europe/Oslo datetime (ambiguity already resolved)."""
    return (
        pl.from_epoch(pl.col(column), time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone("Europe/Oslo")
    )


def read_registrations(
    source: Path | str | Table,
    mapping: ColumnMapping | None = None,
    *,
    name: str | None = None,
) -> ImportResult:
    """Read registrations; see the module docstring for the layout and the rules.

    ``source`` is a path, or a table already read by :func:`hjemmekontor.tables.read_table`
    with the mapping's delimiter, encoding and sheet (the web import reads the upload's
    bytes that way). ``name`` is the file as errors name it; by default the path.
    """
    m = mapping or ColumnMapping()
    if isinstance(source, Table):
        label = name or "tabell"
        raw = read_table(source, name=label)
    else:
        label = name or str(source)
        raw = read_table(
            Path(source), name=label, delimiter=m.delimiter, encoding=m.encoding, sheet=m.sheet
        )
    wanted = [m.person, m.start, m.end] + [c for c in (m.date, m.break_, m.location) if c]
    missing = [c for c in wanted if c not in raw.columns]
    required_missing = [c for c in missing if c in {m.person, m.start, m.end, m.date}]
    if required_missing:
        raise FileError(f"{label}: mangler kolonne(r) {', '.join(required_missing)}")
    for c in missing:
        raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias(c))
    frame = _datetimes(raw, m)
    words = {k.lower(): v for k, v in LOCATION_WORDS.items()}
    words |= {k.strip().lower(): v for k, v in m.locations.items()}
    loc_col = pl.col(m.location) if m.location else pl.lit(None, dtype=pl.String)
    brk_col = pl.col(m.break_) if m.break_ else pl.lit(None, dtype=pl.String)
    frame = frame.with_columns(
        _breaks(brk_col, m.break_unit).alias("_break"),
        loc_col.str.to_lowercase().replace_strict(words, default=None).alias("_location"),
    )
    s_utc, _ = to_utc_seconds(frame["_start"])
    e_early, e_late = to_utc_seconds(frame["_end"])
    frame = frame.with_columns(
        s_utc.alias("_s"),
        pl.when(e_early > s_utc).then(e_early).otherwise(e_late).alias("_e"),
    )
    start_cols = f"{m.date}/{m.start}" if m.date else m.start
    end_cols = f"{m.date}/{m.end}" if m.date else m.end
    start_given = pl.col(m.start).is_not_null() & (pl.col(m.date).is_not_null() if m.date else True)
    end_given = pl.col(m.end).is_not_null() & (pl.col(m.date).is_not_null() if m.date else True)
    checks: list[tuple[pl.Expr, str, pl.Expr, str]] = [
        (pl.col(m.person).is_null(), m.person, pl.col(m.person), "person mangler"),
        (
            start_given & pl.col("_start").is_null(),
            start_cols,
            pl.col(m.start),
            "ugyldig tidspunkt",
        ),
        (end_given & pl.col("_end").is_null(), end_cols, pl.col(m.end), "ugyldig tidspunkt"),
        (
            pl.col("_start").is_not_null() & pl.col("_s").is_null(),
            start_cols,
            pl.col(m.start),
            "tidspunktet finnes ikke (overgang til sommertid)",
        ),
        (
            pl.col("_end").is_not_null() & pl.col("_e").is_null(),
            end_cols,
            pl.col(m.end),
            "tidspunktet finnes ikke (overgang til sommertid)",
        ),
        (pl.col("_e") <= pl.col("_s"), end_cols, pl.col(m.end), "slutt er ikke etter start"),
        (
            brk_col.is_not_null() & (pl.col("_break").is_null() | (pl.col("_break") < 0)),
            m.break_ or "",
            brk_col,
            "ugyldig pause",
        ),
        (
            (pl.col("_e") > pl.col("_s")) & (pl.col("_break") * 60 >= pl.col("_e") - pl.col("_s")),
            m.break_ or "",
            brk_col,
            "pausen er like lang som eller lengre enn registreringen",
        ),
        (
            loc_col.is_not_null() & pl.col("_location").is_null(),
            m.location or "",
            loc_col,
            "ukjent sted (bruk home, office eller other, eller en verdi i kolonneoppsettet)",
        ),
    ]
    errors_frames = [
        frame.filter(cond.fill_null(False)).select(
            pl.col("_line").alias("line"),
            pl.lit(column).alias("column"),
            value.cast(pl.String).fill_null("").alias("value"),
            pl.lit(reason).alias("reason"),
        )
        for cond, column, value, reason in checks
    ]
    errors_frame = pl.concat(errors_frames).sort("line", maintain_order=True)
    bad_lines = errors_frame["line"].unique()
    good = frame.filter(~pl.col("_line").is_in(bad_lines.implode()))
    registrations = good.select(
        pl.col(m.person).alias("person"),
        _aware("_s").alias("start"),
        _aware("_e").alias("end"),
        pl.col("_break").alias("break_minutes"),
        pl.col("_location").fill_null("other").alias("location"),
        pl.col("_line").alias("line"),
    )
    errors = [
        RowError(label, row["line"], row["column"], row["value"], row["reason"])
        for row in errors_frame.iter_rows(named=True)
    ]
    return ImportResult(registrations, errors)
