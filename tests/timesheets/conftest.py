"""Helpers for the working-time tests: registrations written through the app's actions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.timesheets.actions import do_save_registration
from hjemmekontor.timesheets.localtime import parse_local, resolve
from hjemmekontor.timesheets.models import TimeRegistration


def add(
    person: Person, start: str, end: str, break_minutes: int | None = 30, location: str = "office"
) -> TimeRegistration:
    """A registration from two Oslo wall-clock texts (``2026-03-02 08:00``)."""
    begin = resolve(parse_local(start))
    return do_save_registration(
        person, begin, resolve(parse_local(end), after=begin), break_minutes, location
    )


def recent_weekday(weeks_back: int = 2) -> dt.date:
    """A Tuesday some weeks ago: inside the default eight-week period."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday(), weeks=weeks_back)
    return monday + dt.timedelta(days=1)


def long_evening(person: Person, day: dt.date) -> TimeRegistration:
    """08:00-23:30 with half an hour's break: 15 hours, past 21:00 (RT-TOT-D, RT-NIGHT)."""
    return add(person, f"{day} 08:00", f"{day} 23:30", 30, "home")


def colleagues(unit: Unit, count: int) -> list[Person]:
    """People without logins in ``unit``."""
    return [
        Person.objects.create(
            name=f"Kollega {unit.code} {i}", employee_number=f"K-{unit.code}-{i}", unit=unit
        )
        for i in range(count)
    ]
