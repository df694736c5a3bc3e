"""The shapes of what a round's computation stores and the pages read.

`compute.do_compute_results` writes one :class:`UnitSlice` per unit (a
``ResultUnit.payload``; the comments in their own column) and a
:class:`HeatmapData` per round; :mod:`hjemmekontor.results.pages` reads them.
Typed so that a key misspelt on either side is a type error, not a figure that
silently reads as missing. Every key may be absent in results stored by an
earlier version (``total=False``), so readers keep their defaults.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = [
    "ConsequencesData",
    "EffectRow",
    "FindingData",
    "HeatmapData",
    "RateData",
    "Row",
    "TrendRow",
    "UnitSlice",
    "Weighting",
]


class Row(TypedDict, total=False):
    """One estimate as the analysis library publishes it."""

    variable: str
    statistic: str
    category: str | None
    breakdown: str
    by: dict[str, Any] | None
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    se: float | None
    n: int
    suppressed: bool
    reason: str | None


class EffectRow(TypedDict, total=False):
    """One adjusted effect of a home-office group on an outcome."""

    variable: str
    term: str
    effect_type: str
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    suppressed: bool
    reason: str | None


class ConsequencesData(TypedDict, total=False):
    covariates: list[str]
    groups: list[Row]
    effects: list[EffectRow]


class TrendRow(TypedDict, total=False):
    variable: str
    statistic: str
    category: str | None
    breakdown: str
    previous: float | None
    current: float | None
    change: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_previous: int
    n_current: int


class FindingData(TypedDict, total=False):
    kind: str
    variable: str
    text_nb: str
    text_en: str
    text_nn: str  # absent in results stored before nynorsk came
    p_value: float | None
    p_adjusted: float | None


class RateData(TypedDict, total=False):
    """Invited, answered and the rate; ``groups`` per filter group ("gender=female")."""

    invited: int
    answered: int | None
    rate: float | None
    suppressed: bool
    reason: str | None
    groups: dict[str, RateData]


class UnitSlice(TypedDict, total=False):
    """What one unit's page needs (a ``ResultUnit``)."""

    respondents: int
    estimates: list[Row]
    filters: list[Row]
    consequences: ConsequencesData | None
    findings: list[FindingData]
    trends: list[TrendRow]
    comments: list[str] | None
    comments_reason: str | None
    response_rate: RateData


class Weighting(TypedDict, total=False):
    """How the answers were weighted (``ResultSet.weighting``)."""

    method: str
    k: int
    k_comments: int
    merged: dict[str, list[str]]
    error: str
    note_nb: str  # results stored before the note was written at display time
    note: str  # the note in the page's language, added when a page is read


class HeatmapData(TypedDict, total=False):
    organisation: dict[str, Row]
    units: dict[str, dict[str, Row]]
    respondents: dict[str, int]
