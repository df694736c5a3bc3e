"""Stored snapshots of unit figures: the one way aggregates of people are published.

An aggregate (checklists, agreements, working time) supplies each person's
current ``Contribution`` and a function from contributions to unit figures.
:func:`do_refresh_snapshot` takes in only the changes, and only as much of a
reorganisation of the unit tree, as ``hjemmekontor.analysis.releases`` lets
through (no combination of old and new figures covers 1 to k − 1 people),
recomputes the figures of the whole tree from the published contributions under
the published tree and suppresses them with ``hjemmekontor.analysis.anonymity``
over that tree's edges. Pages read the stored figures; a read may refresh
first, and a refresh with too few changes changes nothing, so reading twice
never shows one person.
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
from hjemmekontor.analysis.releases import refresh
from hjemmekontor.organisation.models import AggregateSnapshot, Unit, UnitTree


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


def tree_of(parents: Mapping[str, str | None], live: UnitTree) -> UnitTree:
    """The tree a snapshot was computed under, with today's names where units still exist.

    A unit that is gone stays (unsaved, in memory) while the snapshot still
    counts people in it; a held move keeps a unit under its old parent.
    """
    units = []
    for pk, parent in parents.items():
        known = live.units.get(int(pk))
        units.append(
            Unit(
                pk=int(pk),
                code=known.code if known else pk,
                name=known.name if known else pk,
                parent_id=int(parent) if parent is not None else None,
            )
        )
    return UnitTree(units)


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
    """Publish the changes (and the reorganisation) that may be published; hold the rest.

    ``extra`` (e.g. the period the figures cover) is stored only when the
    figures move, so it always describes what is shown.
    """
    snapshot, _created = AggregateSnapshot.objects.select_for_update().get_or_create(
        aggregate=aggregate
    )
    live_tree = UnitTree()
    # The first snapshot has nothing to be subtracted from: it starts on today's tree.
    published = snapshot.parents if snapshot.number else parents_of(live_tree)
    previous: Basis = snapshot.basis
    current: Basis = {str(person): [c.unit, c.token, c.values] for person, c in live.items()}
    outcome = refresh(_state(previous), _state(current), published, parents_of(live_tree), k)
    if not outcome.people and snapshot.number and outcome.parents == published:
        return snapshot
    basis = dict(previous)
    for person in outcome.people:
        if person in current:
            basis[person] = current[person]
        else:
            basis.pop(person, None)
    snapshot.basis = basis
    snapshot.parents = outcome.parents
    snapshot.figures = figures(basis, tree_of(outcome.parents, live_tree), k)
    snapshot.number += 1
    snapshot.taken_on = today or timezone.localdate()
    snapshot.extra = extra or {}
    snapshot.save()
    return snapshot
