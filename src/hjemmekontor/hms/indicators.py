"""The survey figures an action can aim to improve, by name instead of by id.

An action made from the results pages carries the id of an indicator, outcome
or score (``after_hours_weekly``); people read its label, in their language.
The ids and labels are the analysis library's own.
"""

from __future__ import annotations

from typing import Any

from hjemmekontor.analysis.consequences import OUTCOMES
from hjemmekontor.analysis.indicators import INDICATORS
from hjemmekontor.analysis.scores import SCALES
from hjemmekontor.web.language import page_language

__all__ = ["indicator_choices", "indicator_label"]


def _labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    figures: tuple[Any, ...] = (*INDICATORS, *OUTCOMES, *SCALES)
    for figure in figures:
        labels.setdefault(
            figure.id,
            {lang: getattr(figure, f"label_{lang}", "") for lang in ("nb", "nn", "en")},
        )
    return labels


LABELS = _labels()


def indicator_label(indicator_id: str) -> str:
    """The label of an indicator id in the current language; the id itself if unknown."""
    labels = LABELS.get(indicator_id)
    if labels is None:
        return indicator_id
    return labels[page_language()] or labels["nb"]


def indicator_choices(current: str = "") -> list[tuple[str, str]]:
    """Choices for a form: none, every known figure by label, and ``current`` if
    it is an id from before (kept, so that saving never loses it)."""
    named = sorted(((key, indicator_label(key)) for key in LABELS), key=lambda item: item[1])
    choices = [("", "—"), *named]
    if current and current not in LABELS:
        choices.append((current, current))
    return choices
