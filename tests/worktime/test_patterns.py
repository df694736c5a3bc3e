"""Flexibility-paradox patterns (aml. § 10-2 (1)), per person and per unit."""

from __future__ import annotations

import pytest

from hjemmekontor.worktime import patterns, unit_patterns

from .build import registrations

ROWS = [
    # Monday: office day, then 21:00-22:00 at home: evening + fragmented.
    ("p", "2026-03-02T08:00", "2026-03-02T16:00", 30.0, "office"),
    ("p", "2026-03-02T21:00", "2026-03-02T22:00", 0.0, "home"),
    # Tuesday: a plain home day.
    ("p", "2026-03-03T08:00", "2026-03-03T16:00", 30.0, "home"),
    # Saturday 7 March 17:00-19:00 at home: weekend, one hour in the protected period.
    ("p", "2026-03-07T17:00", "2026-03-07T19:00", 0.0, "home"),
]


@pytest.fixture(scope="module")
def person_row() -> dict[str, object]:
    return patterns(registrations(ROWS)).row(0, named=True)


def test_days_and_hours_are_counted_by_place(person_row):
    assert person_row["days_worked"] == 3
    assert person_row["hours"] == pytest.approx(7.5 + 1 + 7.5 + 2)
    assert person_row["hours_home"] == pytest.approx(1 + 7.5 + 2)
    assert person_row["hours_office"] == pytest.approx(7.5)


def test_evening_work_after_21_is_a_home_pattern_here(person_row):
    assert (person_row["evening_days"], person_row["evening_days_home"]) == (1, 1)
    assert person_row["evening_days_office"] == 0
    assert person_row["share_evening_days"] == pytest.approx(1 / 3)


def test_weekend_and_protected_period_days(person_row):
    assert person_row["weekend_days"] == 1
    assert person_row["holiday_days"] == 1


def test_fragmented_day_counts_for_both_places_that_took_part(person_row):
    assert person_row["fragmented_days"] == 1
    assert person_row["fragmented_days_home"] == 1
    assert person_row["fragmented_days_office"] == 1


def test_hours_outside_normal_hours(person_row):
    # Normal window 08:00-16:00 on weekdays: Monday evening 1 h, Saturday 2 h.
    assert person_row["outside_hours"] == pytest.approx(3.0)
    assert person_row["outside_hours_home"] == pytest.approx(3.0)
    assert person_row["share_outside_hours"] == pytest.approx(3.0 / 18.0)


def test_units_below_k_are_suppressed_and_others_averaged():
    rows = []
    people = [f"a{i}" for i in range(5)] + ["b0", "b1"]
    for i, person in enumerate(people):
        end = "2026-03-02T22:00" if i < 2 else "2026-03-02T16:00"
        rows.append((person, "2026-03-02T08:00", end, 30.0, "home"))
    per_person = patterns(registrations(rows))
    units = {p: ("A" if p.startswith("a") else "B") for p in people}
    table = unit_patterns(per_person, units, k=5)
    a = table.filter(table["unit"] == "A").row(0, named=True)
    b = table.filter(table["unit"] == "B").row(0, named=True)
    assert (a["persons"], a["suppressed"]) == (5, False)
    assert a["share_evening_days"] == pytest.approx(2 / 5)
    assert a["share_evening_days_home"] == pytest.approx(1.0)
    assert (b["persons"], b["suppressed"]) == (2, True)
    assert b["share_evening_days"] is None and b["hours"] is None


def test_k_below_three_is_refused():
    with pytest.raises(ValueError):
        unit_patterns(patterns(registrations(ROWS)), {"p": "A"}, k=2)
