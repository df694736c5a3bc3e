"""Apply the anonymity rules to estimate rows before anyone sees them.

Every table the estimators return passes through :func:`publish`: it builds
the cells (one per row) and the edges between them (a breakdown group is part
of the total, a crossed group part of each of its one-variable groups, a
sub-unit part of its unit) and lets
:func:`hjemmekontor.analysis.anonymity.suppress_table` decide which cells are
shown (primary suppression below k and complementary suppression,
docs/analysis.md "Anonymity"). Suppressed rows keep their ``n`` but lose their
estimate, SE and CI.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import polars as pl

from hjemmekontor.analysis.anonymity import decide_table, suppress_table, validate_k

__all__ = ["HIDDEN_FIELDS", "decide_cells", "publish", "publish_cells", "table_name"]

# What a suppressed row loses; its n and reason stay.
HIDDEN_FIELDS = ("estimate", "se", "ci_low", "ci_high")


def table_name(statistic: object, variable: object, category: object) -> str:
    """The table a row belongs to: one per variable and category.

    A total gets a table apart from the mean of the same variable (both may be
    asked for at once); its cells have the same respondents, so the rules
    decide both tables alike.
    """
    name = f"{variable}|{category or ''}"
    return f"{name}|total" if statistic == "total" else name


def _key(breakdown: str, by: Mapping[str, object], *, tree: bool = False) -> str:
    # Groups of ordinary breakdowns are named by their values alone, so that a
    # crossed group finds its coarser groups whatever order the user gave the
    # columns in; unit-tree groups (subtrees) keep their own name space.
    if not by:
        return "all"
    values = "|".join(f"{name}={by[name]}" for name in sorted(by))
    return f"{breakdown}:{values}" if tree else f"by:{values}"


def _cells_and_edges(
    rows: list[dict[str, object]], parents: Mapping[str, Mapping[str, str | None]]
) -> tuple[list[dict[str, object]], list[tuple[str, str, str, str]]]:
    """One cell per row and the edges between them (parts of a whole)."""
    cells: list[dict[str, object]] = []
    edges: list[tuple[str, str, str, str]] = []
    crossed: list[tuple[dict[str, object], dict[str, object]]] = []
    roots: list[tuple[str, str, str]] = []
    for index, row in enumerate(rows):
        by = row["by"]
        assert isinstance(by, dict)
        breakdown = str(row["breakdown"])
        table = table_name(row["statistic"], row["variable"], row["category"])
        tree = parents.get(breakdown)
        key = _key(breakdown, by, tree=tree is not None)
        cell: dict[str, object] = {"row": index, "table": table, "group_key": key, "n": row["n"]}
        cells.append(cell)
        if tree is not None:
            parent = tree.get(str(next(iter(by.values()))))
            if parent is not None:
                edges.append(
                    (key, _key(breakdown, {breakdown: parent}, tree=True), breakdown, table)
                )
            else:
                # A top unit is part of the total: without this edge "total minus
                # the other top units" would reveal a hidden top unit.
                roots.append((key, breakdown, table))
        elif len(by) > 1:
            crossed.append((cell, by))
        elif by:
            edges.append((key, "all", breakdown, table))
    keys = {(c["table"], c["group_key"]) for c in cells}
    for key, breakdown, table in roots:
        if (table, "all") in keys:
            edges.append((key, "all", breakdown, table))
    # A crossed group is part of each coarser group shown beside it; only when
    # there is none is it linked to the total directly.
    for cell, by in crossed:
        table, key = str(cell["table"]), str(cell["group_key"])
        linked = False
        for name in by:
            coarser = _key("", {n: v for n, v in by.items() if n != name})
            if (table, coarser) in keys:
                edges.append((key, coarser, name, table))
                linked = True
        if not linked:
            edges.append((key, "all", "×".join(sorted(by)), table))
    return cells, edges


def _apply(
    rows: list[dict[str, object]], suppressed: list[bool], reasons: list[str | None]
) -> None:
    for row, hidden, reason in zip(rows, suppressed, reasons, strict=True):
        row["suppressed"] = bool(hidden)
        row["reason"] = reason
        if row["n"] == 0:
            # Nothing to show; not a disclosure risk, so after the rules.
            row["suppressed"], row["reason"] = True, "no_respondents"
        if row["suppressed"]:
            for name in HIDDEN_FIELDS:
                row[name] = None


def publish(
    rows: list[dict[str, object]],
    *,
    k: int,
    parents: Mapping[str, Mapping[str, str | None]] | None = None,
) -> list[dict[str, object]]:
    """Suppress rows that would reveal a group below ``k``.

    Parameters
    ----------
    rows : list of dict
        Estimate rows with ``variable``, ``category``, ``breakdown``, ``by``
        and ``n``. Rows of one variable (and category) form one table.
    k : int
        Anonymity threshold (at least 3).
    parents : mapping, optional
        For unit rows: ``{breakdown: {unit: parent unit}}``.

    Returns
    -------
    list of dict
        The rows with ``suppressed`` and ``reason`` set and the numbers of
        suppressed rows removed.
    """
    validate_k(k)
    if not rows:
        return rows
    cells, edges = _cells_and_edges(rows, parents or {})
    cell_frame = pl.DataFrame(
        cells, schema={"row": pl.Int64, "table": pl.Utf8, "group_key": pl.Utf8, "n": pl.Int64}
    )
    edge_frame = pl.DataFrame(
        edges,
        schema={
            "child_key": pl.Utf8,
            "parent_key": pl.Utf8,
            "dimension": pl.Utf8,
            "table": pl.Utf8,
        },
        orient="row",
    )
    decided = suppress_table(cell_frame, k=k, edges=edge_frame).sort("row")
    _apply(rows, decided["suppressed"].to_list(), decided["reason"].to_list())
    return rows


@lru_cache(maxsize=8192)
def _decide(
    keys: tuple[str, ...], counts: tuple[int, ...], edges: tuple[tuple[str, str, str], ...], k: int
) -> tuple[tuple[bool, ...], tuple[str | None, ...]]:
    # The decision depends on the keys, counts and edges alone; the tables of
    # one unit (one per variable) and of units of the same shape repeat them.
    hidden, why = decide_table(list(keys), list(counts), edges, k)
    return tuple(hidden), tuple(why)


def decide_cells(
    keys: tuple[str, ...], counts: tuple[int, ...], edges: tuple[tuple[str, str, str], ...], k: int
) -> tuple[tuple[bool, ...], tuple[str | None, ...]]:
    """One table's decision from its cells' keys and counts and its edges.

    ``(hidden, reasons)`` per cell, as :func:`publish_cells` decides each
    table; tables with the same keys, counts and edges share one decision.
    """
    return _decide(keys, counts, edges, validate_k(k))


def publish_cells(
    rows: list[dict[str, object]],
    tables: list[str],
    keys: list[str],
    counts: list[int],
    links: Mapping[str, list[tuple[str, str, str]]],
    *,
    k: int,
) -> list[dict[str, object]]:
    """Publish rows whose cells are given: each row's table, group key and n.

    ``links`` holds each table's edges ``(child key, parent key, dimension)``
    in the order :func:`publish` would make them. Tables with the same keys,
    counts and edges share one decision.
    """
    validate_k(k)
    members: dict[str, list[int]] = {}
    for index, table in enumerate(tables):
        members.setdefault(table, []).append(index)
    suppressed = [False] * len(rows)
    reasons: list[str | None] = [None] * len(rows)
    for table, indices in members.items():
        hidden, why = _decide(
            tuple(keys[i] for i in indices),
            tuple(counts[i] for i in indices),
            tuple(links.get(table, ())),
            k,
        )
        for i, h, r in zip(indices, hidden, why, strict=True):
            suppressed[i], reasons[i] = h, r
    _apply(rows, suppressed, reasons)
    return rows
