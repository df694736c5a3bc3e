"""Shared fixtures. Personas are defined here once, each with what it may see.

The organisation every persona lives in:

    Demo AS (root)
    ├── Økonomi (unit A)        manager_a; representative (verneombud) sits here
    │   └── Lønn (unit A1)      employee
    └── IT (unit B)             manager_b
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from hjemmekontor.instruments import latest_version
from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.surveys.actions import RoundSpec, do_create_round
from hjemmekontor.surveys.drafts import read_draft
from hjemmekontor.surveys.links import parse_link, token_for
from hjemmekontor.surveys.models import Invitation, Round
from tests.browsing import browser, page  # noqa: F401 - fixtures for every test folder

PASSWORD = "correct-horse-battery-staple-42"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Whatever drives a real browser is a browser test, wherever it lives.
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; the product uses it (see test_security.py), the
    # tests that only need logged-in personas do not need to pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def bokmal_by_default() -> Any:
    # Outside a request the active language is whatever the last request left in
    # this thread; every test starts in the product's default language.
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    # Rendered result pages are cached per process; each test starts without them.
    from django.core.cache import cache

    cache.clear()


@dataclass
class Org:
    root: Unit
    unit_a: Unit
    unit_a1: Unit
    unit_b: Unit


@pytest.fixture
def org(db: Any) -> Org:
    root = Unit.objects.create(code="DEMO", name="Demo AS")
    unit_a = Unit.objects.create(code="OKO", name="Økonomi", parent=root)
    unit_a1 = Unit.objects.create(code="LONN", name="Lønn", parent=unit_a)
    unit_b = Unit.objects.create(code="IT", name="IT", parent=root)
    return Org(root, unit_a, unit_a1, unit_b)


def _person_with_login(username: str, unit: Unit, **fields: Any) -> Person:
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@demo.example", password=PASSWORD
    )
    return Person.objects.create(
        name=fields.pop("name", username.title()),
        email=f"{username}@demo.example",
        employee_number=fields.pop("employee_number", f"E-{username}"),
        unit=unit,
        user=user,
        **fields,
    )


@pytest.fixture
def employee(org: Org) -> Person:
    """An ordinary employee in Lønn: sees their own invitations and the start page; no admin pages."""
    return _person_with_login("ansatt", org.unit_a1, gender="female", birth_year=1990)


@pytest.fixture
def manager_a(org: Org) -> Person:
    """Manager of Økonomi (and so of Lønn below it); no admin pages."""
    return _person_with_login(
        "leder_a", org.unit_a, is_manager=True, gender="male", birth_year=1975
    )


@pytest.fixture
def manager_b(org: Org) -> Person:
    """Manager of IT; must never see anything of Økonomi."""
    return _person_with_login(
        "leder_b", org.unit_b, is_manager=True, gender="female", birth_year=1980
    )


@pytest.fixture
def representative(org: Org) -> Person:
    """Safety representative (verneombud) for Økonomi; no admin pages."""
    return _person_with_login(
        "verneombud", org.unit_a, representative_role="safety", gender="male", birth_year=1968
    )


@pytest.fixture
def admin_user(org: Org) -> Any:
    """The HMS adviser: a staff user who may see and do everything administrative."""
    return get_user_model().objects.create_user(username="hms", password=PASSWORD, is_staff=True)


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def persona_clients(
    employee: Person, manager_a: Person, manager_b: Person, representative: Person, admin_user: Any
) -> dict[str, Client]:
    return {
        "anonymous": Client(),
        "employee": login(employee.user),
        "manager_a": login(manager_a.user),
        "manager_b": login(manager_b.user),
        "representative": login(representative.user),
        "admin": login(admin_user),
    }


def aware(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC).astimezone(
        timezone.get_default_timezone()
    )


def round_spec(org: Any, **overrides: Any) -> RoundSpec:
    now = timezone.now()
    values: dict[str, Any] = {
        "name": "Hjemmekontor 2026",
        "employee_instrument": f"employee@{latest_version('employee')}",
        "manager_instrument": f"manager@{latest_version('manager')}",
        "representative_instrument": f"representative@{latest_version('representative')}",
        "unit_ids": [org.root.pk],
        "opens_at": now - dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=13),
    }
    values.update(overrides)
    return RoundSpec(**values)


@pytest.fixture
def open_round(
    org: Any, employee: Person, manager_a: Person, manager_b: Person, representative: Person
) -> Round:
    return do_create_round(round_spec(org))


@pytest.fixture
def employee_token(open_round: Round, employee: Person) -> str:
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    return token_for(invitation.public_id)


def token_of(survey_round: Round, person: Person, kind: str = "employee") -> str:
    invitation = Invitation.objects.get(round=survey_round, person=person, kind=kind)
    return token_for(invitation.public_id)


def draft_answers(token: str) -> dict[str, Any]:
    """The draft saved through this link, opened with the key the link carries."""
    link = parse_link(token)
    assert link is not None and link.draft_key is not None
    invitation = Invitation.objects.get(public_id=link.public_id)
    return read_draft(invitation, link.draft_key)
