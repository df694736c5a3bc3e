"""Writes to action plans (tiltak). Every change leaves an ActionEvent in the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hjemmekontor.hms.actions.common import display_name, local_today, real_user
from hjemmekontor.hms.errors import HmsError
from hjemmekontor.hms.models import Action, ActionEvent
from hjemmekontor.hms.models.plans import HELPED_CHOICES, STATUS_CHOICES
from hjemmekontor.hms.people import safety_representatives_of
from hjemmekontor.organisation.models import Person, Unit

TRACKED = ("problem", "description", "responsible", "due_date", "status", "indicator", "finding")


def _check_due_date(due_date: dt.date, today: dt.date) -> None:
    if due_date < today:
        raise HmsError(
            gettext(
                "Fristen %(due)s er passert. Velg dagens dato (%(today)s) eller en senere dato."
            )
            % {"due": f"{due_date:%d.%m.%Y}", "today": f"{today:%d.%m.%Y}"}
        )


def _check_status(status: str) -> None:
    if status not in dict(STATUS_CHOICES):
        raise HmsError(f"Ukjent status «{status}».")


def _log(
    action: Action,
    kind: str,
    actor: Any,
    at: dt.datetime,
    text: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    ActionEvent.objects.create(
        action=action,
        at=at,
        actor=real_user(actor),
        actor_name=display_name(actor),
        kind=kind,
        text=text,
        changes=changes or {},
    )


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Person):
        return value.name
    return "" if value is None else str(value)


@transaction.atomic(durable=True)
def do_create_action(
    *,
    unit: Unit,
    problem: str,
    description: str,
    responsible: Person,
    due_date: dt.date,
    participants: Iterable[Person] | None = None,
    indicator: str = "",
    finding: str = "",
    status: str = "planned",
    created_by: Any = None,
    now: dt.datetime | None = None,
) -> Action:
    """Add an action to a unit's plan.

    `participants=None` invites the unit's nearest safety representative(s), as
    hjemmekontorforskriften §5 gives them a role in the follow-up. `now` is when the
    action counts as created; only the demo loader back-dates it.
    """
    now = now or timezone.now()
    _check_due_date(due_date, local_today(now))
    _check_status(status)
    if not problem.strip() or not description.strip():
        raise HmsError(gettext("Beskriv både problemet og tiltaket."))
    action = Action.objects.create(
        unit=unit,
        problem=problem.strip(),
        description=description.strip(),
        responsible=responsible,
        due_date=due_date,
        status=status,
        indicator=indicator.strip(),
        finding=finding.strip(),
        created_by=real_user(created_by),
    )
    Action.objects.filter(pk=action.pk).update(created_at=now)
    invited = list(participants) if participants is not None else safety_representatives_of(unit)
    action.participants.set(invited)
    _log(
        action,
        "created",
        created_by,
        now,
        changes={"participants": [p.name for p in invited], "due_date": due_date.isoformat()},
    )
    action.refresh_from_db()
    return action


@transaction.atomic(durable=True)
def do_update_action(
    action: Action,
    *,
    actor: Any,
    participants: Iterable[Person] | None = None,
    now: dt.datetime | None = None,
    **fields: Any,
) -> Action:
    """Change an action; records each changed field as (old, new) in the history."""
    now = now or timezone.now()
    action = Action.objects.select_for_update().get(pk=action.pk)
    unknown = set(fields) - set(TRACKED)
    if unknown:
        raise HmsError(f"Kan ikke endre {', '.join(sorted(unknown))}.")
    if "status" in fields:
        _check_status(fields["status"])
    if "due_date" in fields and fields["due_date"] != action.due_date:
        _check_due_date(fields["due_date"], local_today(now))
    changes: dict[str, list[str]] = {}
    for name, value in fields.items():
        old = getattr(action, name)
        if old != value:
            changes[name] = [_shown(old), _shown(value)]
            setattr(action, name, value)
    if participants is not None:
        before = sorted(p.name for p in action.participants.all())
        after_people = list(participants)
        after = sorted(p.name for p in after_people)
        if before != after:
            changes["participants"] = [", ".join(before), ", ".join(after)]
            action.participants.set(after_people)
    if changes:
        action.save()
        _log(action, "changed", actor, now, changes=changes)
    return action


@transaction.atomic(durable=True)
def do_comment_action(
    action: Action, *, actor: Any, text: str, now: dt.datetime | None = None
) -> None:
    """A comment from someone taking part (manager, safety representative)."""
    if not text.strip():
        raise HmsError(gettext("Kommentaren er tom."))
    _log(action, "comment", actor, now or timezone.now(), text=text.strip())


@transaction.atomic(durable=True)
def do_evaluate_action(
    action: Action,
    *,
    actor: Any,
    helped: str,
    text: str,
    indicator: str = "",
    now: dt.datetime | None = None,
) -> Action:
    """Record whether the action helped, tied to the indicator the next round compares."""
    now = now or timezone.now()
    if helped not in dict(HELPED_CHOICES) or not helped:
        raise HmsError(gettext("Velg om tiltaket hjalp."))
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.evaluation_helped = helped
    action.evaluation_text = text.strip()
    if indicator.strip():
        action.indicator = indicator.strip()
    action.evaluated_at = now
    action.save()
    _log(
        action,
        "evaluated",
        actor,
        now,
        text=text.strip(),
        changes={"helped": helped, "indicator": action.indicator},
    )
    return action
