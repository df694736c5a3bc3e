"""A unit's published estimate rows, built from the arrays of all units.

:mod:`hjemmekontor.analysis.unitpass` estimates every unit's total and groups
at once (:class:`Breakdown`: units x groups x estimates); this module turns one
unit's slice of them into the rows ``estimate_table`` would make for the
unit alone, published by the rules of
:func:`~hjemmekontor.analysis.publication.publish` (each table decided by
:func:`~hjemmekontor.analysis.publication.decide_cells`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hjemmekontor.analysis.intervals import estimate_interval
from hjemmekontor.analysis.outcomes import Estimate
from hjemmekontor.analysis.publication import decide_cells, publish_cells, table_name

__all__ = ["Breakdown", "published_rows"]


@dataclass(frozen=True)
class Breakdown:
    """One breakdown of every selected unit: (units, groups, estimates) arrays."""

    name: str  # "" for the total
    labels: list[str]
    est: np.ndarray
    se: np.ndarray
    n_obs: np.ndarray
    present: np.ndarray


def published_rows(
    estimates: list[Estimate], breakdowns: list[Breakdown], position: int, k: int
) -> list[dict[str, object]]:
    """A unit's estimate rows, published: ``publish`` of the rows ``estimate_table`` makes.

    The rows, their order, the cells (one per row: the total is ``all``, a
    group ``by:column=label``), the edges (each group is part of the total)
    and the tables (one per variable and category) are those of
    :func:`~hjemmekontor.analysis.publication.publish` without unit trees; they are read
    from the arrays directly instead of from row dictionaries, which was most
    of a unit's cost with hundreds of units. Every table of a unit has the
    same cells and edges (only the counts differ), so they are made once and
    each row is built once, as published.
    """
    statics: list[tuple[str, str, str | None, str]] = []
    for estimate in estimates:
        # Indicators are shares of a 0/1 column: "1" says nothing.
        category = None if estimate.categories == ("1",) else ",".join(estimate.categories) or None
        statics.append(
            (
                estimate.statistic,
                estimate.label,
                category,
                table_name(estimate.statistic, estimate.label, category),
            )
        )
    if len({table for *_, table in statics}) < len(statics):
        # Two estimates in one table (the same estimate asked for twice): the
        # general path decides the shared table as one.
        return _published_rows_shared(statics, breakdowns, position, k)
    keys: list[str] = []
    edges: list[tuple[str, str, str]] = []
    parts = []
    for part in breakdowns:
        shown, group_keys, bys = _groups_of(part, position)
        if part.name:
            edges += [(key, "all", part.name) for key in group_keys]
        keys += group_keys
        parts.append(
            (
                part.name,
                bys,
                part.est[position][shown].T.tolist(),
                part.se[position][shown].T.tolist(),
                part.n_obs[position][shown].T.tolist(),
            )
        )
    key_tuple, edge_tuple = tuple(keys), tuple(edges)
    decisions = [
        decide_cells(key_tuple, tuple(n for part in parts for n in part[4][j]), edge_tuple, k)
        for j in range(len(statics))
    ]
    rows: list[dict[str, object]] = []
    offset = 0
    for name, bys, est, se, n_obs in parts:
        for j, (statistic, variable, category, _) in enumerate(statics):
            hidden_j, reasons_j = decisions[j]
            for d, (value, error, n, by) in enumerate(
                zip(est[j], se[j], n_obs[j], bys, strict=True)
            ):
                hidden, reason = hidden_j[offset + d], reasons_j[offset + d]
                if n == 0:
                    # Nothing to show; not a disclosure risk, so after the rules.
                    hidden, reason = True, "no_respondents"
                rows.append(
                    _row(statistic, variable, category, name, by, value, error, n, hidden, reason)
                )
        offset += len(bys)
    return rows


def _groups_of(
    part: Breakdown, position: int
) -> tuple[np.ndarray, list[str], list[dict[str, str]]]:
    """A unit's groups of one breakdown: their indexes, cell keys and ``by``.

    The total is the one cell ``all``; a breakdown shows the groups that have
    rows in the unit's subtree, keyed ``by:column=label`` as ``publish`` keys them.
    """
    if not part.name:
        return np.array([0]), ["all"], [{}]
    shown = np.flatnonzero(part.present[position] > 0)
    labels = [part.labels[g] for g in shown]
    return (
        shown,
        [f"by:{part.name}={label}" for label in labels],
        [{part.name: label} for label in labels],
    )


def _row(
    statistic: str,
    variable: str,
    category: str | None,
    breakdown: str,
    by: dict[str, str],
    value: float,
    error: float,
    n: int,
    hidden: bool,
    reason: str | None,
) -> dict[str, object]:
    """One estimate row, JSON-clean as built (no NaN or infinity: an interval
    without a finite SE is no interval), so the rows are stored as they are."""
    finite = not hidden and math.isfinite(value)
    bounded = finite and math.isfinite(error)
    # A unit's rows are unclustered: a share's degrees of freedom are n - 1.
    low, high = estimate_interval(statistic, value, error, n) if bounded else (None, None)
    return {
        "statistic": statistic,
        "variable": variable,
        "category": category,
        "breakdown": breakdown,
        "by": by,
        "estimate": value if finite else None,
        "se": error if bounded else None,
        "ci_low": low,
        "ci_high": high,
        "n": n,
        "suppressed": hidden,
        "reason": reason,
    }


def _published_rows_shared(
    statics: list[tuple[str, str, str | None, str]],
    breakdowns: list[Breakdown],
    position: int,
    k: int,
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    tables: list[str] = []
    keys: list[str] = []
    counts: list[int] = []
    links: dict[str, list[tuple[str, str, str]]] = {}
    for part in breakdowns:
        shown, group_keys, bys = _groups_of(part, position)
        est = part.est[position][shown].T.tolist()
        se = part.se[position][shown].T.tolist()
        n_obs = part.n_obs[position][shown].T.tolist()
        for j, (statistic, variable, category, table) in enumerate(statics):
            for value, error, n, by, key in zip(
                est[j], se[j], n_obs[j], bys, group_keys, strict=True
            ):
                rows.append(
                    _row(statistic, variable, category, part.name, by, value, error, n, False, None)
                )
                tables.append(table)
                keys.append(key)
                counts.append(n)
                if part.name:
                    links.setdefault(table, []).append((key, "all", part.name))
    return publish_cells(rows, tables, keys, counts, links, k=k)
