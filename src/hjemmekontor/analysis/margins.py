"""Population margins for raking: a CSV of ``variable,category,count``.

The file may come from Norwegian Excel (``;`` separators, Windows-1252 or
UTF-8 with BOM); :func:`read_margins` reuses the CSV reader of
:mod:`hjemmekontor.analysis.io` and checks what raking needs: non-negative
whole counts, no duplicate rows, and the same total for every variable (each
variable must describe the same population).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from hjemmekontor.analysis.design import as_text
from hjemmekontor.analysis.io import InputError, read_survey

__all__ = ["Collapsed", "Margins", "collapse_empty", "read_margins"]

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


@dataclass(frozen=True)
class Collapsed:
    """A raking category with population but no respondents, merged into another.

    Attributes
    ----------
    variable, category : str
        The empty category.
    count : int
        Its population, moved to ``into``.
    into : str
        The category that takes it: the nearest ancestor unit with
        respondents (with a unit tree), else the nearest category in the
        margins' order that has respondents.
    """

    variable: str
    category: str
    count: int
    into: str

    def note(self) -> str:
        """The note the command line prints (bokmål)."""
        return (
            f"«{self.category}» i «{self.variable}» har {self.count} i populasjonen, men ingen "
            f"svar; slått sammen med «{self.into}»."
        )


def collapse_empty(
    data: pl.DataFrame,
    margins: Margins,
    *,
    unit_column: str = "unit",
    unit_tree: Mapping[str, str | None] | None = None,
) -> tuple[Margins, list[Collapsed]]:
    """Merge raking categories that have population but no respondents.

    Raking cannot give weight to a category nobody in the sample belongs to;
    the results pages hand such a unit's population to its nearest ancestor
    with respondents, and this does the same for any margins: a unit (the
    variable ``unit_column``, with ``unit_tree``) goes to its nearest ancestor
    with respondents; any other category, or a unit with no such ancestor, to
    the nearest category in the margins' order that has respondents (the one
    before it when both neighbours are as near). The totals stay the same.

    Returns
    -------
    (margins, collapsed)
        New margins (the input is not changed) and what was merged, in order.
    """
    merged: Margins = {}
    collapsed: list[Collapsed] = []
    for variable, counts in margins.items():
        if variable not in data.columns:
            merged[variable] = dict(counts)
            continue
        answered = set(as_text(data.get_column(variable)).drop_nulls().to_list())
        order = list(counts)
        target = dict(counts)
        for category in order:
            count = counts[category]
            if count == 0 or category in answered:
                continue
            into = None
            if unit_tree is not None and variable == unit_column:
                into = _answered_ancestor(category, unit_tree, answered)
            if into is None:
                into = _nearest(order, order.index(category), answered)
            if into is None:
                # Nobody answered in any category: raking will say so.
                continue
            target[into] = target.get(into, 0) + count
            target[category] = 0
            collapsed.append(Collapsed(variable, category, count, into))
        merged[variable] = {c: n for c, n in target.items() if n > 0 or c in answered}
    return merged, collapsed


def _answered_ancestor(unit: str, tree: Mapping[str, str | None], answered: set[str]) -> str | None:
    seen = {unit}
    parent = tree.get(unit)
    while parent is not None and parent not in seen:
        if parent in answered:
            return parent
        seen.add(parent)
        parent = tree.get(parent)
    return None


def _nearest(order: list[str], position: int, answered: set[str]) -> str | None:
    for distance in range(1, len(order)):
        for index in (position - distance, position + distance):
            if 0 <= index < len(order) and order[index] in answered:
                return order[index]
    return None
