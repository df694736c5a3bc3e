"""The page's language, and texts that come in several languages as data.

The interface's own strings go through gettext; a questionnaire file carries its
texts side by side (``{nb, nn, en}``), and the analysis library its labels as
``label_nb``, ``label_nn``, ``label_en``: those are picked, not translated, with
bokmål as the fallback where a text has no translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import get_language

from hjemmekontor.analysis.language import LANGUAGES, pick

__all__ = [
    "CODES",
    "OrganisationLocaleMiddleware",
    "in_page_language",
    "localized",
    "page_language",
]

CODES = LANGUAGES
"""The interface's languages (settings.LANGUAGES), bokmål first."""


def page_language() -> str:
    """ "nb", "nn" or "en": the language the current page is rendered in."""
    current = (get_language() or "nb").lower()
    return next((code for code in CODES if current.startswith(code)), "nb")


def in_page_language(texts: Mapping[str, str]) -> str:
    """The text in the page's language; bokmål where no translation is given."""
    return texts.get(page_language()) or texts.get("nb") or ""


def localized(obj: Any, name: str, lang: str | None = None) -> str:
    """``obj.<name>_<lang>`` (or the key of a mapping) in the page's language.

    ``localized(indicator, "label", "nn")`` reads ``indicator.label_nn``; results
    stored before nynorsk came have no ``_nn`` text and show their bokmål. The
    analysis library picks its own texts the same way.
    """
    return pick(obj, name, lang or page_language())


class OrganisationLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the organisation's written standard first.

    Nearly every Norwegian browser asks for bokmål (``nb``/``no``) because that
    is how it was installed, also in a municipality that writes nynorsk: there
    the browser's bokmål would override the organisation's choice
    (HJEMMEKONTOR_LANGUAGE). So a browser's bokmål counts as "Norwegian" and
    gets the organisation's written standard; a browser that asks for nynorsk
    or English first gets it; a language the reader picked (the language
    cookie) always wins.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in CODES:
            language = chosen
        else:
            asked = translation.get_language_from_request(request)
            language = asked if asked in ("nn", "en") else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
