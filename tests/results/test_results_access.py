"""Every results URL against every persona (tests/conftest.py says who may see what).

The employee (in Lønn) sees the whole organisation and Lønn; manager_a and the
representative (Økonomi) see the organisation, Økonomi and Lønn; manager_b (IT)
the organisation and IT; the admin everything. Anything else is 403 — also when
the URL is typed by hand.
"""

from __future__ import annotations

import pytest
from django.test import Client
from tests.conftest import round_spec
from tests.results.conftest import Closed

from hjemmekontor.surveys.actions import do_close_round, do_create_round

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "employee", "manager_a", "manager_b", "representative", "admin"]
# page -> personas that get 200; every other logged-in persona gets 403.
EXPECTED = {
    "index": {"employee", "manager_a", "manager_b", "representative", "admin"},
    "organisation": {"employee", "manager_a", "manager_b", "representative", "admin"},
    "root": {"admin"},
    "unit_a": {"manager_a", "representative", "admin"},
    "unit_a1": {"employee", "manager_a", "representative", "admin"},
    "unit_b": {"manager_b", "admin"},
    "heatmap": {"manager_a", "representative", "admin"},
    "unit_a_filtered": {"manager_a", "representative", "admin"},
}


def urls(closed: Closed) -> dict[str, str]:
    r, org = closed.round.pk, closed.org
    return {
        "index": "/resultater/",
        "organisation": f"/resultater/{r}/",
        "root": f"/resultater/{r}/enhet/{org.root.pk}/",
        "unit_a": f"/resultater/{r}/enhet/{org.unit_a.pk}/",
        "unit_a1": f"/resultater/{r}/enhet/{org.unit_a1.pk}/",
        "unit_b": f"/resultater/{r}/enhet/{org.unit_b.pk}/",
        "heatmap": f"/resultater/{r}/sammenlign/",
        "unit_a_filtered": f"/resultater/{r}/enhet/{org.unit_a.pk}/?gender=female",
    }


def test_every_persona_gets_exactly_the_results_pages_their_role_allows(
    closed: Closed, persona_clients: dict[str, Client]
) -> None:
    got: dict[tuple[str, str], int] = {}
    for page, url in urls(closed).items():
        for persona in PERSONAS:
            got[(page, persona)] = persona_clients[persona].get(url).status_code
    expected: dict[tuple[str, str], int] = {}
    for page in EXPECTED:
        for persona in PERSONAS:
            if persona == "anonymous":
                expected[(page, persona)] = 302  # to the login page
            else:
                expected[(page, persona)] = 200 if persona in EXPECTED[page] else 403
    assert got == expected


def test_an_open_round_and_a_missing_round_have_no_results_page(
    closed: Closed, open_round, persona_clients: dict[str, Client]
) -> None:
    admin = persona_clients["admin"]
    assert admin.get(f"/resultater/{open_round.pk}/").status_code == 404
    assert admin.get("/resultater/999999/").status_code == 404
    assert admin.get(f"/resultater/{closed.round.pk}/enhet/999999/").status_code == 404


def test_a_manager_cannot_reach_another_units_figures_through_any_url(
    closed: Closed, persona_clients: dict[str, Client]
) -> None:
    client = persona_clients["manager_b"]
    r, a = closed.round.pk, closed.org.unit_a.pk
    for url in [
        f"/resultater/{r}/enhet/{a}/",
        f"/resultater/{r}/enhet/{a}/?gender=male",
        f"/resultater/{r}/enhet/{closed.org.unit_a1.pk}/?age_group=40-49",
    ]:
        assert client.get(url).status_code == 403, url
    # The organisation page links only to the units manager_b may open.
    page = client.get(f"/resultater/{r}/").content.decode()
    assert f"/enhet/{a}/" not in page
    assert "Økonomi" not in page.split('id="sub-h"')[-1].split("</nav>")[0]


def test_the_results_list_shows_a_person_only_rounds_that_included_their_unit(
    org, persona_clients, manager_a, employee
):
    everyone = do_create_round(round_spec(org, name="Hele organisasjonen 2026"))
    elsewhere = do_create_round(round_spec(org, name="Bare B 2026", unit_ids=[org.unit_b.pk]))
    for survey_round in (everyone, elsewhere):
        do_close_round(survey_round)
    assert manager_a.unit_id != org.unit_b.pk
    listed = persona_clients["manager_a"].get("/resultater/").content.decode()
    assert "Hele organisasjonen 2026" in listed and "Bare B 2026" not in listed
    admin = persona_clients["admin"].get("/resultater/").content.decode()
    assert "Hele organisasjonen 2026" in admin and "Bare B 2026" in admin
