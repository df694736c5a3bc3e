"""Plain-language findings, written only from statistically significant results.

Three kinds of sentences, each in bokmål and English:

* **dose–response**: the trend test across home-office frequency groups
  (:mod:`hjemmekontor.analysis.consequences`) has p < 0.05 and the shown
  group estimates move in the same direction as the adjusted trend;
* **change**: an indicator or score changed significantly since the round
  compared with (:mod:`hjemmekontor.analysis.trends`);
* **national**: the organisation's indicator differs from the national
  reference value, i.e. the reference lies outside the 95 % CI.

Where the data do not support a statement, nothing is said.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import polars as pl

from hjemmekontor.analysis.consequences import Consequences
from hjemmekontor.analysis.indicators import HO_GROUPS, INDICATORS
from hjemmekontor.analysis.scores import SCALES

__all__ = ["ALPHA", "Finding", "findings"]

ALPHA = 0.05


@dataclass(frozen=True)
class Finding:
    """One finding sentence.

    Attributes
    ----------
    kind : {"dose_response", "change", "national"}
    variable : str
        The outcome, indicator or score.
    text_nb, text_en : str
        The sentence in bokmål and English.
    p_value : float
        The test behind it.
    """

    kind: str
    variable: str
    text_nb: str
    text_en: str
    p_value: float

    def to_dict(self) -> dict[str, object]:
        """Plain dictionary (for JSON)."""
        return asdict(self)


def _number(value: float, decimals: int, lang: str) -> str:
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "nb" else text


def _display(value: float, percent: bool, days: bool, lang: str) -> str:
    if percent:
        return _number(100 * value, 0, lang)
    return _number(value, 1 if days else 0, lang)


def _dose_response(result: Consequences) -> list[Finding]:
    found = []
    # One pass over each table (not a filter per outcome: every unit's results
    # run this, and a polars filter costs more than reading the few rows).
    trends: dict[str, tuple[float, float | None]] = {}
    effects = result.effects
    for variable, term, suppressed, effect, p in zip(
        effects["variable"], effects["term"], effects["suppressed"],
        effects["effect"], effects["p_value"], strict=True,
    ):  # fmt: skip
        if term == "trend" and not suppressed and variable not in trends:
            trends[variable] = (effect, p)
    estimates: dict[str, dict[str, float]] = {}
    groups = result.groups
    for variable, breakdown, suppressed, by, estimate in zip(
        groups["variable"], groups["breakdown"], groups["suppressed"],
        groups["by"], groups["estimate"], strict=True,
    ):  # fmt: skip
        if breakdown == "ho_group" and not suppressed:
            estimates.setdefault(variable, {})[by["ho_group"]] = estimate
    for outcome in result.outcomes:
        if outcome.id not in trends:
            continue
        effect, p = trends[outcome.id]
        if p is None or not p < ALPHA:
            continue
        by_group = estimates.get(outcome.id, {})
        shown = [by_group[g] for g in HO_GROUPS if by_group.get(g) is not None]
        if len(shown) < 2:
            continue
        first, last = shown[0], shown[-1]
        # Say nothing when the raw groups and the adjusted trend disagree.
        if (last - first) * effect <= 0:
            continue
        up = effect > 0
        days = outcome.id == "sick_days"
        nb_from = _display(first, outcome.percent, days, "nb")
        nb_to = _display(last, outcome.percent, days, "nb")
        en_from = _display(first, outcome.percent, days, "en")
        en_to = _display(last, outcome.percent, days, "en")
        found.append(
            Finding(
                "dose_response",
                outcome.id,
                f"{outcome.label_nb} {'øker' if up else 'synker'} jo oftere de ansatte jobber "
                f"hjemmefra (fra {nb_from} til {nb_to} {outcome.unit_nb}).",
                f"{outcome.label_en} {'increases' if up else 'decreases'} the more often "
                f"employees work from home (from {en_from} to {en_to} {outcome.unit_en}).",
                float(p),
            )
        )
    return found


def _subjects() -> dict[str, tuple[str, str, bool]]:
    subjects = {i.id: (i.subject_nb, i.subject_en, i.statistic == "share") for i in INDICATORS}
    for scale in SCALES:
        subjects[scale.id] = (scale.label_nb, scale.label_en, False)
    return subjects


def _change(trends: pl.DataFrame) -> list[Finding]:
    found = []
    subjects = _subjects()
    total = trends.filter((pl.col("breakdown") == "") & (pl.col("p_value") < ALPHA))
    for row in total.iter_rows(named=True):
        if row["variable"] not in subjects:
            continue
        nb, en, percent = subjects[row["variable"]]
        unit_nb, unit_en = ("prosent", "per cent") if percent else ("poeng", "points")
        if row["variable"] == "share_time_home":
            unit_nb, unit_en = "prosent", "per cent"
        up = row["change"] > 0
        values = [
            _display(row[c], percent, False, lang)
            for lang in ("nb", "en")
            for c in ("previous", "current")
        ]
        found.append(
            Finding(
                "change",
                row["variable"],
                f"{nb} har {'økt' if up else 'sunket'} fra {values[0]} til {values[1]} "
                f"{unit_nb} siden forrige runde.",
                f"{en} has {'risen' if up else 'fallen'} from {values[2]} to {values[3]} "
                f"{unit_en} since the previous round.",
                float(row["p_value"]),
            )
        )
    return found


def _national(indicators: pl.DataFrame) -> list[Finding]:
    found = []
    # Read row by row, not filtered: every unit's results run this.
    for row in indicators.iter_rows(named=True):
        if row["suppressed"] is not False:
            continue
        # p < 0.05 is the same as the reference lying outside the 95 % CI.
        reference, p = row["reference"], row["p_value"]
        if reference is None or p is None or not p < ALPHA:
            continue
        percent = row["statistic"] == "share"
        scale = 100 if percent else 1
        ours = _number(scale * row["estimate"], 0, "nb")
        theirs = _number(scale * reference, 0, "nb")
        higher = row["estimate"] > reference
        found.append(
            Finding(
                "national",
                row["variable"],
                f"{row['subject_nb']} er {'høyere' if higher else 'lavere'} enn i landet som "
                f"helhet ({ours} mot {theirs} prosent; {row['source']}).",
                f"{row['subject_en']} is {'higher' if higher else 'lower'} than in the country "
                f"as a whole ({ours} against {theirs} per cent; {row['source']}).",
                float(row["p_value"]),
            )
        )
    return found


def findings(
    consequences: Consequences | None = None,
    trends: pl.DataFrame | None = None,
    indicators: pl.DataFrame | None = None,
) -> list[Finding]:
    """Write the findings supported by the results.

    Parameters
    ----------
    consequences : Consequences, optional
    trends : polars.DataFrame, optional
        From :func:`hjemmekontor.analysis.trends.trends`.
    indicators : polars.DataFrame, optional
        The indicator table of :func:`hjemmekontor.analysis.api.analyze`
        (with ``reference``, ``source``, ``subject_nb``, ``subject_en`` and
        ``p_value`` against the reference).

    Returns
    -------
    list of Finding
        Empty when nothing is significant.
    """
    found: list[Finding] = []
    if consequences is not None:
        found += _dose_response(consequences)
    if trends is not None:
        found += _change(trends)
    if indicators is not None:
        found += _national(indicators)
    return found
