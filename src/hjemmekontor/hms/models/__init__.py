"""The HMS follow-up's records, one module per domain noun."""

from hjemmekontor.hms.models.agreements import Agreement, AgreementScope
from hjemmekontor.hms.models.assessments import Hazard, RiskAssessment
from hjemmekontor.hms.models.checklists import Checklist, WorkplaceRequest
from hjemmekontor.hms.models.plans import Action, ActionEvent, ReminderSent

__all__ = [
    "Action",
    "ActionEvent",
    "Agreement",
    "AgreementScope",
    "Checklist",
    "Hazard",
    "ReminderSent",
    "RiskAssessment",
    "WorkplaceRequest",
]
