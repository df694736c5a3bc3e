"""Every page speaks nynorsk when nynorsk is chosen, with no bokmål left in it.

The pages come from the same crawl as the accessibility test
(tests/browser/test_every_page.py), on the demo organisation, opened by each
persona who may see them. What people typed (names of units, people, rounds,
actions, comments) is data in whatever language it was written and is left out;
what remains is the product's own words, and none of them may be a bokmål-only
form from the list below (docs/nynorsk.md).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client, override_settings

from hjemmekontor.demo import load_demo
from tests.browser.test_every_page import FAST_HASHER, paths

pytestmark = pytest.mark.django_db

VIEWERS = ("admin", "leder", "ansatt", "verneombud")
# Forms that exist in bokmål and not in nynorsk (where nynorsk writes the word
# otherwise: ikkje, kva, korleis, heimekontor …). Words both languages share
# ("er", "svar", "tiltak") cannot tell them apart and are not here.
_BOKMAL_ONLY = """
    ikke hva hvem hvor hvordan hvorfor hvilke hvilken jeg noe noen mye mer flere bare fra
    uten siden selv sammen hele helt egen eget egne annet samme hjem hjemme hjemmefra
    hjemmekontor hjemmekontoret spørreskjema spørreskjemaet verneombud verneombudet ansatte
    ansatt enhet enheten enheter undersøkelse undersøkelsen også hvis uke uken uker måned
    måneden måneder hver hvert bruker brukere gjør vært høy lav enig uenig sykefravær
    utbrenthet mening ledere lederen svarene tallene lenken lenker dere deres vises
    lagres slettes finnes mulig nødvendig vanlig daglig tydelig
"""
BOKMAL_ONLY = frozenset(_BOKMAL_ONLY.split())
_WORD = re.compile(r"[a-zæøåé]+(?:-[a-zæøåé]+)*", re.IGNORECASE)
OUR_APPS = {"organisation", "surveys", "hms", "timesheets", "audit", "jobs", "api", "results"}


# Pages shorten long texts people wrote (``truncatechars``) to these lengths.
TRUNCATED_TO = (50, 70, 90, 120)
# Names, which are not translated: the national report the figures come from.
NAMES = ("Hjemme–Borte–Uavgjort", "Hjemmekontor")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def data_strings() -> list[str]:
    """Everything people (or the demo, acting as people) typed, longest first:
    text fields and stored snapshots (a signed assessment keeps the evidence as
    it was signed), user names, and the shortened forms pages show of them."""
    found: set[str] = set(get_user_model().objects.values_list("username", flat=True))
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
        ]
        for row in model.objects.values_list(*fields) if fields else ():
            found.update(s for s in _strings(row) if len(s) >= 3)
    found.add(settings.ORGANISATION_NAME)
    shortened = {v[: n - 1] + "…" for v in found for n in TRUNCATED_TO if len(v) > n}
    return sorted(found | shortened, key=len, reverse=True)


def interface_text(html: str, data: list[str]) -> str:
    """The page's own words: no scripts, no code, no text marked as another
    language (the language choice names each language in itself), no comments,
    and no data."""
    html = re.sub(r"<(script|style|head|code|pre|textarea)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<(\w+)[^>]*\blang="(?!nn)[^"]*"[^>]*>.*?</\1>', " ", html, flags=re.S)
    html = re.sub(r'<ul class="comments">.*?</ul>', " ", html, flags=re.S)
    html = re.sub(r"<option\b.*?</option>", " ", html, flags=re.S)
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    for name in NAMES:
        text = text.replace(name, " ")
    return text


def bokmal_words(text: str) -> list[str]:
    words = {match.group(0) for match in _WORD.finditer(text)}
    return sorted(w for w in words if w.lower() in BOKMAL_ONLY)


def _context(text: str, word: str) -> str:
    at = re.search(rf"\b{re.escape(word)}\b", text)
    start = at.start() if at else 0
    return text[max(0, start - 60) : start + 60]


def test_every_page_of_every_persona_is_in_nynorsk_without_bokmal_words() -> None:
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo()
    pages = paths()
    data = data_strings()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=VIEWERS)}
    opened = 0
    bokmal: list[tuple[str, str, str]] = []
    for username in VIEWERS:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
        client.force_login(users[username])
        for name, path in pages.items():
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            page = response.content.decode()
            assert '<html lang="nn">' in page, path
            opened += 1
            text = interface_text(page, data)
            bokmal += [(name, word, _context(text, word)) for word in bokmal_words(text)]
    assert opened > 100
    unique = sorted({(name, word): context for name, word, context in bokmal}.items())
    assert not unique, "bokmål on nynorsk pages:\n" + "\n".join(
        f"{name}: {word!r} in «{context}»" for (name, word), context in unique
    )


def test_the_organisation_s_language_is_the_default_and_a_choice_overrides_it(
    employee: Any,
) -> None:
    from tests.conftest import PASSWORD

    norwegian_browser = {"HTTP_ACCEPT_LANGUAGE": "nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en;q=0.5"}
    client = Client(**norwegian_browser)
    assert client.login(username=employee.user.username, password=PASSWORD)
    with override_settings(LANGUAGE_CODE="nn"):
        # A nynorsk municipality: a Norwegian browser gets nynorsk …
        assert '<html lang="nn">' in client.get("/").content.decode()
        # … an English one English …
        english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        assert '<html lang="en">' in english.content.decode()
        with override_settings(LANGUAGE_CODE="nb"):
            # … and one set to nynorsk first gets nynorsk in a bokmål organisation.
            asked = client.get("/", HTTP_ACCEPT_LANGUAGE="nn-NO,nn;q=0.9,nb;q=0.8")
            assert '<html lang="nn">' in asked.content.decode()
        # … and the reader's own choice wins over both.
        client.post("/sprak/", {"language": "nb", "next": "/"})
        assert '<html lang="nb">' in client.get("/").content.decode()
    with override_settings(LANGUAGE_CODE="nb"):
        fresh = Client(**norwegian_browser)
        assert fresh.login(username=employee.user.username, password=PASSWORD)
        assert '<html lang="nb">' in fresh.get("/").content.decode()
        fresh.post("/sprak/", {"language": "nn", "next": "/"})
        assert '<html lang="nn">' in fresh.get("/").content.decode()


def test_a_bokmal_page_stays_bokmal_in_a_nynorsk_organisation(employee: Any) -> None:
    # Django looks a message up in the organisation's language when the page's
    # language lacks it; bokmål has its own catalogue so that it never does.
    from django.utils.translation import trans_real

    from tests.conftest import PASSWORD

    client = Client()
    assert client.login(username=employee.user.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    for organisation in ("nn", "en"):
        with override_settings(LANGUAGE_CODE=organisation):
            # Django builds each language's fallback once, when the language is
            # first used, and keeps it across setting changes: start afresh, as a
            # server started with HJEMMEKONTOR_LANGUAGE does.
            trans_real._translations = {}
            page = client.get("/logg-inn/").content.decode()
            assert '<html lang="nb">' in page
            assert "Ingen tall vises for grupper med færre enn" in page, organisation
            assert "Ingen tal blir viste" not in page and "No figures are shown" not in page
    trans_real._translations = {}
