"""Working-time patterns as evidence in the HMS risk assessment.

The HMS app asks every registered provider (``hms.evidence.register_evidence_provider``)
for evidence beside a hazard. Registered from ``TimesheetsConfig.ready`` when the
HMS app is installed; the figures are the unit's aggregates, suppressed below the
anonymity threshold (see ``aggregates.unit_worktime_evidence``).
"""

from __future__ import annotations

from hjemmekontor.hms.evidence import Evidence, register_evidence_provider
from hjemmekontor.organisation.models import Unit
from hjemmekontor.timesheets.aggregates import unit_worktime_evidence

# "Arbeid utenom normal arbeidstid og for lite hvile" (hms.hazards).
HAZARD = "after_hours"


def worktime_evidence(unit: Unit, hazard_key: str) -> list[Evidence]:
    if hazard_key != HAZARD:
        return []
    return [
        Evidence(
            source="worktime",
            label=item["label"],
            value=item["value"],
            n=item["n"],
            suppressed=item["suppressed"],
        )
        for item in unit_worktime_evidence(unit)
    ]


def register() -> None:
    register_evidence_provider(worktime_evidence)
