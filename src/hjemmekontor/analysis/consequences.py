"""Consequences by home-office frequency (dose–response), as in the AFI study.

For each outcome: the weighted mean or share per frequency group ``never``,
``monthly_or_less``, ``1_2_days``, ``3_plus_days`` with 95 % CI (calibration-
aware, see :mod:`hjemmekontor.analysis.estimates`); the difference to
``monthly_or_less`` adjusted for age group, gender, manager and children
under 12, from a weighted regression suited to the outcome (linear for
scores, logistic for shares, Poisson with robust SEs for days); and a test
for trend across the ordered groups of those who work from home at all
(``DOSE_GROUPS``): the linear contrast of their coefficients with scores 1,
2, 3 (Wald test with the robust covariance; Agresti 2013, sec. 3.4, for trend
tests as contrasts). ``never`` is left out of the trend: it also holds
everyone whose job cannot be done from home.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from hjemmekontor.analysis.design import SurveyDesign, category_codes
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.analysis.estimates import Z_95, Estimate, estimate_by, outcome_values
from hjemmekontor.analysis.indicators import AFTER_HOURS_WEEKLY, HO_GROUPS
from hjemmekontor.analysis.regression import (
    CellModel,
    Family,
    _mean,
    cell_sums,
    edge_cells,
    fit_cells,
)

__all__ = [
    "COVARIATES",
    "DOSE_GROUPS",
    "EFFECT_SCHEMA",
    "EFFECT_TYPE",
    "OUTCOMES",
    "REFERENCE_GROUP",
    "Consequences",
    "ModelInputs",
    "Outcome",
    "consequences",
    "consequences_from_groups",
    "effect_rows",
    "fit_identified",
    "present_outcomes",
    "subsets_exact",
]

REFERENCE_GROUP = "monthly_or_less"
# The groups of those who work from home at all, in order: the trend runs over these.
DOSE_GROUPS = ("monthly_or_less", "1_2_days", "3_plus_days")
COVARIATES = ("age_group", "gender", "is_manager", "children_under_12")


@dataclass(frozen=True)
class Outcome:
    """An outcome of the consequences block.

    Attributes
    ----------
    id : str
        Identifier, also the ``variable`` in result rows.
    estimate : Estimate
        How the outcome is estimated per group.
    family : {"gaussian", "binomial", "poisson"}
        The regression model.
    label_nb, label_en : str
        Subject of a finding sentence ("Opplevd mening", "Experienced meaning").
    unit_nb, unit_en : str
        Unit of the group estimates in sentences.
    label_nn, unit_nn : str
        The same in nynorsk. Last, with defaults, because code outside the
        library builds outcomes positionally.
    """

    id: str
    estimate: Estimate
    family: Family
    label_nb: str
    label_en: str
    unit_nb: str
    unit_en: str
    label_nn: str = ""
    unit_nn: str = ""

    @property
    def percent(self) -> bool:
        """Whether estimates are shares shown in percent."""
        return self.estimate.statistic == "share"


_POINTS_NB = "poeng på en skala 0–100"
_POINTS_EN = "points on a 0–100 scale"
_POINTS_NN = "poeng på ein skala 0–100"
OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "sick_days",
        Estimate("mean", "sick_days"),
        "poisson",
        "Sykefraværet",
        "Sickness absence",
        "dager",
        "days",
        label_nn="Sjukefråværet",
        unit_nn="dagar",
    ),
    Outcome(
        "burnout",
        Estimate("mean", "burnout"),
        "gaussian",
        "Utbrentheten",
        "Burnout",
        _POINTS_NB,
        _POINTS_EN,
        label_nn="Utbrentheita",
        unit_nn=_POINTS_NN,
    ),
    Outcome(
        "meaning",
        Estimate("mean", "meaning"),
        "gaussian",
        "Opplevd mening",
        "Experienced meaning",
        _POINTS_NB,
        _POINTS_EN,
        label_nn="Opplevd meining",
        unit_nn=_POINTS_NN,
    ),
    Outcome(
        "after_hours_weekly",
        Estimate("share", "after_hours_freq", AFTER_HOURS_WEEKLY, name="after_hours_weekly"),
        "binomial",
        "Andelen som jobber utenom vanlig arbeidstid hver uke",
        "The share who work outside normal hours every week",
        "prosent",
        "per cent",
        label_nn="Delen som jobbar utanom vanleg arbeidstid kvar veke",
        unit_nn="prosent",
    ),
    Outcome(
        "productivity_higher",
        Estimate(
            "share", "productivity_home", ("higher", "much_higher"), name="productivity_higher"
        ),
        "binomial",
        "Andelen som opplever høyere produktivitet hjemme",
        "The share who find themselves more productive at home",
        "prosent",
        "per cent",
        label_nn="Delen som opplever høgare produktivitet heime",
        unit_nn="prosent",
    ),
    Outcome(
        "work_life_conflict",
        Estimate("mean", "work_life_conflict"),
        "gaussian",
        "Konflikten mellom jobb og privatliv",
        "Work–life conflict",
        _POINTS_NB,
        _POINTS_EN,
        label_nn="Konflikten mellom jobb og privatliv",
        unit_nn=_POINTS_NN,
    ),
    Outcome(
        "social_community",
        Estimate("mean", "social_community"),
        "gaussian",
        "Det sosiale fellesskapet på jobben",
        "Social community at work",
        _POINTS_NB,
        _POINTS_EN,
        label_nn="Det sosiale fellesskapet på jobben",
        unit_nn=_POINTS_NN,
    ),
)
EFFECT_TYPE = {"gaussian": "difference", "binomial": "odds_ratio", "poisson": "rate_ratio"}


@dataclass(frozen=True)
class Consequences:
    """The consequences block.

    Attributes
    ----------
    groups : polars.DataFrame
        Estimate rows (as :func:`~hjemmekontor.analysis.estimates.estimate_by`)
        for every outcome: the total and each ``ho_group``.
    effects : polars.DataFrame
        One row per outcome and non-reference group (``term`` = group) with
        the adjusted ``effect`` (``difference``, ``odds_ratio`` or
        ``rate_ratio`` to ``monthly_or_less``), its CI and p-value, and one row
        per outcome with ``term`` = ``trend``: the linear contrast on the link
        scale, its CI and p-value.
    outcomes : tuple of Outcome
        The outcomes present in the data.
    covariates : tuple of str
        Adjustment variables used.
    """

    groups: pl.DataFrame
    effects: pl.DataFrame
    outcomes: tuple[Outcome, ...]
    covariates: tuple[str, ...]


EFFECT_SCHEMA = {
    "variable": pl.Utf8,
    "term": pl.Utf8,
    "model": pl.Utf8,
    "effect_type": pl.Utf8,
    "effect": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "p_value": pl.Float64,
    "n": pl.Int64,
    "suppressed": pl.Boolean,
    "reason": pl.Utf8,
}


def _fast_codes(column: pl.Series, levels: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    codes, found = category_codes(column)
    if levels is None:
        return codes, found
    # Recode onto the given order (labels not in it become -1).
    mapping = np.array([levels.index(f) if f in levels else -1 for f in found] + [-1])
    return mapping[codes], levels


def consequences(design: SurveyDesign, *, k: int = 5) -> Consequences:
    """Estimate the consequences block.

    Parameters
    ----------
    design : SurveyDesign
        Employee responses with ``ho_group`` (see
        :func:`~hjemmekontor.analysis.indicators.add_derived`) and scores.
    k : int, default 5
        Anonymity threshold; an effect for a group whose estimate is
        suppressed is suppressed too.

    Returns
    -------
    Consequences

    Raises
    ------
    AnalysisError
        If the data have no ``ho_group``.
    """
    data = design.data
    if "ho_group" not in data.columns:
        raise AnalysisError(
            "Konsekvenser krever hjemmekontorgruppe (ho_freq og can_work_home) i dataene."
        )
    outcomes = present_outcomes(data)
    groups = estimate_by(design, [o.estimate for o in outcomes], by=["ho_group"], k=k)
    return consequences_from_groups(data, design.weights, groups, k=k)


def present_outcomes(data: pl.DataFrame) -> tuple[Outcome, ...]:
    """The outcomes whose variables are in ``data``."""
    return tuple(o for o in OUTCOMES if o.estimate.variable in data.columns)


@dataclass(frozen=True)
class ModelInputs:
    """What the adjusted regressions read from the rows, as arrays.

    Attributes
    ----------
    outcomes : tuple of Outcome
    groups : ndarray
        Home-office group of each row (index into ``HO_GROUPS``, -1 if empty).
    covariates : list of (name, codes, levels)
        Each covariate's codes (sorted text order of the levels present, -1 if
        empty), including covariates with one level (left out of the model).
    values : list of ndarray
        Each outcome's values (NaN where missing).
    """

    outcomes: tuple[Outcome, ...]
    groups: np.ndarray
    covariates: list[tuple[str, np.ndarray, list[str]]]
    values: list[np.ndarray]

    @classmethod
    def of(cls, data: pl.DataFrame) -> ModelInputs:
        """Read the inputs of ``data`` (with ``ho_group``)."""
        outcomes = present_outcomes(data)
        groups, _ = _fast_codes(data["ho_group"], list(HO_GROUPS))
        covariates = []
        for name in COVARIATES:
            if name in data.columns:
                codes, levels = _fast_codes(data[name])
                covariates.append((name, codes, levels))
        values = [outcome_values(data, o.estimate) for o in outcomes]
        return cls(outcomes, groups, covariates, values)


def subsets_exact(data: pl.DataFrame) -> bool:
    """Whether a unit's model inputs are a selection of the organisation's.

    A float column's categories are written "1" or "1.5" depending on all its
    values (``as_text``), so a subset may read differently; text and boolean
    columns read the same in any subset.
    """
    names = [c for c in COVARIATES if c in data.columns]
    names += [o.estimate.variable for o in present_outcomes(data) if o.percent]
    return not any(data.schema[name].is_float() for name in names)


def consequences_from_groups(
    data: pl.DataFrame | ModelInputs, weights: np.ndarray, groups: pl.DataFrame, *, k: int
) -> Consequences:
    """The consequences block from group estimates made elsewhere.

    :func:`consequences` estimates the groups itself; the per-unit pass of the
    results (:mod:`hjemmekontor.analysis.unitpass`) estimates every unit's
    groups at once and fits only the adjusted regressions here, on the unit's
    rows and weights.

    Parameters
    ----------
    data : polars.DataFrame or ModelInputs
        The rows (with ``ho_group``, the covariates and the outcomes), or
        their inputs already read.
    weights : ndarray
        Their weights.
    groups : polars.DataFrame
        The outcomes' estimate rows, total and by ``ho_group``, published.
    k : int
    """
    inputs = data if isinstance(data, ModelInputs) else ModelInputs.of(data)
    covariate_codes = [(n, c, levels) for n, c, levels in inputs.covariates if len(levels) > 1]
    # One cell per combination of group and covariates (mixed radix).
    cells = inputs.groups.copy()
    sizes = [len(HO_GROUPS)]
    for _, codes, levels in covariate_codes:
        cells = np.where((cells >= 0) & (codes >= 0), cells * len(levels) + codes, -1)
        sizes.append(len(levels))
    n_cells = int(np.prod(sizes))
    cell_values = np.indices(sizes).reshape(len(sizes), -1)  # (variables, cells)
    effects: list[dict[str, object]] = []
    # The same cells often have respondents for several outcomes; their
    # independent columns are found once.
    independent: dict[bytes, list[int]] = {}
    shown = _shown_by_variable(groups)
    for outcome, y in zip(inputs.outcomes, inputs.values, strict=True):
        sums = cell_sums(cells, n_cells, y, weights / weights.mean())
        effects += _outcome_effects(
            outcome, sums, cell_values, covariate_codes, groups, k, independent, shown
        )
    frame = pl.DataFrame(effects, schema=EFFECT_SCHEMA, orient="row")
    used = tuple(name for name, _, _ in covariate_codes)
    return Consequences(groups, frame, inputs.outcomes, used)


def _outcome_effects(
    outcome: Outcome,
    sums: tuple[np.ndarray, ...],
    cell_values: np.ndarray,
    covariate_codes: list[tuple[str, np.ndarray, list[str]]],
    groups: pl.DataFrame,
    k: int,
    independent: dict[bytes, list[int]] | None = None,
    shown_by_variable: dict[str, dict[str, bool]] | None = None,
) -> list[dict[str, object]]:
    count = sums[0]
    group_of_cell = cell_values[0]
    group_n = np.bincount(group_of_cell, weights=count, minlength=len(HO_GROUPS))
    present = [i for i, n in enumerate(group_n) if n > 0]
    reference = HO_GROUPS.index(REFERENCE_GROUP)
    model = outcome.family
    if reference not in present or len(present) < 2:
        return []
    others = [g for g in present if g != reference]
    columns = [np.ones(group_of_cell.size)]
    columns += [(group_of_cell == g).astype(np.float64) for g in others]
    for index, (_, _, levels) in enumerate(covariate_codes, start=1):
        values = cell_values[index]
        columns += [(values == level).astype(np.float64) for level in range(1, len(levels))]
    x = np.column_stack(columns)
    # Keep the columns identified by the cells that have respondents.
    used = count > 0
    key = x[used].tobytes() + str(x.shape).encode()
    keep = independent.get(key) if independent is not None else None
    if keep is None:
        keep = _independent_columns(x[used])
        if independent is not None:
            independent[key] = keep
    try:
        fit, keep = fit_identified(x, sums, model, keep)
    except (AnalysisError, np.linalg.LinAlgError):
        return []
    shown = (
        _shown_groups(groups, outcome.id)
        if shown_by_variable is None
        else shown_by_variable.get(outcome.id, {})
    )
    return effect_rows(outcome, fit, keep, present, group_n, shown, k)


SEPARATION_ROUNDS = 5


def fit_identified(
    x: np.ndarray, sums: tuple[np.ndarray, ...], family: Family, keep: list[int]
) -> tuple[CellModel, list[int]]:
    """:func:`fit_cells` on the identified columns ``keep`` of ``x``, separation handled.

    Where everyone in a cell answered alike (all shares 0 or 1, all counts
    0), the maximum-likelihood estimate does not exist: a coefficient runs
    off towards infinity and the fitted mean of those cells to the edge. As
    Stata's ``logit`` does, such cells are dropped (they are predicted
    perfectly, and carry no information on the other coefficients), the
    columns they alone identified drop out, and the model is fitted again on
    the other cells; the rest of the model keeps finite estimates. Returns
    the fit and its columns; a model still separated after a few rounds is
    returned as it is (and shows nothing).

    Raises
    ------
    AnalysisError, numpy.linalg.LinAlgError
        As :func:`fit_cells`, when the model cannot be fitted.
    """
    fit = fit_cells(x[:, keep], sums, family)  # type: ignore[arg-type]
    for _ in range(SEPARATION_ROUNDS):
        if not fit.separated:
            break
        mu, _ = _mean(family, x[:, keep] @ fit.params)
        edge = edge_cells(family, mu) & (sums[0] > 0)
        sums = tuple(np.where(edge, 0.0, part) for part in sums)
        if not (sums[0] > 0).any():
            # Everyone answered alike: nothing is left to estimate from.
            raise AnalysisError("For få svar til å tilpasse regresjonsmodellen.")
        keep = _independent_columns(x[sums[0] > 0])
        fit = fit_cells(x[:, keep], sums, family)  # type: ignore[arg-type]
    return fit, keep


def effect_rows(
    outcome: Outcome,
    fit: CellModel,
    keep: list[int],
    present: list[int],
    group_n: np.ndarray,
    shown: dict[str, bool],
    k: int,
) -> list[dict[str, object]]:
    """The effect rows of one fitted model: each group against the reference, and the trend.

    ``keep`` are the identified columns of the design (intercept, one per
    present group other than the reference, then the covariates), ``present``
    the groups with respondents, ``shown`` whether each group's estimate is
    published.

    A model that did not converge or is still separated after
    :func:`fit_identified` gives no rows, as one that cannot be fitted at
    all: its numbers are where the iterations stopped, and a p-value from them
    would claim what the data cannot show. An effect whose standard error is zero up to rounding (the
    model fits every respondent exactly) is *not estimable*: its row has no
    numbers and the reason ``not_estimable``.
    """
    if not fit.converged or fit.separated:
        return []
    reference = HO_GROUPS.index(REFERENCE_GROUP)
    others = [g for g in present if g != reference]
    family = outcome.family
    effect_type = EFFECT_TYPE[family]
    positions = {col: keep.index(col) for col in range(1, 1 + len(others)) if col in keep}
    rows: list[dict[str, object]] = []
    columns_n = len(keep)
    for offset, g in enumerate(others, start=1):
        if offset not in positions:
            continue
        position = positions[offset]
        beta, se = float(fit.params[position]), float(fit.bse[position])
        contrast = np.zeros(columns_n)
        contrast[position] = 1.0
        _, _, p = fit.wald(contrast)
        low, high = beta - Z_95 * se, beta + Z_95 * se
        if family != "gaussian":
            beta, low, high = float(np.exp(beta)), float(np.exp(low)), float(np.exp(high))
        name = HO_GROUPS[g]
        hidden = not shown.get(name, False) or not shown.get(REFERENCE_GROUP, False)
        reason = "group_suppressed" if hidden else None
        if not hidden and not _estimable(float(fit.params[position]), se):
            hidden, reason = True, "not_estimable"
        rows.append(
            {
                "variable": outcome.id,
                "term": name,
                "model": family,
                "effect_type": effect_type,
                "effect": None if hidden else beta,
                "ci_low": None if hidden else low,
                "ci_high": None if hidden else high,
                "p_value": None if hidden else p,
                "n": int(group_n[g]),
                "suppressed": hidden,
                "reason": reason,
            }
        )
    # Trend among those who work from home at all (scores 1..3, centred, on the
    # present dose groups' coefficients). "never" also holds everyone who cannot
    # work from home, a different population: it is shown apart, not scored as
    # a dose of zero.
    dosed = [g for g in present if HO_GROUPS[g] in DOSE_GROUPS]
    if len(dosed) < 2:
        return rows
    scores = np.array(dosed, dtype=np.float64)
    scores -= scores.mean()
    contrast = np.zeros(columns_n)
    for offset, g in enumerate(others, start=1):
        if offset in positions and g in dosed:
            contrast[positions[offset]] = scores[dosed.index(g)]
    value, se, p = fit.wald(contrast)
    hidden, reason = fit.n < k, "small_n" if fit.n < k else None
    if not hidden and not _estimable(value, se):
        hidden, reason = True, "not_estimable"
    rows.append(
        {
            "variable": outcome.id,
            "term": "trend",
            "model": family,
            "effect_type": "linear_trend",
            "effect": None if reason == "not_estimable" else value,
            "ci_low": None if reason == "not_estimable" else value - Z_95 * se,
            "ci_high": None if reason == "not_estimable" else value + Z_95 * se,
            "p_value": None if reason == "not_estimable" else p,
            "n": fit.n,
            "suppressed": hidden,
            "reason": reason,
        }
    )
    return rows


def _estimable(value: float, se: float) -> bool:
    # A standard error below a millionth of the effect's scale is what rounding
    # leaves of zero (the square root makes 1e-16 of the variance 1e-8 of the
    # SE), not a measured uncertainty: survey data never get that precise.
    return bool(np.isfinite(se)) and se > 1e-6 * (1 + abs(value))


def _independent_columns(x: np.ndarray) -> list[int]:
    keep: list[int] = []
    for j in range(x.shape[1]):
        candidate = [*keep, j]
        if np.linalg.matrix_rank(x[:, candidate]) == len(candidate):
            keep.append(j)
    return keep


def _shown_by_variable(groups: pl.DataFrame) -> dict[str, dict[str, bool]]:
    """:func:`_shown_groups` of every variable, from one pass over the rows."""
    shown: dict[str, dict[str, bool]] = {}
    for variable, breakdown, by, suppressed in zip(
        groups["variable"].to_list(),
        groups["breakdown"].to_list(),
        groups["by"].to_list(),
        groups["suppressed"].to_list(),
        strict=True,
    ):
        if breakdown == "ho_group":
            shown.setdefault(variable, {})[by["ho_group"]] = not suppressed
    return shown


def _shown_groups(groups: pl.DataFrame, variable: str) -> dict[str, bool]:
    rows = groups.filter((pl.col("variable") == variable) & (pl.col("breakdown") == "ho_group"))
    return {
        by["ho_group"]: not suppressed
        for by, suppressed in zip(rows["by"].to_list(), rows["suppressed"].to_list(), strict=True)
    }
