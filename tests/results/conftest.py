"""A closed round in the persona organisation, with enough answers to show results.

    Demo AS (root)
    ├── Økonomi (unit A)   manager_a, representative + 24 others: 26 respondents
    │   └── Lønn (unit A1) employee + 8 others: 8 respondents (comments need 10)
    │                      of whom 6 women and 2 men (so a gender filter is too small)
    └── IT (unit B)        manager_b + 18 others: 18 respondents

Answers are drawn from a seeded generator and stored with ``Response.objects
.bulk_create`` (the stored form ``do_submit_response`` writes), so that the
tests pay for no questionnaire cleaning. The round closes in the past; in
``closed`` the background worker has computed its results (the way the product
does: the first view queues the job, the worker runs it), in ``closed_waiting``
nobody has asked for them yet.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from tests.conftest import Org, round_spec

from hjemmekontor.jobs.worker import run_queued
from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.results.pending import ResultsPending, require_results
from hjemmekontor.surveys.actions import do_create_round
from hjemmekontor.surveys.models import Invitation, Response, Round

HO = ["never", "less_than_monthly", "monthly", "1_day_week", "2_days_week", "3_4_days_week"]
AFTER = ["daily", "several_times_week", "weekly", "monthly", "less_often", "never"]


def employee_answers(rng: random.Random, comment: str | None) -> dict[str, Any]:
    ho = rng.choice(HO)
    answers: dict[str, Any] = {
        "can_work_home": rng.choice(["yes", "yes", "partly"]),
        "ho_freq": ho,
        "share_time_home": rng.randint(0, 80),
        "ho_place": rng.choice([["own_home"], ["own_home", "cabin"]]),
        "written_agreement": rng.choice(["yes", "no", "dont_know"]),
        "wish_freq": rng.choice(HO),
        "after_hours_freq": rng.choice(AFTER),
        "expected_availability": rng.randint(1, 5),
        "control_working_time": rng.randint(1, 5),
        "sick_days": rng.randint(0, 12),
        "productivity_home": rng.choice(["lower", "same", "higher", "much_higher"]),
        "children_under_12": rng.choice(["yes", "no"]),
        "digital_meeting_hours": rng.randint(0, 20),
        "back_to_back": rng.randint(1, 5),
        "meeting_engagement": rng.randint(1, 5),
        "informal_contact": rng.randint(1, 5),
        "equip_chair": rng.choice(["yes", "no"]),
        "equip_screen": rng.choice(["yes", "no"]),
        "equip_desk": rng.choice(["yes", "no"]),
        "knows_safety_rep": rng.choice(["yes", "no"]),
    }
    for i in range(1, 8):
        answers[f"cbi_{i}"] = rng.randint(1, 5)
    for name, count in (("meaning", 2), ("wlc", 4), ("community", 3)):
        for i in range(1, count + 1):
            answers[f"{name}_{i}"] = rng.randint(1, 5)
    if comment:
        answers["comment"] = comment
    return answers


@dataclass
class Closed:
    round: Round
    org: Org
    comments: dict[str, list[str]]


def _people(unit: Unit, count: int, prefix: str, genders: list[str]) -> None:
    for i in range(count):
        Person.objects.create(
            name=f"{prefix} {i}",
            employee_number=f"{prefix}-{i}",
            unit=unit,
            gender=genders[i % len(genders)],
            birth_year=1960 + (i * 7) % 40,
        )


def make_closed_round(org: Org, name: str, opens: dt.datetime, seed: int) -> tuple[Round, dict]:
    survey_round = do_create_round(
        round_spec(org, name=name, opens_at=opens, closes_at=opens + dt.timedelta(days=14)),
        now=opens,
    )
    rng = random.Random(seed)
    comments: dict[str, list[str]] = {}
    responses = []
    skip = {"E-ansatt"}  # the employee persona has not answered (their link stays open)
    invitations = Invitation.objects.filter(round=survey_round, kind="employee").select_related(
        "person", "unit"
    )
    for invitation in invitations:
        assert invitation.person is not None
        if invitation.person.employee_number in skip:
            continue
        text = f"Kommentar {invitation.unit.code} {len(comments.get(invitation.unit.code, []))}"
        comments.setdefault(invitation.unit.code, []).append(text)
        responses.append(
            Response(
                round=survey_round,
                kind="employee",
                instrument=survey_round.employee_instrument,
                submitted_on=opens.date(),
                unit=invitation.unit,
                gender=invitation.gender,
                age_group=invitation.age_group,
                is_manager=invitation.is_manager,
                answers=employee_answers(rng, text),
            )
        )
    Response.objects.bulk_create(responses)
    invitations.exclude(person__employee_number__in=skip).update(answered=True)
    return survey_round, comments


@pytest.fixture
def populated(
    org: Org, employee: Person, manager_a: Person, manager_b: Person, representative: Person
) -> Org:
    _people(org.unit_a, 24, "OKO", ["female", "male"])
    _people(org.unit_a1, 8, "LONN", ["female", "female", "female", "male"])
    _people(org.unit_b, 18, "IT", ["female", "male", "male"])
    return org


@pytest.fixture
def closed_waiting(populated: Org) -> Closed:
    opens = timezone.now() - dt.timedelta(days=60)
    survey_round, comments = make_closed_round(populated, "Runde 2", opens, seed=7)
    return Closed(survey_round, populated, comments)


@pytest.fixture
def closed(closed_waiting: Closed) -> Closed:
    with pytest.raises(ResultsPending):
        require_results(closed_waiting.round)
    assert run_queued() == 1
    return closed_waiting


@pytest.fixture
def two_rounds(populated: Org) -> tuple[Round, Round]:
    now = timezone.now()
    first, _ = make_closed_round(populated, "Runde 1", now - dt.timedelta(days=400), seed=1)
    second, _ = make_closed_round(populated, "Runde 2", now - dt.timedelta(days=60), seed=2)
    return first, second
