"""Demo time registrations: about eight weeks for everyone in the demo organisation.

Made-up but plausible: weekdays of 7.5-8.5 hours with a half-hour break, some
days at home according to each person's home-office habit, and - the
flexibility paradox - a minority who go back to work in the evening from home.
A few of those evenings run late enough to break the rules (night work after
21:00 without an agreement, too little rest before the next morning), one or
two people work on a Sunday. Everything goes through the app's actions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils import timezone

from hjemmekontor.organisation.models import Person
from hjemmekontor.timesheets.actions import NewRegistration, do_add_registrations, do_save_basis
from hjemmekontor.timesheets.localtime import resolve

WEEKS = 8
EVENING_SHARE = 0.15  # of people who sometimes work evenings from home
EVENING_AGREEMENT_SHARE = 0.5  # of those, with a written agreement (aml. § 10-11 (3))


def _at(day: dt.date, minutes: int) -> dt.datetime:
    """Aware instant of ``minutes`` after local midnight of ``day`` (may run past midnight)."""
    naive = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(minutes=int(minutes))
    return resolve(naive)


def load_demo_timesheets(seed: int, today: dt.date | None = None) -> int:
    """Create the demo's registrations (and a few working-time bases); returns how many.

    Parameters
    ----------
    seed
        The same seed gives the same registrations (relative to ``today``).
    today
        The last day is the day before; default: today in Europe/Oslo.
    """
    today = today or timezone.localdate()
    rng = np.random.default_rng(seed)
    people = list(Person.objects.filter(active=True).order_by("pk").values_list("pk", flat=True))
    first = today - dt.timedelta(weeks=WEEKS)
    days = [first + dt.timedelta(days=i) for i in range((today - first).days)]
    entries: list[NewRegistration] = []
    with_agreement: list[int] = []
    for pk in people:
        home_days = rng.choice([0, 1, 2, 3], p=[0.3, 0.3, 0.3, 0.1])
        evening_worker = rng.random() < EVENING_SHARE
        if evening_worker and rng.random() < EVENING_AGREEMENT_SHARE:
            with_agreement.append(pk)
        home_weekdays = set(rng.choice(5, size=home_days, replace=False).tolist())
        start_minute = int(rng.integers(7 * 60 + 15, 9 * 60 + 1))
        for day in days:
            weekday = day.weekday()
            if weekday >= 5:
                # A rare Sunday afternoon at home (protected time, aml. § 10-10).
                if weekday == 6 and evening_worker and rng.random() < 0.08:
                    begin = int(rng.integers(13 * 60, 16 * 60))
                    entries.append(
                        NewRegistration(pk, _at(day, begin), _at(day, begin + 120), 0, "home")
                    )
                continue
            if rng.random() < 0.04:  # a day off
                continue
            begin = start_minute + int(rng.integers(-20, 21))
            length = int(rng.integers(450, 511))
            location = "home" if weekday in home_weekdays else "office"
            entries.append(
                NewRegistration(pk, _at(day, begin), _at(day, begin + length), 30, location)
            )
            if evening_worker and rng.random() < 0.35:
                # Back at the laptop after the children are in bed.
                evening = int(rng.integers(20 * 60, 21 * 60 + 31))
                late = rng.random() < 0.2
                stop = evening + int(rng.integers(60, 121)) + (90 if late else 0)
                entries.append(NewRegistration(pk, _at(day, evening), _at(day, stop), 0, "home"))
    for pk in with_agreement:
        do_save_basis(Person.objects.get(pk=pk), {"evening_agreement": True})
    added, _skipped = do_add_registrations(entries, source="manual")
    return added
