"""No page scrolls sideways on a 390 px phone (real Chromium, live server).

A page may hold a wide table, but then the table scrolls in its own box; the
page itself stays as wide as the screen. The unit gets a long name without
break opportunities, as real unit paths often are.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browsing import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}


def test_the_managers_and_the_advisers_pages_fit_a_phone(
    browser, live_server, world, org, employee, admin_user, open_round
):
    org.unit_a1.name = "Lønnsogpersonaladministrasjonsavdelingen"
    org.unit_a1.save()
    pages = {
        "leder_a": [
            "/",
            reverse("hms:index"),
            reverse("hms:plans"),
            reverse("hms:action-create") + f"?unit={org.unit_a.pk}",
            reverse("hms:action-detail", args=[world.action_a.pk]),
            reverse("hms:agreements"),
            reverse("hms:agreement-unit", args=[org.unit_a.pk]),
            reverse("hms:agreement-detail", args=[world.agreement.pk]),
            reverse("hms:requests"),
            reverse("hms:assessments"),
            reverse("hms:assessment-detail", args=[world.assessment.pk]),
            reverse("hms:assessment-edit", args=[world.assessment.pk]),
            reverse("timesheets:breaches"),
            reverse("timesheets:patterns"),
            "/finnes-ikke/",
        ],
        admin_user.username: [
            "/",
            "/runder/",
            f"/runder/{open_round.pk}/",
            "/organisasjon/",
            "/organisasjon/personer/",
            "/skjema/",
            "/personvern/",
        ],
    }
    for username, paths in pages.items():
        page = browser.new_context(locale="nb-NO", viewport=PHONE).new_page()
        log_in(page, live_server.url, username, PASSWORD)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (username, path, width)
        page.context.close()
