"""Texts that come in both languages as data (a questionnaire's ``{nb, en}``),
shown in the language of the page being rendered.

The interface's own strings go through gettext; a questionnaire file carries
its texts side by side, so they are picked, not translated.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language

__all__ = ["in_page_language", "page_language"]


def page_language() -> str:
    """ "en" or "nb": the language the current page is rendered in."""
    return "en" if (get_language() or "nb").startswith("en") else "nb"


def in_page_language(texts: Mapping[str, str]) -> str:
    """The text in the page's language; bokmål where no translation is given."""
    return texts.get(page_language()) or texts.get("nb") or ""
