"""Written home-office agreements (hjemmekontorforskriften §2) and who is in scope (§1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemmekontor.organisation.models import Person

# §1: a fixed arrangement of about one day a week or more is in scope; less than one
# day a week on average is "sporadisk" (Arbeidstilsynet, heimekontor). Configurable
# because the regulation gives no number (docs/hms.md).
DEFAULT_SCOPE_DAYS_PER_WEEK = Decimal("1")


def scope_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "HMS_SCOPE_DAYS_PER_WEEK", DEFAULT_SCOPE_DAYS_PER_WEEK)))


class AgreementScope(models.Model):
    """How much a person works from home, as set by their manager or the HMS adviser."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="hms_scope")
    days_per_week = models.DecimalField(
        _("hjemmekontordager per uke (fast ordning)"), max_digits=3, decimal_places=1
    )
    only_home = models.BooleanField(_("arbeider bare hjemmefra"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField()

    def in_scope(self) -> bool:
        # §1: sporadic work is outside, unless the employee only works at home.
        return self.only_home or self.days_per_week >= scope_threshold()


class Agreement(models.Model):
    """One version of a person's written agreement. Renewing adds a version; none is deleted."""

    STATUS = [("active", _("Gjeldende")), ("superseded", _("Erstattet")), ("ended", _("Avsluttet"))]

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="hms_agreements")
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    status = models.CharField(max_length=12, choices=STATUS, default="active")
    start_date = models.DateField(_("gjelder fra"))
    # The eight points of §2.
    extent = models.TextField(_("1. Omfang"))
    working_hours = models.TextField(_("2. Arbeidstid"))
    availability = models.TextField(_("3. Tilgjengelighet"))
    temporary = models.BooleanField(_("4. Ordningen er midlertidig"), default=False)
    expected_end = models.DateField(_("4. Forventet varighet (til og med)"), null=True, blank=True)
    change_and_termination = models.TextField(_("5. Endring og opphør, med varslingsfrister"))
    trial_period_none = models.BooleanField(_("6. Ingen prøvetid"), default=False)
    trial_period = models.TextField(_("6. Prøvetid"), blank=True)
    equipment = models.TextField(_("7. Utstyr: eierskap, drift og vedlikehold"))
    confidentiality = models.TextField(
        _("8. Saksbehandling, taushetsplikt og oppbevaring av dokumenter")
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["person__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="hms_agreement_version")
        ]

    def __str__(self) -> str:
        return f"{self.person.name}, versjon {self.version}"

    def is_valid(self, today: dt.date) -> bool:
        """In force today: the current version, started, not ended, not past its end date."""
        if self.status != "active" or self.start_date > today:
            return False
        return not (self.temporary and self.expected_end and self.expected_end < today)
