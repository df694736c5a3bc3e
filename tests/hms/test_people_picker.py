"""The action form's people lists are searchable with JavaScript and plain lists without it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browsing import assert_no_axe_violations, log_in, submit
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def visible_options(page, label: str) -> list[str]:
    return page.get_by_label(label, exact=True).evaluate(
        "s => Array.from(s.options).filter(o => !o.hidden && o.value).map(o => o.text)"
    )


def test_typing_in_the_search_field_narrows_the_people_list(
    browser, live_server, org, employee, manager_a, representative
):
    page = browser.new_context(locale="nb-NO").new_page()
    log_in(page, live_server.url, manager_a.user.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('hms:action-create')}?unit={org.unit_a.pk}")
    everyone = visible_options(page, "Ansvarlig")
    assert {"Ansatt (Lønn)", "Verneombud (Økonomi)"} <= set(everyone)
    search = page.get_by_label("Søk i listen (navn eller enhet)").first
    search.fill("lonn")  # accents and case are ignored
    assert visible_options(page, "Ansvarlig") == ["Ansatt (Lønn)"]
    search.fill("VERNE")
    assert visible_options(page, "Ansvarlig") == ["Verneombud (Økonomi)"]
    assert_no_axe_violations(page)
    page.get_by_label("Ansvarlig", exact=True).select_option(label="Verneombud (Økonomi)")
    page.get_by_label("Problem").fill("Mye jobb om kvelden.")
    page.get_by_label("Tiltak", exact=True).fill("Faste stengetider for e-post.")
    page.get_by_label("Frist").fill("2027-01-15")
    submit(page, page.get_by_role("button", name="Lagre"))
    assert "Verneombud" in page.locator("main").inner_text()
    page.context.close()


def test_without_javascript_the_list_is_a_plain_select(
    browser, live_server, org, employee, manager_a, representative
):
    page = browser.new_context(locale="nb-NO", java_script_enabled=False).new_page()
    log_in(page, live_server.url, manager_a.user.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('hms:action-create')}?unit={org.unit_a.pk}")
    assert page.get_by_label("Søk i listen (navn eller enhet)").count() == 0
    assert "Ansatt (Lønn)" in visible_options(page, "Ansvarlig")
    page.context.close()
