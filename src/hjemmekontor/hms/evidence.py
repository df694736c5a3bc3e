"""Evidence shown beside a hazard in the risk assessment.

`evidence_for(unit, hazard_key)` asks every registered provider. This module
registers the checklist provider; the results module of a later issue registers
one for survey indicators with `register_evidence_provider`, without changing
this code. Providers must respect the anonymity threshold themselves: they return
only figures that may be shown to everyone who can read the assessment, read
from a stored snapshot (`organisation.snapshots`) so that re-reading the
assessment after one person's change shows nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext

from hjemmekontor.hms.aggregates import checklist_aggregate, percent
from hjemmekontor.hms.checklist import POINTS_BY_KEY
from hjemmekontor.hms.hazards import STANDARD_BY_KEY
from hjemmekontor.organisation.models import Unit

if TYPE_CHECKING:
    from hjemmekontor.hms.models import RiskAssessment


@dataclass(frozen=True)
class Evidence:
    """One figure beside a hazard, e.g. "Skjerm: 40 % ikke OK (n = 8)".

    ``label`` and ``value`` are the text as made; the checklist's evidence also
    keeps its figures (``point``, ``not_ok``, ``partly``; ``reason`` and ``k``
    when hidden), so that :attr:`shown_label` and :attr:`shown_value` write it
    in the reader's language, also from a signed version's snapshot.
    """

    source: str  # "checklist", "survey", …
    label: str
    value: str
    n: int | None = None
    suppressed: bool = False
    point: str = ""
    not_ok: float | None = None
    partly: float | None = None
    reason: str = ""
    k: int | None = None

    @property
    def shown_label(self) -> str:
        if self.source != "checklist":
            return self.label
        if self.point in POINTS_BY_KEY:
            return gettext("Sjekkliste: %(point)s") % {"point": POINTS_BY_KEY[self.point].title}
        if self.reason:
            return gettext("Sjekkliste for hjemmearbeidsplassen")
        return self.label

    @property
    def shown_value(self) -> str:
        if self.source != "checklist":
            return self.value
        if self.point in POINTS_BY_KEY and self.not_ok is not None and self.partly is not None:
            return gettext("%(not_ok)s ikke OK, %(partly)s delvis") % {
                "not_ok": percent(self.not_ok),
                "partly": percent(self.partly),
            }
        if self.reason == "complement":
            return gettext("skjult for å beskytte en mindre gruppe i en annen enhet")
        if self.reason:
            return gettext("færre enn %(k)s har fylt ut sjekklisten") % {"k": self.k}
        return self.value


Provider = Callable[[Unit, str], list[Evidence]]
_PROVIDERS: list[Provider] = []


def register_evidence_provider(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); registering the same one twice is a no-op."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def unregister_evidence_provider(provider: Provider) -> None:
    """Remove a provider (tests, or a module that is switched off)."""
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def evidence_for(unit: Unit, hazard_key: str) -> list[Evidence]:
    """All evidence for a hazard in a unit (its subtree), from every provider."""
    found: list[Evidence] = []
    for provider in _PROVIDERS:
        found.extend(provider(unit, hazard_key))
    return found


def snapshot_evidence(assessment: RiskAssessment) -> dict[str, list[dict[str, Any]]]:
    """The evidence of every hazard of an assessment now, as stored when it is signed."""
    return {
        hazard.key: [asdict(item) for item in evidence_for(assessment.unit, hazard.key)]
        for hazard in assessment.hazards.all()
    }


def assessment_evidence(assessment: RiskAssessment, hazard_key: str) -> list[Evidence]:
    """The evidence to show beside a hazard of this assessment version.

    Once anyone has signed the version, the figures they signed (its snapshot);
    before that, the figures as they are now.
    """
    if assessment.evidence_snapshot is not None:
        return [Evidence(**item) for item in assessment.evidence_snapshot.get(hazard_key, [])]
    return evidence_for(assessment.unit, hazard_key)


@register_evidence_provider
def checklist_evidence(unit: Unit, hazard_key: str) -> list[Evidence]:
    standard = STANDARD_BY_KEY.get(hazard_key)
    if standard is None:
        return []
    aggregate = checklist_aggregate(unit)
    if aggregate.suppressed:
        return [
            Evidence(
                source="checklist",
                label="Sjekkliste for hjemmearbeidsplassen",
                value=(
                    "skjult for å beskytte en mindre gruppe i en annen enhet"
                    if aggregate.reason == "complement"
                    else f"færre enn {aggregate.k} har fylt ut sjekklisten"
                ),
                suppressed=True,
                reason=aggregate.reason or "small_n",
                k=aggregate.k,
            )
        ]
    return [
        Evidence(
            source="checklist",
            label=f"Sjekkliste: {POINTS_BY_KEY[key].title}",
            value=f"{percent(aggregate.not_ok_share[key])} ikke OK, "
            f"{percent(aggregate.partly_share[key])} delvis",
            n=aggregate.n,
            point=key,
            not_ok=aggregate.not_ok_share[key],
            partly=aggregate.partly_share[key],
        )
        for key in standard.checklist_points
    ]
