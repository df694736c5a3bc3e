"""Plain-language findings, written only where the data support them.

Three kinds of sentences, each in bokmål, nynorsk and English (the words are
in :mod:`hjemmekontor.analysis.sentences`):

* **dose–response**: how an outcome goes with home-office frequency among
  those who work from home at all (:mod:`hjemmekontor.analysis.consequences`);
* **change**: an indicator or score changed since the round compared with
  (:mod:`hjemmekontor.analysis.trends`);
* **national**: the organisation's indicator differs from the national
  reference, the reference's own sampling error included.

**Multiple testing.** Every test that could give one of these sentences in one
report (or on one results page) is one family: the trend test of each outcome,
the change test of each indicator and score, the national test of each
indicator. Their p-values are adjusted together by Holm's method, and a
sentence is written only when its adjusted p-value (``p_adjusted``) is below
0.05. Holm controls the chance of *any* false sentence in a report at 5 %,
whatever the other tests find; Benjamini–Hochberg, which controls only the
expected share of false ones, let real national differences lower the bar for
the rest (10 of 200 simulated reports without any effect stated a false
dose-response or change, against 107 of 200 with no adjustment).

**Sentence rules** (``docs/analysis.md``, "Findings"):

* a trend sentence only when the trend survives and the shown groups, from
  the least to the most home office, all move in its direction; otherwise, if
  the trend survives, the largest group difference to ``monthly_or_less``
  whose own test passes the same threshold, described as that difference;
* wording says *henger sammen med* / *heng saman med* / *is associated
  with*: the data show an association, not what causes what;
* every sentence gives an effect size with its 95 % interval;
* national sentences name the population and the source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import pairwise

import numpy as np
import polars as pl

from hjemmekontor.analysis.consequences import (
    DOSE_GROUPS,
    EFFECT_TYPE,
    REFERENCE_GROUP,
    Consequences,
    Outcome,
)
from hjemmekontor.analysis.indicators import INDICATORS
from hjemmekontor.analysis.language import pick
from hjemmekontor.analysis.outcomes import Z_95
from hjemmekontor.analysis.scores import SCALES
from hjemmekontor.analysis.sentences import Change, Dose, National

__all__ = ["ALPHA", "Finding", "findings", "holm"]

ALPHA = 0.05
_INDICATORS = {indicator.id: indicator for indicator in INDICATORS}


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
    p_adjusted : float, optional
        Its p-value adjusted for every test of the report (Holm).
    text_nn : str
        The sentence in nynorsk. Last, with a default, because callers build
        findings positionally from results stored before nynorsk.
    """

    kind: str
    variable: str
    text_nb: str
    text_en: str
    p_value: float
    p_adjusted: float | None = None
    text_nn: str = ""

    def to_dict(self) -> dict[str, object]:
        """Plain dictionary (for JSON)."""
        return asdict(self)

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` (nynorsk falls back to bokmål where it has none)."""
        return pick(self, "text", lang)


def _finding(
    kind: str, variable: str, sentence: Dose | Change | National, p: float, p_adjusted: float
) -> Finding:
    return Finding(
        kind,
        variable,
        sentence.text("nb"),
        sentence.text("en"),
        p,
        p_adjusted,
        sentence.text("nn"),
    )


def holm(p_values: list[float]) -> list[float]:
    """Holm-adjusted p-values, in the order given (R ``p.adjust(p, "holm")``)."""
    m = len(p_values)
    if not m:
        return []
    p = np.asarray(p_values, dtype=np.float64)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * (m - np.arange(m))
    adjusted = np.maximum.accumulate(scaled)
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return [float(v) for v in out]


@dataclass(frozen=True)
class _Candidate:
    """A test that could give a sentence, and how to write it once it survives."""

    p_value: float
    write: Callable[[float, float], Finding | None]  # (adjusted p, contrast bar) -> sentence


def _effects_of(result: Consequences) -> dict[str, dict[str, tuple[float, float, float, float]]]:
    """Shown effect rows: outcome → term → (effect, low, high, p)."""
    found: dict[str, dict[str, tuple[float, float, float, float]]] = {}
    effects = result.effects
    for variable, term, suppressed, effect, low, high, p in zip(
        effects["variable"], effects["term"], effects["suppressed"], effects["effect"],
        effects["ci_low"], effects["ci_high"], effects["p_value"], strict=True,
    ):  # fmt: skip
        if suppressed or effect is None or p is None or low is None or high is None:
            continue
        found.setdefault(variable, {}).setdefault(term, (effect, low, high, p))
    return found


def _group_estimates(result: Consequences) -> dict[str, dict[str, float]]:
    estimates: dict[str, dict[str, float]] = {}
    groups = result.groups
    for variable, breakdown, suppressed, by, estimate in zip(
        groups["variable"], groups["breakdown"], groups["suppressed"],
        groups["by"], groups["estimate"], strict=True,
    ):  # fmt: skip
        if breakdown == "ho_group" and not suppressed and estimate is not None:
            estimates.setdefault(variable, {})[by["ho_group"]] = estimate
    return estimates


def _dose_response(result: Consequences) -> list[_Candidate]:
    candidates = []
    effects = _effects_of(result)
    estimates = _group_estimates(result)
    for outcome in result.outcomes:
        trend = effects.get(outcome.id, {}).get("trend")
        if trend is None:
            continue
        candidates.append(
            _Candidate(
                trend[3],
                _dose_writer(outcome, trend, effects[outcome.id], estimates.get(outcome.id, {})),
            )
        )
    return candidates


def _dose_writer(
    outcome: Outcome,
    trend: tuple[float, float, float, float],
    effects: dict[str, tuple[float, float, float, float]],
    by_group: dict[str, float],
) -> Callable[[float, float], Finding | None]:
    def write(p_adjusted: float, threshold: float) -> Finding | None:
        shown = [g for g in DOSE_GROUPS if g in by_group]
        if len(shown) < 2:
            return None
        direction = np.sign(trend[0])
        steps = [by_group[b] - by_group[a] for a, b in pairwise(shown)]
        if direction and all(np.sign(step) == direction for step in steps):
            last = shown[-1]
            if shown[0] != REFERENCE_GROUP or last not in effects:
                return None
            return _sentence(outcome, "trend", last, by_group, effects[last], trend[3], p_adjusted)
        # The groups do not follow the trend (a U or a step): describe the
        # largest group difference that passes the report's threshold itself.
        passing = [
            (abs(_link(outcome, effects[g][0])), g)
            for g in DOSE_GROUPS[1:]
            if g in effects and g in by_group and REFERENCE_GROUP in by_group
            and effects[g][3] <= threshold
        ]  # fmt: skip
        if not passing:
            return None
        _, group = max(passing)
        effect = effects[group]
        raw = by_group[group] - by_group[REFERENCE_GROUP]
        if raw * _link(outcome, effect[0]) <= 0:
            return None
        return _sentence(outcome, "contrast", group, by_group, effect, effect[3], p_adjusted)

    return write


def _link(outcome: Outcome, effect: float) -> float:
    """An effect on the scale where 0 means no difference."""
    return effect if outcome.family == "gaussian" else float(np.log(effect))


def _sentence(
    outcome: Outcome,
    form: str,
    group: str,
    by_group: dict[str, float],
    effect: tuple[float, float, float, float],
    p: float,
    p_adjusted: float,
) -> Finding:
    sentence = Dose(
        outcome,
        form == "trend",
        group,
        by_group[REFERENCE_GROUP],
        by_group[group],
        EFFECT_TYPE[outcome.family],
        effect,
    )
    return _finding("dose_response", outcome.id, sentence, float(p), p_adjusted)


def _subjects() -> dict[str, tuple[object, str, bool]]:
    """What a change sentence is about: variable → (texts, their field, share?)."""
    subjects: dict[str, tuple[object, str, bool]] = {
        i.id: (i, "subject", i.statistic == "share") for i in INDICATORS
    }
    for scale in SCALES:
        subjects[scale.id] = (scale, "label", False)
    return subjects


def _change(trends: pl.DataFrame) -> list[_Candidate]:
    candidates = []
    subjects = _subjects()
    has_ci = "ci_low" in trends.columns and "ci_high" in trends.columns
    for row in trends.filter(pl.col("breakdown") == "").iter_rows(named=True):
        if row["variable"] not in subjects or row["p_value"] is None:
            continue
        if row["change"] is None or row["previous"] is None or row["current"] is None:
            continue
        if not has_ci or row["ci_low"] is None or row["ci_high"] is None:
            continue
        candidates.append(_Candidate(float(row["p_value"]), _change_writer(row, subjects)))
    return candidates


def _change_writer(
    row: dict[str, object], subjects: dict[str, tuple[object, str, bool]]
) -> Callable[[float, float], Finding | None]:
    def write(p_adjusted: float, threshold: float) -> Finding | None:
        variable = str(row["variable"])
        subject, field, percent = subjects[variable]
        scale = 100 if percent else 1
        change, low, high = (scale * float(row[c]) for c in ("change", "ci_low", "ci_high"))  # type: ignore[arg-type]
        sentence = Change(
            subject,
            field,
            float(row["previous"]),  # type: ignore[arg-type]
            float(row["current"]),  # type: ignore[arg-type]
            percent,
            # share_time_home is a mean, but of percentages.
            percent or variable == "share_time_home",
            change,
            low,
            high,
        )
        return _finding("change", variable, sentence, float(row["p_value"]), p_adjusted)  # type: ignore[arg-type]

    return write


def _national(indicators: pl.DataFrame) -> list[_Candidate]:
    candidates = []
    # Read row by row, not filtered: every unit's results run this.
    for row in indicators.iter_rows(named=True):
        if row["suppressed"] is not False:
            continue
        reference, p = row["reference"], row["p_value"]
        if reference is None or p is None or row["estimate"] is None:
            continue
        candidates.append(_Candidate(float(p), _national_writer(_with_nynorsk(row))))
    return candidates


def _with_nynorsk(row: dict[str, object]) -> dict[str, object]:
    """The row, with the library's nynorsk texts where it has none.

    An indicator table made before nynorsk (a stored one) has no ``*_nn``
    columns; its indicator's own texts say the same.
    """
    indicator = _INDICATORS.get(str(row["variable"]))
    if indicator is None:
        return row
    own = {"subject_nn": indicator.subject_nn, "population_nn": indicator.population_nn}
    return {**row, **{key: text for key, text in own.items() if not row.get(key)}}


def _national_writer(row: dict[str, object]) -> Callable[[float, float], Finding | None]:
    def write(p_adjusted: float, threshold: float) -> Finding | None:
        percent = row["statistic"] == "share"
        scale = 100 if percent else 1
        estimate, reference = float(row["estimate"]), float(row["reference"])  # type: ignore[arg-type]
        difference = scale * (estimate - reference)
        reference_se = row.get("reference_se")
        se = float(row["se"]) if row.get("se") is not None else float("nan")  # type: ignore[arg-type]
        se_both = scale * float(np.hypot(se, float(reference_se or 0.0)))  # type: ignore[arg-type]
        low, high = difference - Z_95 * se_both, difference + Z_95 * se_both
        sentence = National(row, scale * estimate, scale * reference, difference, low, high)
        return _finding(
            "national",
            str(row["variable"]),
            sentence,
            float(row["p_value"]),  # type: ignore[arg-type]
            p_adjusted,
        )

    return write


def findings(
    consequences: Consequences | None = None,
    trends: pl.DataFrame | None = None,
    indicators: pl.DataFrame | None = None,
    *,
    alpha: float = ALPHA,
) -> list[Finding]:
    """Write the findings supported by the results of one report.

    All tests that could give a sentence are adjusted together (Holm); pass
    everything one report or page states in one
    call, or the adjustment covers only a part of it.

    Parameters
    ----------
    consequences : Consequences, optional
    trends : polars.DataFrame, optional
        From :func:`hjemmekontor.analysis.trends.trends` (with ``ci_low`` and
        ``ci_high`` of the change).
    indicators : polars.DataFrame, optional
        The indicator table of :func:`hjemmekontor.analysis.api.analyze`
        (with ``reference``, ``reference_se``, ``source``, ``subject_nb``,
        ``subject_en``, ``population_nb``, ``population_en`` and ``p_value``
        against the reference; ``subject_nn`` and ``population_nn`` where
        there, bokmål standing in for them where not).
    alpha : float, default 0.05
        The chance of any false sentence in the report.

    Returns
    -------
    list of Finding
        Empty when nothing survives.
    """
    candidates: list[_Candidate] = []
    if consequences is not None:
        candidates += _dose_response(consequences)
    if trends is not None:
        candidates += _change(trends)
    if indicators is not None:
        candidates += _national(indicators)
    adjusted = holm([c.p_value for c in candidates])
    # A follow-up contrast (see _dose_writer) must pass the strictest level.
    threshold = alpha / (2 * len(candidates)) if candidates else 0.0
    found = []
    for candidate, p_adjusted in zip(candidates, adjusted, strict=True):
        if p_adjusted < alpha:
            finding = candidate.write(p_adjusted, threshold)
            if finding is not None:
                found.append(finding)
    return found
