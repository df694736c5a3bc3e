"""The dataclasses of what a results page shows (filled by :mod:`hjemmekontor.results.pages`).

Plain data: every figure a page, report or export shows, as read from the stored
analysis; ``to_dict()`` gives JSON-serialisable data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    """One estimate as stored: value, 95 % CI, n and whether it is hidden.

    ``statistic`` is ``share`` (a proportion 0–1) or ``mean`` (own scale).
    When ``suppressed``, ``estimate``/``ci_low``/``ci_high`` are None and
    ``reason`` says why.
    """

    statistic: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    suppressed: bool
    reason: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | None, statistic: str = "share") -> Figure:
        if row is None:
            return cls(statistic, None, None, None, 0, True, "no_respondents")
        return cls(
            str(row.get("statistic") or statistic),
            row.get("estimate"),
            row.get("ci_low"),
            row.get("ci_high"),
            int(row.get("n") or 0),
            bool(row.get("suppressed")),
            row.get("reason"),
        )


@dataclass
class ResponseRate:
    """Invited and answered (employee questionnaire); answered and rate hidden below k."""

    invited: int
    answered: int | None
    rate: float | None
    suppressed: bool
    reason: str | None

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> ResponseRate:
        return cls(
            int(data.get("invited", 0)),
            data.get("answered"),
            data.get("rate"),
            bool(data.get("suppressed")),
            data.get("reason"),
        )


@dataclass
class Indicator:
    """A headline indicator for the unit, beside the organisation and the nation.

    ``figure`` is the unit's (or, for the whole organisation, the
    organisation's) value; ``organisation`` the whole organisation's value (None
    on the organisation page); ``reference`` the national value on the same
    scale, with its ``source``.
    """

    id: str
    label_nb: str
    label_en: str
    population_nb: str
    population_en: str
    figure: Figure
    organisation: Figure | None
    reference: float
    source: str
    # Nynorsk, after the fields with no default; bokmål where empty (older results).
    label_nn: str = ""
    population_nn: str = ""


@dataclass
class ItemFigure:
    """An item of a section (extent, digital meetings, HMS at home, managers, …)."""

    id: str
    label_nb: str
    label_en: str
    figure: Figure
    organisation: Figure | None = None
    label_nn: str = ""


@dataclass
class Section:
    """A block of items. ``scope`` is ``unit`` or ``organisation`` (when the unit's
    own figures would be too few, e.g. the managers' questionnaire in a small unit,
    the organisation's are shown and ``scope`` says so)."""

    items: list[ItemFigure]
    scope: str = "unit"
    respondents: int = 0


@dataclass
class Effect:
    """An adjusted effect: difference (points), odds ratio or rate ratio vs
    ``monthly_or_less``, or the trend contrast; None fields when suppressed."""

    effect_type: str | None
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    suppressed: bool


@dataclass
class ConsequenceGroup:
    """One home-office frequency group of an outcome."""

    group: str
    label_nb: str
    label_en: str
    figure: Figure
    effect: Effect | None
    label_nn: str = ""


@dataclass
class Consequence:
    """An outcome by home-office frequency: per-group estimates with CI, the
    adjusted effects vs ``monthly_or_less`` and the trend test."""

    id: str
    label_nb: str
    label_en: str
    unit_nb: str
    unit_en: str
    statistic: str
    groups: list[ConsequenceGroup]
    trend: Effect | None
    label_nn: str = ""
    unit_nn: str = ""


@dataclass
class Finding:
    """A sentence supported by a significant result (from the analysis)."""

    kind: str
    variable: str
    text_nb: str
    text_en: str
    p_value: float | None
    text_nn: str = ""


@dataclass
class Trend:
    """Change of an estimate since the previous round (``previous``, ``current``,
    ``change`` with CI and p-value, on the estimate's scale)."""

    id: str
    label_nb: str
    label_en: str
    statistic: str
    previous: float | None
    current: float | None
    change: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_previous: int
    n_current: int
    # The question the row answers ("Hvor ofte …" for "Aldri"), by language.
    question_nb: str = ""
    question_en: str = ""
    label_nn: str = ""
    question_nn: str = ""


@dataclass
class Comments:
    """Free-text comments: shown only with ``threshold`` respondents or more in
    the unit (and never when a sub-unit's comments could be told apart), in random
    order and without any other field."""

    shown: bool
    respondents: int
    threshold: int
    texts: list[str]
    reason: str | None = None
    total: int = 0  # comments in the unit; ``texts`` is a random selection of at most 100


@dataclass
class UnitView:
    """Everything on a unit's results page.

    Attributes
    ----------
    round_id, round_name, opens_on, closes_on : round identity and dates (ISO)
    unit_id, unit_code, unit_path : the unit (None for the whole organisation)
    filters : the applied filter (``{"gender": "female"}``) or ``{}``
    lang, k, k_comments : language and anonymity thresholds
    weighting : ``{"method": "raking"|"none", "merged", "note", ...}`` (``note``
        the method note in the page's language)
    response_rate : employees invited/answered in the unit
    respondents : employee responses in the unit (its subtree)
    indicators : headline indicators (unit, organisation, national)
    extent_frequency, extent_wish, extent_places : how often, wish, where
    consequences : outcomes by home-office group (empty with a filter)
    findings : sentences (nb/en), with the indicator they concern
    managers, representatives : the other questionnaires' key items
    digital_meetings, hms_at_home : sections of the employee questionnaire
    trends : change since ``previous_round_name`` (empty with a filter)
    comments : free text (None with a filter)
    subunits : ``[{"id", "code", "path"}]`` the viewer may open from here
    computed_at : when the stored results were computed
    """

    round_id: int
    round_name: str
    opens_on: str
    closes_on: str
    unit_id: int | None
    unit_code: str | None
    unit_path: str | None
    filters: dict[str, str]
    lang: str
    k: int
    k_comments: int
    weighting: dict[str, Any]
    response_rate: ResponseRate
    respondents: int
    indicators: list[Indicator]
    extent_frequency: Section
    extent_wish: Section
    extent_places: Section
    consequences: list[Consequence]
    findings: list[Finding]
    managers: Section
    representatives: Section
    digital_meetings: Section
    hms_at_home: Section
    trends: list[Trend]
    previous_round_name: str | None
    comments: Comments | None
    subunits: list[dict[str, Any]] = field(default_factory=list)
    computed_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (``json.dumps(view.to_dict())`` works)."""
        return asdict(self)


@dataclass
class UnitResponseRate:
    """A unit's response rate as its results page shows it (None: the organisation)."""

    unit_id: int | None
    unit_code: str | None
    unit_path: str | None
    response_rate: ResponseRate


@dataclass
class HeatmapCell:
    """One unit × indicator: the figure (suppressed ones say why)."""

    indicator: str
    figure: Figure


@dataclass
class HeatmapRow:
    unit_id: int
    unit_code: str
    unit_path: str
    depth: int
    respondents: int
    cells: list[HeatmapCell]


@dataclass
class Heatmap:
    """Units the viewer may see × headline indicators (employee questionnaire)."""

    round_id: int
    round_name: str
    indicators: list[dict[str, Any]]  # {"id", "label_nb", "label_en", "statistic", "reference"}
    organisation: list[HeatmapCell]
    rows: list[HeatmapRow]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------
