"""Codebooks: map a foreign data file onto the instrument's variables.

A codebook is a YAML file (format in ``docs/analysis.md``, "Codebooks") that
says which column of someone else's survey becomes which of our variables
(``docs/dev/instrument-variables.md``) and how its values translate: value
maps, numeric bins, constants, row filters, the wave (round) column, the
weight column and missing-value codes. With it the same indicators run on the
SWAA, on OSMI, or on a national survey.

:func:`load_codebook` checks the file against the instrument;
:meth:`Codebook.apply` checks it against the data. Every error names the
codebook file, the key inside it and the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from hjemmekontor.analysis.errors import AnalysisError

__all__ = ["BACKGROUND", "Codebook", "CodebookError", "ColumnMapping", "load_codebook"]

BACKGROUND: dict[str, tuple[str, ...] | None] = {
    "unit": None,
    "gender": ("female", "male", "other"),
    "age_group": ("<30", "30-39", "40-49", "50-59", "60+"),
    "is_manager": ("true", "false"),
}
"""Background variables every response carries (codes; None = free text)."""

_TOP_KEYS = {
    "codebook", "instrument", "description", "source", "licence", "missing",
    "filter", "wave", "weight", "variables", "extra",
}  # fmt: skip
_VARIABLE_KEYS = {"from", "map", "bins", "value", "missing", "unmapped", "type"}
_FILTER_KEYS = {"column", "in", "not_in", "min", "max", "not_missing"}


class CodebookError(AnalysisError):
    """A codebook that is wrong in itself, for the instrument, or for the data.

    Parameters
    ----------
    message : str
        Bokmål sentence.
    path : str or Path
        The codebook file.
    key : str, optional
        Dotted key inside the codebook, e.g. ``variables.wish_freq.map``.
    value : object, optional
        The offending value.
    """

    def __init__(
        self, message: str, *, path: str | Path, key: str | None = None, value: object = None
    ) -> None:
        self.path = str(path)
        self.key = key
        self.value = value
        where = f"Kodeboka {path}" + (f", nøkkel «{key}»" if key else "")
        tail = f" (verdi: {value!r})" if value is not None else ""
        super().__init__(f"{where}: {message}{tail}")


def _norm(value: Any) -> str:
    """Compare codes as text, so that YAML ``1``, CSV ``"1"`` and SPSS ``1.0`` agree."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class ColumnMapping:
    """How one target column is made (see the module docstring for the keys)."""

    target: str
    source: str | None
    values: dict[str, Any] | None = None
    bins: tuple[tuple[float | None, float | None, Any], ...] = ()
    constant: Any = None
    missing: frozenset[str] = frozenset()
    unmapped_missing: bool = False
    extra: bool = False


@dataclass(frozen=True)
class Codebook:
    """A loaded and checked codebook.

    Attributes
    ----------
    path : Path
        The YAML file.
    instrument : str
        ``employee``, ``manager`` or ``representative``.
    mappings : tuple of ColumnMapping
        One per target column, instrument variables first, then extras.
    filters : tuple of dict
        Row conditions; a row is kept when all hold.
    wave : str or None
        Source column copied to ``wave``.
    weight : str or None
        Source column copied to ``weight``.
    missing : frozenset of str
        Codes treated as missing in every source column.
    """

    path: Path
    instrument: str
    mappings: tuple[ColumnMapping, ...]
    filters: tuple[dict[str, Any], ...] = ()
    wave: str | None = None
    weight: str | None = None
    missing: frozenset[str] = field(default_factory=frozenset)
    description: str = ""

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Translate a data frame into instrument variables.

        Parameters
        ----------
        frame : polars.DataFrame
            The foreign data, as read by :func:`hjemmekontor.analysis.io.read_survey`.

        Returns
        -------
        polars.DataFrame
            The mapped columns, plus ``wave`` and ``weight`` when the codebook
            names them; rows failing a filter are dropped.

        Raises
        ------
        CodebookError
            A source column that does not exist, or values without a mapping
            (listed with their counts).
        """
        self._check_columns(frame)
        frame = self._filter(frame)
        columns: list[pl.Series] = []
        for m in self.mappings:
            columns.append(self._column(frame, m))
        if self.wave is not None:
            # Stata monthly dates ("2023m9") become "2023-09" so that waves sort.
            wave = frame[self.wave].cast(pl.String).str.strip_chars()
            month = wave.str.extract_groups(r"^(\d{4})m(\d{1,2})$")
            padded = pl.select(
                pl.when(month.struct.field("1").is_not_null())
                .then(
                    pl.concat_str(
                        month.struct.field("1"), pl.lit("-"), month.struct.field("2").str.zfill(2)
                    )
                )
                .otherwise(wave)
            ).to_series()
            columns.append(padded.alias("wave"))
        if self.weight is not None:
            weight = frame[self.weight]
            if not weight.dtype.is_numeric():
                raise CodebookError(
                    "vektkolonnen må være numerisk.",
                    path=self.path,
                    key="weight",
                    value=self.weight,
                )
            columns.append(weight.cast(pl.Float64).alias("weight"))
        return pl.DataFrame(columns)

    def _check_columns(self, frame: pl.DataFrame) -> None:
        needed: list[tuple[str, str]] = [
            (f"{'extra' if m.extra else 'variables'}.{m.target}.from", m.source)
            for m in self.mappings
            if m.source is not None
        ]
        needed += [(f"filter[{i}].column", f["column"]) for i, f in enumerate(self.filters)]
        if self.wave:
            needed.append(("wave", self.wave))
        if self.weight:
            needed.append(("weight", self.weight))
        for key, column in needed:
            if column not in frame.columns:
                close = [c for c in frame.columns if c.lower() == column.lower()]
                hint = f" Mente du «{close[0]}»?" if close else ""
                raise CodebookError(
                    f"kolonnen «{column}» finnes ikke i dataene.{hint}",
                    path=self.path,
                    key=key,
                    value=column,
                )

    def _source_text(self, frame: pl.DataFrame, column: str) -> pl.Series:
        series = frame[column]
        text = series.cast(pl.String) if series.dtype != pl.String else series
        if series.dtype.is_float():
            # 1.0 from SPSS and 1 in the codebook are the same code.
            text = pl.Series(
                column, [None if v is None else _norm(v) for v in series.to_list()], pl.String
            )
        text = text.str.strip_chars()
        if self.missing:
            text = text.set(text.is_in(list(self.missing)), None)
        return text

    def _filter(self, frame: pl.DataFrame) -> pl.DataFrame:
        keep = pl.Series([True] * frame.height)
        for f in self.filters:
            text = self._source_text(frame, f["column"])
            if "in" in f:
                keep &= text.is_in([_norm(v) for v in f["in"]]).fill_null(False)
            if "not_in" in f:
                keep &= ~text.is_in([_norm(v) for v in f["not_in"]]).fill_null(False)
            if f.get("not_missing"):
                keep &= text.is_not_null()
            if "min" in f or "max" in f:
                number = text.cast(pl.Float64, strict=False)
                if "min" in f:
                    keep &= (number >= f["min"]).fill_null(False)
                if "max" in f:
                    keep &= (number <= f["max"]).fill_null(False)
        return frame.filter(keep)

    def _column(self, frame: pl.DataFrame, m: ColumnMapping) -> pl.Series:
        section = "extra" if m.extra else "variables"
        if m.source is None:
            return pl.Series(m.target, [m.constant] * frame.height)
        text = self._source_text(frame, m.source)
        if m.missing:
            text = text.set(text.is_in(list(m.missing)), None)
        if m.values is None and not m.bins:
            original = frame[m.source]
            if original.dtype.is_numeric():
                return original.set(text.is_null(), None).alias(m.target)
            return text.alias(m.target)
        result: list[Any] = [None] * frame.height
        unmapped: dict[str, int] = {}
        numbers = text.cast(pl.Float64, strict=False).to_list() if m.bins else None
        for i, raw in enumerate(text.to_list()):
            if raw is None:
                continue
            if m.values is not None and raw in m.values:
                result[i] = m.values[raw]
                continue
            if numbers is not None and numbers[i] is not None:
                hit = _bin(numbers[i], m.bins)
                if hit is not _NO_BIN:
                    result[i] = hit
                    continue
            unmapped[raw] = unmapped.get(raw, 0) + 1
        if unmapped and not m.unmapped_missing:
            listed = ", ".join(
                f"{value!r} ({count} rader)"
                for value, count in sorted(unmapped.items(), key=lambda kv: -kv[1])[:10]
            )
            raise CodebookError(
                f"kolonnen «{m.source}» har verdier uten oversettelse: {listed}. "
                "Legg dem til i map/bins, eller skriv «unmapped: missing».",
                path=self.path,
                key=f"{section}.{m.target}",
            )
        return pl.Series(m.target, result, strict=False)


_NO_BIN = object()


def _bin(x: float, bins: tuple[tuple[float | None, float | None, Any], ...]) -> Any:
    for low, high, to in bins:
        if (low is None or x >= low) and (high is None or x <= high):
            return to
    return _NO_BIN


# ---------------------------------------------------------------------------
# Loading and checking against the instrument


def _targets(instrument: str, path: Path) -> dict[str, tuple[str, tuple[str, ...] | None, Any]]:
    """``{variable: (type, allowed codes or None, item)}`` for the instrument."""
    from hjemmekontor.instruments import InstrumentError, load_instrument

    try:
        loaded = load_instrument(instrument)
    except (InstrumentError, KeyError, ValueError) as exc:
        raise CodebookError(
            f"ukjent instrument: {exc}", path=path, key="instrument", value=instrument
        ) from exc
    targets: dict[str, tuple[str, tuple[str, ...] | None, Any]] = {
        name: ("single", codes, None) for name, codes in BACKGROUND.items()
    }
    for item in loaded.items:
        if item.type == "multiple":
            for column in item.export_columns():
                targets[column] = ("binary", ("0", "1"), item)
        elif item.is_coded:
            targets[item.id] = (item.type, tuple(_norm(c) for c in item.codes), item)
        else:
            targets[item.id] = (item.type, None, item)
    for score in loaded.scores:
        targets[score.id] = ("number", None, None)
    return targets


def _as_list(value: Any, path: Path, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CodebookError("må være en liste.", path=path, key=key, value=value)
    return value


def _parse_mapping(target: str, spec: Any, path: Path, *, extra: bool) -> ColumnMapping:
    section = "extra" if extra else "variables"
    key = f"{section}.{target}"
    if isinstance(spec, str):
        return ColumnMapping(target=target, source=spec, extra=extra)
    if not isinstance(spec, dict):
        raise CodebookError(
            "må være et kolonnenavn eller en tabell.", path=path, key=key, value=spec
        )
    unknown = set(spec) - _VARIABLE_KEYS
    if unknown:
        raise CodebookError(
            f"ukjente nøkler {', '.join(sorted(unknown))}; tillatt: {', '.join(sorted(_VARIABLE_KEYS))}.",
            path=path,
            key=key,
        )
    if "value" in spec:
        if len(set(spec) - {"value", "type"}) > 0:
            raise CodebookError(
                "«value» (konstant) kan ikke kombineres med from/map/bins.", path=path, key=key
            )
        return ColumnMapping(target=target, source=None, constant=spec["value"], extra=extra)
    if "from" not in spec:
        raise CodebookError(
            "mangler «from» (kildekolonne) eller «value» (konstant).", path=path, key=key
        )
    values = None
    if "map" in spec:
        if not isinstance(spec["map"], dict) or not spec["map"]:
            raise CodebookError(
                "«map» må være en ikke-tom tabell kilde: mål.", path=path, key=f"{key}.map"
            )
        values = {_norm(k): v for k, v in spec["map"].items()}
    bins: list[tuple[float | None, float | None, Any]] = []
    for i, b in enumerate(_as_list(spec.get("bins"), path, f"{key}.bins")):
        if not isinstance(b, dict) or "to" not in b or not ({"min", "max"} & set(b)):
            raise CodebookError(
                "hvert intervall trenger «to» og minst én av «min»/«max».",
                path=path,
                key=f"{key}.bins[{i}]",
                value=b,
            )
        bins.append((b.get("min"), b.get("max"), b["to"]))
    unmapped = spec.get("unmapped", "error")
    if unmapped not in ("error", "missing"):
        raise CodebookError(
            "«unmapped» må være error eller missing.",
            path=path,
            key=f"{key}.unmapped",
            value=unmapped,
        )
    return ColumnMapping(
        target=target,
        source=str(spec["from"]),
        values=values,
        bins=tuple(bins),
        missing=frozenset(_norm(v) for v in _as_list(spec.get("missing"), path, f"{key}.missing")),
        unmapped_missing=unmapped == "missing",
        extra=extra,
    )


def _check_against_instrument(
    m: ColumnMapping, targets: Mapping[str, tuple[str, tuple[str, ...] | None, Any]], path: Path
) -> None:
    key = f"variables.{m.target}"
    if m.target not in targets:
        raise CodebookError(
            "er ikke en variabel i instrumentet (se docs/dev/instrument-variables.md); "
            "egne variabler hører hjemme under «extra».",
            path=path,
            key=key,
            value=m.target,
        )
    kind, codes, item = targets[m.target]
    produced: list[tuple[str, Any]] = []
    if m.values is not None:
        produced += [(f"{key}.map", v) for v in m.values.values()]
    produced += [(f"{key}.bins", b[2]) for b in m.bins]
    if m.source is None:
        produced.append((f"{key}.value", m.constant))
    for where, value in produced:
        if value is None:
            continue
        if codes is not None and _norm(value) not in codes:
            raise CodebookError(
                f"«{value}» er ingen kode for {m.target}; gyldige koder: {', '.join(codes)}.",
                path=path,
                key=where,
                value=value,
            )
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise CodebookError(f"{m.target} er et tall.", path=path, key=where, value=value)
            low = getattr(item, "min", None)
            high = getattr(item, "max", None)
            if (low is not None and value < low) or (high is not None and value > high):
                raise CodebookError(
                    f"{value} ligger utenfor {m.target}s område {low}–{high}.",
                    path=path,
                    key=where,
                    value=value,
                )


def load_codebook(path: str | Path, *, instrument: str | None = None) -> Codebook:
    """Load a codebook YAML file and check it against the instrument.

    Parameters
    ----------
    path : str or Path
        The YAML file.
    instrument : str, optional
        Overrides the codebook's ``instrument`` key (``employee`` by default).

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        Unreadable YAML, unknown keys, a target that is not an instrument
        variable, a code the instrument does not have, a number out of range.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CodebookError(f"kan ikke leses: {exc}", path=path) from exc
    except yaml.YAMLError as exc:
        raise CodebookError(f"er ikke gyldig YAML: {exc}", path=path) from exc
    if not isinstance(raw, dict):
        raise CodebookError("må være en YAML-tabell på øverste nivå.", path=path)
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise CodebookError(
            f"ukjente nøkler {', '.join(sorted(unknown))}; tillatt: {', '.join(sorted(_TOP_KEYS))}.",
            path=path,
        )
    if raw.get("codebook", 1) != 1:
        raise CodebookError(
            "ukjent kodebokversjon; støttet: 1.", path=path, key="codebook", value=raw["codebook"]
        )
    chosen = instrument or raw.get("instrument") or "employee"
    targets = _targets(chosen, path)
    variables = raw.get("variables") or {}
    extra = raw.get("extra") or {}
    if not isinstance(variables, dict) or not isinstance(extra, dict):
        raise CodebookError("«variables» og «extra» må være tabeller.", path=path)
    if not variables and not extra:
        raise CodebookError("oversetter ingen variabler.", path=path, key="variables")
    mappings = []
    for target, spec in variables.items():
        m = _parse_mapping(str(target), spec, path, extra=False)
        _check_against_instrument(m, targets, path)
        mappings.append(m)
    for target, spec in extra.items():
        if target in targets:
            raise CodebookError(
                "heter det samme som en variabel i instrumentet; flytt den til «variables».",
                path=path,
                key=f"extra.{target}",
                value=target,
            )
        mappings.append(_parse_mapping(str(target), spec, path, extra=True))
    filters = []
    for i, f in enumerate(_as_list(raw.get("filter"), path, "filter")):
        if not isinstance(f, dict) or "column" not in f or set(f) - _FILTER_KEYS:
            raise CodebookError(
                f"hvert filter trenger «column» og kan ha {', '.join(sorted(_FILTER_KEYS - {'column'}))}.",
                path=path,
                key=f"filter[{i}]",
                value=f,
            )
        filters.append(f)
    wave = raw.get("wave")
    weight = raw.get("weight")
    return Codebook(
        path=path,
        instrument=chosen,
        mappings=tuple(mappings),
        filters=tuple(filters),
        wave=str(wave) if wave is not None else None,
        weight=str(weight) if weight is not None else None,
        missing=frozenset(_norm(v) for v in _as_list(raw.get("missing"), path, "missing")),
        description=str(raw.get("description", "")),
    )
