"""The languages of the library's texts, and how one of them is picked.

The library has no Django (no gettext): a user-visible text comes as one field
per language, ``label_nb``, ``label_en`` and ``label_nn``. Nynorsk came last, so
results stored before it have no ``*_nn`` texts; they show bokmål in its place
rather than nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["LANGUAGES", "norwegian", "pick"]

LANGUAGES = ("nb", "nn", "en")


def norwegian(lang: str) -> bool:
    """Whether ``lang`` is bokmål or nynorsk (numbers with a decimal comma)."""
    return lang in ("nb", "nn")


def pick(source: Mapping[str, Any] | object, field: str, lang: str) -> str:
    """The text ``{field}_{lang}`` of a row (mapping) or an object.

    ``nn`` falls back to bokmål where its text is missing or empty; any
    language other than ``nb`` and ``nn`` gives English, as before nynorsk.
    """

    def get(name: str) -> Any:
        if isinstance(source, Mapping):
            return source.get(name)
        return getattr(source, name, None)

    if lang == "nn":
        return str(get(f"{field}_nn") or get(f"{field}_nb") or "")
    return str(get(f"{field}_{'nb' if lang == 'nb' else 'en'}") or "")
