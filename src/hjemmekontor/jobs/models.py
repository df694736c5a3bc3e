"""The status row of a background job: what people see, and the lock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmekontor.surveys.models import Round

ACTIVE = ("queued", "running")

KIND_CHOICES = [
    ("compute_results", _("Beregne resultater")),
    ("send_invitations", _("Sende invitasjoner")),
    ("send_reminders", _("Sende påminnelser")),
    ("hms_reminders", _("Sende HMS-påminnelser")),
    ("import_people", _("Importere personer")),
]

STATUS_CHOICES = [
    ("queued", _("I kø")),
    ("running", _("Kjører")),
    ("done", _("Ferdig")),
    ("failed", _("Feilet")),
]


class Job(models.Model):
    """One piece of background work and how far it has come.

    `key` names what the job works on (``compute_results:12``); at most one job per
    key is queued or running at a time, whoever asks, on SQLite and PostgreSQL alike
    (a partial unique index). A running job's worker writes `heartbeat_at` every few
    seconds; a job whose heartbeat stops (the worker was killed) is queued again by
    the next worker's sweep, and its work resumes where the committed state says.
    """

    kind = models.CharField(max_length=32, choices=KIND_CHOICES)
    key = models.CharField(max_length=120)
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default="queued")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    # What the job produced, for people (counts), and why it failed (shown to the admin).
    outcome = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bakgrunnsjobb")
        verbose_name_plural = _("bakgrunnsjobber")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(status__in=ACTIVE),
                name="one_active_job_per_key",
            )
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE
