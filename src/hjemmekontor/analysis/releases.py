"""Releases: which people's changes a refreshed snapshot of unit figures may take in.

Unit figures that are not survey results (checklists, agreements, working time)
are published as snapshots. Between two snapshots some people change their
contribution (save a checklist, join, leave, move unit). Publishing every change
at once would let anyone compare two snapshots and read off one person's change.
So a refresh *releases* only a set of changes such that, for every unit, the
difference between the old and the new snapshot covers no one or at least ``k``
people, and so that no difference of two units' differences (parent minus its
sub-units: the people placed directly on the parent) covers between 1 and k − 1.
The other changes are *held*: the snapshot keeps those people's previous
contribution until enough others have changed too (docs/privacy-aggregates.md).

A person's state is ``(unit, token)``; the token changes whenever what the person
contributes changes. The unit tree is ``{unit: parent or None}``. No Django here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import polars as pl

from hjemmekontor.analysis.anonymity import check_published, validate_k

__all__ = ["ROOT", "State", "changed", "release", "violations"]

# The whole organisation, above every top-level unit: its difference counts too.
ROOT = "@all"

State = Mapping[str, tuple[str, str]]


def changed(previous: State, live: State) -> set[str]:
    """People whose unit or contribution differs, who joined or who left."""
    return {p for p in set(previous) | set(live) if previous.get(p) != live.get(p)}


class _Tree:
    def __init__(self, parents: Mapping[str, str | None]) -> None:
        self.parents = dict(parents)
        self._chains: dict[str, frozenset[str]] = {}

    def chain(self, unit: str) -> frozenset[str]:
        """The unit and every unit above it, and the root."""
        if unit not in self._chains:
            found = [ROOT]
            node: str | None = unit
            while node is not None and node not in found:
                found.append(node)
                node = self.parents.get(node)
            self._chains[unit] = frozenset(found)
        return self._chains[unit]

    def parent(self, unit: str) -> str:
        return self.parents.get(unit) or ROOT


def violations(
    previous: State, live: State, released: set[str], parents: Mapping[str, str | None], k: int
) -> list[tuple[str, str, set[str]]]:
    """Every place where releasing ``released`` would move a figure by 1 to k − 1 people.

    Returns ``(kind, unit, people)``: ``unit`` is a unit whose own figure would
    move by too few (kind ``unit``), or whose directly placed people would be
    singled out by parent minus sub-units (kind ``remainder``), as the anonymity
    library finds it; ``people`` are the released people behind it.
    """
    k = validate_k(k)
    tree = _Tree(parents)
    # Honest count per unit: a person moves a unit's figure when they enter or
    # leave its subtree, or change while in it (a move inside it does not count).
    affects: dict[str, set[str]] = defaultdict(set)
    # Events, placed where they happen: additive over the tree, for the library.
    located: dict[str, set[str]] = defaultdict(set)
    for person in released:
        before, after = previous.get(person), live.get(person)
        old = tree.chain(before[0]) if before else frozenset()
        new = tree.chain(after[0]) if after else frozenset()
        same = before is not None and after is not None and before[1] == after[1]
        for unit in (old ^ new) | (frozenset() if same else old & new):
            affects[unit].add(person)
        places = {before[0]} if before else set()
        places |= {after[0]} if after else set()
        for place in places:
            located[place].add(person)
    found: list[tuple[str, str, set[str]]] = [
        ("unit", unit, people) for unit, people in affects.items() if 0 < len(people) < k
    ]
    units = [*sorted({ROOT, *parents, *located} - {ROOT}), ROOT]
    below: dict[str, set[str]] = defaultdict(set)
    for place, people in located.items():
        for unit in tree.chain(place):
            below[unit] |= {f"{person}@{place}" for person in people}
    counts = [len(below[unit]) for unit in units]
    cells = pl.DataFrame(
        {
            "group_key": units,
            "n": counts,
            # Every unit's difference is on show; an empty one reveals nobody.
            "suppressed": [n == 0 for n in counts],
        },
        schema={"group_key": pl.String, "n": pl.Int64, "suppressed": pl.Boolean},
    )
    edges = pl.DataFrame(
        {
            "child_key": units[:-1],
            "parent_key": [tree.parent(unit) for unit in units[:-1]],
            "dimension": ["unit"] * (len(units) - 1),
        },
        schema={"child_key": pl.String, "parent_key": pl.String, "dimension": pl.String},
    )
    for violation in check_published(cells, k=k, edges=edges):
        unit = violation.group_key
        if violation.kind == "complement":
            found.append(("remainder", unit, set(located.get(unit, set()))))
        else:
            people = {p for place, ps in located.items() if unit in tree.chain(place) for p in ps}
            found.append(("unit", unit, people))
    return found


def release(previous: State, live: State, parents: Mapping[str, str | None], k: int) -> set[str]:
    """The largest set of changes this greedy rule can publish together (maybe none).

    Start from every change; while any unit's difference would cover 1 to
    k − 1 people, hold the changes behind it. Holding only shrinks the
    differences, so the loop ends, at worst with nothing released.
    """
    released = changed(previous, live)
    while released:
        found = violations(previous, live, released, parents, k)
        if not found:
            break
        held = set().union(*(people for _kind, _unit, people in found))
        released -= held or set(released)
    return released
