"""The respondent flow in a real browser, phone and desktop, with axe on every page."""

from __future__ import annotations

import pytest

from hjemmekontor.instruments import load_instrument
from hjemmekontor.surveys.models import Response
from tests.browsing import assert_no_axe_violations, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_respondent_answers_every_page_with_keyboard_and_axe_finds_no_violations(
    page, live_server, employee_token, open_round
):
    page.goto(f"{live_server.url}/svar/{employee_token}/")
    assert "frivillig" in page.content()
    assert_no_axe_violations(page)
    submit(page, page.get_by_role("link", name="Start"))
    inst = load_instrument("employee", 1)
    steps = len(inst.visible_sections({"can_work_home": "yes"}))
    for step in range(1, steps + 1):
        assert page.url.endswith(f"/{step}/"), page.url
        assert_no_axe_violations(page)
        if step == 1:
            # Keyboard only: tab to the first radio of the first question and pick it with space.
            page.get_by_label("Ja, det meste", exact=True).first.focus()
            page.keyboard.press("Space")
        if step == 2:
            # A wrong number shows an accessible error summary, and the page still passes axe.
            page.locator("input[name=share_time_home]").fill("140")
            submit(page, page.get_by_role("button", name="Neste"))
            assert page.get_by_role("alert").is_visible()
            assert_no_axe_violations(page)
            page.locator("input[name=share_time_home]").fill("40")
        submit(
            page, page.get_by_role("button", name="Neste" if step < steps else "Gå til innsending")
        )
    assert page.url.endswith("/send/")
    assert_no_axe_violations(page)
    submit(page, page.get_by_role("button", name="Send inn"))
    assert page.url.endswith("/svar/takk/")
    assert_no_axe_violations(page)
    assert Response.objects.filter(round=open_round).count() == 1


def test_closing_the_browser_loses_nothing(browser, live_server, employee_token):
    context = browser.new_context(locale="nb-NO")
    first = context.new_page()
    first.goto(f"{live_server.url}/svar/{employee_token}/1/")
    first.get_by_label("Ja, det meste", exact=True).first.check()
    submit(first, first.get_by_role("button", name="Lagre og fortsett senere"))
    assert "lagret" in first.content()
    context.close()
    fresh = browser.new_context(locale="nb-NO").new_page()
    fresh.goto(f"{live_server.url}/svar/{employee_token}/1/")
    assert fresh.get_by_label("Ja, det meste", exact=True).first.is_checked()


def test_answer_pages_work_without_javascript(browser, live_server, employee_token):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.goto(f"{live_server.url}/svar/{employee_token}/1/")
    page.get_by_label("Ja, det meste", exact=True).first.check()
    submit(page, page.get_by_role("button", name="Neste"))
    assert page.url.endswith("/2/")
    context.close()


def test_answers_on_the_current_page_are_saved_in_the_background_with_javascript(
    browser, live_server, employee_token
):
    from tests.conftest import draft_answers

    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(f"{live_server.url}/svar/{employee_token}/1/")
    page.get_by_label("Delvis", exact=True).check()
    page.get_by_text("Svarene på denne siden er lagret.").wait_for(timeout=10000)
    context.close()  # closed without pressing any button
    assert draft_answers(employee_token)["can_work_home"] == "partly"
