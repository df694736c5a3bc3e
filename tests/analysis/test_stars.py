"""The star-table shortcut decides exactly what the general anonymity rules decide."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hjemmekontor.analysis.anonymity import AnonymityError, _decide_general, decide_table
from hjemmekontor.analysis.stars import star_of


@st.composite
def star_tables(draw: st.DrawFn) -> tuple[list[str], list[int], list[tuple[str, str, str]], int]:
    """One unit's breakdowns: a whole and up to three dimensions of groups."""
    keys, edges, parts = ["all"], [], []
    for dimension in range(draw(st.integers(1, 3))):
        for group in range(draw(st.integers(1, 4))):
            keys.append(f"by:d{dimension}={group}")
            edges.append((keys[-1], "all", f"d{dimension}"))
            parts.append(draw(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20])))
    sums: dict[str, int] = {}
    for (_child, _parent, dimension), n in zip(edges, parts, strict=True):
        sums[dimension] = sums.get(dimension, 0) + n
    # Often exactly the sum of a dimension (an equation that can give a cell away).
    whole = max(sums.values()) + draw(st.sampled_from([0, 0, 0, 1, 2, 4, 7]))
    order = draw(st.permutations(range(len(edges))))
    return keys, [whole, *parts], [edges[i] for i in order], draw(st.sampled_from([3, 5]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(star_tables())
def test_a_star_table_is_decided_as_the_general_rules_decide_it(case) -> None:
    keys, counts, edges, k = case
    assert star_of(keys, counts, edges) is not None
    assert decide_table(keys, counts, edges, k) == _decide_general(keys, counts, edges, k)


def test_a_dimension_adding_up_to_the_whole_gives_a_hidden_group_away_unless_another_is_hidden():
    # 12 = 8 + 4: the 4 is hidden as small, and the 8 with it, or 12 − 8 shows it.
    keys = ["all", "by:g=a", "by:g=b", "by:h=x", "by:h=y"]
    counts = [12, 8, 4, 6, 6]
    edges = [(key, "all", key[3]) for key in keys[1:]]
    hidden, reasons = decide_table(keys, counts, edges, 5)
    assert hidden == [False, True, True, False, False]
    assert reasons == [None, "complement", "small_n", None, None]


def test_tables_that_are_not_stars_go_to_the_general_rules() -> None:
    # A unit with a sub-unit whose groups are parts of it: a tree, not a star.
    keys = ["all", "sub", "sub|g=a", "sub|g=b", "other"]
    counts = [20, 9, 6, 3, 11]
    edges = [
        ("sub", "all", "unit"),
        ("other", "all", "unit"),
        ("sub|g=a", "sub", "g"),
        ("sub|g=b", "sub", "g"),
    ]
    assert star_of(keys, counts, edges) is None
    assert decide_table(keys, counts, edges, 5) == _decide_general(keys, counts, edges, 5)


@pytest.mark.parametrize(
    ("keys", "counts", "edges"),
    [
        (["all", "a", "a"], [9, 4, 5], [("a", "all", "g")]),
        (["all", "a"], [9, 4], [("b", "all", "g")]),
        (["all", "a", "b"], [9, 6, 6], [("a", "all", "g"), ("b", "all", "g")]),
        (["all", "a"], [9, -1], [("a", "all", "g")]),
    ],
    ids=["repeated key", "unknown key", "parts above the whole", "negative count"],
)
def test_tables_the_general_rules_refuse_are_refused_the_same_way(keys, counts, edges) -> None:
    with pytest.raises(AnonymityError) as general:
        _decide_general(keys, counts, edges, 5)
    with pytest.raises(AnonymityError) as shortcut:
        decide_table(keys, counts, edges, 5)
    assert str(shortcut.value) == str(general.value)
