"""The read-only API: the same figures as the pages for the same person, never
more; no access without a valid key; a limit per key and minute; keys shown once.

Personas and the closed round are those of tests/results/conftest.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone

from hjemmekontor.api.models import ApiToken
from hjemmekontor.api.tokens import do_create_token, do_revoke_token
from hjemmekontor.audit.models import AuditEntry
from hjemmekontor.hms.actions.plans import do_create_action
from hjemmekontor.jobs.models import Job
from hjemmekontor.results.comparison import heatmap
from hjemmekontor.results.pages import unit_view
from tests.conftest import login
from tests.results.conftest import Closed

pytestmark = pytest.mark.django_db

PERSONAS = ["employee", "manager_a", "manager_b", "representative", "admin"]


def _users(closed: Closed) -> dict[str, Any]:
    users = get_user_model().objects
    return {
        "employee": users.get(username="ansatt"),
        "manager_a": users.get(username="leder_a"),
        "manager_b": users.get(username="leder_b"),
        "representative": users.get(username="verneombud"),
        "admin": users.get(username="hms"),
    }


def _get(secret: str | None, path: str) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return Client().get(path, **headers)


def _without_comment_order(data: dict[str, Any]) -> dict[str, Any]:
    # The page and the API both show comments in a fresh random order.
    comments = data.get("comments")
    if comments:
        data = {**data, "comments": {**comments, "texts": sorted(comments["texts"])}}
    return data


def _hidden_figures_carry_no_value(data: Any) -> int:
    """Count hidden figures, and fail if one of them still carries a number."""
    found = 0
    if isinstance(data, dict):
        if data.get("suppressed") is True and "estimate" in data:
            assert data["estimate"] is None and data["ci_low"] is None, data
            found += 1
        for value in data.values():
            found += _hidden_figures_carry_no_value(value)
    elif isinstance(data, list):
        for value in data:
            found += _hidden_figures_carry_no_value(value)
    return found


@pytest.fixture
def keys(closed: Closed, admin_user: Any) -> dict[str, str]:
    return {name: do_create_token(user, "test")[1] for name, user in _users(closed).items()}


def test_every_persona_reads_exactly_what_their_results_pages_show(
    closed: Closed, keys: dict[str, str], admin_user: Any
) -> None:
    r, org = closed.round, closed.org
    users = _users(closed)
    units = {
        "organisation": None,
        "root": org.root,
        "unit_a": org.unit_a,
        "unit_a1": org.unit_a1,
        "unit_b": org.unit_b,
    }
    hidden = 0
    for persona in PERSONAS:
        page_client = login(users[persona])
        for name, unit in units.items():
            suffix = f"/{unit.pk}" if unit else ""
            response = _get(keys[persona], f"/api/rounds/{r.pk}/results{suffix}")
            page = page_client.get(
                f"/resultater/{r.pk}/enhet/{unit.pk}/" if unit else f"/resultater/{r.pk}/"
            )
            assert response.status_code == page.status_code, (persona, name)
            if response.status_code == 200:
                expected = unit_view(r, unit, viewer=users[persona]).to_dict()
                got = response.json()
                assert _without_comment_order(got) == _without_comment_order(expected)
                hidden += _hidden_figures_carry_no_value(got)
        grid = _get(keys[persona], f"/api/rounds/{r.pk}/heatmap")
        page = page_client.get(f"/resultater/{r.pk}/sammenlign/")
        assert grid.status_code == page.status_code, persona
        if grid.status_code == 200:
            assert grid.json() == heatmap(r, users[persona]).to_dict()
    # The round has small groups: the comparison above covered hidden figures.
    assert hidden > 0


def test_a_filter_shows_the_same_groups_as_the_page_and_two_filters_are_refused(
    closed: Closed, keys: dict[str, str]
) -> None:
    r, unit = closed.round, closed.org.unit_a
    users = _users(closed)
    got = _get(keys["manager_a"], f"/api/rounds/{r.pk}/results/{unit.pk}?gender=female")
    assert got.status_code == 200
    expected = unit_view(r, unit, filters={"gender": "female"}, viewer=users["manager_a"])
    assert got.json() == expected.to_dict()
    both = _get(
        keys["manager_a"], f"/api/rounds/{r.pk}/results/{unit.pk}?gender=female&is_manager=true"
    )
    assert both.status_code == 400
    assert "Bare ett filter om gangen" in both.json()["detail"]


def test_response_rates_list_only_the_units_in_scope_hidden_as_on_the_pages(
    closed: Closed, keys: dict[str, str]
) -> None:
    r, org = closed.round, closed.org
    users = _users(closed)
    rows = _get(keys["manager_b"], f"/api/rounds/{r.pk}/response-rates").json()
    assert rows["count"] == 2
    assert [row["unit_code"] for row in rows["items"]] == [None, "IT"]
    for row in rows["items"]:
        unit = org.unit_b if row["unit_code"] == "IT" else None
        page = unit_view(r, unit, viewer=users["manager_b"])
        assert row["response_rate"] == page.to_dict()["response_rate"]
    everything = _get(keys["admin"], f"/api/rounds/{r.pk}/response-rates").json()
    assert everything["count"] == 5


def test_a_round_still_being_computed_answers_409_and_queues_the_job(
    closed_waiting: Closed, admin_user: Any
) -> None:
    _token, secret = do_create_token(admin_user, "bi")
    response = _get(secret, f"/api/rounds/{closed_waiting.round.pk}/results")
    assert response.status_code == 409
    assert response["Retry-After"] == "10"
    assert Job.objects.filter(kind="compute_results", round=closed_waiting.round).exists()


def test_no_valid_key_no_data(closed: Closed, keys: dict[str, str], admin_user: Any) -> None:
    path = f"/api/rounds/{closed.round.pk}/results"
    assert _get(keys["admin"], path).status_code == 200
    refused = _get(None, path)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert _get("hk_" + "x" * 43, path).status_code == 401
    assert _get(keys["admin"][:-1], path).status_code == 401
    # A logged-in browser's session is not a key.
    assert login(admin_user).get(path).status_code == 401
    token = ApiToken.objects.get(user=admin_user)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert _get(keys["admin"], path).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(1))
    assert _get(keys["admin"], path).status_code == 200
    do_revoke_token(token, admin_user)
    assert _get(keys["admin"], path).status_code == 401
    manager = get_user_model().objects.get(username="leder_b")
    manager.is_active = False
    manager.save()
    assert _get(keys["manager_b"], path).status_code == 401


def test_a_key_answers_429_once_its_requests_for_the_minute_are_used(
    closed: Closed, admin_user: Any
) -> None:
    _token, secret = do_create_token(admin_user, "bi")
    with override_settings(API_REQUESTS_PER_MINUTE=3):
        codes = [_get(secret, "/api/rounds").status_code for _ in range(4)]
        other = do_create_token(admin_user, "other")[1]
        assert _get(other, "/api/rounds").status_code == 200
    if codes[-1] == 200:
        # The minute turned during the loop; the next four fit in one window.
        with override_settings(API_REQUESTS_PER_MINUTE=3):
            codes = [_get(secret, "/api/rounds").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429
    with override_settings(API_REQUESTS_PER_MINUTE=3):
        limited = _get(secret, "/api/rounds")
    assert 0 < int(limited["Retry-After"]) <= 60


def test_hms_actions_follow_the_action_plans_scope_page_by_page(
    closed: Closed, keys: dict[str, str]
) -> None:
    org = closed.org
    people = {p.user.username: p for p in closed.org.unit_a.people.exclude(user=None)}
    manager_a = people["leder_a"]
    manager_b = org.unit_b.people.get(user__username="leder_b")
    today = timezone.localdate()
    for number in range(3):
        do_create_action(
            unit=org.unit_a,
            problem=f"Støy {number}",
            description="Hodetelefoner",
            responsible=manager_a,
            due_date=today - dt.timedelta(days=1),
            # Planned ten days ago, so that it is overdue now.
            now=timezone.now() - dt.timedelta(days=10),
        )
    do_create_action(
        unit=org.unit_b,
        problem="Skjerm",
        description="Ny skjerm",
        responsible=manager_b,
        due_date=today + dt.timedelta(days=30),
        status="done",
    )
    seen_b = _get(keys["manager_b"], "/api/hms/actions").json()
    assert [item["problem"] for item in seen_b["items"]] == ["Skjerm"]
    seen_a = _get(keys["manager_a"], "/api/hms/actions?page_size=2").json()
    assert seen_a["count"] == 3 and len(seen_a["items"]) == 2
    assert all(
        item["overdue"] and item["unit_path"].endswith("Økonomi") for item in seen_a["items"]
    )
    everything = _get(keys["admin"], "/api/hms/actions?status=open").json()
    assert everything["count"] == 3
    assert _get(keys["admin"], f"/api/hms/actions?unit_id={org.unit_b.pk}").json()["count"] == 1
    assert _get(keys["admin"], "/api/hms/actions?status=late").status_code == 400


def test_the_openapi_document_describes_every_endpoint() -> None:
    document = Client().get("/api/openapi.json").json()
    assert set(document["paths"]) == {
        "/api/rounds",
        "/api/rounds/{round_id}/response-rates",
        "/api/rounds/{round_id}/results",
        "/api/rounds/{round_id}/results/{unit_id}",
        "/api/rounds/{round_id}/heatmap",
        "/api/hms/actions",
    }
    schemas = document["components"]["schemas"]
    assert {"UnitView", "Figure", "Heatmap", "ActionOut", "RoundOut"} <= set(schemas)
    for methods in document["paths"].values():
        assert list(methods) == ["get"]
        assert methods["get"]["security"] == [{"KeyAuth": []}]


def test_a_key_is_shown_once_stored_as_a_digest_and_revoked_by_its_owner_or_the_admin(
    closed: Closed, admin_user: Any
) -> None:
    users = _users(closed)
    client = login(users["manager_a"])
    created = client.post("/api-nokler/", {"name": "Power BI"})
    assert created.status_code == 200
    assert created["Cache-Control"].startswith("max-age=0")
    secret = created.context["secret"]
    assert secret.startswith("hk_") and secret in created.content.decode()
    token = ApiToken.objects.get(user=users["manager_a"])
    assert secret not in {token.digest, token.prefix, token.name}
    assert secret not in client.get("/api-nokler/").content.decode()
    assert AuditEntry.objects.filter(action="api-token-created", target="leder_a").exists()
    assert _get(secret, "/api/rounds").status_code == 200
    # Someone else's key: not theirs to revoke.
    other = login(users["manager_b"])
    revoke = f"/api-nokler/{token.pk}/trekk-tilbake/"
    assert other.post(revoke, {"confirm": "yes"}).status_code == 403
    # Unconfirmed, nothing happens; the admin may revoke anyone's key.
    login(admin_user).post(revoke)
    assert _get(secret, "/api/rounds").status_code == 200
    assert "leder_a" in login(admin_user).get("/api-nokler/").content.decode()
    login(admin_user).post(revoke, {"confirm": "yes"})
    assert _get(secret, "/api/rounds").status_code == 401
    assert AuditEntry.objects.filter(action="api-token-revoked", actor_name="hms").exists()
