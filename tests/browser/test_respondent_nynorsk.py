"""A respondent chooses nynorsk on the start page and answers the whole
questionnaire in nynorsk, in Chromium, with axe on every page."""

from __future__ import annotations

from typing import Any

import pytest

from hjemmekontor.instruments import load_instrument
from hjemmekontor.surveys.models import Response
from tests.browsing import assert_no_axe_violations, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_respondent_chooses_nynorsk_and_answers_every_page_in_it(
    browser: Any, live_server: Any, employee_token: str, open_round: Any
) -> None:
    inst = load_instrument("employee", 1)
    # A Norwegian browser asks for bokmål: the start page opens in bokmål.
    page = browser.new_context(locale="nb-NO").new_page()
    page.goto(f"{live_server.url}/svar/{employee_token}/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", level=1).inner_text() == inst.title["nb"]

    choice = page.get_by_role("group", name="Velg språk · Vel språk · Choose language")
    submit(page, choice.get_by_role("button", name="Norsk (nynorsk)"))
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.get_by_role("heading", level=1).inner_text() == inst.title["nn"]
    chosen = choice.get_by_role("button", name="Norsk (nynorsk)")
    assert chosen.get_attribute("aria-pressed") == "true"
    assert "Før du byrjar" in page.content()
    assert_no_axe_violations(page)

    submit(page, page.get_by_role("link", name="Start"))
    steps = len(inst.visible_sections({"can_work_home": "yes"}))
    for step in range(1, steps + 1):
        assert page.url.endswith(f"/{step}/"), page.url
        assert page.locator("html").get_attribute("lang") == "nn"
        section = inst.visible_sections({"can_work_home": "yes"})[step - 1]
        assert section.title["nn"] in page.content()
        if step == 1:
            question = inst.item("can_work_home").text["nn"]
            assert question in page.content()
            page.get_by_label("Ja, det meste", exact=True).first.check()
        if step == 2:
            # The error is in nynorsk too.
            page.locator("input[name=share_time_home]").fill("140")
            submit(page, page.get_by_role("button", name="Neste"))
            assert (
                "Svaret må vere mellom 0 og 100, men er 140."
                in page.get_by_role("alert").inner_text()
            )
            assert_no_axe_violations(page)
            page.locator("input[name=share_time_home]").fill("40")
        submit(
            page, page.get_by_role("button", name="Neste" if step < steps else "Gå til innsending")
        )
    assert page.url.endswith("/send/")
    assert_no_axe_violations(page)
    submit(page, page.get_by_role("button", name="Send inn"))
    assert page.url.endswith("/svar/takk/")
    assert page.locator("html").get_attribute("lang") == "nn"
    assert_no_axe_violations(page)
    # Stored as codes: the language the questions were read in is not kept.
    stored = Response.objects.get(round=open_round)
    assert stored.answers["can_work_home"] == "yes"
    assert stored.answers["share_time_home"] == 40
    page.context.close()
