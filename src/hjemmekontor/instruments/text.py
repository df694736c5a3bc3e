"""Texts in several languages: every user-visible string is a mapping with ``nb``
and ``en``, and ``nn`` where the file claims nynorsk (``languages:``)."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
"""Languages an instrument file may claim; bokmål is the fallback."""

DEFAULT_LANGUAGES: tuple[str, ...] = ("nb", "en")
"""Languages every instrument text must have (a file without ``languages:``)."""

DEFAULT_LANGUAGE = "nb"


def text(d: Mapping[str, str] | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the text of ``d`` in ``lang``, falling back to bokmål.

    Parameters
    ----------
    d : mapping of language code to text, or None
        A localised text from an instrument (``item.text``, ``option.label`` …).
    lang : str
        Wanted language: ``"nb"``, ``"nn"`` or ``"en"``.

    Returns
    -------
    str
        The text, or ``""`` when ``d`` is None (an optional text that is absent).
    """
    if d is None:
        return ""
    value = d.get(lang) or d.get(DEFAULT_LANGUAGE)
    return value if value is not None else ""
