"""Releases: consecutive snapshots never differ by fewer than k people anywhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hjemmekontor.analysis.releases import ROOT, release, violations

K = 3
# ROOT ── a ── a1
#      └─ b
PARENTS: dict[str, str | None] = {"a": None, "a1": "a", "b": None}
CHAIN = {"a": {"a", ROOT}, "a1": {"a1", "a", ROOT}, "b": {"b", ROOT}}


def figure(state: dict[str, tuple[str, str]], unit: str) -> dict[str, str]:
    """A unit's figure: everything its people contribute (any aggregate is a function of it)."""
    return {p: token for p, (u, token) in state.items() if unit in CHAIN[u]}


def moved_by(before: dict, after: dict, unit: str) -> int:
    old, new = figure(before, unit), figure(after, unit)
    return sum(1 for p in set(old) | set(new) if old.get(p) != new.get(p))


def direct(state: dict[str, tuple[str, str]], unit: str) -> dict[str, str]:
    return {p: token for p, (u, token) in state.items() if u == unit}


def apply(published: dict, live: dict, released: set[str]) -> dict:
    after = dict(published)
    for person in released:
        if person in live:
            after[person] = live[person]
        else:
            after.pop(person, None)
    return after


saves = st.lists(
    st.tuples(
        st.integers(0, 11),  # person
        st.sampled_from(["a", "a1", "b", None]),  # unit now (None: leaves)
        st.integers(0, 2),  # what they contribute
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(saves)
def test_consecutive_snapshots_never_differ_for_any_unit_by_fewer_than_k_people(sequence):
    live: dict[str, tuple[str, str]] = {}
    published: dict[str, tuple[str, str]] = {}
    for person, unit, value in sequence:
        if unit is None:
            live.pop(str(person), None)
        else:
            live[str(person)] = (unit, str(value))
        released = release(published, live, PARENTS, K)
        after = apply(published, live, released)
        for place in [*PARENTS, ROOT]:
            assert moved_by(published, after, place) in {0} | set(range(K, 100))
            # Parent minus its sub-units: the people placed directly on the unit.
            old, new = direct(published, place), direct(after, place)
            moved = sum(1 for p in set(old) | set(new) if old.get(p) != new.get(p))
            assert moved in {0} | set(range(K, 100))
        assert not violations(published, after, released, PARENTS, K) or not released
        published = after
    # Whatever is held is released once k more have changed: nothing is lost for ever
    # when everyone in the organisation changes at once.
    everyone = {p: (u, t + "!") for p, (u, t) in published.items()}
    if len([p for p, (u, _t) in everyone.items() if u == "a"]) >= K:
        assert release(published, everyone, PARENTS, K)


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
