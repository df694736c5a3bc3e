"""The accessibility statement at /tilgjengelighet/: there in every language of
the interface, linked from every page, and saying what the service does not meet.

That its gaps are the ones axe finds is held by tests/browser/test_every_page.py.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings

from hjemmekontor.web.accessibility import statement

pytestmark = pytest.mark.django_db


def _page(language: str) -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/tilgjengelighet/")
    assert response.status_code == 200, language
    return response.content.decode()


def test_the_statement_is_published_in_every_language_of_the_interface() -> None:
    headings = {}
    for code, _name in settings.LANGUAGES:
        html = _page(code)
        assert f'<html lang="{code}">' in html
        headings[code] = re.search(r"<h1>(.*?)</h1>", html).group(1)  # type: ignore[union-attr]
        for gap in statement().gaps:
            assert f"{gap.criterion} {gap.name[code]}" in html, (code, gap.criterion)
        assert "uutilsynet.no" in html
    # Each language has its own words, not bokmål under another lang attribute.
    assert len(set(headings.values())) == len(headings)


def test_the_statement_names_each_gap_where_it_is_and_the_real_idle_time() -> None:
    with override_settings(SESSION_IDLE_SECONDS=45 * 60):
        html = _page("nb")
    assert "Du logges ut etter 45 minutter uten aktivitet" in html
    assert "PDF-filene er ikke tagget" in html
    assert f"oppfyller ikke {len(statement().gaps)} av kravene i WCAG 2.1 AA" in html


def test_feedback_goes_to_the_configured_address_or_else_to_the_hms_adviser() -> None:
    with override_settings(ACCESSIBILITY_CONTACT="uu@kommune.example.no"):
        html = _page("nb")
    assert 'href="mailto:uu@kommune.example.no"' in html
    with override_settings(ACCESSIBILITY_CONTACT=""):
        html = _page("nb")
    assert "mailto:" not in html
    assert "Kontakt HMS-rådgiveren" in html


def test_every_page_links_to_the_statement_in_its_footer(persona_clients) -> None:
    for persona in ("anonymous", "employee", "admin"):
        html = persona_clients[persona].get("/", follow=True).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert 'href="/tilgjengelighet/"' in footer, persona
