"""The demo's registrations: made through the actions, plausible, with a few breaches."""

from __future__ import annotations

import datetime as dt

import pytest

from hjemmekontor.timesheets.checking import Period, breaches_for
from hjemmekontor.timesheets.demo import WEEKS, load_demo_timesheets
from hjemmekontor.timesheets.localtime import OSLO
from hjemmekontor.timesheets.models import TimeRegistration, WorkingTimeBasis
from tests.timesheets.conftest import colleagues

pytestmark = pytest.mark.django_db


def test_the_demo_gives_everyone_eight_weeks_with_evening_work_at_home_and_some_breaches(org):
    people = colleagues(org.unit_a1, 20) + colleagues(org.unit_b, 20)
    today = dt.date(2026, 3, 20)
    added = load_demo_timesheets(2026, today=today)
    stored = TimeRegistration.objects.all()
    assert added == stored.count() > 40 * 5 * WEEKS * 0.8
    assert set(stored.values_list("person_id", flat=True)) == {p.pk for p in people}
    first = today - dt.timedelta(weeks=WEEKS)
    assert min(r.start.date() for r in stored) >= first - dt.timedelta(days=1)
    assert max(r.end.date() for r in stored) < today + dt.timedelta(days=1)
    evenings = [r for r in stored if r.start.astimezone(OSLO).hour >= 20]
    assert evenings and {r.location for r in evenings} == {"home"}
    rules = {b.rule for b in breaches_for(None, Period(first, today))}
    assert "RT-NIGHT" in rules
    # Those with a written evening agreement (§ 10-11 (3)) have it in their basis.
    agreed = set(
        WorkingTimeBasis.objects.filter(evening_agreement=True).values_list("person_id", flat=True)
    )
    assert agreed <= {r.person_id for r in evenings}
    # The same seed again adds nothing: every registration would overlap itself.
    assert load_demo_timesheets(2026, today=today) == 0
