"""A round's responses as the analysis library's input, and its population margins.

The frame follows the variable contract (``docs/dev/instrument-variables.md``) as
the response export does (``hjemmekontor.surveys.export``): one column per
instrument variable, a multiple-choice item as one 0/1 column per option, and the
background columns ``unit`` (the unit **code**, unique and stable, so that the
stored unit tree, the margins and the rows agree), ``gender``, ``age_group`` and
``is_manager`` (``"true"``/``"false"``). Unlike the export, the background is not
coarsened: the frame never leaves the server, and every figure made from it passes
the analysis library's suppression.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from hjemmekontor.instruments import load_instrument
from hjemmekontor.organisation.models import UnitTree
from hjemmekontor.surveys.models import Invitation, Response, Round

__all__ = ["RakingCells", "raking_margins", "response_frame", "tree_snapshot"]

# Background values the register may leave empty; raking needs a category.
UNKNOWN = "unknown"


def tree_snapshot(survey_round: Round, tree: UnitTree | None = None) -> dict[str, dict[str, Any]]:
    """The units of the round's invitations and all their ancestors and descendants.

    ``{code: {"pk": id, "name": name, "parent": parent code or None, "path": path}}``.
    """
    tree = tree or UnitTree()
    invited = set(
        Invitation.objects.filter(round=survey_round).values_list("unit_id", flat=True).distinct()
    )
    invited |= set(
        Response.objects.filter(round=survey_round).values_list("unit_id", flat=True).distinct()
    )
    keep: set[int] = set()
    for pk in invited:
        node: int | None = pk
        while node is not None and node in tree.units and node not in keep:
            keep.add(node)
            node = tree.units[node].parent_id
    snapshot: dict[str, dict[str, Any]] = {}
    for depth, unit in tree.depth_first():
        if unit.pk not in keep:
            continue
        parent = tree.units.get(unit.parent_id) if unit.parent_id else None
        snapshot[unit.code] = {
            "pk": unit.pk,
            "name": unit.name,
            "parent": parent.code if parent is not None and parent.pk in keep else None,
            "path": tree.path(unit.pk),
            "depth": depth,
        }
    return snapshot


def _value(kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind == "scale":
        return int(value)
    if kind == "number":
        return float(value)
    return str(value)


def response_frame(survey_round: Round, kind: str, tree: UnitTree | None = None) -> pl.DataFrame:
    """One row per response of ``kind`` in the round, columns per the variable contract.

    Returns an empty frame (no rows) when nobody answered.
    """
    tree = tree or UnitTree()
    key = survey_round.instrument_key(kind)
    if not key:
        return pl.DataFrame()
    identifier, _, version = key.partition("@")
    instrument = load_instrument(identifier, int(version))
    columns = [row for row in instrument.codebook() if row.get("type") not in ("score", "text")]
    rows = (
        Response.objects.filter(round=survey_round, kind=kind)
        .order_by("id")
        .values_list("unit_id", "gender", "age_group", "is_manager", "answers")
    )
    records: dict[str, list[Any]] = {
        name: [] for name in ["unit", "gender", "age_group", "is_manager"]
    }
    for column in columns:
        records[column["name"]] = []
    # Read once, not per response: (column, item, option code) of every
    # multiple-choice option, and (column, type) of every other column.
    options = []
    for column in columns:
        if column["type"] == "binary":
            item = column.get("item", column["name"])
            options.append((records[column["name"]], item, column["name"][len(item) + 1 :]))
    others = [(records[c["name"]], c["name"], c["type"]) for c in columns if c["type"] != "binary"]
    for unit_id, gender, age_group, is_manager, answers in rows:
        records["unit"].append(tree.units[unit_id].code)
        records["gender"].append(gender or UNKNOWN)
        records["age_group"].append(age_group or UNKNOWN)
        records["is_manager"].append("true" if is_manager else "false")
        chosen_by_item: dict[str, set[str] | None] = {}
        for values, item, code in options:
            if item not in chosen_by_item:
                chosen = answers.get(item)
                chosen_by_item[item] = None if chosen is None else {str(v) for v in chosen}
            picked = chosen_by_item[item]
            values.append(None if picked is None else int(code in picked))
        for values, name, kind_ in others:
            values.append(_value(kind_, answers.get(name)))
    schema: dict[str, Any] = {}
    for column in columns:
        kind_ = column["type"]
        if kind_ == "scale" or kind_ == "binary":
            schema[column["name"]] = pl.Int64
        elif kind_ == "number":
            schema[column["name"]] = pl.Float64
        else:
            schema[column["name"]] = pl.Utf8
    for name in ["unit", "gender", "age_group", "is_manager"]:
        schema[name] = pl.Utf8
    return pl.DataFrame(records, schema=schema)


def comments_by_unit(survey_round: Round, kind: str = "employee") -> dict[int, list[str]]:
    """Non-empty free-text comments per unit id (never with any other field)."""
    found: dict[int, list[str]] = {}
    rows = Response.objects.filter(round=survey_round, kind=kind).values_list("unit_id", "answers")
    for unit_id, answers in rows:
        text = str(answers.get("comment") or "").strip()
        if text:
            found.setdefault(unit_id, []).append(text)
    return found


@dataclass
class RakingCells:
    """Population margins for raking, and how empty cells were merged.

    Attributes
    ----------
    margins : dict
        ``{variable: {category: count}}`` for ``rake_unit``, ``gender`` and
        ``age_group``.
    unit_cell : dict
        Unit code → the raking cell (a unit code) its respondents belong to.
    merged : dict
        Variable → list of categories that had no respondents and were merged.
    """

    margins: dict[str, dict[str, int]]
    unit_cell: dict[str, str]
    merged: dict[str, list[str]] = field(default_factory=dict)


def raking_margins(
    survey_round: Round, frame: pl.DataFrame, snapshot: dict[str, dict[str, Any]], kind: str
) -> RakingCells:
    """Margins from the round's invitation snapshot (unit, gender, age group).

    Raking needs respondents in every cell with a positive population count
    (``docs/analysis.md``, *Weights*). So: a unit without own respondents hands
    its population to its parent unit, repeatedly, up to the first ancestor with
    own respondents; if no ancestor has any, to the unit with the most
    respondents. A gender or age-group category without respondents is merged
    into the largest category of its variable. Each merge is listed in
    ``merged`` and shown on the page as a method note.
    """
    invited = Invitation.objects.filter(round=survey_round, kind=kind).values_list(
        "unit__code", "gender", "age_group"
    )
    population = list(invited)
    answered_units = Counter(frame["unit"].to_list()) if frame.height else Counter()
    cell: dict[str, str] = {}
    largest = max(answered_units, key=lambda c: (answered_units[c], c)) if answered_units else ""
    for code in snapshot:
        node: str | None = code
        while node is not None and answered_units.get(node, 0) == 0:
            node = snapshot[node]["parent"]
        cell[code] = node if node is not None else largest
    merged: dict[str, list[str]] = {}
    moved = sorted({c for c, target in cell.items() if c != target})
    if moved:
        merged["unit"] = moved
    margins: dict[str, dict[str, int]] = {"rake_unit": {}, "gender": {}, "age_group": {}}
    for unit_code, gender, age_group in population:
        target = cell.get(unit_code, largest)
        margins["rake_unit"][target] = margins["rake_unit"].get(target, 0) + 1
        g, a = gender or UNKNOWN, age_group or UNKNOWN
        margins["gender"][g] = margins["gender"].get(g, 0) + 1
        margins["age_group"][a] = margins["age_group"].get(a, 0) + 1
    for variable in ("gender", "age_group"):
        seen = Counter(frame[variable].to_list()) if frame.height else Counter()
        counts = margins[variable]
        empty = [c for c in counts if seen.get(c, 0) == 0]
        # Respondents in a category the invitations lack cannot happen (the response
        # copies the invitation), but guard so that raking never refuses the round.
        for category in seen:
            counts.setdefault(category, 0)
        if empty and len(empty) < len(counts):
            target = max((c for c in counts if c not in empty), key=lambda c: (counts[c], c))
            for category in empty:
                counts[target] += counts.pop(category)
            merged[variable] = sorted(empty)
    return RakingCells(margins, cell, merged)
