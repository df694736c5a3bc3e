"""Writes to survey rounds. Views validate input; these functions own the transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import smtplib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.surveys import residue
from hjemmekontor.surveys.drafts import DraftKey, UnreadableDraft
from hjemmekontor.surveys.links import answer_url
from hjemmekontor.surveys.models import Draft, Invitation, Response, Round

OSLO = ZoneInfo("Europe/Oslo")
logger = logging.getLogger(__name__)


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
    # Times (aware) at which the worker reminds those who have not answered.
    planned_reminders: tuple[dt.datetime, ...] = ()


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
        raise SurveyError(gettext("Sluttidspunktet må være etter starttidspunktet."))
    if not spec.unit_ids:
        raise SurveyError(gettext("Velg minst én enhet."))
    if any(not spec.opens_at < when < spec.closes_at for when in spec.planned_reminders):
        raise SurveyError(gettext("En påminnelse må sendes mens runden er åpen."))
    survey_round = Round.objects.create(
        name=spec.name,
        employee_instrument=spec.employee_instrument,
        manager_instrument=spec.manager_instrument,
        representative_instrument=spec.representative_instrument,
        opens_at=spec.opens_at,
        closes_at=spec.closes_at,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        snapshot_taken_at=now or timezone.now(),
        planned_reminders=[when.astimezone(dt.UTC).isoformat() for when in spec.planned_reminders],
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


# Called as e-mails go out: progress(sent, total).
Progress = Callable[[int, int], None]


def _message_id(survey_round: Round, email: str, purpose: str) -> str:
    """The same Message-ID every time this e-mail is sent.

    A worker killed between sending an e-mail and committing that it was sent sends
    it again when the job resumes; with the same Message-ID the copy is the same
    message to mail systems (and replaces its own file in the mail folder). Keyed
    with the secret key, so the id says nothing about who or which round.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{survey_round.pk}:{email.lower()}:{purpose}".encode(),
        hashlib.sha256,
    ).hexdigest()[:40]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "hjemmekontor.local"
    return f"<{digest}@{domain}>"


def _message(items: list[Invitation], template: str, subject: str, purpose: str) -> EmailMessage:
    first = items[0]
    # The recipient's own language is unknown: the organisation's written
    # standard (HJEMMEKONTOR_LANGUAGE), as for the access e-mail.
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext(subject) % {"name": first.round.name}
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
    return EmailMessage(
        subject=subject,
        body=body,
        to=[first.email],
        headers={"Message-ID": _message_id(first.round, first.email, purpose)},
    )


class _Pace:
    """Keeps to HJEMMEKONTOR_EMAIL_PER_MINUTE (many relays limit senders)."""

    def __init__(self) -> None:
        per_minute = int(settings.EMAIL_PER_MINUTE)
        self.gap = 60.0 / per_minute if per_minute else 0.0
        self.next = time.monotonic()

    def wait(self) -> None:
        if not self.gap:
            return
        self.next += self.gap
        delay = self.next - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def _deliver(
    pending: QuerySet[Invitation],
    template: str,
    subject: str,
    purpose: str,
    mark: Callable[[list[int]], None],
    progress: Progress | None,
) -> int:
    """One e-mail per address listing all its links, each committed as it is sent.

    `mark(pks)` records the invitations of one e-mail as sent, in its own
    transaction, right after the mail backend accepted it: a worker killed in the
    middle leaves everything sent so far recorded, and the job resumes with the
    rest. Addresses are read in batches, so 10,000 invitations never sit in memory.
    Returns the number of e-mails sent.
    """
    addresses = list(
        pending.exclude(email="").order_by("email").values_list("email", flat=True).distinct()
    )
    total = len(addresses)
    if progress is not None:
        progress(0, total)
    if not addresses:
        return 0
    sent = 0
    pace = _Pace()
    connection = get_connection()
    connection.open()
    try:
        for start in range(0, total, BATCH):
            batch = addresses[start : start + BATCH]
            groups: dict[str, list[Invitation]] = defaultdict(list)
            for invitation in (
                pending.filter(email__in=batch).select_related("person", "round").order_by("pk")
            ):
                groups[invitation.email].append(invitation)
            for position, email in enumerate(batch, start=start + 1):
                items = groups.get(email)
                if items:
                    try:
                        connection.send_messages([_message(items, template, subject, purpose)])
                    except smtplib.SMTPRecipientsRefused:
                        # One bad address must not stop everyone else's e-mail; it
                        # stays unsent (and visible as such on the round page).
                        logger.warning("E-postadressen ble avvist av e-posttjeneren.")
                    else:
                        mark([inv.pk for inv in items])
                        sent += 1
                        pace.wait()
                if progress is not None:
                    progress(position, total)
    finally:
        connection.close()
    return sent


# Addresses read and sent per batch.
BATCH = 200


def do_send_invitations(survey_round: Round, *, progress: Progress | None = None) -> int:
    """E-mail every invitation not yet sent. Returns e-mails sent.

    Runs in a background job (hjemmekontor.jobs); safe to run again after a crash:
    only invitations whose e-mail was not recorded as sent are sent.
    """
    if survey_round.status() == "closed":
        raise RoundNotOpen("Runden er stengt; invitasjoner kan ikke sendes.")

    def mark(pks: list[int]) -> None:
        Invitation.objects.filter(pk__in=pks, sent_at__isnull=True).update(sent_at=timezone.now())

    return _deliver(
        survey_round.invitations.filter(sent_at__isnull=True),
        "surveys/email/invitation.txt",
        gettext_noop("Invitasjon: %(name)s"),
        "invitation",
        mark,
        progress,
    )


def next_reminder_wave(survey_round: Round) -> int:
    """The number of the next reminder round (1 for the first)."""
    highest = survey_round.invitations.aggregate(highest=Max("reminder_count"))["highest"]
    return int(highest or 0) + 1


def do_send_reminders(
    survey_round: Round, *, wave: int | None = None, progress: Progress | None = None
) -> int:
    """Remind only those who have not answered. Returns e-mails sent.

    `wave` numbers the reminder (1 for the first); an invitation already reminded
    in this wave is not reminded again, so a job resumed after a crash goes on
    where it stopped.
    """
    if not survey_round.is_open():
        raise RoundNotOpen("Påminnelser kan bare sendes mens runden er åpen.")
    wave = wave or next_reminder_wave(survey_round)

    def mark(pks: list[int]) -> None:
        now = timezone.now()
        with transaction.atomic(durable=True):
            Invitation.objects.filter(pk__in=pks).update(reminded_at=now, reminder_count=wave)
            Invitation.objects.filter(pk__in=pks, sent_at__isnull=True).update(sent_at=now)

    return _deliver(
        survey_round.invitations.filter(answered=False, reminder_count__lt=wave),
        "surveys/email/reminder.txt",
        gettext_noop("Påminnelse: %(name)s"),
        f"reminder-{wave}",
        mark,
        progress,
    )


@transaction.atomic(durable=True)
def do_close_round(survey_round: Round, *, closed_by: Any = None) -> None:
    """Close now and queue the computation of the results.

    Unsent drafts are deleted: they are linked to people. The responses are
    rewritten in random order with new ids, so that their order in the database
    says nothing about who answered when (surveys/residue.py).
    """
    now = timezone.now()
    if survey_round.status(now) == "closed":
        raise SurveyError(gettext("Runden er allerede stengt."))
    survey_round.closed_early_at = max(now, survey_round.opens_at)
    survey_round.save(update_fields=["closed_early_at"])
    residue.clear_round(survey_round)
    # The results are computed once, by a background worker; the job is queued in
    # this transaction, so a committed close always has its computation queued.
    from hjemmekontor.jobs.actions import do_enqueue_job

    do_enqueue_job("compute_results", survey_round=survey_round, requested_by=closed_by)


@transaction.atomic(durable=True)
def do_extend_round(survey_round: Round, closes_at: dt.datetime) -> None:
    if closes_at <= timezone.now():
        raise SurveyError(gettext("Ny sluttid må ligge fram i tid."))
    if closes_at <= survey_round.opens_at:
        raise SurveyError(gettext("Ny sluttid må være etter starttidspunktet."))
    survey_round.closes_at = closes_at
    survey_round.closed_early_at = None
    survey_round.save(update_fields=["closes_at", "closed_early_at"])


@transaction.atomic(durable=True)
def do_save_draft(invitation: Invitation, key: DraftKey, answers: Mapping[str, Any]) -> None:
    """Merge a page's cleaned answers into the draft of the link holding `key`.

    The draft is opened and sealed again here, in the request that carries the
    link; the key is never stored. Another link of the same invitation has its
    own draft, which this one can neither read nor overwrite.
    """
    if invitation.answered:
        raise AlreadyAnswered("Du har allerede sendt inn svarene dine.")
    if key.public_id != invitation.public_id:
        raise ValueError("The key belongs to another invitation.")
    draft, _created = Draft.objects.select_for_update().get_or_create(
        invitation=invitation, key_id=key.key_id, defaults={"sealed": key.seal({})}
    )
    try:
        merged = key.open(draft.sealed)
    except UnreadableDraft:
        # Only an altered row gets here; it is unreadable to everyone, so start anew.
        merged = {}
    for name, value in answers.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    draft.sealed = key.seal(merged)
    draft.save(update_fields=["sealed"])


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
        # The deleted draft's bytes are zeroed (secure_delete); older copies of its
        # page stay in SQLite's WAL until a checkpoint, right beside the response.
        residue.checkpoint_after_commit()
    return response
