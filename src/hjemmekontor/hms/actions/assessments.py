"""Writes to a unit's risk assessment (internkontrollforskriften §5 nr. 6).

A signed assessment is a record for the internal-control documentation: it is
never changed. Editing it makes a new draft version that must be signed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hjemmekontor.hms.actions.common import display_name, real_user
from hjemmekontor.hms.errors import HmsError
from hjemmekontor.hms.evidence import snapshot_evidence
from hjemmekontor.hms.hazards import STANDARD_HAZARDS
from hjemmekontor.hms.models import Action, Hazard, RiskAssessment
from hjemmekontor.hms.pdf import assessment_pdf
from hjemmekontor.organisation.models import Unit, UnitTree

DEFAULT_PROBABILITY = 3
DEFAULT_CONSEQUENCE = 3


@dataclass(frozen=True)
class HazardChange:
    """New values for one hazard, by its key."""

    key: str
    probability: int
    consequence: int
    assessment_text: str = ""
    action_ids: Sequence[int] = field(default_factory=tuple)


def current_assessment(unit: Unit) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(unit=unit).exclude(status="superseded").first()


@transaction.atomic(durable=True)
def do_start_assessment(
    unit: Unit, *, created_by: Any = None, now: dt.datetime | None = None
) -> RiskAssessment:
    """A first draft, prefilled with the standard hazards at a neutral 3 × 3."""
    if RiskAssessment.objects.select_for_update().filter(unit=unit).exists():
        raise HmsError(
            gettext("«%(unit)s» har allerede en risikovurdering; endre den i stedet.")
            % {"unit": unit.name}
        )
    assessment = RiskAssessment.objects.create(
        unit=unit, version=1, created_at=now or timezone.now(), created_by=real_user(created_by)
    )
    Hazard.objects.bulk_create(
        Hazard(
            assessment=assessment,
            key=standard.key,
            title=str(standard.title),
            probability=DEFAULT_PROBABILITY,
            consequence=DEFAULT_CONSEQUENCE,
            position=position,
        )
        for position, standard in enumerate(STANDARD_HAZARDS)
    )
    return assessment


def _copy(assessment: RiskAssessment, created_by: Any, now: dt.datetime) -> RiskAssessment:
    new = RiskAssessment.objects.create(
        unit=assessment.unit,
        version=assessment.version + 1,
        previous=assessment,
        created_at=now,
        created_by=real_user(created_by),
    )
    for hazard in assessment.hazards.all():
        actions = list(hazard.actions.all())
        hazard.pk = None
        hazard.assessment = new
        hazard.save()
        hazard.actions.set(actions)
    assessment.status = "superseded"
    assessment.save(update_fields=["status"])
    return new


def _check_scale(change: HazardChange) -> None:
    for name, value in (("sannsynlighet", change.probability), ("konsekvens", change.consequence)):
        if not 1 <= value <= 5:
            raise HmsError(f"{name.capitalize()} må være mellom 1 og 5, ikke {value}.")


@transaction.atomic(durable=True)
def do_save_assessment(
    assessment: RiskAssessment,
    changes: Iterable[HazardChange],
    *,
    edited_by: Any = None,
    now: dt.datetime | None = None,
) -> RiskAssessment:
    """Save hazard scores. A signed (or partly signed) assessment gets a new version.

    Returns the assessment that now holds the changes: the same draft, or the new
    version (the old one is kept, marked "superseded").
    """
    now = now or timezone.now()
    assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == "superseded":
        raise HmsError(
            gettext("Versjon %(version)s er erstattet av en nyere versjon; endre den nyeste.")
            % {"version": assessment.version}
        )
    changes = list(changes)
    for change in changes:
        _check_scale(change)
    allowed_actions = set(
        Action.objects.filter(unit_id__in=UnitTree().subtree(assessment.unit_id)).values_list(
            "pk", flat=True
        )
    )
    for change in changes:
        foreign = set(change.action_ids) - allowed_actions
        if foreign:
            raise HmsError(
                gettext(
                    "Bare tiltak i handlingsplanene for enheten og enhetene under den kan kobles til en fare."
                )
            )
    if assessment.manager_signed_at or assessment.representative_signed_at:
        assessment = _copy(assessment, edited_by, now)
    by_key = {hazard.key: hazard for hazard in assessment.hazards.all()}
    for change in changes:
        hazard = by_key.get(change.key)
        if hazard is None:
            raise HmsError(f"Faren «{change.key}» finnes ikke i denne vurderingen.")
        hazard.probability = change.probability
        hazard.consequence = change.consequence
        hazard.assessment_text = change.assessment_text.strip()
        hazard.save()
        hazard.actions.set(change.action_ids)
    return assessment


def do_sign_assessment(
    assessment: RiskAssessment, *, as_role: str, signer: Any, now: dt.datetime | None = None
) -> RiskAssessment:
    """Sign as "manager" or "representative" (verneombud); each signs once.

    The first signature freezes the evidence beside each hazard; when both have
    signed, the assessment is "signed" and its PDF is stored as it was signed.
    """
    frozen = None
    if RiskAssessment.objects.filter(pk=assessment.pk, evidence_snapshot__isnull=True).exists():
        # Read before the signing transaction: the figures come from stored
        # aggregate snapshots, which are brought up to date in a transaction of
        # their own.
        frozen = snapshot_evidence(assessment)
    return _sign(assessment, as_role, signer, now or timezone.now(), frozen)


@transaction.atomic(durable=True)
def _sign(
    assessment: RiskAssessment,
    as_role: str,
    signer: Any,
    now: dt.datetime,
    frozen: dict[str, list[dict[str, Any]]] | None,
) -> RiskAssessment:
    assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == "superseded":
        raise HmsError(gettext("Denne versjonen er erstattet av en nyere; signer den nyeste."))
    if as_role == "manager":
        stamp, name_field, title = "manager_signed_at", "manager_signed_by", "Leder"
    elif as_role == "representative":
        stamp, name_field, title = (
            "representative_signed_at",
            "representative_signed_by",
            "Verneombudet",
        )
    else:
        raise HmsError(f"Ukjent rolle «{as_role}».")
    signed_at = getattr(assessment, stamp)
    if signed_at is not None:
        raise HmsError(
            gettext(
                "%(title)s har allerede signert versjon %(version)s (%(name)s, %(date)s). "
                "Den kan bare signeres én gang."
            )
            % {
                "title": title,
                "version": assessment.version,
                "name": getattr(assessment, name_field),
                "date": f"{timezone.localtime(signed_at):%d.%m.%Y}",
            }
        )
    if assessment.evidence_snapshot is None:
        # The first signature freezes the figures: the second signer signs what
        # the first saw, and later answers change no signed version.
        assessment.evidence_snapshot = frozen if frozen is not None else {}
    setattr(assessment, stamp, now)
    setattr(assessment, name_field, display_name(signer))
    if assessment.manager_signed_at and assessment.representative_signed_at:
        assessment.status = "signed"
        # The document as signed, actions' states and all; served as it is.
        assessment.signed_pdf = assessment_pdf(assessment)
    assessment.save()
    return assessment
