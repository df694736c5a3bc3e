"""What waits for the signed-in person: "Mine oppgaver" on the start page.

Each role finds its work without knowing where to look: a manager the risk
assessments awaiting their signature, the overdue actions they are responsible
for and the workplace requests from their units; a safety representative the
assessments awaiting theirs; the HMS adviser also the rounds that are open and
can be closed. Only what the person may already open is listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hjemmekontor.accounts.roles import (
    is_admin,
    managed_unit_ids,
    person_for,
    represented_unit_ids,
)
from hjemmekontor.hms.models import Action, RiskAssessment, WorkplaceRequest
from hjemmekontor.hms.models.plans import OPEN_STATUSES
from hjemmekontor.organisation.models import UnitTree
from hjemmekontor.surveys.models import Round

__all__ = ["Duty", "duties_of"]

SHOWN = 10  # links per duty; the count says how many there are in all


@dataclass
class Duty:
    """One kind of work waiting: a heading, how many, and links to the first few."""

    heading: str
    count: int
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    more: str | None = None  # where the whole list is, when there is one


def _assessments(user: Any, person: Any, managed: set[int], tree: UnitTree) -> Duty | None:
    waiting = RiskAssessment.objects.exclude(status="superseded").select_related("unit")
    mine = []
    represented = (
        represented_unit_ids(user, tree)
        if person is not None and person.representative_role in ("safety", "both")
        else set()
    )
    for assessment in waiting.order_by("unit__name"):
        as_manager = assessment.unit_id in managed and assessment.manager_signed_at is None
        as_representative = (
            assessment.unit_id in represented and assessment.representative_signed_at is None
        )
        if as_manager or as_representative:
            mine.append(assessment)
    if not mine:
        return None
    return Duty(
        gettext("Risikovurderinger som venter på din signatur"),
        len(mine),
        [
            (
                f"{a.unit.name}, " + gettext("versjon %(version)s") % {"version": a.version},
                reverse("hms:assessment-detail", args=[a.pk]),
            )
            for a in mine[:SHOWN]
        ],
    )


def _overdue_actions(person: Any) -> Duty | None:
    overdue = list(
        Action.objects.filter(
            responsible=person,
            status__in=OPEN_STATUSES,
            due_date__lt=timezone.localdate(),
        )
        .select_related("unit")
        .order_by("due_date")
    )
    if not overdue:
        return None
    return Duty(
        gettext("Tiltak du har ansvaret for, over fristen"),
        len(overdue),
        [
            (
                f"{a.description[:80]} ({a.unit.name}, "
                + gettext("frist %(date)s") % {"date": f"{a.due_date:%d.%m.%Y}"}
                + ")",
                reverse("hms:action-detail", args=[a.pk]),
            )
            for a in overdue[:SHOWN]
        ],
    )


def _requests(user: Any, person: Any, managed: set[int]) -> Duty | None:
    found = WorkplaceRequest.objects.filter(handled_at__isnull=True)
    if not is_admin(user):
        found = found.filter(person__unit_id__in=managed)
        if person is not None:
            found = found.exclude(person=person)
    count = found.count()
    if not count:
        return None
    return Duty(
        gettext("Forespørsler om hjemmearbeidsplassen som venter på svar"),
        count,
        more=reverse("hms:requests"),
    )


def _open_rounds() -> Duty | None:
    now = timezone.now()
    rounds = [r for r in Round.objects.order_by("closes_at") if r.is_open(now)]
    if not rounds:
        return None
    return Duty(
        gettext("Åpne undersøkelsesrunder (kan stenges fra rundesiden)"),
        len(rounds),
        [(r.name, reverse("surveys:round", args=[r.pk])) for r in rounds[:SHOWN]],
    )


def duties_of(user: Any) -> list[Duty]:
    """The duties waiting for ``user``, most pressing first; empty for none."""
    if not user.is_authenticated:
        return []
    person = person_for(user)
    tree = UnitTree()
    managed = managed_unit_ids(user, tree)
    found = [_assessments(user, person, managed, tree)]
    if person is not None:
        found.append(_overdue_actions(person))
    if is_admin(user) or managed:
        found.append(_requests(user, person, managed))
    if is_admin(user):
        found.append(_open_rounds())
    return [duty for duty in found if duty is not None]
