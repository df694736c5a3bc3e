"""Action plans (tiltak): what a unit does about a finding, and the history of every change."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemmekontor.organisation.models import Person, Unit

STATUS_CHOICES = [
    ("planned", _("Planlagt")),
    ("in_progress", _("Pågår")),
    ("done", _("Gjennomført")),
    ("dropped", _("Droppet")),
]
OPEN_STATUSES = ("planned", "in_progress")
HELPED_CHOICES = [
    ("", _("Ikke evaluert")),
    ("yes", _("Ja, det hjalp")),
    ("partly", _("Delvis")),
    ("no", _("Nei, det hjalp ikke")),
    ("unknown", _("For tidlig å si")),
]


class Action(models.Model):
    """One action (tiltak) in a unit's plan."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="hms_actions")
    problem = models.TextField("problem")
    description = models.TextField("tiltak")
    responsible = models.ForeignKey(
        Person,
        verbose_name="ansvarlig",
        on_delete=models.PROTECT,
        related_name="hms_responsible_for",
    )
    participants = models.ManyToManyField(
        Person, verbose_name="deltakere", blank=True, related_name="hms_participates_in"
    )
    due_date = models.DateField("frist")
    status = models.CharField("status", max_length=12, choices=STATUS_CHOICES, default="planned")
    indicator = models.CharField("indikator", max_length=64, blank=True)
    finding = models.TextField("funn", blank=True)
    evaluation_helped = models.CharField(
        _("hjalp tiltaket?"), max_length=8, choices=HELPED_CHOICES, blank=True
    )
    evaluation_text = models.TextField("evaluering", blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open() and self.due_date < today


class ActionEvent(models.Model):
    """One line of an action's history: who did what, when. Never edited or deleted."""

    KINDS = [
        ("created", _("Opprettet")),
        ("changed", _("Endret")),
        ("comment", _("Kommentar")),
        ("evaluated", _("Evaluert")),
        ("reminded", _("Påminnelse sendt")),
    ]
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the history still says who when an account is deleted.
    actor_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=12, choices=KINDS)
    text = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class ReminderSent(models.Model):
    """A reminder that has gone out; the unique key makes the reminder command idempotent."""

    KINDS = [
        ("action_before", _("Tiltak: frist nærmer seg")),
        ("action_due", _("Tiltak: frist nådd")),
        ("agreement_before", _("Avtale: utløper snart")),
        ("agreement_expired", _("Avtale: utløpt")),
    ]
    kind = models.CharField(max_length=20, choices=KINDS)
    object_id = models.PositiveBigIntegerField()
    # The due or end date reminded of: moving the date makes a new reminder due.
    for_date = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "for_date"], name="hms_reminder_once"
            )
        ]
