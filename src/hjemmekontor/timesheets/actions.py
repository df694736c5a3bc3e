"""Writes to time registrations and working-time bases.

Views validate input; these functions own the transaction and enforce what
must hold whatever the caller: a registration ends after it starts, its break
is shorter than it, and no two registrations of one person overlap (touching
is fine: one may end when the next starts, as in the worktime library).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hjemmekontor.organisation.models import Person
from hjemmekontor.timesheets.localtime import local
from hjemmekontor.timesheets.models import (
    LOCATION_CHOICES,
    TimeRegistration,
    TimesheetImport,
    WorkingTimeBasis,
)

LOCATIONS = {key for key, _label in LOCATION_CHOICES}


class TimesheetError(Exception):
    """A write that cannot be carried out; the message is shown to the user.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewRegistration:
    """A registration to add; ``line`` names its line in an imported file."""

    person_id: int
    start: dt.datetime
    end: dt.datetime
    break_minutes: int | None
    location: str
    line: int | None = None


def _when(moment: dt.datetime) -> str:
    return f"{local(moment):%d.%m.%Y %H:%M}"


def validate_times(start: dt.datetime, end: dt.datetime, break_minutes: int | None) -> None:
    """Raise :class:`TimesheetError` for a registration that cannot be stored."""
    if start.tzinfo is None or end.tzinfo is None:
        raise TimesheetError(gettext("Tidspunktene mangler tidssone."))
    if end <= start:
        raise TimesheetError(
            gettext("Slutt (%(end)s) må være etter start (%(start)s).")
            % {"end": _when(end), "start": _when(start)},
            "end",
        )
    if break_minutes is not None:
        if break_minutes < 0:
            raise TimesheetError(gettext("Pausen kan ikke være negativ."), "break_minutes")
        if break_minutes * 60 >= (end - start).total_seconds():
            raise TimesheetError(
                gettext("Pausen må være kortere enn registreringen."), "break_minutes"
            )


def _overlap_message(other: TimeRegistration) -> str:
    return gettext(
        "Registreringen overlapper med en annen registrering (%(start)s–%(end)s). "
        "Endre tidene eller rett den andre."
    ) % {"start": _when(other.start), "end": f"{local(other.end):%H:%M}"}


def _lock(person_id: int) -> None:
    # Serialises writes per person so two requests cannot both pass the overlap
    # check (PostgreSQL; SQLite's IMMEDIATE transactions serialise all writes).
    list(Person.objects.select_for_update().filter(pk=person_id).values_list("pk", flat=True))


@transaction.atomic(durable=True)
def do_save_registration(
    person: Person,
    start: dt.datetime,
    end: dt.datetime,
    break_minutes: int | None,
    location: str,
    *,
    registration: TimeRegistration | None = None,
) -> TimeRegistration:
    """Add a registration for ``person``, or change ``registration`` (which must be theirs)."""
    validate_times(start, end, break_minutes)
    if location not in LOCATIONS:
        raise TimesheetError(
            gettext("Velg hvor arbeidet ble gjort: hjemme, på arbeidsplassen eller annet.")
        )
    if registration is not None and registration.person_id != person.pk:
        raise TimesheetError(gettext("Registreringen tilhører en annen person."))
    _lock(person.pk)
    clash = TimeRegistration.objects.filter(person=person, start__lt=end, end__gt=start)
    if registration is not None:
        clash = clash.exclude(pk=registration.pk)
    other = clash.order_by("start").first()
    if other is not None:
        raise TimesheetError(_overlap_message(other), "start")
    if registration is None:
        registration = TimeRegistration(person=person, source="manual")
    registration.start = start
    registration.end = end
    registration.break_minutes = break_minutes
    registration.location = location
    registration.save()
    return registration


@transaction.atomic(durable=True)
def do_delete_registration(registration: TimeRegistration) -> None:
    registration.delete()


def overlap_reasons(entries: Sequence[NewRegistration]) -> dict[int, str]:
    """Index of each entry that overlaps a stored registration or an earlier entry -> reason.

    Entries are taken in order of start; of two that overlap, the later one is refused.
    """
    by_person: dict[int, list[int]] = defaultdict(list)
    for index, entry in enumerate(entries):
        by_person[entry.person_id].append(index)
    refused: dict[int, str] = {}
    for person_id, indexes in by_person.items():
        lo = min(entries[i].start for i in indexes)
        hi = max(entries[i].end for i in indexes)
        stored = list(
            TimeRegistration.objects.filter(person_id=person_id, start__lt=hi, end__gt=lo)
            .order_by("start")
            .values_list("start", "end")
        )
        kept: list[tuple[dt.datetime, dt.datetime, int | None]] = [(s, e, None) for s, e in stored]
        for i in sorted(indexes, key=lambda j: (entries[j].start, entries[j].line or 0)):
            entry = entries[i]
            hit = next((k for k in kept if entry.start < k[1] and entry.end > k[0]), None)
            if hit is None:
                kept.append((entry.start, entry.end, entry.line))
            elif hit[2] is None:
                refused[i] = (
                    f"overlapper med en lagret registrering {_when(hit[0])}–{local(hit[1]):%H:%M}"
                )
            else:
                refused[i] = f"overlapper med linje {hit[2]} i samme fil"
    return refused


@transaction.atomic(durable=True)
def do_add_registrations(
    entries: Sequence[NewRegistration],
    *,
    source: str = "manual",
    batch: TimesheetImport | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """Add many registrations at once; overlapping ones are left out, not merged.

    Returns the number added and, for each entry left out, ``line`` and ``reason``.
    Used by the demo loader; the import's confirmation adds through the same code.
    """
    return _add_registrations(entries, source=source, batch=batch)


def _add_registrations(
    entries: Sequence[NewRegistration],
    *,
    source: str,
    batch: TimesheetImport | None,
) -> tuple[int, list[dict[str, Any]]]:
    for person_id in sorted({entry.person_id for entry in entries}):
        _lock(person_id)
    refused = overlap_reasons(entries)
    new: list[TimeRegistration] = []
    skipped: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        if index in refused:
            skipped.append({"line": entry.line, "reason": refused[index]})
            continue
        validate_times(entry.start, entry.end, entry.break_minutes)
        if entry.location not in LOCATIONS:
            raise TimesheetError(f"ukjent sted {entry.location!r}")
        new.append(
            TimeRegistration(
                person_id=entry.person_id,
                start=entry.start,
                end=entry.end,
                break_minutes=entry.break_minutes,
                location=entry.location,
                source=source,
                batch=batch,
            )
        )
    TimeRegistration.objects.bulk_create(new, batch_size=2000)
    return len(new), skipped


@transaction.atomic(durable=True)
def do_create_timesheet_import(
    filename: str,
    rows: list[dict[str, Any]],
    problems: list[dict[str, Any]],
    total_lines: int,
    created_by: Any = None,
) -> TimesheetImport:
    """Keep a parsed file for its preview (see ``timesheets.importing``)."""
    return TimesheetImport.objects.create(
        filename=filename,
        rows=rows,
        problems=problems,
        total_lines=total_lines,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )


@transaction.atomic(durable=True)
def do_confirm_import(batch: TimesheetImport) -> int:
    """Import the valid rows of a previewed file, once. Returns the number imported.

    The file is locked and marked in the same transaction that adds its rows, so a
    second confirmation (a double click, the back button) raises
    :class:`TimesheetError` and imports nothing. Rows that overlap a registration
    stored since the preview are left out and listed in ``batch.skipped``.
    """
    locked = TimesheetImport.objects.select_for_update().get(pk=batch.pk)
    if locked.applied_at is not None:
        raise TimesheetError(
            gettext("Filen er allerede importert; ingenting ble importert på nytt.")
        )
    entries = [
        NewRegistration(
            person_id=row["person_id"],
            start=dt.datetime.fromisoformat(row["start"]),
            end=dt.datetime.fromisoformat(row["end"]),
            break_minutes=row["break_minutes"],
            location=row["location"],
            line=row["line"],
        )
        for row in locked.rows
    ]
    count, skipped = _add_registrations(entries, source="import", batch=locked)
    locked.applied_at = timezone.now()
    locked.imported = count
    locked.skipped = skipped
    locked.save(update_fields=["applied_at", "imported", "skipped"])
    batch.refresh_from_db()
    return count


BASIS_FIELDS = (
    "normal_hours_day",
    "normal_hours_week",
    "normal_start",
    "averaging",
    "tariff_bound",
    "evening_agreement",
    "exempt",
)


@transaction.atomic(durable=True)
def do_save_basis(person: Person, values: dict[str, Any]) -> WorkingTimeBasis:
    """Set a person's working-time basis; fields not given keep their value."""
    unknown = set(values) - set(BASIS_FIELDS)
    if unknown:
        raise TimesheetError(f"ukjente felt: {', '.join(sorted(unknown))}")
    if values.get("averaging") == "tariff" and not values.get("tariff_bound", False):
        raise TimesheetError(
            gettext(
                "Gjennomsnittsberegning etter tariffavtale krever at arbeidsgiver er bundet av "
                "tariffavtale (aml. § 10-5 (2))."
            )
        )
    for name in ("normal_hours_day", "normal_hours_week"):
        if name in values and not Decimal(0) < Decimal(str(values[name])) <= Decimal(
            24 if name == "normal_hours_day" else 80
        ):
            raise TimesheetError(gettext("Alminnelig arbeidstid må være et positivt antall timer."))
    basis, _created = WorkingTimeBasis.objects.get_or_create(person=person)
    for name, value in values.items():
        setattr(basis, name, value)
    basis.save()
    return basis
