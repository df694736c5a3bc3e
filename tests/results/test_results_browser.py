"""The demo organisation's dashboard and heat map in Chromium, checked with axe."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from tests.browsing import assert_no_axe_violations, log_in, submit

from hjemmekontor.demo import DEMO_PASSWORD, load_demo
from hjemmekontor.surveys.models import Round

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_dashboard_and_heat_map_render_charts_and_findings_and_pass_axe(
    browser: Any,
    live_server: Any,
) -> None:
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo()
    latest = [r for r in Round.objects.order_by("opens_at") if r.status() == "closed"][-1]
    page = browser.new_context(locale="nb-NO").new_page()
    log_in(page, live_server.url, "admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/resultater/")
    submit(page, page.get_by_role("link", name=latest.name))
    assert page.locator("h1").inner_text() == "Hele organisasjonen"
    assert page.locator("svg[role=img]").count() >= 4
    assert page.locator("svg[role=img] title").first.text_content()
    assert page.locator(".findings li").count() >= 1
    assert_no_axe_violations(page)
    # A unit page, reached by keyboard-followable links, and its table alternative.
    submit(page, page.locator("#sub-h + ul a").first)
    assert page.locator("h2#ind-h").count() == 1
    unit_path = page.url.removeprefix(live_server.url)
    details = page.locator("details").first
    if details.count():
        details.locator("summary").press("Enter")
        assert details.locator("table").is_visible()
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/resultater/{latest.pk}/sammenlign/?sort=wish_weekly")
    assert page.locator("table.heatmap tbody tr").count() > 5
    assert_no_axe_violations(page)
    # On a 390 px phone none of the three pages scrolls sideways (wide tables
    # scroll in their own box).
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        f"/resultater/{latest.pk}/",
        f"/resultater/{latest.pk}/sammenlign/",
        unit_path,
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
