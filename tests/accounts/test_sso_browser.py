"""Single sign-on in Chromium, as a person does it: the button on the login page,
the provider's own page, and back into Hjemmekontor — or back with a message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hjemmekontor.organisation.models import Person
from tests.accounts.test_sso import Provider, _provider
from tests.browsing import assert_no_axe_violations, submit

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    yield from _provider()


def test_a_person_signs_in_through_the_provider_and_one_who_cancels_is_told(
    browser, live_server, provider: Provider, manager_a: Person
) -> None:
    page = browser.new_context(locale="nb-NO").new_page()
    with provider.settings(LOCAL_LOGIN=False):
        page.goto(f"{live_server.url}/logg-inn/?next=/resultater/")
        assert page.locator("input[name=password]").count() == 0
        assert_no_axe_violations(page)
        submit(page, page.get_by_role("link", name="Logg inn med Feide"))
        assert page.url.startswith(provider.issuer)
        page.locator("input[name=sub]").fill("leder_a@demo.example")
        submit(page, page.get_by_role("button", name="Authorize"))
        assert page.url == f"{live_server.url}/resultater/"
        assert page.get_by_role("button", name="Logg ut").is_visible()

        other = browser.new_context(locale="nb-NO").new_page()
        other.goto(f"{live_server.url}/logg-inn/")
        submit(other, other.get_by_role("link", name="Logg inn med Feide"))
        submit(other, other.get_by_role("button", name="Deny"))
        assert other.url == f"{live_server.url}/logg-inn/"
        assert "Innloggingen ble avbrutt" in other.locator("main").inner_text()
        assert_no_axe_violations(other)
    page.context.close()
    other.context.close()
