"""Engine behaviour beyond single rules: exemption, overlaps, order, fields."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import polars as pl
import pytest

from hjemmekontor.worktime import RULES, RuleConfig, check
from hjemmekontor.worktime.calendar import OSLO
from hjemmekontor.worktime.timeline import RegistrationError

from .build import basis, breaches, registrations

HARD_WEEK = [
    ("p", "2026-03-01T10:00", "2026-03-01T12:00", 0.0, "home"),  # Sunday
    ("p", "2026-03-02T06:00", "2026-03-02T21:30", 0.0, "home"),  # 15.5 h, night
    ("p", "2026-03-03T02:00", "2026-03-03T06:00", None, "home"),  # no break recorded
    ("p", "2026-03-08T09:00", "2026-03-08T10:00", 0.0, "home"),  # next Sunday
]


def test_exempt_senior_employee_gets_only_the_record_rule():
    # aml. § 10-12 (2): chapter 10 does not apply except § 10-2 (1), (2), (4).
    normal = breaches(HARD_WEEK)
    exempt = breaches(HARD_WEEK, basis(exempt=True))
    assert {"RT-NORM-D", "RT-TOT-D", "RT-NIGHT", "RT-SUNDAY", "RT-REST-D"} <= set(normal["rule"])
    assert set(exempt["rule"]) == {"RT-REG"}


def test_exempt_record_rule_can_be_switched_off():
    found = breaches(HARD_WEEK, basis(exempt=True), RuleConfig(record_exempt=False))
    assert found.height == 0


def test_exempt_senior_still_has_patterns():
    from hjemmekontor.worktime import patterns

    rows = patterns(registrations(HARD_WEEK), basis(exempt=True))
    assert rows["evening_days"][0] == 1
    assert rows["holiday_days"][0] == 2


def test_out_of_order_registrations_give_the_same_breaches():
    rows = [*HARD_WEEK, ("q", "2026-03-02T08:00", "2026-03-02T18:00", 0.0, "office")]
    forward = breaches(rows)
    backward = breaches(list(reversed(rows)))
    assert forward.drop("message").equals(backward.drop("message"))
    assert forward.height > 0


def test_overlapping_registrations_are_merged_with_a_warning_naming_both_lines():
    rows = registrations(
        [
            ("p", "2026-03-02T08:00", "2026-03-02T16:00", 30.0, "home"),
            ("p", "2026-03-02T15:00", "2026-03-02T18:00", 0.0, "home"),
        ]
    )
    result = check(rows)
    assert result.warnings.select("line", "other_line").rows() == [(1, 2)]
    assert "linje 1 og 2" in result.warnings["message"][0]
    # The union 08:00-18:00 keeps the smaller break (0), so 10 h count (§ 10-4 (1)).
    norm = result.breaches.filter(pl.col("rule") == "RT-NORM-D")
    assert norm["value"].to_list() == [10.0]


def test_breach_fields_name_rule_section_window_value_and_limit():
    found = breaches([("p", "2026-03-02T08:00", "2026-03-02T17:30", 0.0, "home")])
    row = found.filter(pl.col("rule") == "RT-NORM-D").row(0, named=True)
    assert row["section"] == "aml. § 10-4 (1)"
    assert row["start"] == dt.datetime(2026, 3, 2, 8, 0, tzinfo=OSLO)
    assert row["end"] == dt.datetime(2026, 3, 2, 17, 30, tzinfo=OSLO)
    assert (row["value"], row["limit"], row["unit"]) == (9.5, 9.0, "t")
    assert row["message"].startswith("Alminnelig arbeidstid 9,5 t")


def test_every_rule_reports_its_own_section():
    found = breaches(HARD_WEEK)
    for rule, section in found.select("rule", "section").unique().iter_rows():
        assert section.startswith(RULES[rule].section.split(",")[0].split(" (")[0])


def test_time_that_does_not_exist_is_refused_with_its_line():
    rows = registrations([("p", "2026-03-29T02:30", "2026-03-29T08:00", 0.0, "home")])
    with pytest.raises(RegistrationError, match="linje 1"):
        check(rows)


def test_aware_input_is_read_as_the_instant_it_names():
    naive = registrations([("p", "2026-10-24T21:00", "2026-10-25T06:00", 0.0, "home")])
    aware = naive.with_columns(
        pl.col("start").dt.replace_time_zone("Europe/Oslo").dt.convert_time_zone("UTC"),
        pl.col("end")
        .dt.replace_time_zone("Europe/Oslo", ambiguous="earliest")
        .dt.convert_time_zone("UTC"),
    )
    assert check(naive).breaches.drop("message").equals(check(aware).breaches.drop("message"))


def test_ambiguous_end_that_would_precede_the_start_is_the_second_occurrence():
    # 02:10 CEST -> 02:20 "earliest" is fine; 02:50 CEST -> 02:10 needs the CET 02:10.
    rows = registrations([("p", "2026-10-25T02:50", "2026-10-25T02:10", 0.0, "home")])
    found = check(rows).breaches.filter(pl.col("rule") == "RT-NIGHT")
    assert found["value"].to_list() == [pytest.approx(20 / 60)]


def test_calendar_windows_are_the_documented_alternative():
    rows = [
        ("p", "2026-03-02T14:00", "2026-03-02T22:00", 0.0, "home"),
        ("p", "2026-03-03T06:00", "2026-03-03T14:00", 0.0, "home"),
    ]
    rolling = breaches(rows)
    calendar = breaches(rows, config=RuleConfig(windows="calendar"))
    assert "RT-NORM-D" in set(rolling["rule"])
    assert "RT-NORM-D" not in set(calendar["rule"])
    assert "RT-REST-D" in set(calendar["rule"])  # rest is anchored at work starts in both


def test_invalid_window_choice_is_refused():
    with pytest.raises(ValueError, match="rolling"):
        RuleConfig(windows="weekly")


def test_tariff_averaging_without_tariff_bound_is_refused():
    with pytest.raises(ValueError, match="tariff_bound"):
        breaches(HARD_WEEK, basis(averaging="tariff"))


def test_no_registrations_give_no_breaches():
    assert check(registrations([])).breaches.height == 0


def test_the_library_imports_without_django():
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import hjemmekontor.worktime, hjemmekontor.worktime.reader\n"
        "import hjemmekontor.worktime.basis_file, hjemmekontor.worktime.patterns\n"
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_overtime_and_night_limits_are_reported_for_the_right_person():
    from .build import week, weeks

    quiet = [("a", "2026-03-02T08:00", "2026-03-02T15:00", 30.0, "home")]
    overtime = week("2026-03-02", "08:00", "18:30")  # person p: 12.5 h overtime (§ 10-6 (4))
    nights = [("z", *row[1:]) for row in weeks("2026-03-02", "22:00", "07:00", 4)]
    found = breaches(quiet + overtime + nights)
    ot = found.filter(pl.col("rule") == "RT-OT-7D")
    assert ot.select("person", "value").rows() == [("p", 12.5)]
    avg = found.filter(pl.col("rule") == "RT-NIGHT-AVG")
    assert set(avg["person"]) == {"z"}
    assert avg["value"].max() == pytest.approx(9.0)


def test_rolling_sum_matches_a_plain_loop():
    import numpy as np

    from hjemmekontor.worktime.context import rolling_sum

    values = np.arange(24, dtype=np.float64).reshape(2, 12) % 5
    for n in (1, 3, 7, 12, 20):
        expected = np.array([[values[r, d : d + n].sum() for d in range(12)] for r in range(2)])
        assert np.array_equal(rolling_sum(values, n), expected)
