"""Stored registrations through the worktime library: breaches and patterns on demand.

Nothing is precomputed or stored: breaches are checked when a page asks, for a
period (default: the last eight weeks). Rules over long windows need history
before the period, so the engine is given the 52 weeks before it as well
(RT-OT-52W, overtime per 52 weeks, aml. § 10-6 (4); the 26-week averaging of
§ 10-5 (3) fits inside them). A breach is shown when its window touches the
period; breaches that lie wholly in the history are not. Patterns describe the
period alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import QuerySet

from hjemmekontor.organisation.models import Person
from hjemmekontor.timesheets.localtime import OSLO
from hjemmekontor.timesheets.models import TimeRegistration, WorkingTimeBasis
from hjemmekontor.web.language import localized
from hjemmekontor.worktime import RULES, check, patterns

DEFAULT_WEEKS = 8
HISTORY = dt.timedelta(weeks=52)
UNIT_WORDS = {"t": "timer", "min": "minutter", "pauser": "pauser", "dager": "dager", "felt": "felt"}


@dataclass(frozen=True)
class Period:
    """Whole local days from ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date

    @classmethod
    def default(cls, today: dt.date) -> Period:
        """The last eight weeks up to and including ``today``."""
        return cls(today - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1), today)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(0), tzinfo=OSLO)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(0), tzinfo=OSLO)


@dataclass(frozen=True)
class Breach:
    """One breach for the pages: the library's row with the person and rule title."""

    person: Person
    rule: str
    title: str
    section: str
    start: dt.datetime
    end: dt.datetime
    value: float
    limit: float
    unit: str
    message: str

    @property
    def unit_word(self) -> str:
        return UNIT_WORDS.get(self.unit, self.unit)


def registration_frame(registrations: QuerySet[TimeRegistration]) -> pl.DataFrame:
    """The library's input: ``person`` (the Person's pk as text), times in UTC, ``line`` = pk."""
    rows = list(
        registrations.values_list("person_id", "start", "end", "break_minutes", "location", "pk")
    )
    return pl.DataFrame(
        {
            "person": [str(r[0]) for r in rows],
            "start": [r[1] for r in rows],
            "end": [r[2] for r in rows],
            "break_minutes": [r[3] for r in rows],
            "location": [r[4] for r in rows],
            "line": [r[5] for r in rows],
        },
        schema={
            "person": pl.String,
            "start": pl.Datetime("us", "UTC"),
            "end": pl.Datetime("us", "UTC"),
            "break_minutes": pl.Float64,
            "location": pl.String,
            "line": pl.Int64,
        },
    )


def basis_table(person_ids: Iterable[int] | None) -> pl.DataFrame | None:
    """Stored bases as the library's basis frame; people without one get the defaults."""
    bases = WorkingTimeBasis.objects.all()
    if person_ids is not None:
        bases = bases.filter(person_id__in=list(person_ids))
    rows = [
        {
            "person": str(b.person_id),
            "normal_hours_day": float(b.normal_hours_day),
            "normal_hours_week": float(b.normal_hours_week),
            "normal_start": b.normal_start.strftime("%H:%M")
            if isinstance(b.normal_start, dt.time)
            else str(b.normal_start)[:5],
            "averaging": b.averaging,
            "tariff_bound": b.tariff_bound,
            "evening_agreement": b.evening_agreement,
            "exempt": b.exempt,
        }
        for b in bases
    ]
    return pl.DataFrame(rows) if rows else None


def _scoped(person_ids: Iterable[int] | None) -> QuerySet[TimeRegistration]:
    queryset = TimeRegistration.objects.all()
    if person_ids is not None:
        queryset = queryset.filter(person_id__in=list(person_ids))
    return queryset


def breaches_for(person_ids: Iterable[int] | None, period: Period) -> list[Breach]:
    """Breaches of the given people (None: everyone) whose window touches ``period``."""
    ids = None if person_ids is None else list(person_ids)
    history = _scoped(ids).filter(end__gt=period.start - HISTORY, start__lt=period.end)
    frame = registration_frame(history)
    if frame.height == 0:
        return []
    result = check(frame, basis_table(ids))
    table = result.breaches.filter((pl.col("end") > period.start) & (pl.col("start") < period.end))
    people = Person.objects.in_bulk([int(p) for p in table["person"].unique().to_list()])
    found = [
        Breach(
            person=people[int(row["person"])],
            rule=row["rule"],
            title=localized(RULES[row["rule"]], "title"),
            section=row["section"],
            start=row["start"],
            end=row["end"],
            value=row["value"],
            limit=row["limit"],
            unit=row["unit"],
            message=row["message"],
        )
        for row in table.iter_rows(named=True)
    ]
    found.sort(key=lambda b: (b.person.name, b.start, b.rule))
    return found


def person_patterns(person_ids: Iterable[int] | None, period: Period) -> pl.DataFrame:
    """The library's per-person patterns for registrations in ``period``.

    A registration counts when it starts in the period; people without
    registrations have no row.
    """
    ids = None if person_ids is None else list(person_ids)
    inside = _scoped(ids).filter(start__gte=period.start, start__lt=period.end)
    frame = registration_frame(inside)
    if frame.height == 0:
        return pl.DataFrame(schema={"person": pl.String})
    return patterns(frame, basis_table(ids))


def own_patterns(person: Person, period: Period) -> dict[str, Any] | None:
    """One person's patterns as a dict, or None without registrations in the period."""
    table = person_patterns([person.pk], period)
    if table.height == 0:
        return None
    return table.row(0, named=True)
