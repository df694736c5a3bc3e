"""Population margins for raking: a CSV of ``variable,category,count``.

The file may come from Norwegian Excel (``;`` separators, Windows-1252 or
UTF-8 with BOM); :func:`read_margins` reuses the CSV reader of
:mod:`hjemmekontor.analysis.io` and checks what raking needs: non-negative
whole counts, no duplicate rows, and the same total for every variable (each
variable must describe the same population).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from hjemmekontor.analysis.io import InputError, read_survey

__all__ = ["Margins", "read_margins"]

Margins = dict[str, dict[str, int]]
"""``{variable: {category: population count}}``."""

REQUIRED = ("variable", "category", "count")


def read_margins(path: str | Path) -> Margins:
    """Read and check a population margins file.

    Parameters
    ----------
    path : str or Path
        CSV with the columns ``variable``, ``category`` and ``count`` (any
        order; header names are matched without regard to case).

    Returns
    -------
    dict
        ``{variable: {category: count}}``, categories as text.

    Raises
    ------
    InputError
        Missing columns, a count that is not a non-negative whole number, a
        duplicate (variable, category), or variables with different totals;
        the message names the line.
    """
    data = read_survey(path)
    frame = data.frame
    lowered = {name.strip().lower(): name for name in frame.columns}
    missing = [name for name in REQUIRED if name not in lowered]
    if missing:
        raise InputError(
            f"marginfila må ha kolonnene variable, category og count; mangler {', '.join(missing)}.",
            path=data.path,
            line=1,
        )
    frame = frame.select(
        pl.col(lowered["variable"]).cast(pl.String).alias("variable"),
        pl.col(lowered["category"]).cast(pl.String).alias("category"),
        pl.col(lowered["count"]).alias("count"),
    )
    margins: Margins = {}
    first_line: dict[tuple[str, str], int] = {}
    for offset, (variable, category, count) in enumerate(frame.iter_rows()):
        line = offset + 2  # header is line 1; margins files have no multi-line fields
        if variable is None or category is None:
            raise InputError(
                "variable og category må være fylt ut.",
                path=data.path,
                line=line,
                column="variable" if variable is None else "category",
            )
        value = _whole_count(count)
        if value is None:
            raise InputError(
                "count må være et ikke-negativt heltall.",
                path=data.path,
                line=line,
                column="count",
                value=count,
            )
        key = (variable, category)
        if key in first_line:
            raise InputError(
                f"{variable} = {category} står to ganger (også på linje {first_line[key]}).",
                path=data.path,
                line=line,
            )
        first_line[key] = line
        margins.setdefault(variable, {})[category] = value
    totals = {variable: sum(counts.values()) for variable, counts in margins.items()}
    if len(set(totals.values())) > 1:
        described = ", ".join(f"{variable} = {total}" for variable, total in totals.items())
        raise InputError(
            f"variablene beskriver ikke samme populasjon: summene er ulike ({described}).",
            path=data.path,
        )
    return margins


def _whole_count(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.isdigit():
        return int(text)
    return None
