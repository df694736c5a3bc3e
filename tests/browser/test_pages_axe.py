"""axe on the questionnaires for managers and representatives, and on the admin pages."""

from __future__ import annotations

import pytest

from hjemmekontor.instruments import load_instrument
from tests.browsing import assert_no_axe_violations, log_in
from tests.conftest import PASSWORD, token_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("kind", ["manager", "representative"])
def test_every_page_of_the_manager_and_representative_questionnaires_passes_axe(
    browser, live_server, open_round, manager_a, representative, kind
):
    person = manager_a if kind == "manager" else representative
    token = token_of(open_round, person, kind)
    page = browser.new_context(locale="nb-NO").new_page()
    steps = len(load_instrument(kind, 1).visible_sections({}))
    page.goto(f"{live_server.url}/svar/{token}/")
    assert_no_axe_violations(page)
    for step in range(1, steps + 1):
        page.goto(f"{live_server.url}/svar/{token}/{step}/")
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/svar/{token}/send/")
    assert_no_axe_violations(page)


def test_admin_pages_pass_axe(browser, live_server, open_round, admin_user):
    page = browser.new_context(locale="nb-NO").new_page()
    page.goto(f"{live_server.url}/logg-inn/")
    assert_no_axe_violations(page)
    log_in(page, live_server.url, admin_user.username, PASSWORD)
    for path in [
        "/",
        "/runder/",
        "/runder/ny/",
        f"/runder/{open_round.pk}/",
        "/skjema/",
        "/skjema/employee@1/",
        "/organisasjon/",
        "/organisasjon/personer/",
        "/organisasjon/import/",
        "/personvern/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_no_axe_violations(page)


def test_error_pages_pass_axe(browser, live_server, open_round, admin_user):
    page = browser.new_context(locale="nb-NO").new_page()
    log_in(page, live_server.url, admin_user.username, PASSWORD)
    for path, status in (("/finnes-ikke/", 404), ("/jobber/1/prov-igjen/", 405)):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == status, path
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)


def test_danger_buttons_are_styled_as_buttons(browser, live_server, open_round, admin_user):
    page = browser.new_context(locale="nb-NO").new_page()
    log_in(page, live_server.url, admin_user.username, PASSWORD)
    page.goto(f"{live_server.url}/runder/{open_round.pk}/")
    close = page.get_by_role("button", name="Steng runden nå")
    extend = page.get_by_role("button", name="Forleng")
    style = (
        "e => [getComputedStyle(e).paddingTop, getComputedStyle(e).borderRadius, e.offsetHeight]"
    )
    danger, secondary = close.evaluate(style), extend.evaluate(style)
    assert danger[:2] == secondary[:2] and danger[2] >= 44
    assert_no_axe_violations(page)
