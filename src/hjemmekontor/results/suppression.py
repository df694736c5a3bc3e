"""Complementary suppression across the unit tree for the stored results.

The analysis library publishes each table safely on its own; the results pages
put a unit's figures beside its parent's, its siblings' and its own filter and
home-office groups. These functions decide, across all of them at once, which
parts must be hidden so that no subtraction reveals a group below k
(docs/analysis.md, "Anonymity"), with ``api.check_published`` as the last word.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from hjemmekontor.analysis import api
from hjemmekontor.analysis.publication import HIDDEN_FIELDS, table_name
from hjemmekontor.results import helper
from hjemmekontor.results.frames import UNKNOWN
from hjemmekontor.results.models import ORGANISATION


def _parent(tree: dict[str, dict[str, Any]], code: str) -> str:
    if code == ORGANISATION:
        return ""
    return tree[code]["parent"] or ORGANISATION


def tree_suppression(
    counts: dict[str, int], tree: dict[str, dict[str, Any]], k: int
) -> dict[str, str | None]:
    """Which units' counts may be shown: ``{code: reason or None}`` (code "" = all)."""
    cells = pl.DataFrame(
        {
            "group_key": ["@org", *[f"u:{c}" for c in tree]],
            "n": [counts.get(ORGANISATION, 0), *[counts.get(c, 0) for c in tree]],
            "parent_key": [
                None,
                *[
                    "@org" if _parent(tree, c) == ORGANISATION else f"u:{_parent(tree, c)}"
                    for c in tree
                ],
            ],
            "dimension": [None, *["unit"] * len(tree)],
        },
        schema={"group_key": pl.Utf8, "n": pl.Int64, "parent_key": pl.Utf8, "dimension": pl.Utf8},
    )
    decided = api.suppress_table(cells, k=k)
    reasons: dict[str, str | None] = {}
    for key, suppressed, reason, n in decided.select(
        "group_key", "suppressed", "reason", "n"
    ).iter_rows():
        code = ORGANISATION if key == "@org" else key[2:]
        reasons[code] = (reason or "small_n") if suppressed else None
        if n == 0:
            reasons[code] = "no_respondents"
    return reasons


class _CrossTable:
    """One table's cells across the tree, as the lists the anonymity rules take."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.counts: list[int] = []
        self.forced: list[bool] = []
        self.fixed: list[bool] = []
        self.edges: list[tuple[str, str, str]] = []
        self.present: set[str] = set()

    def add(self, key: str, n: int, suppressed: bool, fixed: bool) -> None:
        self.present.add(key)
        self.keys.append(key)
        self.counts.append(n)
        self.forced.append(suppressed)
        self.fixed.append(fixed)


# A part row of a unit: (table, dimension, "dimension=value", n, suppressed).
Part = tuple[str, str, str, int, bool]
# A cell across the tree: (table, "code|dimension=value" or "code|all").
Cell = tuple[str, str]


def _cross_unit_suppression(
    main_rows: dict[str, dict[str, dict[str, Any]]],
    parts: dict[str, list[Part]],
    tree: dict[str, dict[str, Any]],
    k: int,
) -> set[Cell]:
    """Parts of units (filter groups, home-office groups) to hide across the tree.

    ``main_rows[code][table]`` is the unit's own row for a table (its n and
    whether it is shown); ``parts[code]`` the unit's part rows (see ``Part``).
    A part has two parents: the unit itself (along its dimension) and the same
    part of the parent unit (along the unit tree), so "parent's women minus
    this unit's women" and "this unit minus its women" are both covered.
    Returns the (table, "code|dimension=value") of every part that must be hidden
    (and "code|all" for a consequence block's total).
    """
    tables: dict[str, _CrossTable] = {}
    for code, rows in parts.items():
        for table, _dimension, part, n, suppressed in rows:
            cells = tables.get(table)
            if cells is None:
                cells = tables[table] = _CrossTable()
            cells.add(f"{code}|{part}", n, suppressed, False)
    # The units themselves, as published on their own (known counts).
    for code in [ORGANISATION, *tree]:
        own_rows = main_rows.get(code, {})
        wholes: dict[str, int] | None = None
        for table, cells in tables.items():
            own = own_rows.get(table)
            if own is None:
                if wholes is None:
                    wholes = _wholes_of_parts(parts.get(code, []))
                total = wholes.get(table, 0)
                if not total:
                    continue
                own = {"n": total, "suppressed": False}
            # A unit's estimate is on its page as the unit-tree analysis
            # decided, so the parts around it are hidden, never the unit.
            # A consequence block's own total is this table's figure and
            # may be hidden like its groups.
            fixed = not table.startswith("ho_group:")
            cells.add(f"{code}|all", int(own["n"]), bool(own["suppressed"]), fixed)
    for code in tree:
        whole, above = f"{code}|all", f"{_parent(tree, code)}|all"
        for cells in tables.values():
            if whole in cells.present and above in cells.present:
                cells.edges.append((whole, above, "unit"))
    for code, rows in parts.items():
        whole = f"{code}|all"
        upper = None if code == ORGANISATION else _parent(tree, code) + "|"
        for table, dimension, part, _n, _suppressed in rows:
            key, cells = f"{code}|{part}", tables[table]
            if whole in cells.present:
                cells.edges.append((key, whole, dimension))
            if upper is not None and (above := upper + part) in cells.present:
                cells.edges.append((key, above, "unit"))
    hidden: set[Cell] = set()
    # Variables answered by the same people in every unit make the same table:
    # decided once (most of a round's variables, so most of the cost).
    signatures: dict[str, tuple[tuple[Any, ...], ...]] = {}
    distinct: dict[tuple[tuple[Any, ...], ...], _CrossTable] = {}
    for table, cells in tables.items():
        signature: tuple[tuple[Any, ...], ...] = (
            tuple(cells.counts),
            tuple(cells.forced),
            tuple(cells.fixed),
            tuple(cells.keys),
            tuple(cells.edges),
        )
        signatures[table] = signature
        distinct.setdefault(signature, cells)
    # Every other table is decided in the helper process while this one
    # decides the rest (the same function of the same lists either way).
    pending = {
        signature: (helper.offload if position % 2 else helper.here)(
            api.decide_checked_table,
            cells.keys,
            cells.counts,
            cells.edges,
            k,
            forced=cells.forced,
            fixed=cells.fixed,
        )
        for position, (signature, cells) in enumerate(distinct.items())
    }
    # This process's share first, so that it works while the helper does its share.
    for deferred in pending.values():
        if deferred.future is None:
            deferred.result()
    decided = {signature: deferred.result() for signature, deferred in pending.items()}
    for table, cells in tables.items():
        hide_cells, _reasons, violations = decided[signatures[table]]
        # A table whose breaches only a unit's own cell could mend keeps them
        # after the suppression; the check finds it, and all its parts are hidden.
        unsafe = bool(violations)
        for key, hide, decided_elsewhere in zip(cells.keys, hide_cells, cells.fixed, strict=True):
            if not decided_elsewhere and (hide or unsafe):
                hidden.add((table, key))
    return hidden


def _wholes_of_parts(rows: list[Part]) -> dict[str, int]:
    """A unit's whole per table when it has no row of its own: what each
    dimension's parts add up to (summed over the dimensions, divided by their number)."""
    sums: dict[str, int] = {}
    dimensions: dict[str, set[str]] = {}
    for table, dimension, _part, n, _suppressed in rows:
        sums[table] = sums.get(table, 0) + n
        dimensions.setdefault(table, set()).add(dimension)
    return {table: total // len(dimensions[table]) for table, total in sums.items()}


def _hide(row: dict[str, Any], reason: str = "complement") -> None:
    if not row.get("suppressed"):
        row["suppressed"], row["reason"] = True, reason
        for name in HIDDEN_FIELDS:
            row[name] = None


def table_of(row: dict[str, Any]) -> str:
    return table_name(row.get("statistic"), row["variable"], row.get("category"))


# The table of the filter groups' answered counts (the response rate by filter).
RESPONDENTS = "@respondents"


def apply_cross_unit(
    slices: dict[str, dict[str, Any]],
    tree: dict[str, dict[str, Any]],
    k: int,
    answered: dict[str, dict[str, int]] | None = None,
) -> None:
    """Suppress filter groups and home-office groups that sibling units or the
    parent would reveal (see :func:`_cross_unit_suppression`).

    ``answered``: every unit's answered count (``""``) and each filter group's
    (``"gender=female"``), hidden ones included, for the response rate by
    filter (``slices[code]["response_rate"]["groups"]``); decided as one more
    table of the same kind, so no group's count can be subtracted from
    another's either.
    """
    main_rows: dict[str, dict[str, dict[str, Any]]] = {}
    parts: dict[str, list[Part]] = {}
    filter_cells: list[tuple[dict[str, Any], Cell]] = []
    rate_cells: list[tuple[dict[str, Any], Cell, int]] = []
    for code, data in slices.items():
        main_rows[code] = {table_of(r): r for r in data["estimates"]}
        found: list[Part] = []
        if answered is not None and code in answered:
            rate = data.get("response_rate") or {}
            main_rows[code][RESPONDENTS] = {
                "n": answered[code][""],
                "suppressed": bool(rate.get("suppressed")),
            }
            for key, group in (rate.get("groups") or {}).items():
                dimension, value = key.split("=", 1)
                # A blank snapshot is never offered as a filter: hidden, but
                # part of the sums.
                never_shown = value == UNKNOWN
                n = answered[code][key]
                found.append((RESPONDENTS, dimension, key, n, never_shown))
                rate_cells.append((group, (RESPONDENTS, f"{code}|{key}"), n))
        for row in data.get("filters") or []:
            dimension = str(row["breakdown"])
            part = f"{dimension}={row['by'][dimension]}"
            table = table_of(row)
            found.append((table, dimension, part, int(row["n"]), bool(row["suppressed"])))
            filter_cells.append((row, (table, f"{code}|{part}")))
        for row in (data.get("consequences") or {}).get("groups") or []:
            if "ho_group" not in (row.get("by") or {}):
                # The block's own total is the unit's whole for the groups' tables.
                # It is the same figure as the unit's estimate in the unit tree, so
                # it follows that estimate's decision: where the tree hid the unit
                # (e.g. so that "parent minus this unit" cannot single out a few
                # people), the block's total is hidden too.
                tree_row = main_rows[code].get(table_of(row))
                if tree_row is not None and tree_row.get("suppressed"):
                    _hide(row)
                main_rows[code]["ho_group:" + table_of(row)] = row
                continue
            part = f"ho_group={row['by']['ho_group']}"
            table = "ho_group:" + table_of(row)
            found.append((table, "ho_group", part, int(row["n"]), bool(row["suppressed"])))
        parts[code] = found
    hidden = _cross_unit_suppression(main_rows, parts, tree, k)
    for row, cell in filter_cells:
        if cell in hidden:
            _hide(row)
    for group, cell, n in rate_cells:
        if cell in hidden or cell[1].endswith("=" + UNKNOWN):
            reason = "no_respondents" if n == 0 else "small_n" if n < k else "complement"
            group.update(answered=None, rate=None, suppressed=True, reason=reason)
    for code, data in slices.items():
        block = data.get("consequences")
        if not block:
            continue
        newly: set[tuple[str, str]] = set()
        totals_hidden = {
            table_of(row)
            for row in block.get("groups") or []
            if "ho_group" not in (row.get("by") or {})
            and ("ho_group:" + table_of(row), f"{code}|all") in hidden
        }
        for row in block.get("groups") or []:
            table = table_of(row)
            if "ho_group" not in (row.get("by") or {}):
                if table in totals_hidden:
                    _hide(row)
                continue
            group = str(row["by"]["ho_group"])
            if (
                table in totals_hidden
                or ("ho_group:" + table, f"{code}|ho_group={group}") in hidden
            ):
                if not row.get("suppressed"):
                    newly.add((str(row["variable"]), group))
                _hide(row)
        for effect in block.get("effects") or []:
            if (str(effect["variable"]), str(effect["term"])) in newly or (
                effect["term"] != "trend" and (str(effect["variable"]), "monthly_or_less") in newly
            ):
                _hide_effect(effect)
        touched = {variable for variable, _ in newly}
        # A sentence quotes group estimates; none may come from a hidden group.
        data["findings"] = [
            f
            for f in data.get("findings") or []
            if not (f["kind"] == "dose_response" and f["variable"] in touched)
            and not (
                f["kind"] == "national"
                and main_rows[code].get(f"{f['variable']}|", {}).get("suppressed")
            )
        ]


def _hide_effect(effect: dict[str, Any]) -> None:
    if not effect.get("suppressed"):
        effect["suppressed"], effect["reason"] = True, "complement"
        for name in ("effect", "ci_low", "ci_high", "p_value"):
            effect[name] = None
