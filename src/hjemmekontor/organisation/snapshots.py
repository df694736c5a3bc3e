"""Stored snapshots of unit figures: the one way aggregates of people are published.

An aggregate (checklists, agreements, working time) supplies each person's
current ``Contribution`` and a function from contributions to unit figures.
:func:`do_refresh_snapshot` takes in only the changes that
``hjemmekontor.analysis.releases`` lets through (every unit's figure moves by
no one or by at least k people), recomputes the figures of the whole tree from
the published contributions and suppresses them with
``hjemmekontor.analysis.anonymity`` over the unit-tree edges. Pages read
:func:`published`; a read may refresh first, and a refresh with fewer than k
changes anywhere changes nothing, so reading twice never shows one person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from hjemmekontor.analysis.anonymity import cells_from_respondents, suppress_table
from hjemmekontor.analysis.releases import release
from hjemmekontor.organisation.models import AggregateSnapshot, UnitTree


@dataclass(frozen=True)
class Contribution:
    """What one person adds to an aggregate: their unit, a change token, their values."""

    unit: int
    token: str
    values: Any


Basis = dict[str, list[Any]]  # person pk -> [unit pk, token, values]
Figures = Callable[[Basis, UnitTree, int], dict[str, dict[str, Any]]]


def parents_of(tree: UnitTree) -> dict[str, str | None]:
    return {
        str(pk): (str(unit.parent_id) if unit.parent_id in tree.units else None)
        for pk, unit in tree.units.items()
    }


def members(basis: Basis, tree: UnitTree) -> dict[str, list[list[Any]]]:
    """Unit pk -> the basis entries of the people in its subtree."""
    found: dict[str, list[list[Any]]] = {str(pk): [] for pk in tree.units}
    parents = parents_of(tree)
    for entry in basis.values():
        node: str | None = str(entry[0])
        seen: set[str] = set()
        while node is not None and node in found and node not in seen:
            seen.add(node)
            found[node].append(entry)
            node = parents.get(node)
    return found


def tree_suppression(basis: Basis, tree: UnitTree, k: int) -> dict[str, tuple[int, str | None]]:
    """Unit pk -> (people, reason or None), decided over the whole tree at once.

    Primary and complementary suppression with the unit-tree edges, so that no
    parent minus its shown sub-units leaves 1 to k − 1 people.
    """
    units = [str(entry[0]) for entry in basis.values() if int(entry[0]) in tree.units]
    frame = pl.DataFrame({"unit": units}, schema={"unit": pl.String})
    cells, edges = cells_from_respondents(frame, unit="unit", parents=parents_of(tree))
    decided = suppress_table(cells, k=k, edges=edges)
    found = {
        row["unit"]: (int(row["n"]), row["reason"] if row["suppressed"] else None)
        for row in decided.filter(pl.col("unit").is_not_null() & ~pl.col("virtual")).iter_rows(
            named=True
        )
    }
    return {str(pk): found.get(str(pk), (0, "small_n")) for pk in tree.units}


def _state(basis: Basis) -> dict[str, tuple[str, str]]:
    return {person: (str(entry[0]), str(entry[1])) for person, entry in basis.items()}


@transaction.atomic(durable=True)
def do_refresh_snapshot(
    aggregate: str,
    live: Mapping[int, Contribution],
    figures: Figures,
    k: int,
    *,
    extra: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> AggregateSnapshot:
    """Publish the changes that may be published; hold the rest.

    ``extra`` (e.g. the period the figures cover) is stored only when the
    figures move, so it always describes what is shown.
    """
    snapshot, _created = AggregateSnapshot.objects.select_for_update().get_or_create(
        aggregate=aggregate
    )
    tree = UnitTree()
    previous: Basis = snapshot.basis
    current: Basis = {str(person): [c.unit, c.token, c.values] for person, c in live.items()}
    released = release(_state(previous), _state(current), parents_of(tree), k)
    if not released and snapshot.number:
        return snapshot
    basis = dict(previous)
    for person in released:
        if person in current:
            basis[person] = current[person]
        else:
            basis.pop(person, None)
    snapshot.basis = basis
    snapshot.figures = figures(basis, tree, k)
    snapshot.number += 1
    snapshot.taken_on = today or timezone.localdate()
    snapshot.extra = extra or {}
    snapshot.save()
    return snapshot
