"""Error pages keep the site's layout, say what to do, and speak the user's language."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from hjemmekontor.web.errors import server_error

pytestmark = pytest.mark.django_db


def _page(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize(
    ("persona", "method", "url", "status", "heading"),
    [
        ("admin", "get", "/finnes-ikke/", 404, "Siden finnes ikke"),
        ("employee", "get", "/organisasjon/", 403, "Ingen tilgang"),
        ("admin", "get", "/jobber/1/prov-igjen/", 405, "Dette kan ikke gjøres herfra"),
    ],
)
def test_an_error_page_has_the_sites_layout_and_a_way_on(
    persona_clients, persona, method, url, status, heading
):
    response = getattr(persona_clients[persona], method)(url)
    assert response.status_code == status
    page = _page(response)
    assert f"<h1>{heading}</h1>" in page
    assert "Hopp til innholdet" in page and "hjemmekontor/site.css" in page
    assert 'href="/">Til forsiden</a>' in page
    assert f"Feilkode {status}." in page
    if status == 405:
        assert response["Allow"] == "POST"


def test_error_pages_are_in_english_for_an_english_reader(persona_clients):
    client = persona_clients["admin"]
    client.cookies.load({"django_language": "en"})
    page = _page(client.get("/finnes-ikke/"))
    assert "<h1>Page not found</h1>" in page and "Error code 404." in page
    assert "Siden finnes ikke" not in page


def test_a_server_error_page_needs_nothing_from_the_request():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = _page(response)
    assert "<h1>Noe gikk galt</h1>" in page and "hjemmekontor/site.css" in page
