"""Single sign-on end to end against a real OpenID Connect provider in its own
process (tests/accounts/oidc_provider.py): discovery, PKCE, a signed ID token,
the register deciding who gets in, and the tokens that must be refused.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client, override_settings

from hjemmekontor.accounts import sso
from hjemmekontor.accounts.roles import roles_of
from hjemmekontor.organisation.models import Person
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROVIDER = Path(__file__).with_name("oidc_provider.py")
CLIENT_ID = "hjemmekontor"


class Provider:
    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(PROVIDER), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        self.issuer = f"http://127.0.0.1:{int(self.process.stdout.readline())}"

    def settings(self, **more: Any) -> Any:
        sso._documents.clear()
        return override_settings(
            OIDC_ISSUER=self.issuer,
            OIDC_CLIENT_ID=CLIENT_ID,
            OIDC_CLIENT_SECRET="s3cret",
            OIDC_NAME="Feide",
            **more,
        )

    def set_user(self, sub: str, claims: dict[str, Any]) -> None:
        requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _provider(*args: str) -> Iterator[Provider]:
    provider = Provider(*args)
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    yield from _provider()


@pytest.fixture(scope="module")
def expired_provider() -> Iterator[Provider]:
    yield from _provider("--max-age", "-120")


@pytest.fixture(scope="module")
def confused_provider() -> Iterator[Provider]:
    yield from _provider("--audience", "another-application")


def sign_in(client: Client, sub: str, next_page: str = "/resultater/") -> Any:
    """The whole browser round trip: to the provider, choose the person, and back."""
    start = client.get(f"/sso/logg-inn/?next={next_page}")
    assert start.status_code == 302
    at_provider = start["Location"]
    chosen = requests.post(at_provider, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert chosen.status_code == 302, chosen.text[:300]
    back = urlsplit(chosen.headers["Location"])
    assert back.path == "/sso/tilbake/"
    return client.get(f"{back.path}?{back.query}", follow=True)


def test_a_person_in_the_register_signs_in_with_pkce_and_gets_the_roles_of_the_register(
    provider: Provider, manager_a: Person
) -> None:
    with provider.settings():
        client = Client()
        start = client.get("/sso/logg-inn/")
        request = parse_qs(urlsplit(start["Location"]).query)
        assert start["Location"].startswith(f"{provider.issuer}/oauth2/authorize?")
        assert request["code_challenge_method"] == ["S256"]
        assert len(request["code_challenge"][0]) == 43 and request["nonce"] and request["state"]
        assert request["client_id"] == [CLIENT_ID]
        answer = sign_in(client, "leder_a@demo.example")
    assert answer.redirect_chain[-1][0] == "/resultater/"
    user = answer.context["user"]
    assert user == manager_a.user and roles_of(user) == {"employee", "manager"}


def test_a_person_without_a_login_gets_one_on_the_first_sign_in_and_no_password(
    provider: Provider, org: Any
) -> None:
    person = Person.objects.create(
        name="Kari Nordmann", email="Kari@Demo.example", employee_number="E-77", unit=org.unit_b
    )
    with provider.settings():
        answer = sign_in(Client(), "kari@demo.example")
    person.refresh_from_db()
    assert person.user is not None and answer.context["user"] == person.user
    assert not person.user.has_usable_password()


def test_the_employee_number_claim_can_name_the_person_instead_of_the_email(
    provider: Provider, employee: Person
) -> None:
    provider.set_user("entra-object-id-1", {"employeeid": employee.employee_number})
    with provider.settings(OIDC_CLAIM="employeeid", OIDC_MATCH="employee_number"):
        answer = sign_in(Client(), "entra-object-id-1")
    assert answer.context["user"] == employee.user


def test_someone_the_register_does_not_know_is_refused_with_a_message(
    provider: Provider, org: Any
) -> None:
    with provider.settings():
        answer = sign_in(Client(), "fremmed@annet.example")
    assert not answer.context["user"].is_authenticated
    assert answer.redirect_chain[-1][0] == "/logg-inn/"
    text = answer.content.decode()
    assert "finner deg ikke i personregisteret" in text and "fremmed@annet.example" in text


def test_a_deactivated_person_is_refused(provider: Provider, employee: Person) -> None:
    employee.active = False
    employee.save()
    with provider.settings():
        answer = sign_in(Client(), "ansatt@demo.example")
    assert not answer.context["user"].is_authenticated


def test_a_token_for_another_application_is_refused(
    confused_provider: Provider, employee: Person
) -> None:
    with confused_provider.settings():
        answer = sign_in(Client(), "ansatt@demo.example")
    assert not answer.context["user"].is_authenticated
    assert "kunne ikke godkjennes" in answer.content.decode()


def test_an_expired_token_is_refused(expired_provider: Provider, employee: Person) -> None:
    with expired_provider.settings():
        answer = sign_in(Client(), "ansatt@demo.example")
    assert not answer.context["user"].is_authenticated
    assert "kunne ikke godkjennes" in answer.content.decode()


def test_a_token_from_another_issuer_is_refused(provider: Provider, employee: Person) -> None:
    with provider.settings():
        document = sso.discovery(provider.issuer)
        # The provider's endpoints, but the issuer the organisation trusts is
        # another: the tokens this provider signs name itself and must not pass.
        sso._documents[provider.issuer] = {**document, "issuer": "https://login.example.no"}
        answer = sign_in(Client(), "ansatt@demo.example")
    assert not answer.context["user"].is_authenticated
    assert "kunne ikke godkjennes" in answer.content.decode()


def test_a_replayed_callback_signs_no_one_in(provider: Provider, employee: Person) -> None:
    with provider.settings():
        client = Client()
        start = client.get("/sso/logg-inn/")
        chosen = requests.post(
            start["Location"],
            data={"sub": "ansatt@demo.example"},
            allow_redirects=False,
            timeout=10,
        )
        callback = urlsplit(chosen.headers["Location"])
        attacker = Client()
        stolen = attacker.get(f"{callback.path}?{callback.query}", follow=True)
    # The state belongs to the victim's session, not the attacker's.
    assert not stolen.context["user"].is_authenticated


def test_with_passwords_switched_off_only_the_provider_signs_in(
    provider: Provider, employee: Person
) -> None:
    with provider.settings(LOCAL_LOGIN=False):
        page = Client().get("/logg-inn/").content.decode()
        assert "Logg inn med Feide" in page and 'name="password"' not in page
        client = Client()
        client.post("/logg-inn/", {"username": "ansatt", "password": PASSWORD})
        assert not client.get("/").context["user"].is_authenticated
        assert sign_in(Client(), "ansatt@demo.example").context["user"] == employee.user
    with provider.settings():
        both = Client().get("/logg-inn/").content.decode()
    assert "Logg inn med Feide" in both and 'name="password"' in both


def test_without_an_issuer_there_is_no_single_sign_on(employee: Person) -> None:
    assert Client().get("/sso/logg-inn/").status_code == 404
    assert Client().get("/sso/tilbake/?code=x&state=y").status_code == 404
    assert "Logg inn med" not in Client().get("/logg-inn/").content.decode()
