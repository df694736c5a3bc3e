"""The employee's own home-workplace checklist and the requests they choose to send.

Answers belong to the employee: no view shows a checklist to anyone else, and
aggregates are published only from at least k completed checklists.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemmekontor.hms.checklist import POINTS_BY_KEY, as_read
from hjemmekontor.organisation.models import Person

ANSWER_CHOICES = [("ok", _("OK")), ("partly", _("Delvis")), ("not_ok", _("Ikke OK"))]


class Checklist(models.Model):
    """One completed run through the checklist; the latest per person counts."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="hms_checklists")
    answers = models.JSONField(default=dict)
    completed_at = models.DateTimeField()

    class Meta:
        ordering = ["-completed_at", "-pk"]


class WorkplaceRequest(models.Model):
    """A specific request the employee sends to their manager, e.g. "trenger skjerm".

    It is addressed by the person, not by a unit: when the person moves, the request
    goes to the manager of their new unit.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="hms_requests")
    point = models.CharField("punkt", max_length=32)
    text = models.TextField(_("forespørsel"))
    created_at = models.DateTimeField()
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_note = models.TextField("svar", blank=True)

    class Meta:
        ordering = ["handled_at", "-created_at"]

    @property
    def display_text(self) -> str:
        """The request in the reader's language when it is the point's suggestion, unchanged."""
        point = POINTS_BY_KEY.get(self.point)
        return as_read(point.request_hint, self.text) if point else self.text
