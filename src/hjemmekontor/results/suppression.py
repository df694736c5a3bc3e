"""Complementary suppression across the unit tree for the stored results.

The analysis library publishes each table safely on its own; the results pages
put a unit's figures beside its parent's, its siblings' and its own filter and
home-office groups. These functions decide, across all of them at once, which
parts must be hidden so that no subtraction reveals a group below k
(BRIEF.md "Anonymity rules"), with ``api.check_published`` as the last word.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from hjemmekontor.analysis import api
from hjemmekontor.analysis.publication import HIDDEN_FIELDS
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


def _cross_unit_suppression(
    main_rows: dict[str, dict[str, dict[str, Any]]],
    parts: dict[str, list[dict[str, Any]]],
    tree: dict[str, dict[str, Any]],
    k: int,
) -> set[tuple[str, str, str]]:
    """Parts of units (filter groups, home-office groups) to hide across the tree.

    ``main_rows[code][table]`` is the unit's own row for a table (its n and
    whether it is shown); ``parts[code]`` the unit's part rows (``table``,
    ``dimension``, ``value``, ``n``, ``suppressed``). A part has two parents: the
    unit itself (along its dimension) and the same part of the parent unit
    (along the unit tree), so "parent's women minus this unit's women" and
    "this unit minus its women" are both covered. Returns the (code, table,
    dimension=value) of every part that must be hidden.
    """
    # The cells as columns (table, group_key, n, suppressed, fixed).
    c_table: list[str] = []
    c_key: list[str] = []
    c_n: list[int] = []
    c_suppressed: list[bool] = []
    c_fixed: list[bool] = []
    edges: list[tuple[str, str, str, str]] = []
    present: set[tuple[str, str]] = set()
    for code, rows in parts.items():
        for row in rows:
            key = f"{code}|{row['dimension']}={row['value']}"
            c_table.append(row["table"])
            c_key.append(key)
            c_n.append(row["n"])
            c_suppressed.append(row["suppressed"])
            c_fixed.append(False)
            present.add((row["table"], key))
    tables = set(c_table)
    # The units themselves, as published on their own (known counts).
    for code in [ORGANISATION, *tree]:
        for table in tables:
            own = main_rows.get(code, {}).get(table)
            if own is None:
                total = sum(r["n"] for r in parts.get(code, []) if r["table"] == table) // max(
                    1, len({r["dimension"] for r in parts.get(code, []) if r["table"] == table})
                )
                if not total:
                    continue
                own = {"n": total, "suppressed": False}
            c_table.append(table)
            c_key.append(f"{code}|all")
            c_n.append(int(own["n"]))
            c_suppressed.append(bool(own["suppressed"]))
            # A unit's estimate is on its page as the unit-tree analysis
            # decided, so the parts around it are hidden, never the unit.
            # A consequence block's own total is this table's figure and
            # may be hidden like its groups.
            c_fixed.append(not table.startswith("ho_group:"))
            present.add((table, f"{code}|all"))
    for code in tree:
        parent = _parent(tree, code)
        for table in tables:
            if (table, f"{code}|all") in present and (table, f"{parent}|all") in present:
                edges.append((f"{code}|all", f"{parent}|all", "unit", table))
    for code, rows in parts.items():
        for row in rows:
            key = f"{code}|{row['dimension']}={row['value']}"
            if (row["table"], f"{code}|all") in present:
                edges.append((key, f"{code}|all", row["dimension"], row["table"]))
            if code != ORGANISATION:
                above = f"{_parent(tree, code)}|{row['dimension']}={row['value']}"
                if (row["table"], above) in present:
                    edges.append((key, above, "unit", row["table"]))
    if not c_key:
        return set()
    cell_frame = pl.DataFrame(
        {
            "table": c_table,
            "group_key": c_key,
            "n": c_n,
            "suppressed": c_suppressed,
            "fixed": c_fixed,
            "row": list(range(len(c_key))),
        },
        schema={
            "table": pl.Utf8,
            "group_key": pl.Utf8,
            "n": pl.Int64,
            "suppressed": pl.Boolean,
            "fixed": pl.Boolean,
            "row": pl.Int64,
        },
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
    decided = api.suppress_table(cell_frame, k=k, edges=edge_frame).sort("row")
    # The units' own cells stay as the organisation-level analysis published them;
    # whatever the decision needs beyond that is taken from the parts.
    final = decided.with_columns(
        pl.when(cell_frame["fixed"])
        .then(cell_frame["suppressed"])
        .otherwise(pl.col("suppressed"))
        .alias("suppressed")
    )
    violations = api.check_published(final.drop("reason", "fixed"), k=k, edges=edge_frame)
    unsafe = {str(v.table) for v in violations}
    hidden: set[tuple[str, str, str]] = set()
    for table, key, suppressed, fixed in final.select(
        "table", "group_key", "suppressed", "fixed"
    ).iter_rows():
        if fixed:
            continue
        if suppressed or table in unsafe:
            code, part = key.split("|", 1)
            hidden.add((code, table, part))
    return hidden


def _hide(row: dict[str, Any], reason: str = "complement") -> None:
    if not row.get("suppressed"):
        row["suppressed"], row["reason"] = True, reason
        for name in HIDDEN_FIELDS:
            row[name] = None


def table_of(row: dict[str, Any]) -> str:
    return f"{row['variable']}|{row.get('category') or ''}"


def apply_cross_unit(
    slices: dict[str, dict[str, Any]], tree: dict[str, dict[str, Any]], k: int
) -> None:
    """Suppress filter groups and home-office groups that sibling units or the
    parent would reveal (see :func:`_cross_unit_suppression`)."""
    main_rows: dict[str, dict[str, dict[str, Any]]] = {}
    parts: dict[str, list[dict[str, Any]]] = {}
    for code, data in slices.items():
        main_rows[code] = {table_of(r): r for r in data["estimates"]}
        found = []
        for row in data.get("filters") or []:
            dimension = str(row["breakdown"])
            found.append(
                {
                    "table": table_of(row),
                    "dimension": dimension,
                    "value": str(row["by"][dimension]),
                    "n": int(row["n"]),
                    "suppressed": bool(row["suppressed"]),
                }
            )
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
            found.append(
                {
                    "table": "ho_group:" + table_of(row),
                    "dimension": "ho_group",
                    "value": str(row["by"]["ho_group"]),
                    "n": int(row["n"]),
                    "suppressed": bool(row["suppressed"]),
                }
            )
        parts[code] = found
    hidden = _cross_unit_suppression(main_rows, parts, tree, k)
    for code, data in slices.items():
        for row in data.get("filters") or []:
            dimension = str(row["breakdown"])
            if (code, table_of(row), f"{dimension}={row['by'][dimension]}") in hidden:
                _hide(row)
        block = data.get("consequences")
        if not block:
            continue
        newly: set[tuple[str, str]] = set()
        totals_hidden = {
            table_of(row)
            for row in block.get("groups") or []
            if "ho_group" not in (row.get("by") or {})
            and (code, "ho_group:" + table_of(row), "all") in hidden
        }
        for row in block.get("groups") or []:
            table = table_of(row)
            if "ho_group" not in (row.get("by") or {}):
                if table in totals_hidden:
                    _hide(row)
                continue
            group = str(row["by"]["ho_group"])
            if table in totals_hidden or (code, "ho_group:" + table, f"ho_group={group}") in hidden:
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
