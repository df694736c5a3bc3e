"""Releases: consecutive snapshots never differ by fewer than k people anywhere.

The attacker in these tests keeps every published snapshot of every unit and
subtracts: any sum of cell differences with coefficients −1, 0 or 1 over the
whole organisation, the units and their sub-units (so also "parent minus
children", the people placed directly on a unit, and sums of siblings), across
a reorganisation of the tree too. A person is *exposed* by such a combination
when their part of it does not cancel; no combination may expose 1 to k − 1.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemmekontor.analysis.releases import ROOT, refresh, release, violations

K = 3
# ROOT ── a ── a1
#      └─ b
PARENTS: dict[str, str | None] = {"a": None, "a1": "a", "b": None}

State = dict[str, tuple[str, str]]
Tree = dict[str, str | None]


def cells(unit: str, parents: Tree) -> frozenset[str]:
    """The published cells a person on ``unit`` counts in: the unit, those above, the root."""
    if unit not in parents:
        return frozenset()
    found = [ROOT]
    node: str | None = unit
    while node is not None and node not in found:
        found.append(node)
        node = parents.get(node)
    return frozenset(found)


def exposed(before: tuple[State, Tree], after: tuple[State, Tree], weights: dict[str, int]):
    """The people whose part of ``Σ weight × (new cell − old cell)`` does not cancel."""
    (old, old_tree), (new, new_tree) = before, after
    found = set()
    for person in set(old) | set(new):
        was = (
            sum(weights.get(c, 0) for c in cells(old[person][0], old_tree)) if person in old else 0
        )
        now = (
            sum(weights.get(c, 0) for c in cells(new[person][0], new_tree)) if person in new else 0
        )
        same = person in old and person in new and old[person][1] == new[person][1]
        if (was != now) if same else (was != 0 or now != 0):
            found.add(person)
    return found


def smallest_exposure(before: tuple[State, Tree], after: tuple[State, Tree]):
    """The combination (if any) that exposes 1 to k − 1 people, and whom."""
    (old, old_tree), (new, new_tree) = before, after
    units = sorted({ROOT, *old_tree, *new_tree})
    people = sorted(set(old) | set(new))
    if not people:
        return None
    index = {unit: n for n, unit in enumerate(units)}

    def membership(state: State, tree: Tree) -> np.ndarray:
        matrix = np.zeros((len(people), len(units)), dtype=np.int64)
        for row, person in enumerate(people):
            if person in state:
                for cell in cells(state[person][0], tree):
                    matrix[row, index[cell]] = 1
        return matrix

    combos = np.array(list(itertools.product((-1, 0, 1), repeat=len(units))), dtype=np.int64).T
    was, now = membership(old, old_tree) @ combos, membership(new, new_tree) @ combos
    same = np.array([p in old and p in new and old[p][1] == new[p][1] for p in people], dtype=bool)[
        :, None
    ]
    hit = np.where(same, was != now, (was != 0) | (now != 0))
    counts = hit.sum(axis=0)
    bad = np.flatnonzero((counts > 0) & (counts < K))
    if not bad.size:
        return None
    column = bad[0]
    weights = {unit: int(combos[n, column]) for n, unit in enumerate(units) if combos[n, column]}
    return weights, {people[row] for row in np.flatnonzero(hit[:, column])}


def apply(published: State, live: State, released: set[str]) -> State:
    after = dict(published)
    for person in released:
        if person in live:
            after[person] = live[person]
        else:
            after.pop(person, None)
    return after


def publish(published: State, live: State, tree: Tree, k: int = K) -> tuple[State, Tree]:
    """What the snapshot shows after one refresh on the same tree."""
    return apply(published, live, release(published, live, tree, k)), tree


def test_one_save_among_fewer_than_k_is_held_and_k_saves_are_released():
    before = {str(p): ("a1", "0") for p in range(6)}
    one = {**before, "0": ("a1", "1")}
    assert release(before, one, PARENTS, K) == set()
    three = {**before, **{str(p): ("a1", "1") for p in range(K)}}
    assert release(before, three, PARENTS, K) == {"0", "1", "2"}


def test_a_small_change_directly_on_the_parent_is_held_while_the_childs_goes_through():
    before = {**{str(p): ("a1", "0") for p in range(6)}, "x": ("a", "0")}
    live = {**before, **{str(p): ("a1", "1") for p in range(K)}, "x": ("a", "1")}
    # a's difference would be 4, a1's 3: a minus a1 is x alone.
    assert release(before, live, PARENTS, K) == {"0", "1", "2"}


def test_two_people_swapping_sibling_units_in_one_refresh_cannot_be_differenced():
    # x and y swap a and b, z saves on a and w on b, three save in a1: every unit's own
    # difference, and a minus a1, covers three people.
    before = {
        "x": ("a", "0"),
        "y": ("b", "0"),
        "z": ("a", "0"),
        "w": ("b", "0"),
        **{f"q{n}": ("a1", "0") for n in range(3)},
    }
    live = {
        **before,
        "x": ("b", "0"),
        "y": ("a", "0"),
        "z": ("a", "1"),
        "w": ("b", "1"),
        **{f"q{n}": ("a1", "1") for n in range(3)},
    }
    old, new = (before, PARENTS), publish(before, live, PARENTS)
    # (a − a1) + b: the swap nets out, and z's and w's saves are all that is left.
    attack = exposed(old, new, {"a": 1, "a1": -1, "b": 1})
    assert not attack or len(attack) >= K, attack
    assert smallest_exposure(old, new) is None


def test_three_people_moving_between_siblings_do_not_cover_one_persons_save():
    # Two move a → b and one b → a: "k people moved" on both sides, so each unit's
    # difference has k; but the moves cancel in a + b and leave z's save alone.
    before = {
        "x": ("a", "0"),
        "u": ("a", "0"),
        "y": ("b", "0"),
        "z": ("a", "0"),
        **{f"q{n}": ("a1", "0") for n in range(3)},
    }
    live = {
        **before,
        "x": ("b", "0"),
        "u": ("b", "0"),
        "y": ("a", "0"),
        "z": ("a", "1"),
        **{f"q{n}": ("a1", "1") for n in range(3)},
    }
    old, new = (before, PARENTS), publish(before, live, PARENTS)
    attack = exposed(old, new, {"a": 1, "a1": -1, "b": 1})
    assert not attack or len(attack) >= K, attack
    assert smallest_exposure(old, new) is None
    # k people moving together between a and b, with nothing else, may go through:
    # every combination that shows the move shows all of them.
    moved = {**before, "x": ("b", "0"), "u": ("b", "0"), "y": ("a", "0")}
    assert release(before, moved, PARENTS, K) == {"x", "u", "y"}


def test_moving_a_whole_unit_under_another_parent_does_not_release_a_difference_of_fewer_than_k():
    # a1 (two people) moves from a to b. Three save on b, so the snapshot refreshes;
    # under the new tree a's difference would be a1's two people and nothing else.
    before = {
        "s1": ("a1", "0"),
        "s2": ("a1", "0"),
        **{f"d{n}": ("a", "0") for n in range(4)},
        **{f"b{n}": ("b", "0") for n in range(4)},
    }
    live = {**before, **{f"b{n}": ("b", "1") for n in range(3)}}
    moved: Tree = {"a": None, "a1": "b", "b": None}
    outcome = refresh(before, live, PARENTS, moved, K)
    old, new = (before, PARENTS), (apply(before, live, set(outcome.people)), outcome.parents)
    attack = exposed(old, new, {"a": 1})
    assert not attack or len(attack) >= K, attack
    assert smallest_exposure(old, new) is None
    # The three saves on b still go through, under the tree the snapshot had.
    assert outcome.people == {"b0", "b1", "b2"} and outcome.parents["a1"] == "a"


def test_a_reorganisation_goes_through_once_k_people_move_together():
    before = {
        **{f"s{n}": ("a1", "0") for n in range(K)},
        **{f"b{n}": ("b", "0") for n in range(4)},
    }
    moved: Tree = {"a": None, "a1": "b", "b": None}
    outcome = refresh(before, before, PARENTS, moved, K)
    assert outcome.parents == moved and not outcome.people
    assert smallest_exposure((before, PARENTS), (before, moved)) is None


def test_a_new_unit_and_an_empty_unit_moving_change_no_one_and_are_taken_in_at_once():
    before = {f"p{n}": ("a1", "0") for n in range(4)}
    grown: Tree = {**PARENTS, "c": "b", "b": "a"}
    assert refresh(before, before, PARENTS, grown, K).parents == grown


def test_people_in_a_unit_that_is_gone_keep_it_until_k_of_them_can_leave_together():
    before = {**{f"p{n}": ("a1", "0") for n in range(K - 1)}, "q": ("b", "0")}
    gone: Tree = {"a": None, "b": None}
    outcome = refresh(before, before, PARENTS, gone, K)
    assert outcome.parents["a1"] == "a"


# A wider tree for the property test, so that units have siblings at two levels:
# ROOT ── a ── a1
#      │    └─ a2
#      └─ b ── b1
WIDE: Tree = {"a": None, "a1": "a", "a2": "a", "b": None, "b1": "b"}
UNITS = sorted(WIDE)


def descendants(unit: str, tree: Tree) -> set[str]:
    return {u for u in tree if unit in cells(u, tree)}


people = st.integers(0, 9)
saves = st.tuples(
    st.just("save"),
    people,
    st.sampled_from([*UNITS, None]),  # unit now (None: leaves)
    st.integers(0, 1),  # what they contribute (often the same: a pure move)
)
swaps = st.tuples(st.just("swap"), people, people, st.just(0))
# Everyone on a unit saves again, or moves to another unit: k changes at once are
# what lets a refresh through, and what a small change tries to hide behind.
resaves = st.tuples(st.just("resave"), st.sampled_from(UNITS), st.just(None), st.just(0))
transfers = st.tuples(
    st.just("transfer"), st.sampled_from(UNITS), st.sampled_from(UNITS), st.just(0)
)
regroupings = st.tuples(
    st.just("regroup"),
    st.sampled_from(UNITS),  # the unit that moves, with its subtree
    st.sampled_from([*UNITS, None]),  # its new parent
    st.just(0),
)
steps = st.lists(
    st.lists(
        st.one_of(saves, saves, swaps, resaves, transfers, regroupings), min_size=1, max_size=4
    ),
    max_size=12,
)
population = st.dictionaries(people.map(str), st.sampled_from(UNITS), min_size=K, max_size=10)


def run(live: State, tree: Tree, operation: tuple) -> None:
    kind, first, second, value = operation
    if kind == "save":
        if second is None:
            live.pop(str(first), None)
        else:
            live[str(first)] = (second, str(value))
    elif kind == "swap":
        one, other = str(first), str(second)
        if one in live and other in live:
            live[one], live[other] = (live[other][0], live[one][1]), (live[one][0], live[other][1])
    elif kind == "resave":
        for person, (unit, token) in list(live.items()):
            if unit == first:
                live[person] = (unit, str(1 - int(token)))
    elif kind == "transfer":
        for person, (unit, token) in list(live.items()):
            if unit == first:
                live[person] = (second, token)
    elif second is None or second not in descendants(first, tree):
        tree[first] = second


@settings(max_examples=300, deadline=None)
@given(population, steps)
def test_consecutive_snapshots_expose_no_one_through_any_combination_of_cells(start, sequence):
    live: State = {person: (unit, "0") for person, unit in start.items()}
    tree: Tree = dict(WIDE)
    published: tuple[State, Tree] = ({}, dict(WIDE))
    for step in [[], *sequence]:
        for operation in step:
            run(live, tree, operation)
        outcome = refresh(published[0], live, published[1], tree, K)
        after = (apply(published[0], live, set(outcome.people)), dict(outcome.parents))
        if not outcome.people and after[1] == published[1]:
            continue  # no new snapshot
        assert smallest_exposure(published, after) is None
        assert not violations(
            published[0], after[0], set(outcome.people), after[1], K, published=published[1]
        )
        published = after
    # Whatever is held is released once k more have changed: nothing is lost for ever
    # when everyone on a unit changes at once (and the tree stays as published).
    state, shown = published
    everyone = {p: (u, t + "!") for p, (u, t) in state.items()}
    if any(sum(1 for u, _t in everyone.values() if u == unit) >= K for unit in shown):
        assert refresh(state, everyone, shown, shown, K).people
