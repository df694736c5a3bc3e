"""The standard set of home-office hazards a new risk assessment starts from.

From Arbeidstilsynet's risk factors for home office (ergonomics; isolation and the
psychosocial environment, new hires; working time) and hjemmekontorforskriften §2
(availability, confidentiality and document storage).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StandardHazard:
    key: str
    # Lazy: in the reader's language (a stored copy is shown by checklist.as_read).
    title: str | Promise
    # Checklist points whose aggregates are evidence for this hazard.
    checklist_points: tuple[str, ...]


STANDARD_HAZARDS: list[StandardHazard] = [
    StandardHazard(
        "ergonomics",
        _("Ergonomisk belastning (stol, bord, skjerm, lys)"),
        ("chair", "desk", "screen", "lighting", "breaks"),
    ),
    StandardHazard("isolation", _("Isolasjon og ensomhet"), ("contact",)),
    StandardHazard(
        "after_hours", _("Arbeid utenom normal arbeidstid og for lite hvile"), ("working_time",)
    ),
    StandardHazard("availability", _("Uklare forventninger om tilgjengelighet"), ("working_time",)),
    StandardHazard("knowledge_sharing", _("Tap av uformell kunnskapsdeling"), ("contact",)),
    StandardHazard("onboarding", _("Opplæring og inkludering av nyansatte"), ("contact",)),
    StandardHazard("security", _("Informasjonssikkerhet og taushetsplikt"), ("security", "noise")),
]
STANDARD_BY_KEY = {hazard.key: hazard for hazard in STANDARD_HAZARDS}
