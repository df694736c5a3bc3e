"""Property-based tests: no crash on valid input; more work never removes a breach."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hjemmekontor.worktime import RuleConfig, check
from hjemmekontor.worktime.calendar import OSLO

from .build import registrations

# Rules whose breach can disappear when work is added, by their nature:
#   RT-BREAK, RT-BREAK-OT  a gap between two registrations is a pause, so added
#                          work can create the pause the rule asks for;
#   RT-NIGHT-AVG           an average per working day: a short extra day lowers it;
#   RT-EVE-REST            evening work that is extended past 23:00 is night work,
#                          judged by RT-NIGHT and RT-REST-D instead.
NON_MONOTONE = {"RT-BREAK", "RT-BREAK-OT", "RT-NIGHT-AVG", "RT-EVE-REST"}

# Wall-clock arithmetic: aware datetimes with one tzinfo add like naive ones.
FIRST = dt.datetime(2026, 3, 20, tzinfo=OSLO)  # spans the spring DST change and Easter 2026


def valid(start: dt.datetime, minutes: int) -> bool:
    """Local times in the hour skipped on 29 March 2026 do not exist."""
    gap = (dt.datetime(2026, 3, 29, 2, tzinfo=OSLO), dt.datetime(2026, 3, 29, 3, tzinfo=OSLO))
    end = start + dt.timedelta(minutes=minutes)
    return not (gap[0] <= start < gap[1] or gap[0] <= end < gap[1])


def wall(moment: dt.datetime) -> str:
    """The local wall-clock time as the ISO text a time system exports."""
    return moment.strftime("%Y-%m-%dT%H:%M")


@st.composite
def rows(draw, max_size: int = 12):  # type: ignore[no-untyped-def]
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        start = FIRST + dt.timedelta(
            days=draw(st.integers(0, 30)), minutes=draw(st.integers(0, 1439))
        )
        minutes = draw(st.integers(1, 20 * 60))
        if not valid(start, minutes):
            continue
        brk = draw(st.one_of(st.none(), st.integers(0, min(minutes - 1, 90))))
        out.append(
            (
                draw(st.sampled_from(["p", "q"])),
                wall(start),
                wall(start + dt.timedelta(minutes=minutes)),
                None if brk is None else float(brk),
                draw(st.sampled_from(["home", "office", "other"])),
            )
        )
    return out


CONFIGS = st.builds(
    RuleConfig,
    windows=st.sampled_from(["rolling", "calendar"]),
    apply_tariff_extensions=st.booleans(),
    average_total_week=st.booleans(),
    average_normal_week=st.booleans(),
)


def breach_set(found) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(p, r) for p, r in found.select("person", "rule").iter_rows() if r not in NON_MONOTONE}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows(), CONFIGS, st.sampled_from(["none", "individual", "arbeidstilsynet"]))
def test_engine_never_crashes_on_valid_input(entries, config, averaging):
    import polars as pl

    basis = pl.DataFrame({"person": ["p"], "averaging": [averaging], "evening_agreement": [True]})
    result = check(registrations(entries), basis, config)
    assert result.breaches.columns[:3] == ["person", "rule", "section"]
    assert (result.breaches["start"] <= result.breaches["end"]).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows(), rows(max_size=4), st.sampled_from(["rolling", "calendar"]))
def test_adding_work_never_removes_a_breach(base, extra, windows):
    config = RuleConfig(windows=windows)
    before = breach_set(check(registrations(base), None, config).breaches)
    after = breach_set(check(registrations(base + extra), None, config).breaches)
    assert before <= after


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows(), st.sampled_from(["rolling", "calendar"]))
def test_a_breach_per_24_hours_is_shown_over_one_real_24_hour_window(entries, windows):
    # Overlapping windows of one episode are one breach; it is shown as the
    # worst of them, never as their union (which spans 30-37 hours).
    found = check(registrations(entries), None, RuleConfig(windows=windows)).breaches
    daily = found.filter(found["rule"].is_in(["RT-NORM-D", "RT-TOT-D"]))
    spans = (daily["end"] - daily["start"]).dt.total_seconds().to_list()
    # A calendar day is 23-25 hours across a change of summer time.
    assert all(0 < span <= 25 * 3600 for span in spans), spans
