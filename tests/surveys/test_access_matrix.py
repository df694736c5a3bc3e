"""Every URL of the product against every persona.

The list of URLs is read from the URL configuration itself, so a new URL that is
not classified here fails the test instead of slipping through unchecked.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from hjemmekontor.surveys.models import Invitation
from tests.conftest import token_of

pytestmark = pytest.mark.django_db

PUBLIC = {
    "home",
    "privacy",
    "accessibility",
    "health",
    "login",
    "sso-login",
    "sso-callback",
    "set_language",
    "password_reset_complete",
    "answer-thanks",
    # A letter's code is typed here (tests/surveys/test_letters.py).
    "code-entry",
    "kiosk",
    "kiosk-end",
}
# Bearer links: whoever holds the link may answer; nothing else is reachable through them.
TOKEN = {"answer-start", "answer-section", "answer-review"}
SPECIAL = {"logout", "password_reset_confirm"}
ADMIN_ONLY_NAMESPACES = {"organisation", "surveys", "jobs"}
# Per role in tests/<app>/test_<app>_access.py.
OWN_MATRIX_NAMESPACES = {"hms", "timesheets", "results", "reports", "audit", "api", "api_tokens"}
PERSONAS = ["anonymous", "employee", "manager_a", "manager_b", "representative", "admin"]


def all_urls() -> list[tuple[str, str]]:
    """(qualified name, route) for every named URL outside Django's own admin."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((namespace + pattern.name, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


def concrete(route: str, token: str) -> str:
    """Fill a route's converters with sample values."""
    import re

    def fill(match: re.Match[str]) -> str:
        converter, name = (match.group(1) or "str"), match.group(2)
        if name == "token":
            return token
        if name == "key":
            return "employee@1"
        if name == "kind":
            return "employee"
        if name == "fmt":
            return "csv"
        if name == "step":
            return "1"
        if converter == "int":
            # An id that exists nowhere: access is decided before any lookup, and the
            # admin's POSTs cannot change the personas the rest of the loop relies on.
            return "999999"
        return "x"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def test_every_url_is_classified():
    names = {name for name, _ in all_urls()}
    unclassified = {
        name
        for name in names
        if name not in PUBLIC | TOKEN | SPECIAL
        and name.split(":")[0] not in ADMIN_ONLY_NAMESPACES | OWN_MATRIX_NAMESPACES
    }
    assert not unclassified, f"classify these URLs in the access matrix: {sorted(unclassified)}"


def test_admin_pages_are_for_the_hms_adviser_only(persona_clients, open_round, employee):
    token = token_of(open_round, employee)
    checked = 0
    for name, route in all_urls():
        if name.split(":")[0] not in ADMIN_ONLY_NAMESPACES:
            continue
        url = concrete(route, token)
        for persona in PERSONAS:
            client = persona_clients[persona]
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                status = response.status_code
                where = f"{persona} {method.upper()} {url} ({name}) -> {status}"
                if persona == "anonymous":
                    assert status == 302 and "/logg-inn/" in response["Location"], where
                elif persona == "admin":
                    assert status not in (401, 403) and not (
                        status == 302 and "/logg-inn/" in response.get("Location", "")
                    ), where
                else:
                    assert status == 403, where
                checked += 1
    assert checked > 40


def test_public_pages_answer_everyone(persona_clients):
    for persona in PERSONAS:
        client = persona_clients[persona]
        for url in ("/", "/personvern/", "/tilgjengelighet/", "/helse/", "/svar/takk/"):
            assert client.get(url).status_code == 200, (persona, url)
    assert persona_clients["anonymous"].get("/logg-inn/").status_code == 200


def test_answer_links_work_for_whoever_holds_them_and_only_for_their_invitation(
    persona_clients, open_round, employee, manager_b
):
    token = token_of(open_round, employee)
    for persona in PERSONAS:
        assert persona_clients[persona].get(f"/svar/{token}/").status_code == 200, persona
    # A logged-in manager cannot reach someone else's draft by editing the link.
    other = token_of(open_round, manager_b)
    forged = other.split(".")[0] + "." + token.split(".")[1]
    assert persona_clients["manager_b"].get(f"/svar/{forged}/1/").status_code == 404


def test_employee_home_lists_only_their_own_open_invitations(
    persona_clients, open_round, employee, manager_a
):
    def link_to(person: Any, kind: str = "employee") -> str:
        # Every link issued carries a new draft secret: compare the invitation part.
        invitation = Invitation.objects.get(round=open_round, person=person, kind=kind)
        return f"/svar/{invitation.public_id.hex}."

    page = persona_clients["employee"].get("/").content.decode()
    assert link_to(employee) in page
    assert link_to(manager_a) not in page
    manager_page = persona_clients["manager_a"].get("/").content.decode()
    assert link_to(manager_a, "manager") in manager_page
    assert link_to(employee) not in manager_page


def test_django_admin_is_closed_to_non_staff(persona_clients):
    for persona in ("anonymous", "employee", "manager_a", "manager_b", "representative"):
        response = persona_clients[persona].get("/django-admin/")
        assert response.status_code == 302 and "login" in response["Location"], persona
    assert persona_clients["admin"].get("/django-admin/").status_code == 200


def test_logout_requires_post(persona_clients):
    assert persona_clients["employee"].get("/logg-ut/").status_code == 405
    assert persona_clients["employee"].post("/logg-ut/").status_code == 302


def test_the_advisers_pages_are_the_same_whichever_of_two_colleagues_answered(
    persona_clients, open_round, employee, manager_a, representative
):
    # The adviser sees how many in a unit have answered, not who: with two colleagues
    # in Økonomi, every page of the adviser reads alike whichever of them answered.
    import re

    from hjemmekontor.audit.models import AuditEntry
    from hjemmekontor.surveys.actions import do_submit_response
    from hjemmekontor.surveys.models import Response

    admin = persona_clients["admin"]
    token = token_of(open_round, employee)
    urls = [
        re.sub(r"999999", str(open_round.pk), concrete(route, token))
        for name, route in all_urls()
        if name.split(":")[0] in ADMIN_ONLY_NAMESPACES | {"audit"}
    ]

    def pages_after(person: Any) -> dict[str, str]:
        Response.objects.filter(round=open_round).delete()
        Invitation.objects.filter(round=open_round).update(answered=False)
        # The first pass's own visits (the links file is audited) are not what differs.
        AuditEntry.objects.all().delete()
        invitation = Invitation.objects.get(round=open_round, person=person, kind="employee")
        do_submit_response(invitation, {"can_work_home": "no"})
        pages = {}
        for url in urls:
            response = admin.get(url)
            body = b"".join(response) if response.streaming else response.content
            # Each page gets a fresh CSRF token; nothing else may differ.
            pages[url] = re.sub(r'value="[A-Za-z0-9]{64}"', "", body.decode(errors="replace"))
        return pages

    first, second = pages_after(manager_a), pages_after(representative)
    assert len(urls) > 20
    for url in urls:
        assert first[url] == second[url], url
    # The pages do show that one answered: the test compares real counts.
    page = admin.get(f"/runder/{open_round.pk}/").content.decode()
    assert "Innsendte svar</dt><dd>1</dd>" in page
