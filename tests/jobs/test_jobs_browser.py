"""Following a job in Chromium: the round page and the results page while the worker works.

The live server runs no worker; the test plays the worker (`run_queued`) while the
page is open, so each state is seen for certain. With JavaScript the page replaces
only its status and loads itself again when the job is done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hjemmekontor.jobs.worker import run_queued
from hjemmekontor.surveys.actions import do_create_round
from tests.browsing import assert_no_axe_violations, log_in, submit
from tests.conftest import PASSWORD, round_spec

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_closing_a_round_in_the_browser_shows_the_computation_then_the_results(
    browser: Any, live_server: Any, org: Any, employee: Any, admin_user: Any
) -> None:
    now = timezone.now()
    survey_round = do_create_round(
        round_spec(org, opens_at=now - dt.timedelta(days=3), closes_at=now + dt.timedelta(days=3))
    )
    page = browser.new_context(locale="nb-NO").new_page()
    log_in(page, live_server.url, admin_user.username, PASSWORD)
    page.goto(f"{live_server.url}/runder/{survey_round.pk}/")
    page.get_by_label("Ja, steng runden nå. Ingen kan svare etterpå.").check()
    submit(page, page.get_by_role("button", name="Steng runden nå"))
    assert "Runden er stengt. Resultatene beregnes nå." in page.content()
    assert page.get_by_text("Resultatene står i kø for å beregnes.").is_visible()
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/resultater/{survey_round.pk}/")
    assert page.locator("h2#pending-heading").inner_text() == "Resultatene beregnes"
    assert_no_axe_violations(page)
    # The worker runs while the page is open; the page notices and shows the results.
    assert run_queued() == 1
    page.wait_for_selector("h1:text('Hele organisasjonen')", timeout=30_000)
    assert page.locator("[data-job-refresh]").count() == 0
    assert_no_axe_violations(page)
