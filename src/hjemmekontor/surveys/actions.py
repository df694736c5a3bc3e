"""Writes to survey rounds. Views validate input; these functions own the transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.surveys.links import answer_url
from hjemmekontor.surveys.models import Draft, Invitation, Response, Round

OSLO = ZoneInfo("Europe/Oslo")


class SurveyError(Exception):
    """A request that cannot be carried out; the message is shown to the user."""


class AlreadyAnswered(SurveyError):
    pass


class RoundNotOpen(SurveyError):
    pass


@dataclass(frozen=True)
class RoundSpec:
    name: str
    employee_instrument: str
    manager_instrument: str
    representative_instrument: str
    unit_ids: list[int]
    opens_at: dt.datetime
    closes_at: dt.datetime


def _population(unit_ids: Iterable[int]) -> list[Person]:
    tree = UnitTree()
    included: set[int] = set()
    for unit_id in unit_ids:
        included.update(tree.subtree(unit_id))
    return list(Person.objects.filter(active=True, unit_id__in=included).order_by("pk"))


@transaction.atomic(durable=True)
def do_create_round(
    spec: RoundSpec, *, created_by: Any = None, now: dt.datetime | None = None
) -> Round:
    """Create a round and snapshot its population as invitations.

    Everyone gets the employee questionnaire; managers also the manager
    questionnaire and representatives theirs (if the round has them).

    `now` is when the snapshot counts as taken (default: the current time). Only the
    demo loader (`hjemmekontor.demo`) passes it: it back-fills rounds of past years
    through this same action, so that the demo exercises the code the web app runs,
    and a snapshot stamped today would contradict the round's own dates. Age groups
    are those of the year the round opens, whatever `now` is.
    """
    if spec.closes_at <= spec.opens_at:
        raise SurveyError("Sluttidspunktet må være etter starttidspunktet.")
    if not spec.unit_ids:
        raise SurveyError("Velg minst én enhet.")
    survey_round = Round.objects.create(
        name=spec.name,
        employee_instrument=spec.employee_instrument,
        manager_instrument=spec.manager_instrument,
        representative_instrument=spec.representative_instrument,
        opens_at=spec.opens_at,
        closes_at=spec.closes_at,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        snapshot_taken_at=now or timezone.now(),
    )
    survey_round.units.set(Unit.objects.filter(pk__in=spec.unit_ids))
    year = spec.opens_at.astimezone(OSLO).year
    invitations = []
    for person in _population(spec.unit_ids):
        kinds = ["employee"]
        if person.is_manager and spec.manager_instrument:
            kinds.append("manager")
        if person.representative_role and spec.representative_instrument:
            kinds.append("representative")
        for kind in kinds:
            invitations.append(
                Invitation(
                    round=survey_round,
                    person=person,
                    kind=kind,
                    email=person.email or "",
                    unit_id=person.unit_id,
                    gender=person.gender,
                    age_group=person.current_age_group(year),
                    is_manager=person.is_manager,
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    return survey_round


def _send(invitations: list[Invitation], template: str, subject: str) -> int:
    """One e-mail per person listing all their links; returns the number of e-mails sent."""
    by_email: dict[str, list[Invitation]] = defaultdict(list)
    for invitation in invitations:
        if invitation.email:
            by_email[invitation.email].append(invitation)
    messages = []
    with translation.override("nb"):
        for email, items in by_email.items():
            first = items[0]
            body = render_to_string(
                template,
                {
                    "round": first.round,
                    "name": first.person.name if first.person else "",
                    "links": [(inv.get_kind_display(), answer_url(inv.public_id)) for inv in items],
                    "organisation_name": settings.ORGANISATION_NAME,
                    "anonymity_k": settings.ANONYMITY_K,
                    "privacy_url": settings.BASE_URL + "/personvern/",
                    "closes": first.round.effective_close.astimezone(OSLO),
                },
            )
            messages.append(EmailMessage(subject=subject, body=body, to=[email]))
    if not messages:
        return 0
    connection = get_connection()
    return connection.send_messages(messages) or 0


def do_send_invitations(survey_round: Round) -> int:
    """E-mail every invitation not yet sent. Returns e-mails sent."""
    if survey_round.status() == "closed":
        raise RoundNotOpen("Runden er stengt; invitasjoner kan ikke sendes.")
    pending = list(
        survey_round.invitations.filter(sent_at__isnull=True)
        .exclude(email="")
        .select_related("person", "round")
    )
    sent = _send(pending, "surveys/email/invitation.txt", f"Invitasjon: {survey_round.name}")
    now = timezone.now()
    with transaction.atomic(durable=True):
        Invitation.objects.filter(pk__in=[inv.pk for inv in pending]).update(sent_at=now)
    return sent


def do_send_reminders(survey_round: Round) -> int:
    """Remind only those who have not answered. Returns e-mails sent."""
    if not survey_round.is_open():
        raise RoundNotOpen("Påminnelser kan bare sendes mens runden er åpen.")
    pending = list(
        survey_round.invitations.filter(answered=False)
        .exclude(email="")
        .select_related("person", "round")
    )
    sent = _send(pending, "surveys/email/reminder.txt", f"Påminnelse: {survey_round.name}")
    now = timezone.now()
    with transaction.atomic(durable=True):
        for invitation in pending:
            Invitation.objects.filter(pk=invitation.pk).update(
                reminded_at=now, reminder_count=invitation.reminder_count + 1
            )
        survey_round.invitations.filter(
            pk__in=[i.pk for i in pending], sent_at__isnull=True
        ).update(sent_at=now)
    return sent


@transaction.atomic(durable=True)
def do_close_round(survey_round: Round) -> None:
    """Close now. Unsent drafts are deleted: they are linked to people."""
    now = timezone.now()
    if survey_round.status(now) == "closed":
        raise SurveyError("Runden er allerede stengt.")
    survey_round.closed_early_at = max(now, survey_round.opens_at)
    survey_round.save(update_fields=["closed_early_at"])
    Draft.objects.filter(invitation__round=survey_round).delete()
    # The results are computed once, after the close is committed (their own
    # durable transaction); a failure there never undoes the close, and the
    # results page computes them on first view instead.
    from hjemmekontor.results.compute import compute_after_close

    transaction.on_commit(lambda: compute_after_close(survey_round.pk))


@transaction.atomic(durable=True)
def do_extend_round(survey_round: Round, closes_at: dt.datetime) -> None:
    if closes_at <= timezone.now():
        raise SurveyError("Ny sluttid må ligge fram i tid.")
    if closes_at <= survey_round.opens_at:
        raise SurveyError("Ny sluttid må være etter starttidspunktet.")
    survey_round.closes_at = closes_at
    survey_round.closed_early_at = None
    survey_round.save(update_fields=["closes_at", "closed_early_at"])


@transaction.atomic(durable=True)
def do_save_draft(invitation: Invitation, answers: Mapping[str, Any]) -> None:
    """Merge a page's cleaned answers into the invitation's draft."""
    if invitation.answered:
        raise AlreadyAnswered("Du har allerede sendt inn svarene dine.")
    draft, _ = Draft.objects.select_for_update().get_or_create(invitation=invitation)
    merged = dict(draft.answers)
    for key, value in answers.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    draft.answers = merged
    draft.save(update_fields=["answers", "updated_at"])


def do_submit_response(
    invitation: Invitation, answers: Mapping[str, Any], *, now: dt.datetime | None = None
) -> Response:
    """Store the answers anonymously and mark the invitation answered, atomically.

    The conditional UPDATE is the guard against double submits: of any number of
    concurrent submits on one link exactly one changes the row, on SQLite and on
    PostgreSQL alike (READ COMMITTED re-checks the WHERE after the lock).

    `now` (default: the current time) is the moment of submission, used both for
    the open check and for `submitted_on`. Views never pass it. The demo loader
    (`hjemmekontor.demo`) does, to back-fill the answers of past rounds on their
    own dates through this same action instead of writing `Response` rows around it.
    """
    survey_round = invitation.round
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        if not survey_round.is_open(now):
            raise RoundNotOpen("Runden er ikke åpen.")
        claimed = Invitation.objects.filter(pk=invitation.pk, answered=False).update(answered=True)
        if claimed != 1:
            raise AlreadyAnswered("Du har allerede sendt inn svarene dine.")
        response = Response.objects.create(
            round=survey_round,
            kind=invitation.kind,
            instrument=survey_round.instrument_key(invitation.kind),
            submitted_on=now.astimezone(OSLO).date(),
            unit_id=invitation.unit_id,
            gender=invitation.gender,
            age_group=invitation.age_group,
            is_manager=invitation.is_manager,
            answers=dict(answers),
        )
        Draft.objects.filter(invitation_id=invitation.pk).delete()
    return response
