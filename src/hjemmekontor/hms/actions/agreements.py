"""Writes to the home-office agreement register (hjemmekontorforskriften §§1–2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hjemmekontor.hms.actions.common import real_user
from hjemmekontor.hms.errors import HmsError
from hjemmekontor.hms.models import Agreement, AgreementScope
from hjemmekontor.organisation.models import Person

# Headings of the eight points of §2, in the order of the regulation; the form, the
# page and the PDF all use these.
# The points of the regulation (forskrift om arbeid i arbeidstakers hjem § 2),
# in the page's language (lazy: read when a page or PDF is rendered).
POINT_HEADINGS = {
    "extent": _("1. Omfanget av hjemmearbeidet"),
    "working_hours": _("2. Arbeidstid"),
    "availability": _("3. Tilgjengelighet"),
    "duration": _("4. Forventet varighet (midlertidig ordning)"),
    "change_and_termination": _("5. Endring og opphør, med varslingsfrister"),
    "trial_period": _("6. Prøvetid"),
    "equipment": _("7. Utstyr: eierskap, drift og vedlikehold"),
    "confidentiality": _("8. Saksbehandling, taushetsplikt og oppbevaring av dokumenter"),
}
_REQUIRED_TEXT = (
    "extent",
    "working_hours",
    "availability",
    "change_and_termination",
    "equipment",
    "confidentiality",
)


@dataclass(frozen=True)
class AgreementTerms:
    """The content of an agreement: the eight points of §2 and its start."""

    start_date: dt.date
    extent: str
    working_hours: str
    availability: str
    change_and_termination: str
    equipment: str
    confidentiality: str
    temporary: bool = False
    expected_end: dt.date | None = None
    trial_period_none: bool = False
    trial_period: str = ""

    def problems(self) -> dict[str, str]:
        """Point → what is missing; empty when the agreement covers every point of §2."""
        found: dict[str, str] = {}
        for name in _REQUIRED_TEXT:
            if not str(getattr(self, name)).strip():
                found[name] = gettext(
                    "«%(heading)s» må fylles ut (hjemmekontorforskriften § 2)."
                ) % {"heading": POINT_HEADINGS[name]}
        if self.temporary and self.expected_end is None:
            found["duration"] = gettext(
                "En midlertidig ordning må ha forventet sluttdato (§ 2 nr. 4)."
            )
        if self.temporary and self.expected_end and self.expected_end < self.start_date:
            found["duration"] = gettext("Sluttdatoen %(end)s er før startdatoen %(start)s.") % {
                "end": f"{self.expected_end:%d.%m.%Y}",
                "start": f"{self.start_date:%d.%m.%Y}",
            }
        if self.trial_period_none == bool(self.trial_period.strip()):
            found["trial_period"] = (
                gettext(
                    "Beskriv prøvetiden, eller kryss av for «ingen prøvetid» (§ 2 nr. 6) – ikke begge."
                )
                if self.trial_period_none
                else gettext("Beskriv prøvetiden, eller kryss av for «ingen prøvetid» (§ 2 nr. 6).")
            )
        return found


@transaction.atomic(durable=True)
def do_set_scope(
    person: Person,
    *,
    days_per_week: Decimal,
    only_home: bool = False,
    set_by: Any = None,
    now: dt.datetime | None = None,
) -> AgreementScope:
    """Record how much the person works from home (decides whether §2 applies)."""
    if days_per_week < 0 or days_per_week > 7:
        raise HmsError(
            gettext("Dager per uke må være mellom 0 og 7, ikke %(days)s.") % {"days": days_per_week}
        )
    scope, _created = AgreementScope.objects.update_or_create(
        person=person,
        defaults={
            "days_per_week": days_per_week,
            "only_home": only_home,
            "set_by": real_user(set_by),
            "set_at": now or timezone.now(),
        },
    )
    return scope


@transaction.atomic(durable=True)
def do_create_agreement(
    person: Person,
    terms: AgreementTerms,
    *,
    created_by: Any = None,
    now: dt.datetime | None = None,
) -> Agreement:
    """Write a new agreement, or renew: the current version is kept as "superseded"."""
    problems = terms.problems()
    if problems:
        raise HmsError(" ".join(problems.values()))
    current = (
        Agreement.objects.select_for_update().filter(person=person).order_by("-version").first()
    )
    values = {field.name: getattr(terms, field.name) for field in fields(terms)}
    if not values["temporary"]:
        values["expected_end"] = None
    if values["trial_period_none"]:
        values["trial_period"] = ""
    agreement = Agreement.objects.create(
        person=person,
        version=(current.version + 1) if current else 1,
        previous=current,
        created_at=now or timezone.now(),
        created_by=real_user(created_by),
        **values,
    )
    if current is not None and current.status == "active":
        current.status = "superseded"
        current.save(update_fields=["status"])
    return agreement


@transaction.atomic(durable=True)
def do_end_agreement(
    agreement: Agreement, *, ended_on: dt.date, reason: str = "", ended_by: Any = None
) -> Agreement:
    """End the arrangement; the agreement stays in the register as "ended"."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != "active":
        raise HmsError(
            gettext("Versjon %(version)s er ikke gjeldende (%(status)s) og kan ikke avsluttes.")
            % {"version": agreement.version, "status": agreement.get_status_display()}
        )
    if ended_on < agreement.start_date:
        raise HmsError(
            gettext("Sluttdatoen %(end)s er før avtalen startet (%(start)s).")
            % {"end": f"{ended_on:%d.%m.%Y}", "start": f"{agreement.start_date:%d.%m.%Y}"}
        )
    agreement.status = "ended"
    agreement.ended_on = ended_on
    agreement.end_reason = reason.strip()
    agreement.save(update_fields=["status", "ended_on", "end_reason"])
    return agreement
