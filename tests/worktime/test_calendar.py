"""Protected periods and local dates (aml. § 10-10 (1), lov om 1. og 17. mai)."""

from __future__ import annotations

import datetime as dt

from hjemmekontor.worktime.calendar import OSLO, DayGrid, holiday_dates, protected_periods


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=OSLO)


def periods(first: str, last: str, **kw: int) -> list[tuple[dt.datetime, dt.datetime]]:
    found = protected_periods(dt.date.fromisoformat(first), dt.date.fromisoformat(last), **kw)
    return [(p.start, p.end) for p in found]


def test_easter_2026_protected_periods_match_the_rules_file():
    # norwegian-rules.md section 3, step 4.
    assert periods("2026-03-30", "2026-04-07") == [
        (at("2026-03-28T18:00"), at("2026-03-29T22:00")),
        (at("2026-04-01T18:00"), at("2026-04-03T22:00")),
        (at("2026-04-04T15:00"), at("2026-04-06T22:00")),
    ]


def test_christmas_2026_runs_from_eve_15_to_sunday_22():
    # 25 Dec (Fri), 26 Dec (Sat) and Sunday 27 Dec form one run.
    assert (at("2026-12-24T15:00"), at("2026-12-27T22:00")) in periods("2026-12-20", "2026-12-28")


def test_whitsun_2026_starts_on_the_eve_at_15():
    assert (at("2026-05-23T15:00"), at("2026-05-25T22:00")) in periods("2026-05-20", "2026-05-26")


def test_17_may_on_a_saturday_starts_at_22_the_friday_before():
    # 2025: Saturday 17 May and Sunday 18 May form one run.
    assert (at("2025-05-16T22:00"), at("2025-05-18T22:00")) in periods("2025-05-12", "2025-05-19")


def test_1_may_on_a_saturday_starts_at_22_the_friday_before():
    assert (at("2027-04-30T22:00"), at("2027-05-02T22:00")) in periods("2027-04-26", "2027-05-03")


def test_1_may_on_a_friday_is_its_own_period_then_saturday_18():
    found = periods("2026-04-27", "2026-05-04")
    assert (at("2026-04-30T22:00"), at("2026-05-01T22:00")) in found
    assert (at("2026-05-02T18:00"), at("2026-05-03T22:00")) in found


def test_17_may_on_ascension_day_starts_at_18():
    # 17 May is Ascension Day in 2007 (Easter 8 April 2007 + 39 days).
    assert (at("2007-05-16T18:00"), at("2007-05-17T22:00")) in periods("2007-05-14", "2007-05-18")


def test_holidays_are_the_twelve_dated_days_plus_sundays():
    days = holiday_dates([2026])
    dated = {d for d in days if d.weekday() != 6}
    assert len([d for d in days if d.weekday() == 6]) == 52
    assert dated == {
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 2),
        dt.date(2026, 4, 3),
        dt.date(2026, 4, 6),
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 14),
        dt.date(2026, 5, 25),
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 26),
    }  # Easter Sunday, 17 May and Whit Sunday fall on Sundays in 2026


def test_day_grid_knows_the_23_and_25_hour_days():
    grid = DayGrid(dt.date(2026, 3, 1), dt.date(2026, 11, 1))
    lengths = {
        grid.date_of(k): int(grid.midnight[k + 1] - grid.midnight[k]) // 3600
        for k in range(grid.n_days)
    }
    assert lengths[dt.date(2026, 3, 29)] == 23
    assert lengths[dt.date(2026, 10, 25)] == 25
    assert lengths[dt.date(2026, 6, 1)] == 24


def test_day_grid_local_clock_times_are_utc_correct_after_the_change():
    grid = DayGrid(dt.date(2026, 10, 20), dt.date(2026, 10, 30))
    k = (dt.date(2026, 10, 25) - grid.first).days
    expected = int(at("2026-10-25T21:00").timestamp())
    assert int(grid.local(k, 21 * 60)) == expected


def test_easter_matches_the_holidays_package_for_150_years():
    import holidays

    from hjemmekontor.worktime.calendar import easter_sunday

    for year in range(1950, 2100):
        good_friday = next(
            d
            for d, name in holidays.NO(years=year, include_sundays=False, language="en_US").items()
            if name == "Good Friday"
        )
        assert easter_sunday(year) == good_friday + dt.timedelta(days=2)
