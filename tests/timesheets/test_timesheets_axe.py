"""axe in a real Chromium on the employee's working-time pages and the manager's."""

from __future__ import annotations

import pytest

from tests.browsing import assert_no_axe_violations
from tests.conftest import PASSWORD
from tests.timesheets.conftest import long_evening, recent_weekday

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn eller e-post").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def test_the_employees_and_the_managers_working_time_pages_pass_axe(
    browser,
    live_server,
    employee,
    manager_a,
):
    registration = long_evening(employee, recent_weekday())
    page = browser.new_context(locale="nb-NO").new_page()
    log_in(page, live_server, employee.user.username)
    for path in ["/arbeidstid/", "/arbeidstid/ny/", f"/arbeidstid/{registration.pk}/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_no_axe_violations(page)
    # The form's error state too.
    page.goto(f"{live_server.url}/arbeidstid/ny/")
    page.get_by_role("button", name="Lagre").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)
    manager = browser.new_context(locale="nb-NO").new_page()
    log_in(manager, live_server, manager_a.user.username)
    for path in ["/arbeidstid/brudd/", "/arbeidstid/monstre/"]:
        response = manager.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_no_axe_violations(manager)
        if path == "/arbeidstid/brudd/":
            assert "RT-TOT-D" in manager.content()
