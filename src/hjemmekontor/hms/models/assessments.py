"""A unit's risk assessment for home office (internkontrollforskriften §5 nr. 6)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemmekontor.hms.checklist import as_read
from hjemmekontor.hms.hazards import STANDARD_BY_KEY
from hjemmekontor.hms.models.plans import Action
from hjemmekontor.organisation.models import Unit

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskAssessment(models.Model):
    """One version of a unit's assessment. Editing a signed one makes a new version."""

    STATUS = [("draft", _("Utkast")), ("signed", _("Signert")), ("superseded", _("Erstattet"))]

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="hms_assessments")
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    status = models.CharField(max_length=12, choices=STATUS, default="draft")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager_signed_by = models.CharField(max_length=200, blank=True)
    manager_signed_at = models.DateTimeField(null=True, blank=True)
    representative_signed_by = models.CharField(max_length=200, blank=True)
    representative_signed_at = models.DateTimeField(null=True, blank=True)
    # Signed means frozen: the evidence beside each hazard as the first signer saw
    # it ({hazard key: [evidence]}), and the PDF as it was when both had signed.
    # Later checklists or survey rounds change neither; a new version brings in
    # new figures (hms.evidence.assessment_evidence).
    evidence_snapshot = models.JSONField(null=True, blank=True, editable=False)
    signed_pdf = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["unit__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "version"], name="hms_assessment_version")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}, versjon {self.version}"


class Hazard(models.Model):
    """One hazard in an assessment: probability × consequence = risk (1–25)."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="hazards")
    key = models.CharField(max_length=32)
    title = models.CharField("fare", max_length=200)
    probability = models.PositiveSmallIntegerField(_("sannsynlighet (1–5)"), validators=SCALE)
    consequence = models.PositiveSmallIntegerField(_("konsekvens (1–5)"), validators=SCALE)
    assessment_text = models.TextField("vurdering", blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="hazards")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    @property
    def display_title(self) -> str:
        """The title in the reader's language when it is a standard hazard's, unchanged."""
        standard = STANDARD_BY_KEY.get(self.key)
        return as_read(standard.title, self.title) if standard else self.title

    @property
    def risk(self) -> int:
        return self.probability * self.consequence

    @property
    def level(self) -> str:
        # A common 5×5 matrix banding: low 1–5, medium 6–14, high 15–25.
        if self.risk >= 15:
            return str(_("høy"))
        if self.risk >= 6:
            return str(_("middels"))
        return str(_("lav"))
