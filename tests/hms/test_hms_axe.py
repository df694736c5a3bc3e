"""axe on every kind of HMS page, as the persona who uses it (real Chromium, live server)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browsing import assert_no_axe_violations, log_in, submit
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def signed_in(browser, live_server, username):
    page = browser.new_context(locale="nb-NO").new_page()
    log_in(page, live_server.url, username, PASSWORD)
    return page


def check(page, live_server, paths):
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)


def test_the_managers_hms_pages_pass_axe(browser, live_server, world, org, employee):
    page = signed_in(browser, live_server, "leder_a")
    check(
        page,
        live_server,
        [
            reverse("hms:index"),
            reverse("hms:plans"),
            reverse("hms:action-create") + f"?unit={org.unit_a.pk}&indicator=x&finding=y",
            reverse("hms:action-detail", args=[world.action_a.pk]),
            reverse("hms:action-edit", args=[world.action_a.pk]),
            reverse("hms:action-evaluate", args=[world.action_a.pk]),
            reverse("hms:agreements"),
            reverse("hms:agreement-unit", args=[org.unit_a.pk]),
            reverse("hms:agreement-create", args=[employee.pk]),
            reverse("hms:agreement-detail", args=[world.agreement.pk]),
            reverse("hms:requests"),
            reverse("hms:assessments"),
            reverse("hms:assessment-detail", args=[world.assessment.pk]),
            reverse("hms:assessment-edit", args=[world.assessment.pk]),
            reverse("hms:checklist-aggregate", args=[org.unit_a.pk]),
        ],
    )
    # The error state of the agreement form, too.
    page.goto(f"{live_server.url}{reverse('hms:agreement-create', args=[employee.pk])}")
    page.get_by_label("1. Omfanget av hjemmearbeidet").fill("")
    submit(page, page.get_by_role("button", name="Lagre avtalen"))
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(page)
    page.context.close()


def test_the_employees_and_amus_hms_pages_pass_axe(browser, live_server, world, org):
    page = signed_in(browser, live_server, "ansatt")
    check(
        page,
        live_server,
        [
            reverse("hms:checklist"),
            reverse("hms:checklist-detail", args=[world.checklist.pk]),
            reverse("hms:my-agreements"),
        ],
    )
    page.context.close()
    amu = signed_in(browser, live_server, "amu")
    check(
        amu,
        live_server,
        [reverse("hms:overdue"), reverse("hms:assessment-unit", args=[org.unit_b.pk])],
    )
    amu.context.close()
