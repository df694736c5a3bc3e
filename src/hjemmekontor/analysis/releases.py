"""Releases: which changes, and which unit tree, a refreshed snapshot may take in.

Unit figures that are not survey results (checklists, agreements, working time)
are published as snapshots. Between two snapshots some people change their
contribution (save a checklist, join, leave, move unit) and the unit tree may
be reorganised. Publishing every change at once would let anyone who keeps old
pages subtract and read off one person. So a refresh *releases* only changes
such that every combination of published differences — any unit, parent minus
sub-units, a sum of siblings, across old and new trees — covers no one or at
least ``k`` people. The rest are *held*: the snapshot keeps those people's
previous contribution, and a held reorganisation keeps the unit where it was,
until enough others have changed too (docs/privacy-aggregates.md).

A person's state is ``(unit, token)``; the token changes whenever what the person
contributes changes. A tree is ``{unit: parent or None}``. No Django here.

**The rule.** A person counts in the cells of their *place*: their unit, the
units above it and the whole organisation (``ROOT``). Give each published cell
any weight; a person's part of the weighted sum of differences is the sum of
the weights over their new place times their new contribution, minus the same
over their old place times the old one. So between two snapshots:

- a person who *changed* (new token, joined, left, or whose unit is not in one of
  the trees) shows in every combination that weighs their old or new place;
- a person who only *moved* (same token, other place: a transfer, or their unit
  moved in the tree) shows exactly when the combination weighs their two places
  differently, and then so does everyone whose move has the same *shift* (cells
  gained minus cells lost) or its reverse.

A release is safe when (1) every place has no changed people or at least k, and
(2) every shift with fewer than k movers has at least k changed people on each
of its two ends. Proof: a combination that shows a changed person weighs one of
their places, and then shows all the changed people there (≥ k by 1). One that
shows a mover weighs the ends of their shift differently, so it shows all the
movers with that shift (done if ≥ k), and it weighs one end, so it shows the k
changed people there (by 2). Counting movers towards k is not enough: k people
swapping between two siblings cancel in the siblings' sum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from hjemmekontor.analysis.anonymity import validate_k

__all__ = ["ROOT", "Refresh", "State", "changed", "refresh", "release", "violations"]

# The whole organisation, above every top-level unit: its difference counts too.
ROOT = "@all"

State = Mapping[str, tuple[str, str]]
Parents = Mapping[str, str | None]
Place = tuple[str, ...]  # ROOT, …, the unit: the cells a person counts in


def changed(previous: State, live: State) -> set[str]:
    """People whose unit or contribution differs, who joined or who left."""
    return {p for p in set(previous) | set(live) if previous.get(p) != live.get(p)}


@dataclass(frozen=True)
class Refresh:
    """What the next snapshot takes in: these people's live states, under this tree."""

    people: frozenset[str]
    parents: dict[str, str | None]


class _Tree:
    def __init__(self, parents: Parents) -> None:
        self.parents = dict(parents)
        self._places: dict[str, Place | None] = {}

    def place(self, unit: str) -> Place | None:
        """ROOT and the units from the top down to ``unit``; None if it is not in the tree."""
        if unit not in self._places:
            found: list[str] = []
            node: str | None = unit
            while node is not None and node in self.parents and node not in found:
                found.append(node)
                node = self.parents[node]
            self._places[unit] = (ROOT, *reversed(found)) if found else None
        return self._places[unit]


@dataclass(frozen=True)
class _Step:
    """One person between two snapshots: where they counted, where they count now."""

    person: str
    before: Place | None
    after: Place | None
    same: bool  # same token on both sides

    def shift(self) -> tuple[frozenset[str], frozenset[str]]:
        """Cells gained and lost, and the two places that differ by exactly that."""
        old, new = set(self.before or ()), set(self.after or ())
        return frozenset(new - old), frozenset(old - new)

    def ends(self) -> tuple[Place, Place]:
        """The shift's two ends: the places without the part both have below the move.

        A unit moved with its subtree keeps its own cells; what differs is the old
        and the new parent's place, where the changed people who cover it sit.
        """
        assert self.before is not None and self.after is not None
        old, new = list(self.before), list(self.after)
        while old and new and old[-1] == new[-1]:
            old.pop()
            new.pop()
        return tuple(old or (ROOT,)), tuple(new or (ROOT,))


def _steps(
    previous: State, live: State, released: set[str], before: _Tree, after: _Tree
) -> list[_Step]:
    """Every person whose part in some combination of differences may not cancel."""
    found: list[_Step] = []
    for person in set(previous) | released:
        old = previous.get(person)
        new = live.get(person) if person in released else old
        step = _Step(
            person,
            before.place(old[0]) if old else None,
            after.place(new[0]) if new else None,
            old is not None and new is not None and old[1] == new[1],
        )
        if step.same and set(step.before or ()) == set(step.after or ()):
            continue  # counted in the same cells with the same contribution: cancels
        found.append(step)
    return found


def _breaches(steps: list[_Step], k: int) -> list[tuple[str, str, set[str]]]:
    changes: dict[frozenset[str], set[str]] = defaultdict(set)
    labels: dict[frozenset[str], str] = {}
    shifts: dict[frozenset[tuple[frozenset[str], frozenset[str]]], list[_Step]] = defaultdict(list)
    for step in steps:
        if step.same and step.before is not None and step.after is not None:
            gained, lost = step.shift()
            shifts[frozenset({(gained, lost), (lost, gained)})].append(step)
            continue
        for place in (step.before, step.after):
            if place is not None:
                changes[frozenset(place)].add(step.person)
                labels[frozenset(place)] = place[-1]
    found = [
        ("changes", labels[place], people) for place, people in changes.items() if len(people) < k
    ]
    for movers in shifts.values():
        if len(movers) >= k:
            continue
        for mover in movers:
            uncovered = [end for end in mover.ends() if len(changes.get(frozenset(end), ())) < k]
            if uncovered:
                found.append(("moves", uncovered[0][-1], {m.person for m in movers}))
                break
    return found


def violations(
    previous: State,
    live: State,
    released: set[str],
    parents: Parents,
    k: int,
    *,
    published: Parents | None = None,
) -> list[tuple[str, str, set[str]]]:
    """Every place where releasing ``released`` (under ``parents``) would expose 1 to k − 1.

    ``published`` is the tree of the previous snapshot (default: the same tree);
    people not released keep their previous unit under the new tree. Returns
    ``(kind, unit, people)``: kind ``changes`` when fewer than k people changed
    on the place of ``unit``; kind ``moves`` when fewer than k people made one
    move (a transfer, or a unit moved in the tree) and an end of it, ``unit``'s
    place, has fewer than k changes to cover it.
    """
    k = validate_k(k)
    before, after = _Tree(published if published is not None else parents), _Tree(parents)
    return _breaches(_steps(previous, live, set(released), before, after), k)


def _greedy(
    previous: State, live: State, before: _Tree, after: _Tree, k: int
) -> tuple[set[str], set[str]]:
    """The changes that may go in under ``after``, and the people no holding can cover.

    Start from every change; hold the released people behind each breach. Holding
    only shrinks the changed people on every place, so the loop ends. A breach
    with someone in it who is not a released change (a person whose unit moved
    in the tree) cannot be mended by holding: those people are returned.
    """
    released = changed(previous, live)
    while True:
        found = _breaches(_steps(previous, live, released, before, after), k)
        if not found:
            return released, set()
        stuck = set().union(*(people - released for _kind, _unit, people in found))
        if stuck:
            return released, stuck
        released -= set().union(*(people for _kind, _unit, people in found))


def _cyclic(parents: Parents) -> bool:
    for unit in parents:
        seen: set[str] = set()
        node: str | None = unit
        while node is not None and node in parents:
            if node in seen:
                return True
            seen.add(node)
            node = parents[node]
    return False


def refresh(previous: State, live: State, published: Parents, parents: Parents, k: int) -> Refresh:
    """The largest set of changes, and the newest tree, this greedy rule can publish.

    ``published`` is the tree of the previous snapshot, ``parents`` the live one.
    A reorganisation moves whole groups of people at once and cannot be held
    person by person; so the live tree is tried first, and wherever it would
    expose the people of a moved unit, that unit keeps its published parent (a
    unit that is gone stays, for the people it still counts). If that makes a
    cycle, the whole published tree stays.
    """
    k = validate_k(k)
    old = _Tree(published)
    tree = dict(parents)
    while True:
        new = _Tree(tree)
        released, stuck = _greedy(previous, live, old, new, k)
        if not stuck:
            return Refresh(frozenset(released), tree)
        reverted = False
        for person in stuck:
            unit = previous[person][0]
            for node in {*(old.place(unit) or ()), *(new.place(unit) or ())} - {ROOT}:
                if node in published and (node not in tree or tree[node] != published[node]):
                    tree[node] = published[node]
                    reverted = True
        # On the published tree nobody is moved by the tree, so nothing is stuck there.
        if not reverted or _cyclic(tree):
            tree = dict(published)


def release(previous: State, live: State, parents: Parents, k: int) -> set[str]:
    """The changes a refresh may publish when the tree has not changed (maybe none)."""
    return set(refresh(previous, live, parents, parents, k).people)
