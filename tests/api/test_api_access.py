"""Every API URL and every API-key page against every persona, with a key and
without one. The list comes from the URL configuration: a new API URL that is not
in EXPECTED fails here."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hjemmekontor.api.tokens import do_create_token
from hjemmekontor.organisation.models import Person
from tests.results.conftest import Closed
from tests.surveys.test_access_matrix import all_urls

pytestmark = pytest.mark.django_db

PERSONAS = ["employee", "manager_a", "manager_b", "representative", "admin"]
EVERYONE = dict.fromkeys(PERSONAS, 200)
# URL name -> (path template, status per persona with their own key).
EXPECTED: dict[str, tuple[str, dict[str, int]]] = {
    "api:rounds": ("/api/rounds", EVERYONE),
    "api:rates": ("/api/rounds/{r}/response-rates", EVERYONE),
    "api:organisation_results": ("/api/rounds/{r}/results", EVERYONE),
    "api:unit_results": (
        "/api/rounds/{r}/results/{b}",
        {**dict.fromkeys(PERSONAS, 403), "manager_b": 200, "admin": 200},
    ),
    "api:heat_map": (
        "/api/rounds/{r}/heatmap",
        {**dict.fromkeys(PERSONAS, 200), "employee": 403, "manager_b": 403},
    ),
    "api:actions": ("/api/hms/actions", EVERYONE),
}
# Without a key every data URL answers 401; these are not data.
OPEN = {"api:openapi-json"}
NOT_FOUND = {"api:api-root"}  # /api/ itself: nothing there, to anyone


def _user(persona: str) -> Any:
    from django.contrib.auth import get_user_model

    names = {
        "employee": "ansatt",
        "manager_a": "leder_a",
        "manager_b": "leder_b",
        "representative": "verneombud",
        "admin": "hms",
    }
    return get_user_model().objects.get(username=names[persona])


def test_every_api_url_answers_each_persona_with_their_own_key_as_their_role_allows(
    closed: Closed, admin_user: Any
) -> None:
    names = {name for name, _route in all_urls() if name.startswith("api:")}
    assert names == set(EXPECTED) | OPEN | NOT_FOUND, "classify the new API URLs here"
    values = {"r": closed.round.pk, "b": closed.org.unit_b.pk}
    keys = {persona: do_create_token(_user(persona), "t")[1] for persona in PERSONAS}
    for name, (template, statuses) in EXPECTED.items():
        path = template.format(**values)
        assert Client().get(path).status_code == 401, name
        for persona, status in statuses.items():
            got = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {keys[persona]}")
            assert got.status_code == status, (name, persona, got.content[:200])
            # Read-only: no method but GET is routed.
            posted = Client().post(path, HTTP_AUTHORIZATION=f"Bearer {keys[persona]}")
            assert posted.status_code == 405, (name, persona)
    assert Client().get("/api/openapi.json").status_code == 200
    assert Client().get("/api/", HTTP_AUTHORIZATION=f"Bearer {keys['admin']}").status_code == 404


def test_a_login_without_a_role_gets_no_key_and_no_data(closed: Closed) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="ingen", password="x" * 12)
    assert not Person.objects.filter(user=user).exists()
    secret = do_create_token(user, "t")[1]
    assert Client().get("/api/rounds", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    client = Client()
    client.force_login(user)
    assert client.get("/api-nokler/").status_code == 403
    assert client.post("/api-nokler/", {"name": "x"}).status_code == 403


def test_the_key_pages_need_a_login(closed: Closed) -> None:
    anonymous = Client()
    assert anonymous.get("/api-nokler/").status_code == 302
    assert anonymous.post("/api-nokler/1/trekk-tilbake/").status_code == 302
