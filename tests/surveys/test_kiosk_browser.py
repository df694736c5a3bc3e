"""The kiosk on a shared tablet, in Chromium: a respondent types the letter's
code, answers, presses «Avslutt», and the next person can neither go back to
the first one's page nor reuse the code."""

from __future__ import annotations

import pytest

from hjemmekontor.organisation.models import Person
from hjemmekontor.surveys.actions import do_create_round
from hjemmekontor.surveys.codes import do_issue_codes, formatted
from hjemmekontor.surveys.models import Draft
from tests.browsing import assert_no_axe_violations, submit
from tests.conftest import round_spec

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_tablet_forgets_the_first_respondent_before_the_next(browser, live_server, org):
    person = Person.objects.create(name="Renholder", employee_number="R-1", unit=org.unit_b)
    survey_round = do_create_round(round_spec(org))
    invitation = survey_round.invitations.get(person=person, kind="employee")
    code = do_issue_codes([invitation])[invitation.pk]
    tablet = browser.new_context(locale="nb-NO").new_page()
    # The page's own clock, so that five idle minutes pass at once.
    tablet.clock.install()
    tablet.goto(f"{live_server.url}/kiosk/")
    assert_no_axe_violations(tablet)
    tablet.get_by_label("Kode").fill(formatted(code).lower())
    submit(tablet, tablet.get_by_role("button", name="Start"))
    first_page = tablet.url
    assert "/svar/" in first_page
    assert_no_axe_violations(tablet)
    submit(tablet, tablet.get_by_role("link", name="Start"))
    tablet.get_by_label("Nei").first.check()
    submit(tablet, tablet.get_by_role("button", name="Neste"))
    assert Draft.objects.filter(invitation=invitation).exists()
    # Half a minute before the reset it asks, and one press keeps the page.
    warning = tablet.get_by_role("alertdialog")
    assert not warning.is_visible()
    tablet.clock.run_for("04:31")
    assert warning.is_visible()
    assert_no_axe_violations(tablet)
    tablet.get_by_role("button", name="Ja, jeg fortsetter").click()
    assert not warning.is_visible()
    tablet.clock.run_for("04:00")
    assert "/svar/" in tablet.url
    submit(tablet, tablet.get_by_role("link", name="Avslutt"))
    assert tablet.url == f"{live_server.url}/kiosk/"
    assert not Draft.objects.filter(invitation=invitation).exists()
    # The next person: the browser's history leads nowhere, the code is spent.
    tablet.go_back()
    tablet.go_back()
    assert tablet.get_by_role("button", name="Neste").count() == 0
    tablet.goto(first_page)
    assert tablet.locator("h1").inner_text() == "Lenken er ugyldig"
    tablet.goto(f"{live_server.url}/kiosk/")
    tablet.get_by_label("Kode").fill(code)
    submit(tablet, tablet.get_by_role("button", name="Start"))
    assert "allerede brukt" in tablet.locator("main").inner_text()
    tablet.context.close()
