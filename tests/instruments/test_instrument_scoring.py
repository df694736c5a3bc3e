"""Scale scores match the published scoring rules, computed by hand.

Copenhagen Burnout Inventory (Kristensen, Borritz, Villadsen & Christensen
2005, Work & Stress 19(3), 192–207): "Always/To a very high degree" = 100,
"Often/To a high degree" = 75, "Sometimes/Somewhat" = 50, "Seldom/To a low
degree" = 25, "Never/almost never/To a very low degree" = 0; the item about
energy for family and friends is reversed; the scale score is the mean of the
items. COPSOQ III scales are scored the same way (0–100, mean of items,
missing if fewer than half are answered).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemmekontor.instruments import Instrument, load_instrument

# The paper's table, keyed by our codes (1 = never / very low degree … 5 = always /
# very high degree). Written out here rather than derived from the scale range.
CBI_POINTS = {1: 0.0, 2: 25.0, 3: 50.0, 4: 75.0, 5: 100.0}
CBI_ITEMS = [f"cbi_{k}" for k in range(1, 8)]


def _all(value: int) -> dict[str, object]:
    return dict.fromkeys(CBI_ITEMS, value)


def test_burnout_with_every_answer_always_counts_item_7_as_zero(employee: Instrument) -> None:
    # Items 1–6 at 100, item 7 ("enough energy") reversed: 100 - 100 = 0.
    assert employee.score(_all(5))["burnout"] == pytest.approx(600 / 7)


def test_burnout_with_every_answer_never_counts_item_7_as_hundred(employee: Instrument) -> None:
    # Items 1–6 at 0, item 7 reversed: 100 - 0 = 100.
    assert employee.score(_all(1))["burnout"] == pytest.approx(100 / 7)


def test_burnout_of_a_typical_answer_matches_a_hand_computation(employee: Instrument) -> None:
    answers = {"cbi_1": 4, "cbi_2": 3, "cbi_3": 2, "cbi_4": 4, "cbi_5": 1, "cbi_6": 3, "cbi_7": 2}
    # 75 + 50 + 25 + 75 + 0 + 50 + (100 - 25) = 350, over 7 items.
    assert employee.score(answers)["burnout"] == pytest.approx(350 / 7)


def test_burnout_needs_at_least_half_of_its_items(employee: Instrument) -> None:
    three = {"cbi_1": 5, "cbi_2": 5, "cbi_3": 5}
    assert employee.score(three)["burnout"] is None  # 3 of 7 < 0.5
    four = {**three, "cbi_7": 5}
    # 4 of 7 >= 0.5: mean of 100, 100, 100 and 100 - 100.
    assert employee.score(four)["burnout"] == pytest.approx(300 / 4)


def test_exactly_half_of_the_items_is_enough(employee: Instrument) -> None:
    # work–life conflict has 4 items; 2 answered is exactly 0.5.
    scores = employee.score({"wlc_1": 5, "wlc_4": 2})
    assert scores["work_life_conflict"] == pytest.approx((100 + 25) / 2)
    assert employee.score({"wlc_1": 5})["work_life_conflict"] is None


def test_meaning_and_social_community_are_means_of_0_to_100_items(employee: Instrument) -> None:
    scores = employee.score(
        {"meaning_1": 5, "meaning_2": 4, "community_1": 1, "community_2": 3, "community_3": 3}
    )
    assert scores["meaning"] == pytest.approx((100 + 75) / 2)
    assert scores["social_community"] == pytest.approx((0 + 50 + 50) / 3)


def test_no_answers_give_no_scores(employee: Instrument) -> None:
    assert employee.score({}) == {
        "burnout": None,
        "meaning": None,
        "work_life_conflict": None,
        "social_community": None,
    }


def test_raw_strings_and_missing_values_are_understood(employee: Instrument) -> None:
    answers = {"meaning_1": "5", "meaning_2": float("nan"), "cbi_1": None}
    assert employee.score(answers)["meaning"] == pytest.approx(100.0)


def test_a_value_outside_the_scale_is_an_error_not_a_score(employee: Instrument) -> None:
    with pytest.raises(ValueError, match=r"item 'meaning_1': 7 is outside its scale 1\.\.5"):
        employee.score({"meaning_1": 7})


def test_instruments_without_scores_score_nothing() -> None:
    assert load_instrument("manager", 1).score({"mgr_trust": 5}) == {}


def _reference_burnout(answers: dict[str, int | None]) -> float | None:
    points = [
        100.0 - CBI_POINTS[v] if item == "cbi_7" else CBI_POINTS[v]
        for item, v in answers.items()
        if v is not None
    ]
    return sum(points) / len(points) if len(points) >= 4 else None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=7, max_size=7))
def test_burnout_agrees_with_the_papers_table_for_any_answers(values: list[int | None]) -> None:
    answers = dict(zip(CBI_ITEMS, values, strict=True))
    expected = _reference_burnout(answers)
    got = load_instrument("employee", 1).score(answers)["burnout"]
    if expected is None:
        assert got is None
    else:
        assert got is not None and math.isclose(got, expected, rel_tol=1e-12)
