"""The survey figures an action can aim to improve, by name instead of by id.

An action made from the results pages carries the id of an indicator, outcome
or score (``after_hours_weekly``); people read its label, in their language.
The ids and labels are the analysis library's own.
"""

from __future__ import annotations

from hjemmekontor.analysis.consequences import OUTCOMES
from hjemmekontor.analysis.indicators import INDICATORS
from hjemmekontor.analysis.scores import SCALES
from hjemmekontor.web.language import page_language

__all__ = ["indicator_choices", "indicator_label"]


def _labels() -> dict[str, tuple[str, str]]:
    labels: dict[str, tuple[str, str]] = {}
    for indicator in INDICATORS:
        labels.setdefault(indicator.id, (indicator.label_nb, indicator.label_en))
    for outcome in OUTCOMES:
        labels.setdefault(outcome.id, (outcome.label_nb, outcome.label_en))
    for scale in SCALES:
        labels.setdefault(scale.id, (scale.label_nb, scale.label_en))
    return labels


LABELS = _labels()


def _english() -> bool:
    return page_language() == "en"


def indicator_label(indicator_id: str) -> str:
    """The label of an indicator id in the current language; the id itself if unknown."""
    pair = LABELS.get(indicator_id)
    if pair is None:
        return indicator_id
    return pair[1] if _english() else pair[0]


def indicator_choices(current: str = "") -> list[tuple[str, str]]:
    """Choices for a form: none, every known figure by label, and ``current`` if
    it is an id from before (kept, so that saving never loses it)."""
    named = sorted(((key, indicator_label(key)) for key in LABELS), key=lambda item: item[1])
    choices = [("", "—"), *named]
    if current and current not in LABELS:
        choices.append((current, current))
    return choices
