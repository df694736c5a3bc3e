"""axe in a real Chromium on the employee's working-time pages and the manager's."""

from __future__ import annotations

import pytest

from tests.browsing import assert_no_axe_violations, log_in, submit
from tests.conftest import PASSWORD
from tests.timesheets.conftest import long_evening, recent_weekday

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_employees_and_the_managers_working_time_pages_pass_axe(
    browser,
    live_server,
    employee,
    manager_a,
):
    registration = long_evening(employee, recent_weekday())
    page = browser.new_context(locale="nb-NO").new_page()
    log_in(page, live_server.url, employee.user.username, PASSWORD)
    for path in ["/arbeidstid/", "/arbeidstid/ny/", f"/arbeidstid/{registration.pk}/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_no_axe_violations(page)
    # The form's error state too.
    page.goto(f"{live_server.url}/arbeidstid/ny/")
    submit(page, page.get_by_role("button", name="Lagre"))
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)
    manager = browser.new_context(locale="nb-NO").new_page()
    log_in(manager, live_server.url, manager_a.user.username, PASSWORD)
    for path in ["/arbeidstid/brudd/", "/arbeidstid/monstre/"]:
        response = manager.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_no_axe_violations(manager)
        if path == "/arbeidstid/brudd/":
            assert "RT-TOT-D" in manager.content()
