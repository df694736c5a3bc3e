"""HMS fixtures: an AMU member, and one of each HMS record in the persona organisation.

Demo AS
├── Økonomi (A)   manager_a, representative (verneombud)
│   └── Lønn (A1) employee
└── IT (B)        manager_b, amu (AMU member, otherwise an ordinary employee)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hjemmekontor.hms.actions import (
    AgreementTerms,
    do_create_action,
    do_create_agreement,
    do_save_checklist,
    do_send_request,
    do_set_scope,
    do_start_assessment,
)
from hjemmekontor.hms.checklist import POINTS
from hjemmekontor.hms.models import Action, Agreement, Checklist, RiskAssessment, WorkplaceRequest
from hjemmekontor.organisation.models import Person
from tests.conftest import _person_with_login, login


@pytest.fixture
def amu(org: Any) -> Person:
    """Member of the working environment committee: reads all plans, overdue actions and
    the status of all risk assessments; no agreements, no individual checklists."""
    return _person_with_login("amu", org.unit_b, amu_member=True)


@pytest.fixture
def clients(persona_clients: dict[str, Client], amu: Person) -> dict[str, Client]:
    return {**persona_clients, "amu": login(amu.user)}


def terms(**overrides: Any) -> AgreementTerms:
    values: dict[str, Any] = {
        "start_date": timezone.localdate(),
        "extent": "To faste dager per uke, tirsdag og torsdag.",
        "working_hours": "Som på kontoret, kjernetid 09–15.",
        "availability": "Tilgjengelig på telefon og Teams i kjernetiden.",
        "change_and_termination": "Kan endres eller sies opp med fire ukers varsel.",
        "equipment": "Arbeidsgiver eier, drifter og vedlikeholder PC, skjerm og stol.",
        "confidentiality": "Papirdokumenter oppbevares i låsbart skap; ingen utskrift hjemme.",
        "trial_period_none": True,
    }
    values.update(overrides)
    return AgreementTerms(**values)


def all_ok(**overrides: str) -> dict[str, str]:
    answers = {point.key: "ok" for point in POINTS}
    answers.update(overrides)
    return answers


@dataclass
class World:
    action_a: Action
    action_b: Action
    agreement: Agreement
    checklist: Checklist
    request: WorkplaceRequest
    assessment: RiskAssessment


@pytest.fixture
def world(org: Any, employee: Person, manager_a: Person, manager_b: Person,
          representative: Person, amu: Person) -> World:  # fmt: skip
    due = timezone.localdate() + dt.timedelta(days=30)
    action_a = do_create_action(
        unit=org.unit_a1,
        problem="Mange jobber om kvelden.",
        description="Avtale faste stengetider for e-post.",
        responsible=manager_a,
        due_date=due,
        indicator="after_hours_weekly",
        created_by=manager_a.user,
    )
    action_b = do_create_action(
        unit=org.unit_b,
        problem="Lite uformell kontakt.",
        description="Felles lunsj på torsdager.",
        responsible=manager_b,
        due_date=due,
        created_by=manager_b.user,
    )
    do_set_scope(employee, days_per_week=2, set_by=manager_a.user)
    agreement = do_create_agreement(employee, terms(), created_by=manager_a.user)
    checklist = do_save_checklist(employee, all_ok(screen="not_ok"))
    request = do_send_request(employee, point="screen", text="Trenger skjerm")
    assessment = do_start_assessment(org.unit_a, created_by=manager_a.user)
    return World(action_a, action_b, agreement, checklist, request, assessment)
