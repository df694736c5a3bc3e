"""Cell tables for :mod:`hjemmekontor.analysis.anonymity`, built from respondents.

A unit tree crossed with a filter gives cells for every unit (its subtree), every
filter group, and the never-published remainders that make subtraction visible
to the suppression: people placed directly on a unit with sub-units
(``X#own``) and respondents with a missing filter value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

import polars as pl

from hjemmekontor.analysis.anonymity import MISSING_VALUE, OWN_SUFFIX, AnonymityError

__all__ = ["cells_from_respondents", "regrouping_edges"]


def _key(unit: str | None, filters: Mapping[str, Any]) -> str:
    parts = [f"unit={unit}" if unit is not None else "all"]
    parts += [f"{name}={filters[name]}" for name in sorted(filters)]
    return "|".join(parts)


def _subtree_members(parents: Mapping[str, str | None]) -> dict[str, list[str]]:
    """For each unit, the units of its subtree (itself included)."""
    members: dict[str, list[str]] = {unit: [unit] for unit in parents}
    for unit in parents:
        seen = {unit}
        parent = parents[unit]
        while parent is not None:
            if parent in seen:
                raise AnonymityError(f"enhetstreet har en løkke gjennom «{parent}».")
            if parent not in members:
                raise AnonymityError(f"enheten «{unit}» har en ukjent overordnet «{parent}».")
            seen.add(parent)
            members[parent].append(unit)
            parent = parents[parent]
    return members


def cells_from_respondents(
    frame: pl.DataFrame,
    *,
    unit: str | None = "unit",
    parents: Mapping[str, str | None] | None = None,
    dimensions: Sequence[str] = (),
    max_filters: int | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Build the cell and edge tables for a unit tree and filter dimensions.

    Every unit (its whole subtree) is crossed with every combination of at
    most ``max_filters`` of the ``dimensions``; the whole data set is the root
    cell ``all``. Edges link each cell to the cell one level up the unit tree
    (dimension ``unit``) and to each cell with one filter fewer (dimension =
    the filter dropped).

    Parameters
    ----------
    frame : polars.DataFrame
        One row per respondent.
    unit : str or None
        Column with the respondent's unit; None for no unit tree.
    parents : mapping, optional
        ``{unit: parent unit or None}``; units in ``frame`` not in the mapping
        are treated as top-level units.
    dimensions : sequence of str
        Filter columns (gender, age group, ``--by`` columns).
    max_filters : int, optional
        Largest number of simultaneous filters: at most 1 with a unit tree
        (unit × one filter) and 2 without (a two-way table); that is also
        the default. Three crossed dimensions are refused.

    Returns
    -------
    cells, edges : polars.DataFrame
        ``cells`` has ``group_key``, ``n``, ``unit``, one column per dimension
        (null where not filtered), ``virtual`` and ``suppressed``. Virtual
        cells are groups that exist only so that the check sees every
        equation -- the respondents placed directly on a unit that has
        sub-units (unit ``X#own``) and respondents with a missing filter value
        (``#missing``) -- and are never published (``suppressed`` is preset
        True). ``edges`` as for :func:`suppress_table`.
    """
    units: dict[str, str | None] = {}
    if unit is not None:
        units = dict(parents or {})
        for value in frame[unit].cast(pl.String).unique().drop_nulls().to_list():
            units.setdefault(value, None)
    members = _subtree_members(units) if units else {}
    # Respondents placed on a unit that has sub-units form a hidden group of
    # their own ("unit=X#own"). It is never published, but it must take part
    # in the equations: otherwise (X − sub-unit) − (X women − sub-unit women)
    # would single out the men placed on X itself.
    virtual: set[str] = set()
    for parent_unit, subtree in list(members.items()):
        if len(subtree) > 1:
            own = f"{parent_unit}{OWN_SUFFIX}"
            members[own] = [parent_unit]
            units[own] = parent_unit
            virtual.add(own)
    # Two crossed dimensions (unit × gender, or gender × age) are what the
    # suppression is proven on; with three, the interior of the cube can be
    # solved from its two-way margins in ways one equation at a time misses.
    crossable = 1 if unit is not None else 2
    if max_filters is None:
        max_filters = crossable
    if max_filters > crossable:
        raise AnonymityError(
            f"høyst {crossable} filter samtidig når tabellen også har "
            f"{'enhet' if unit is not None else 'ingen enhet'}; tre dimensjoner i kryss "
            "kan ikke beskyttes med celleundertrykking alene."
        )
    depth = min(max_filters, len(dimensions))
    filter_sets = [
        combo for size in range(depth + 1) for combo in combinations(list(dimensions), size)
    ]
    group_columns = ([unit] if unit is not None else []) + list(dimensions)
    base = (
        frame.select([pl.col(c).cast(pl.String) for c in group_columns])
        .with_columns([pl.col(d).fill_null(MISSING_VALUE) for d in dimensions])
        .group_by(group_columns)
        .len("n")
        if group_columns
        else pl.DataFrame({"n": [frame.height]})
    )
    rows: list[dict[str, Any]] = []
    edge_rows: list[tuple[str, str, str]] = []
    scopes: list[str | None] = [None, *sorted(members)]
    for scope in scopes:
        scoped = base if scope is None else base.filter(pl.col(unit).is_in(members[scope]))  # type: ignore[arg-type]
        for combo in filter_sets:
            if combo:
                counts = scoped.group_by(list(combo)).agg(pl.col("n").sum()).sort(list(combo))
                groups = counts.to_dicts()
            else:
                groups = [{"n": int(scoped["n"].sum())}]
            for group in groups:
                filters = {name: group[name] for name in combo}
                key = _key(scope, filters)
                hidden = scope in virtual or MISSING_VALUE in filters.values()
                row: dict[str, Any] = {
                    "group_key": key,
                    "n": int(group["n"]),
                    "unit": scope,
                    "virtual": hidden,
                    "suppressed": hidden,
                }
                row.update({name: filters.get(name) for name in dimensions})
                rows.append(row)
                up = units.get(scope) if scope is not None else None
                if scope is not None:
                    edge_rows.append((key, _key(up, filters), "unit"))
                for name in combo:
                    fewer = {d: v for d, v in filters.items() if d != name}
                    edge_rows.append((key, _key(scope, fewer), name))
    schema: dict[str, Any] = {
        "group_key": pl.String,
        "n": pl.Int64,
        "unit": pl.String,
        "virtual": pl.Boolean,
        "suppressed": pl.Boolean,
    }
    schema.update({name: pl.String for name in dimensions})
    cells = pl.DataFrame(rows, schema=schema)
    keys = set(cells["group_key"].to_list())
    edges = pl.DataFrame(
        [e for e in edge_rows if e[1] in keys],
        schema={"child_key": pl.String, "parent_key": pl.String, "dimension": pl.String},
        orient="row",
    )
    return cells, edges


def regrouping_edges(
    groups_a: Mapping[str, Iterable[str]], groups_b: Mapping[str, Iterable[str]]
) -> pl.DataFrame:
    """Edges between two groupings of the same round's answers.

    Parameters
    ----------
    groups_a, groups_b : mapping
        ``{group_key: base units it covers}`` for each grouping (for example
        the unit tree of the round's population snapshot and today's tree).

    Returns
    -------
    polars.DataFrame
        One edge per strict containment between a group of one grouping and
        a group of the other, each in its own dimension ``regroup:<parent>``
        so that every "parent minus contained group" is checked on its own.
    """
    sets_a = {key: frozenset(units) for key, units in groups_a.items()}
    sets_b = {key: frozenset(units) for key, units in groups_b.items()}
    rows = []
    for first, second in ((sets_a, sets_b), (sets_b, sets_a)):
        for parent, parent_units in first.items():
            for child, child_units in second.items():
                if child != parent and child_units < parent_units:
                    rows.append((child, parent, f"regroup:{parent}>{child}"))
    return pl.DataFrame(
        rows,
        schema={"child_key": pl.String, "parent_key": pl.String, "dimension": pl.String},
        orient="row",
    )
