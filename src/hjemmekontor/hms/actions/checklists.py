"""Writes for the employee's checklist and the requests they send to their manager."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hjemmekontor.hms.actions.common import real_user
from hjemmekontor.hms.checklist import ANSWERS, POINTS, POINTS_BY_KEY
from hjemmekontor.hms.errors import HmsError
from hjemmekontor.hms.models import Checklist, WorkplaceRequest
from hjemmekontor.organisation.models import Person


@transaction.atomic(durable=True)
def do_save_checklist(
    person: Person, answers: Mapping[str, str], *, now: dt.datetime | None = None
) -> Checklist:
    """Save a complete run through the checklist (every point answered)."""
    missing = [str(point.title) for point in POINTS if point.key not in answers]
    if missing:
        raise HmsError(
            gettext("Svar på alle punktene. Mangler: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    wrong = {key: value for key, value in answers.items() if value not in ANSWERS}
    unknown = set(answers) - set(POINTS_BY_KEY)
    if wrong or unknown:
        raise HmsError(f"Ugyldige svar: {sorted(wrong) + sorted(unknown)}.")
    return Checklist.objects.create(
        person=person, answers=dict(answers), completed_at=now or timezone.now()
    )


@transaction.atomic(durable=True)
def do_send_request(
    person: Person, *, point: str, text: str, now: dt.datetime | None = None
) -> WorkplaceRequest:
    """The employee's own choice to ask their manager for something specific."""
    if point not in POINTS_BY_KEY:
        raise HmsError(f"Ukjent punkt «{point}».")
    if not text.strip():
        raise HmsError(gettext("Skriv hva du trenger, for eksempel «trenger skjerm»."))
    return WorkplaceRequest.objects.create(
        person=person, point=point, text=text.strip()[:1000], created_at=now or timezone.now()
    )


@transaction.atomic(durable=True)
def do_handle_request(
    request: WorkplaceRequest, *, handled_by: Any, note: str = "", now: dt.datetime | None = None
) -> WorkplaceRequest:
    request = WorkplaceRequest.objects.select_for_update().get(pk=request.pk)
    if request.handled_at is not None:
        raise HmsError(gettext("Forespørselen er allerede markert som behandlet."))
    request.handled_at = now or timezone.now()
    request.handled_by = real_user(handled_by)
    request.handled_note = note.strip()
    request.save(update_fields=["handled_at", "handled_by", "handled_note"])
    return request
