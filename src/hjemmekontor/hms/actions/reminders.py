"""E-mail reminders for action due dates and agreement end dates.

Idempotent: a ReminderSent row (unique per kind, object and date) is written in
the same transaction as the decision to send, so running the command twice, or
twice a day, sends each reminder once. Moving a due date makes a new one due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hjemmekontor.hms.actions.common import local_today
from hjemmekontor.hms.models import Action, ActionEvent, Agreement, ReminderSent
from hjemmekontor.hms.models.plans import OPEN_STATUSES
from hjemmekontor.hms.people import managers_of
from hjemmekontor.organisation.models import Person

DEFAULT_DAYS_BEFORE = 7


def reminder_days_before() -> int:
    return int(getattr(settings, "HMS_REMINDER_DAYS_BEFORE", DEFAULT_DAYS_BEFORE))


def _emails(people: Iterable[Person]) -> list[str]:
    return sorted({person.email for person in people if person.email and person.active})


def _claim(kind: str, object_id: int, for_date: dt.date, recipients: list[str]) -> bool:
    """Record the reminder; False if it was already sent (or claimed concurrently)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                kind=kind,
                object_id=object_id,
                for_date=for_date,
                sent_at=timezone.now(),
                recipients=recipients,
            )
    except IntegrityError:
        return False
    return True


def _action_messages(
    today: dt.date, days_before: int
) -> list[tuple[str, int, dt.date, EmailMessage]]:
    found = []
    horizon = today + dt.timedelta(days=days_before)
    for action in Action.objects.filter(
        status__in=OPEN_STATUSES, due_date__lte=horizon
    ).select_related("unit", "responsible"):
        kind = "action_due" if action.due_date <= today else "action_before"
        recipients = _emails([action.responsible]) or _emails(managers_of(action.unit))
        if not recipients:
            continue
        subject = (
            gettext("Frist i dag eller passert: %(description)s")
            % {"description": action.description[:60]}
            if kind == "action_due"
            else gettext("Frist %(due_date)s: %(description)s")
            % {"due_date": f"{action.due_date:%d.%m.%Y}", "description": action.description[:60]}
        )
        body = render_to_string(
            "hms/email/action_reminder.txt",
            {
                "action": action,
                "due": kind == "action_due",
                "url": settings.BASE_URL + reverse("hms:action-detail", args=[action.pk]),
                "organisation_name": settings.ORGANISATION_NAME,
            },
        )
        found.append((kind, action.pk, action.due_date, EmailMessage(subject, body, to=recipients)))
    return found


def _agreement_messages(
    today: dt.date, days_before: int
) -> list[tuple[str, int, dt.date, EmailMessage]]:
    found = []
    horizon = today + dt.timedelta(days=days_before)
    for agreement in Agreement.objects.filter(
        status="active", temporary=True, expected_end__lte=horizon
    ).select_related("person", "person__unit"):
        assert agreement.expected_end is not None  # filtered above
        kind = "agreement_expired" if agreement.expected_end < today else "agreement_before"
        person = agreement.person
        recipients = _emails([person, *managers_of(person.unit, exclude=person)])
        if not recipients:
            continue
        body = render_to_string(
            "hms/email/agreement_reminder.txt",
            {
                "agreement": agreement,
                "expired": kind == "agreement_expired",
                "url": settings.BASE_URL + reverse("hms:agreement-detail", args=[agreement.pk]),
                "organisation_name": settings.ORGANISATION_NAME,
            },
        )
        subject = gettext("Hjemmekontoravtale for %(name)s utløper %(end)s") % {
            "name": person.name,
            "end": f"{agreement.expected_end:%d.%m.%Y}",
        }
        found.append(
            (kind, agreement.pk, agreement.expected_end, EmailMessage(subject, body, to=recipients))
        )
    return found


def do_send_hms_reminders(today: dt.date | None = None, days_before: int | None = None) -> int:
    """Send the reminders that are due and not yet sent. Returns e-mails sent.

    Actions: `days_before` days before the due date ("action_before") and from the
    due date on ("action_due"). Temporary agreements: before and after their end.
    """
    today = today or local_today()
    days = reminder_days_before() if days_before is None else days_before
    candidates = _action_messages(today, days) + _agreement_messages(today, days)
    to_send: list[EmailMessage] = []
    now = timezone.now()
    with transaction.atomic(durable=True):
        for kind, object_id, for_date, message in candidates:
            if not _claim(kind, object_id, for_date, list(message.to)):
                continue
            to_send.append(message)
            if kind.startswith("action"):
                ActionEvent.objects.create(
                    action_id=object_id,
                    at=now,
                    actor_name="System",
                    kind="reminded",
                    text=f"Påminnelse sendt til {', '.join(message.to)}.",
                )
        # Sending inside the transaction: if the mail server refuses, nothing is
        # recorded as sent and the next run tries again.
        if to_send:
            get_connection().send_messages(to_send)
    return len(to_send)
