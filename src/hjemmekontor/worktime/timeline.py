"""Registrations turned into sorted, merged per-person arrays.

Input is a polars frame with ``person``, ``start``, ``end`` (local
Europe/Oslo wall-clock times, naive or aware), ``break_minutes``,
``location`` (``home``/``office``/``other``) and optionally ``line`` (the
source line, for messages). Internally times are UTC seconds, so a shift over
the night the clocks go back is an hour longer than its wall-clock span.

Overlapping registrations of one person are merged into their union and
reported as a data-quality warning naming both lines. The merged period keeps
the *smallest* registered break of its parts: the conservative choice (it
counts the most working time), and the one under which adding a registration
never lowers anyone's working time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from .calendar import DAY, DayGrid

LOCATIONS = ("other", "home", "office")
TZ = "Europe/Oslo"
LONGEST_WINDOW = 60 * 7 * DAY  # longer than the 52-week window, with margin


class RegistrationError(ValueError):
    """Registrations that cannot be checked, with their lines."""


def to_utc_seconds(column: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Local times as UTC seconds, and the same resolved as the later instant.

    Naive values are Europe/Oslo wall-clock times. An ambiguous time (02:00-
    02:59 on the last Sunday in October) resolves to its first occurrence in
    the first series and to its second in the other; a time that does not
    exist (02:00-02:59 on the last Sunday in March) becomes null in both.
    """
    if column.dtype == pl.String:
        column = column.str.strptime(pl.Datetime("us"), "%Y-%m-%dT%H:%M", strict=False)
    if not isinstance(column.dtype, pl.Datetime):
        raise RegistrationError(f"kolonnen {column.name} må være tidspunkter, ikke {column.dtype}")
    if column.dtype.time_zone is not None:
        utc = column.dt.epoch("s")
        return utc, utc
    early = column.dt.replace_time_zone(TZ, ambiguous="earliest", non_existent="null")
    late = column.dt.replace_time_zone(TZ, ambiguous="latest", non_existent="null")
    return early.dt.epoch("s"), late.dt.epoch("s")


@dataclass
class Normalised:
    """Result of :func:`normalise`: usable rows, incomplete rows and overlaps."""

    rows: pl.DataFrame  # person, start, end (UTC s), break_s, location, line
    incomplete: pl.DataFrame  # person, line, start, end, missing
    overlaps: pl.DataFrame  # person, line, other_line, start, end


def normalise(frame: pl.DataFrame) -> Normalised:
    """Validate, convert and sort registrations; raise on impossible rows."""
    needed = {"person", "start", "end"}
    missing = needed - set(frame.columns)
    if missing:
        raise RegistrationError(f"mangler kolonner: {', '.join(sorted(missing))}")
    if "line" not in frame.columns:
        frame = frame.with_row_index("line", offset=1)
    if "break_minutes" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("break_minutes"))
    if "location" not in frame.columns:
        frame = frame.with_columns(pl.lit("other").alias("location"))
    if frame["person"].null_count():
        raise RegistrationError("registreringer uten person")
    s_early, _ = to_utc_seconds(frame["start"])
    e_early, e_late = to_utc_seconds(frame["end"])
    frame = frame.with_columns(
        pl.col("line").cast(pl.Int64),
        pl.col("person").cast(pl.String),
        s_early.alias("start_s"),
        # An ambiguous end that would fall before the start means the second one.
        pl.when(e_early > s_early).then(e_early).otherwise(e_late).alias("end_s"),
        pl.col("break_minutes").cast(pl.Float64),
        pl.col("location").cast(pl.String),
    )
    any_missing = (
        frame["start"].null_count()
        + frame["end"].null_count()
        + frame["break_minutes"].null_count()
    )
    gaps = (
        frame.select(
            "person",
            "line",
            "start_s",
            "end_s",
            pl.concat_str(
                [
                    pl.when(pl.col("start").is_null()).then(pl.lit("start")),
                    pl.when(pl.col("end").is_null()).then(pl.lit("end")),
                    pl.when(pl.col("break_minutes").is_null()).then(pl.lit("break_minutes")),
                ],
                separator=",",
                ignore_nulls=True,
            ).alias("missing"),
        ).filter(pl.col("missing") != "")
        if any_missing
        else pl.DataFrame(
            schema={
                "person": pl.String(),
                "line": pl.Int64(),
                "start_s": pl.Int64(),
                "end_s": pl.Int64(),
                "missing": pl.String(),
            }
        )
    )
    usable = (
        frame.filter(pl.col("start").is_not_null() & pl.col("end").is_not_null())
        if frame["start"].null_count() or frame["end"].null_count()
        else frame
    )
    nonexistent = usable.filter(pl.col("start_s").is_null() | pl.col("end_s").is_null())
    if nonexistent.height:
        raise RegistrationError(
            "tidspunkt som ikke finnes (sommertid) på linje "
            + ", ".join(str(v) for v in nonexistent["line"].head(10))
        )
    code = pl.col("location").cast(pl.Enum(LOCATIONS), strict=False).to_physical().cast(pl.Int8)
    rows = usable.select(
        "person",
        pl.col("start_s").alias("start"),
        pl.col("end_s").alias("end"),
        (pl.col("break_minutes").fill_null(0) * 60).alias("break_s"),
        # A missing place is "other"; an unknown one is refused below.
        code.fill_null(0).alias("location"),
        "line",
        (code.is_null() & pl.col("location").is_not_null()).alias("unknown_place"),
    )
    bad = rows.filter(
        (pl.col("end") <= pl.col("start"))
        | (pl.col("break_s") < 0)
        | (pl.col("break_s") >= pl.col("end") - pl.col("start"))
        | pl.col("unknown_place")
    )
    if bad.height:
        raise RegistrationError(
            "slutt før start, ugyldig pause eller ukjent sted på linje "
            + ", ".join(str(v) for v in bad["line"].head(10))
        )
    rows = rows.drop("unknown_place")
    return Normalised(rows=rows, incomplete=gaps, overlaps=_empty_overlaps())


def _empty_overlaps() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "person": pl.String(),
            "line": pl.Int64(),
            "other_line": pl.Int64(),
            "start": pl.Int64(),
            "end": pl.Int64(),
        }
    )


class Timeline:
    """Merged work periods of all persons, sorted by (person, start)."""

    def __init__(self, rows: pl.DataFrame, persons: list[str] | None = None) -> None:
        self.persons, person = _person_codes(rows["person"], persons or [])
        start = rows["start"].to_numpy().astype(np.int64, copy=False)
        end = rows["end"].to_numpy().astype(np.int64, copy=False)
        brk = rows["break_s"].to_numpy().astype(np.float64, copy=False)
        line = rows["line"].to_numpy().astype(np.int64, copy=False)
        location = rows["location"].to_numpy().astype(np.int8, copy=False)
        if start.size:
            self.origin = int(start.min()) - LONGEST_WINDOW
            self.stride = int(end.max()) - self.origin + 2 * LONGEST_WINDOW
        else:
            self.origin, self.stride = 0, 2 * LONGEST_WINDOW
        key = person.astype(np.int64) * self.stride + (start - self.origin)
        if key.size and not bool(np.all(key[1:] >= key[:-1])):
            # Out of order: sort by (person, start); exports are usually sorted already.
            order = pl.Series(key).arg_sort().to_numpy()
            person, start, end = person[order], start[order], end[order]
            brk, line, location = brk[order], line[order], location[order]
            key = key[order]
        self.overlaps, keep, merged_end, merged_brk = self._merge(
            person, start, end, brk, line, key
        )
        if bool(keep.all()):
            self.person, self.start, self.end = person, start, merged_end
            self.location, self.key_s = location, key
        else:
            self.person, self.start, self.end = person[keep], start[keep], merged_end
            self.location, self.key_s = location[keep], key[keep]
        del brk, line, key
        length = self.end - self.start
        self.key_e = self.key_s + length
        self.rate = np.clip((length - merged_brk) / np.maximum(length, 1), 0.0, 1.0)

    def _merge(
        self,
        person: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        brk: np.ndarray,
        line: np.ndarray,
        ks: np.ndarray,
    ) -> tuple[pl.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
        ke = ks + (end - start)
        reach = np.maximum.accumulate(ke) if ke.size else ke
        overlap = np.zeros(ks.size, dtype=bool)
        overlap[1:] = ks[1:] < reach[:-1]
        keep = ~overlap
        if not overlap.any():
            return _empty_overlaps(), keep, end, brk
        # The line that holds the furthest end so far is the one overlapped.
        holder = np.maximum.accumulate(np.where(ke >= reach, np.arange(ks.size), 0))
        hit = np.flatnonzero(overlap)
        other = holder[hit - 1]
        overlaps = pl.DataFrame(
            {
                "person": np.array(self.persons, dtype=object)[person[hit]],
                "line": line[other],
                "other_line": line[hit],
                "start": start[hit],
                "end": np.minimum(end[hit], end[other]),
            },
            schema_overrides={"person": pl.String},
        )
        # Fold each overlapping row into the group it joins (few rows: ufunc.at).
        heads = np.flatnonzero(keep)
        group = np.searchsorted(heads, hit, side="right") - 1
        merged_end = end[heads]
        np.maximum.at(merged_end, group, end[hit])
        merged_brk = brk[heads]
        np.minimum.at(merged_brk, group, brk[hit])
        return overlaps, keep, merged_end, merged_brk

    @cached_property
    def grid(self) -> DayGrid:
        """Local dates covering all work, with a week of margin on each side."""
        if self.start.size == 0:
            today = dt.date(2026, 1, 1)
            return DayGrid(today, today)
        lo = dt.datetime.fromtimestamp(int(self.start.min()), tz=dt.UTC).date()
        hi = dt.datetime.fromtimestamp(int(self.end.max()), tz=dt.UTC).date()
        return DayGrid(lo - dt.timedelta(days=7), hi + dt.timedelta(days=8))

    @cached_property
    def start_day(self) -> np.ndarray:
        """Index in :attr:`grid` of the local date on which each work period starts."""
        return self.grid.date_index(self.start)

    @cached_property
    def pieces(self) -> Pieces:
        """Work periods cut at local midnight."""
        return Pieces.cut(self)

    @property
    def n_persons(self) -> int:
        return len(self.persons)


@dataclass
class Pieces:
    """Work periods cut at local midnight, each on one local date."""

    person: np.ndarray
    day: np.ndarray
    start: np.ndarray
    end: np.ndarray
    rate: np.ndarray
    location: np.ndarray
    source: np.ndarray  # index of the work period it came from

    @classmethod
    def cut(cls, tl: Timeline) -> Pieces:
        grid = tl.grid
        d0 = tl.start_day
        d1 = grid.date_index(tl.end - 1)
        count = d1 - d0 + 1
        source = np.repeat(np.arange(tl.start.size), count)
        first = np.repeat(np.cumsum(count) - count, count)
        day = d0[source] + (np.arange(source.size) - first)
        start = np.maximum(tl.start[source], grid.midnight[day])
        end = np.minimum(tl.end[source], grid.midnight[day + 1])
        return cls(
            person=tl.person[source],
            day=day,
            start=start,
            end=end,
            rate=tl.rate[source],
            location=tl.location[source],
            source=source,
        )

    @property
    def work(self) -> np.ndarray:
        """Work seconds in each piece (breaks spread evenly over the period)."""
        return (self.end - self.start) * self.rate

    def per_day(self, values: np.ndarray, n_persons: int, n_days: int) -> np.ndarray:
        """Sum ``values`` into a dense (person, date) grid."""
        flat = self.person.astype(np.int64) * n_days + self.day
        return np.bincount(flat, weights=values, minlength=n_persons * n_days).reshape(
            n_persons, n_days
        )


def _person_codes(names: pl.Series, extra: list[str]) -> tuple[list[str], np.ndarray]:
    """Person ids as codes 0..k-1, and the ids in code order.

    Exports list each person's rows together, so a change of name marks a new
    person and no hashing of ten million strings is needed; otherwise the
    names are looked up in a table.
    """
    if names.len() == 0:
        return sorted(set(extra)), np.zeros(0, dtype=np.int32)
    change = names.ne_missing(names.shift(1)).fill_null(True)
    heads = names.filter(change)
    if heads.n_unique() == heads.len():
        known = heads.to_list()
        codes = (change.cast(pl.Int32).cum_sum() - 1).to_numpy()
    else:
        known = names.unique().sort().to_list()
        lookup = pl.Series(np.arange(len(known), dtype=np.int32))
        codes = names.replace_strict(pl.Series(known), lookup, return_dtype=pl.Int32).to_numpy()
    seen = set(known)
    known += sorted(p for p in set(extra) if p not in seen)
    return known, codes.astype(np.int32)
