"""Time registrations and each person's working-time basis.

A registration is an explicit entry made by the employee or imported from the
employer's time system; never anything derived from device or application
activity (forskrift om arbeidsgivers innsyn i e-postkasse mv.,
FOR-2018-07-02-1108). The employer must keep these records (aml. § 10-7).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemmekontor.organisation.models import Person

LOCATION_CHOICES = [
    ("home", _("Hjemme")),
    ("office", _("På arbeidsplassen")),
    ("other", _("Annet sted")),
]
SOURCE_CHOICES = [("manual", _("Registrert av den ansatte")), ("import", _("Importert"))]
# The averaging agreements of aml. § 10-5 (1), (2) and (3).
AVERAGING_CHOICES = [
    ("none", _("Ingen gjennomsnittsberegning")),
    ("individual", _("Skriftlig avtale med arbeidstaker (§ 10-5 (1))")),
    ("tariff", _("Tariffavtale (§ 10-5 (2))")),
    ("arbeidstilsynet", _("Tillatelse fra Arbeidstilsynet (§ 10-5 (3))")),
]


class TimesheetImport(models.Model):
    """An uploaded registrations file between preview and confirmation.

    The valid rows and the problems are stored, so confirming imports exactly
    what the preview showed, and a second confirmation imports nothing.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    total_lines = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)
    imported = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]


class TimeRegistration(models.Model):
    """One period of work: start, end (aware), unpaid break and where it was done."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="time_registrations")
    start = models.DateTimeField("start")
    end = models.DateTimeField("slutt")
    # Null: no break recorded (an incomplete record, reported as RT-REG, aml. § 10-7).
    break_minutes = models.PositiveIntegerField(_("pause (minutter)"), null=True, blank=True)
    location = models.CharField("sted", max_length=10, choices=LOCATION_CHOICES)
    source = models.CharField(max_length=10, choices=SOURCE_CHOICES, default="manual")
    batch = models.ForeignKey(
        TimesheetImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "start"]
        indexes = [models.Index(fields=["person", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="registration_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.start:%Y-%m-%d %H:%M}"


class WorkingTimeBasis(models.Model):
    """What the employer has agreed with this person (see hjemmekontor.worktime.basis).

    People without a basis get the statutory defaults: 8 h a day, 40 h a week,
    no averaging agreement, not tariff-bound, no evening agreement, not exempt.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="worktime_basis")
    normal_hours_day = models.DecimalField(
        _("alminnelig arbeidstid per dag (timer)"), max_digits=4, decimal_places=2, default=8
    )
    normal_hours_week = models.DecimalField(
        _("alminnelig arbeidstid per uke (timer)"), max_digits=4, decimal_places=2, default=40
    )
    normal_start = models.TimeField(_("vanlig arbeidsdag begynner"), default="08:00")
    averaging = models.CharField(
        "gjennomsnittsberegning", max_length=16, choices=AVERAGING_CHOICES, default="none"
    )
    tariff_bound = models.BooleanField(_("arbeidsgiver er bundet av tariffavtale"), default=False)
    evening_agreement = models.BooleanField(
        _("skriftlig avtale om kveldsarbeid til kl. 23 (§ 10-11 (3))"), default=False
    )
    exempt = models.BooleanField(
        _("unntatt etter § 10-12 (ledende eller særlig uavhengig stilling)"), default=False
    )

    def __str__(self) -> str:
        return f"Arbeidstidsgrunnlag for {self.person}"
