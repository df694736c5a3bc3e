"""Survey rounds, invitations, drafts and anonymous responses.

The anonymity promise is built into the schema: `Response` has no link to an
invitation or person, a random primary key, the submission *date* only and no
other ordering; `Invitation` knows only *whether* its person answered.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmekontor.organisation.models import AGE_GROUP_CHOICES, GENDER_CHOICES, Person, Unit

KIND_CHOICES = [
    ("employee", _("Ansatt")),
    ("manager", _("Leder")),
    ("representative", _("Verneombud/tillitsvalgt")),
]


class Round(models.Model):
    """A survey round: instrument versions + a population snapshot + a period."""

    name = models.CharField(_("navn"), max_length=200)
    employee_instrument = models.CharField(_("ansattskjema"), max_length=64)
    manager_instrument = models.CharField(_("lederskjema"), max_length=64, blank=True)
    representative_instrument = models.CharField(
        _("skjema for verneombud og tillitsvalgte"), max_length=64, blank=True
    )
    units = models.ManyToManyField(Unit, verbose_name=_("enheter"), related_name="rounds")
    opens_at = models.DateTimeField(_("åpner"))
    closes_at = models.DateTimeField(_("stenger"))
    closed_early_at = models.DateTimeField(null=True, blank=True)
    snapshot_taken_at = models.DateTimeField(null=True, blank=True)
    # ISO times (UTC) at which the worker reminds those who have not answered.
    planned_reminders = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("runde")
        verbose_name_plural = _("runder")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_close(self):
        return self.closed_early_at or self.closes_at

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return "scheduled"
        if now >= self.effective_close:
            return "closed"
        return "open"

    def is_open(self, now=None) -> bool:
        return self.status(now) == "open"

    def instrument_key(self, kind: str) -> str:
        return {
            "employee": self.employee_instrument,
            "manager": self.manager_instrument,
            "representative": self.representative_instrument,
        }[kind]


class Invitation(models.Model):
    """One person's invitation to one questionnaire of a round.

    The background fields are the population snapshot taken when the round was
    set up; the response copies them, never the person.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    # Public part of the personal link; the link also carries an HMAC of it, so a
    # copy of the database alone cannot be used to answer on someone's behalf.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    gender = models.CharField(max_length=10, choices=GENDER_CHOICES, blank=True)
    age_group = models.CharField(max_length=8, choices=AGE_GROUP_CHOICES, blank=True)
    is_manager = models.BooleanField(default=False)
    # Whether the person answered (for reminders) but not when: a timestamp here
    # could be matched against the order of stored responses.
    answered = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "kind"], name="one_invitation_per_kind"
            )
        ]
        indexes = [models.Index(fields=["round", "answered"])]


class LetterCode(models.Model):
    """The one-time code on a printed letter, for people without e-mail.

    Typed at /kode/, it opens the invitation once (``surveys.codes``). Only an
    HMAC of the code is stored, under a key derived from SECRET_KEY, so a copy
    of the database cannot be used to answer. Whether it was used is kept, not
    when: a time here could be matched against the stored responses.
    """

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="letter_code"
    )
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)


class CodeAttempts(models.Model):
    """Wrong codes typed from one address in the current window (``surveys.codes``).

    The address is kept only as a keyed digest, and only for wrong codes: a
    right code leaves nothing here that could tie an address to an invitation.
    """

    key = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)


class Draft(models.Model):
    """Answers saved as the respondent goes, so that a closed browser loses nothing.

    Sealed under a key that only the answer link carries (`surveys.drafts`): the
    row is ciphertext to anyone without the link. One row per link that saved
    (`key_id` names the link's key, not the person). Deleted in the same
    transaction as the submission (and when a round closes).
    """

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="drafts")
    key_id = models.CharField(max_length=32)
    sealed = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "key_id"], name="one_draft_per_link")
        ]


class Response(models.Model):
    """A submitted questionnaire. Deliberately unlinkable to its invitation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    instrument = models.CharField(max_length=64)
    submitted_on = models.DateField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    gender = models.CharField(max_length=10, blank=True)
    age_group = models.CharField(max_length=8, blank=True)
    is_manager = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)

    class Meta:
        # The random id: any listing order carries no information about who or when.
        ordering = ["id"]
        indexes = [models.Index(fields=["round", "kind"])]
