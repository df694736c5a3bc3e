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
from hjemmekontor.web.language import localized

__all__ = ["indicator_choices", "indicator_label"]


def _figures() -> dict[str, Any]:
    # The first of an id wins: an indicator before an outcome or a score.
    figures: dict[str, Any] = {}
    every: tuple[Any, ...] = (*INDICATORS, *OUTCOMES, *SCALES)
    for figure in every:
        figures.setdefault(figure.id, figure)
    return figures


FIGURES = _figures()


def indicator_label(indicator_id: str) -> str:
    """The label of an indicator id in the current language; the id itself if unknown."""
    figure = FIGURES.get(indicator_id)
    return indicator_id if figure is None else localized(figure, "label")


def indicator_choices(current: str = "") -> list[tuple[str, str]]:
    """Choices for a form: none, every known figure by label, and ``current`` if
    it is an id from before (kept, so that saving never loses it)."""
    named = sorted(((key, indicator_label(key)) for key in FIGURES), key=lambda item: item[1])
    choices = [("", "—"), *named]
    if current and current not in FIGURES:
        choices.append((current, current))
    return choices
