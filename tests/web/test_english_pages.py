"""The HMS, working time and results pages speak English when the browser asks for it.

test_i18n.py proves that every marked string has a translation; these tests prove that
the pages actually use them: each page, as a persona who may see it, has its English
heading and none of the characteristic bokmål words of its template.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hjemmekontor.jobs.worker import run_queued
from hjemmekontor.organisation.models import Person
from tests.conftest import PASSWORD, Org
from tests.results.conftest import make_closed_round

# Links of the main menu that every one of these personas sees.
NAV_IN_BOKMAL = ["HMS-oppfølging</a>", "Resultater</a>", ">Logg ut<"]


def english_page(user: Any, url: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert '<html lang="en">' in page
    return page


def assert_no_bokmal(page: str, words: list[str]) -> None:
    found = [word for word in [*NAV_IN_BOKMAL, *words] if word in page]
    assert not found, f"bokmål left on an English page: {found}"


@pytest.mark.django_db
def test_the_hms_index_is_english_for_a_safety_representative(representative: Person):
    page = english_page(representative.user, reverse("hms:index"))
    assert "<h1>HMS follow-up at the home office</h1>" in page
    assert ">Action plans</a>" in page and ">Risk assessments</a>" in page
    assert_no_bokmal(
        page,
        ["Handlingsplaner", "Risikovurderinger", "Oversikt", "Arbeidsgiveren", "verneombud"],
    )


@pytest.mark.django_db
def test_the_timesheet_page_is_english_for_an_employee(employee: Person):
    page = english_page(employee.user, reverse("timesheets:mine"))
    assert "<h1>My working time</h1>" in page
    assert "Previous week" in page and "Monday" in page
    assert_no_bokmal(
        page,
        ["Min arbeidstid", "Forrige uke", "Ingen registreringer", "Vis perioden", "mandag"],
    )


@pytest.mark.django_db
def test_a_results_unit_page_is_english_for_its_manager(org: Org, manager_a: Person):
    opens = timezone.now() - dt.timedelta(days=60)
    survey_round, _comments = make_closed_round(org, "Runde 1", opens, seed=3)
    url = reverse("results:unit", args=[survey_round.pk, org.unit_a.pk])
    waiting = english_page(manager_a.user, url)
    assert "The results are queued to be computed." in waiting
    assert "This page updates itself every 3 seconds" in waiting
    assert_no_bokmal(waiting, ["Resultatene", "beregnes", "Oppdater nå"])
    assert run_queued() == 1
    page = english_page(manager_a.user, url)
    assert "Response rate" in page and "Headline figures" in page
    assert_no_bokmal(page, ["Svarprosent", "Hovedtall", "Underenheter", "Kommentarer"])
