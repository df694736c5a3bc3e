"""Every unit's own analysis in one pass over the unit tree.

The results pages show, for every unit with at least k respondents, what
``api.analyze`` would give on the unit's subtree alone with the
organisation's weights: the estimates for the unit and its filter groups
(gender, age group, manager), the consequences block by home-office group
and the headline indicators. Run once per unit, that costs a fixed 80 ms per
unit and a scan of all rows per unit. Here all units are done at once:

* the weighted sums each estimate needs (the six of
  :func:`hjemmekontor.analysis.estimates._domain_statistics`: count, ``sum w``,
  ``sum w y``, ``sum w^2``, ``sum w^2 y``, ``sum w^2 y^2``, and ``sum w y`` of
  the raw values) are summed per (own unit, group) in one ``bincount`` and
  added up into subtrees with the sparse subtree matrix of
  :func:`hjemmekontor.analysis.units.unit_domains`;
* each unit's standard error uses the unit's own number of respondents ``m``
  (``m / (m - 1)``, the with-replacement variance of a design that holds the
  subtree only, without calibration: the weights are given, not raked again);
* each unit's rows are published on their own (the same cells, edges and
  rules as :func:`hjemmekontor.analysis.publication.publish`);
* the adjusted regressions of the consequences block (their covariate
  levels and the normalisation of the weights are the unit's own) are fitted
  for all units as stacks (:mod:`hjemmekontor.analysis.unitmodels`); only
  when a covariate's text depends on all rows (float columns, see
  :func:`~hjemmekontor.analysis.consequences.subsets_exact`) is each unit's
  block fitted on its own rows.

The numbers equal the per-unit ``api.analyze`` to rounding (the tests compare
them at 1e-12, the regression effects at 1e-10); the estimates differ only in
the centring constant of the sums of squares (the organisation's mean instead
of the subtree's).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp

from hjemmekontor.analysis.consequences import (
    EFFECT_SCHEMA,
    Consequences,
    ModelInputs,
    consequences_from_groups,
    subsets_exact,
)
from hjemmekontor.analysis.design import category_codes, survey_design
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.analysis.estimates import _frame
from hjemmekontor.analysis.indicators import (
    add_derived,
    indicator_estimates,
    indicator_table_of_rows,
)
from hjemmekontor.analysis.outcomes import Estimate, as_estimates, outcome_values
from hjemmekontor.analysis.results import clean_record
from hjemmekontor.analysis.scores import SCALES, add_scores
from hjemmekontor.analysis.unitmodels import unit_models
from hjemmekontor.analysis.unitrows import Breakdown, published_rows
from hjemmekontor.analysis.units import unit_domains

__all__ = ["SubtreeRows", "UnitAnalysis", "unit_analyses"]


@dataclass(frozen=True)
class UnitAnalysis:
    """One unit's analysis (its subtree), as ``api.analyze`` gives it.

    Attributes
    ----------
    estimates : list of dict
        Published estimate rows: the unit's total, then each filter group;
        JSON-clean (no NaN or infinity, ``by`` without empty fields), so
        they can be stored as they are.
    consequences : Consequences or None
        The consequences block (None when the data have no ``ho_group``).
    indicators : polars.DataFrame
        The headline indicators beside the national reference.
    stored_consequences : dict or None
        The consequences block as ``AnalysisResult.to_dict()`` writes it
        (``covariates``, ``groups``, ``effects``), made from the rows the
        block was built of (no round trip through frames: with thousands of
        units that was a large part of storing them); None without a block.
    """

    estimates: list[dict[str, object]]
    consequences: Consequences | None
    indicators: pl.DataFrame
    stored_consequences: dict[str, Any] | None = None


@dataclass(frozen=True)
class SubtreeRows:
    """Which rows belong to which unit's subtree, found by one sort.

    Attributes
    ----------
    units : list of str
        Unit ids (sorted), as in :func:`~hjemmekontor.analysis.units.unit_domains`.
    leaf : ndarray
        Each row's own unit (index into ``units``), -1 for none.
    matrix : scipy.sparse.csr_matrix
        units x units; row u marks u and every unit below it.
    """

    units: list[str]
    leaf: np.ndarray
    matrix: sp.csr_matrix

    @classmethod
    def of(
        cls, data: pl.DataFrame, unit_column: str, tree: Mapping[str, str | None]
    ) -> SubtreeRows:
        leaf, units, matrix, _ = unit_domains(data, unit_column, tree)
        return cls(units, leaf, matrix.tocsr())

    def sizes(self) -> np.ndarray:
        """Respondents per subtree."""
        own = np.bincount(self.leaf[self.leaf >= 0], minlength=len(self.units))
        return np.asarray(self.matrix @ own, dtype=np.int64)

    def rows(self, selected: Sequence[int]) -> Iterator[tuple[int, np.ndarray]]:
        """``(unit, row indices in data order)`` for each selected unit.

        One stable sort groups the rows by own unit; a subtree's rows are the
        runs of its units, so no unit costs a scan of all rows.
        """
        valid = np.flatnonzero(self.leaf >= 0)
        order = valid[np.argsort(self.leaf[valid], kind="stable")]
        starts = np.searchsorted(self.leaf[order], np.arange(len(self.units) + 1))
        for unit in selected:
            members = self.matrix.indices[self.matrix.indptr[unit] : self.matrix.indptr[unit + 1]]
            parts = [order[starts[u] : starts[u + 1]] for u in members]
            yield unit, np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


def _subtree_statistics(
    estimates: list[Estimate],
    values: list[np.ndarray],
    weights: np.ndarray,
    subtrees: SubtreeRows,
    selected: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Estimates, SEs and n per (selected unit, group, estimate), and rows per group.

    Each unit's numbers are those of ``_domain_statistics`` on a design that
    holds only the unit's subtree (weights given, no calibration, no
    clusters): group sums over the subtree, and the variance
    ``m / (m - 1) * (sum x^2 - (sum x)^2 / m)`` with the subtree's own m.
    """
    n_units = len(subtrees.units)
    ok = (subtrees.leaf >= 0) & (groups >= 0)
    cell = subtrees.leaf[ok] * n_groups + groups[ok]
    rows = subtrees.matrix[selected]
    w = weights[ok]
    w2 = w * w

    def sums(quantity: np.ndarray) -> np.ndarray:
        # Own unit x group, then added up into subtrees by the sparse matrix.
        own = np.bincount(cell, weights=quantity, minlength=n_units * n_groups).astype(
            np.float64, copy=False
        )
        return np.asarray(rows @ own.reshape(n_units, n_groups))

    present = sums(np.ones(cell.size))
    all_rows = np.bincount(subtrees.leaf[subtrees.leaf >= 0], minlength=n_units)
    m = np.asarray(rows @ all_rows, dtype=np.float64)[:, None]
    shape = (len(selected), n_groups, len(estimates))
    est = np.full(shape, np.nan)
    se = np.full(shape, np.nan)
    n_obs = np.zeros(shape, dtype=np.int64)
    for j, estimate in enumerate(estimates):
        y_all = values[j]
        observed_all = ~np.isnan(y_all)
        is_mean = estimate.statistic != "total"
        centre = 0.0
        if is_mean and observed_all.any():
            # As in _domain_statistics: centring keeps the sums of squares free
            # of cancellation (the subtree's own mean would differ by rounding).
            centre = float(np.average(y_all[observed_all], weights=weights[observed_all]))
        y = np.where(observed_all, y_all - centre, 0.0)[ok]
        observed = observed_all[ok].astype(np.float64)
        count = np.rint(sums(observed)).astype(np.int64)
        w0 = sums(w * observed)
        w1 = sums(w * y)
        raw = sums(w * np.where(observed_all, y_all, 0.0)[ok]) if is_mean else w1
        v0 = sums(w2 * observed)
        v1 = sums(w2 * y)
        v2 = sums(w2 * y * y)
        with np.errstate(divide="ignore", invalid="ignore"):
            if is_mean:
                mean = w1 / w0
                value = raw / w0
                sum_x = (w1 - mean * w0) / w0
                squares = v2 - 2 * mean * v1 + mean * mean * v0
                constant = squares <= 1e-12 * (v2 + mean * mean * v0)
                sum_x2 = np.where(constant, 0.0, squares / (w0 * w0))
            else:
                value = w1
                sum_x = w1
                sum_x2 = v2
            empty = count == 0
            sum_x = np.where(empty, 0.0, sum_x)
            sum_x2 = np.where(empty, 0.0, sum_x2)
            scale = np.where(m > 1, m / (m - 1), 1.0)
            variance = scale * (sum_x2 - sum_x * sum_x / m)
        est[:, :, j] = np.where(empty, np.nan, value)
        se[:, :, j] = np.where(empty, np.nan, np.sqrt(np.clip(variance, 0.0, None)))
        n_obs[:, :, j] = count
    return est, se, n_obs, present


def _breakdowns(
    data: pl.DataFrame,
    columns: Sequence[str],
    estimates: list[Estimate],
    values: list[np.ndarray],
    weights: np.ndarray,
    subtrees: SubtreeRows,
    selected: np.ndarray,
) -> list[Breakdown]:
    found = []
    total = np.zeros(data.height, dtype=np.int64)
    stats = _subtree_statistics(estimates, values, weights, subtrees, selected, total, 1)
    found.append(Breakdown("", [""], *stats))
    for column in columns:
        # Labels in sorted text order, as _group_codes gives them; a unit shows
        # the groups that have rows in its subtree, in the same order.
        codes, labels = category_codes(data.get_column(column))
        stats = _subtree_statistics(
            estimates, values, weights, subtrees, selected, codes, max(len(labels), 1)
        )
        found.append(Breakdown(column, labels, *stats))
    return found


def unit_analyses(
    data: pl.DataFrame,
    tree: Mapping[str, str | None],
    units: Sequence[str],
    *,
    weights: str | None = None,
    by: Sequence[str] = (),
    estimates: Sequence[Estimate | str] = (),
    k: int = 5,
    unit_column: str = "unit",
    instrument: str = "employee",
    done: Callable[[str, UnitAnalysis | None], None] | None = None,
) -> dict[str, UnitAnalysis | None]:
    """Analyse every given unit's subtree as ``api.analyze`` would, all at once.

    Equals, for each unit ``u``, ``api.analyze(data.filter(unit in subtree(u)),
    instrument=instrument, weights=weights, by=by, estimates=estimates, k=k)``:
    its ``estimates`` rows, its ``consequences`` and its ``indicators``.

    Parameters
    ----------
    data : polars.DataFrame
        All responses (one row each), with ``unit_column``.
    tree : mapping
        Unit → parent (None for a root).
    units : sequence of str
        The units to analyse.
    weights : str, optional
        The weight column (the organisation's raked weights); none = 1 each.
    by : sequence of str
        One-column breakdowns (filters).
    estimates : sequence
        Ad-hoc estimates besides the indicators and scores.
    k : int
        Anonymity threshold.
    done : callable, optional
        Called with each unit and its analysis as it is finished (progress).

    Returns
    -------
    dict
        Unit → its analysis, or None where a model could not be fitted to
        the unit's data (as a failing per-unit ``api.analyze``).
    """
    data = add_derived(add_scores(data))
    specs = as_estimates(estimates)
    specs += [estimate for _, estimate in indicator_estimates(data)]
    specs += [Estimate("mean", s.id) for s in SCALES if s.id in data.columns]
    for column in by:
        if column not in data.columns:
            raise AnalysisError(f"Ukjent kolonne «{column}» i --by.")
    w = survey_design(data, weights=weights).weights
    subtrees = SubtreeRows.of(data, unit_column, tree)
    index = {unit: i for i, unit in enumerate(subtrees.units)}
    selected = np.array([index[str(u)] for u in units], dtype=np.int64)
    values = [outcome_values(data, e) for e in specs]
    parts = _breakdowns(data, by, specs, values, w, subtrees, selected)
    block = instrument == "employee" and "ho_group" in data.columns
    outcome_parts: list[Breakdown] = []
    outcome_specs: list[Estimate] = []
    inputs: ModelInputs | None = None
    if block:
        # The regressions' inputs are read once; each unit takes its rows of them.
        inputs = ModelInputs.of(data)
        outcome_specs = [o.estimate for o in inputs.outcomes]
        outcome_parts = _breakdowns(
            data, ["ho_group"], outcome_specs, inputs.values, w, subtrees, selected
        )
    exact = subsets_exact(data)
    if inputs is not None and exact:
        return _stacked(
            specs,
            parts,
            outcome_specs,
            outcome_parts,
            inputs,
            w,
            subtrees,
            selected,
            k,
            instrument,
            done,
        )
    found: dict[str, UnitAnalysis | None] = {}
    for position, (unit, rows_of) in enumerate(subtrees.rows(selected.tolist())):
        code = subtrees.units[unit]
        try:
            unit_inputs = None
            if inputs is not None:
                unit_inputs = ModelInputs.of(data[rows_of])
            analysis = _one_unit(
                specs, parts, outcome_specs, outcome_parts, position, unit_inputs, rows_of, w, k
            )
            analysis = _with_indicators(analysis, instrument)
        except (AnalysisError, ValueError, np.linalg.LinAlgError):
            # As a per-unit analysis that fails: the unit gets no analysis of its own.
            analysis = None
        found[code] = analysis
        if done is not None:
            done(code, analysis)
    return found


def _with_indicators(analysis: UnitAnalysis, instrument: str) -> UnitAnalysis:
    total = [r for r in analysis.estimates if r["breakdown"] == ""]
    return dataclasses.replace(analysis, indicators=indicator_table_of_rows(total, instrument))


def _stored(
    group_rows: list[dict[str, object]],
    effects: list[dict[str, object]],
    covariates: tuple[str, ...],
) -> dict[str, Any]:
    """The consequences block as ``AnalysisResult.to_dict()`` writes it.

    Made from the rows the block is built of, before ``_frame`` fills in the
    group rows' ``by`` (hence the copies); the group rows are JSON-clean as
    built, the effects lose non-finite numbers.
    """
    return {
        "covariates": list(covariates),
        "groups": [dict(row) for row in group_rows],
        "effects": [clean_record(row) for row in effects],
    }


def _stacked(
    specs: list[Estimate],
    parts: list[Breakdown],
    outcome_specs: list[Estimate],
    outcome_parts: list[Breakdown],
    inputs: ModelInputs,
    weights: np.ndarray,
    subtrees: SubtreeRows,
    selected: np.ndarray,
    k: int,
    instrument: str,
    done: Callable[[str, UnitAnalysis | None], None] | None,
) -> dict[str, UnitAnalysis | None]:
    """Every unit's analysis with the regressions of all units fitted as stacks.

    Used when a unit's model inputs are a selection of the organisation's
    (:func:`~hjemmekontor.analysis.consequences.subsets_exact`); the
    regressions are :func:`~hjemmekontor.analysis.unitmodels.unit_models`.
    """
    published = []
    shown: list[dict[str, dict[str, bool]]] = []
    for position in range(len(selected)):
        rows = published_rows(specs, parts, position, k)
        group_rows = published_rows(outcome_specs, outcome_parts, position, k)
        published.append((rows, group_rows))
        groups_shown: dict[str, dict[str, bool]] = {}
        for row in group_rows:
            if row["breakdown"] == "ho_group":
                by = row["by"]
                assert isinstance(by, dict)
                groups_shown.setdefault(str(row["variable"]), {})[by["ho_group"]] = not row[
                    "suppressed"
                ]
        shown.append(groups_shown)
    # Small units can make a model's iterations overflow on the way to a
    # (correctly reported) non-significant or suppressed effect; quiet them.
    with np.errstate(all="ignore"):
        models = unit_models(inputs, weights, subtrees.leaf, subtrees.matrix[selected], shown, k=k)
    found: dict[str, UnitAnalysis | None] = {}
    for position, unit in enumerate(selected.tolist()):
        code = subtrees.units[unit]
        rows, group_rows = published[position]
        effects = models.effects[position]
        stored = _stored(group_rows, effects, models.covariates[position])
        try:
            block = Consequences(
                _frame(group_rows, ["ho_group"]),
                pl.DataFrame(effects, schema=EFFECT_SCHEMA, orient="row"),
                inputs.outcomes,
                models.covariates[position],
            )
            analysis: UnitAnalysis | None = _with_indicators(
                UnitAnalysis(rows, block, pl.DataFrame(), stored), instrument
            )
        except (AnalysisError, ValueError):
            analysis = None
        found[code] = analysis
        if done is not None:
            done(code, analysis)
    return found


def _one_unit(
    specs: list[Estimate],
    parts: list[Breakdown],
    outcome_specs: list[Estimate],
    outcome_parts: list[Breakdown],
    position: int,
    inputs: ModelInputs | None,
    rows_of: np.ndarray,
    weights: np.ndarray,
    k: int,
) -> UnitAnalysis:
    rows = published_rows(specs, parts, position, k)
    if inputs is None:
        return UnitAnalysis(rows, None, pl.DataFrame())
    group_rows = published_rows(outcome_specs, outcome_parts, position, k)
    as_published = [dict(row) for row in group_rows]
    groups = _frame(group_rows, ["ho_group"])
    # Small units can make a model's iterations overflow on the way to a
    # (correctly reported) non-significant or suppressed effect; quiet them.
    with np.errstate(all="ignore"):
        block = consequences_from_groups(inputs, weights[rows_of], groups, k=k)
    stored = _stored(as_published, block.effects.to_dicts(), block.covariates)
    return UnitAnalysis(rows, block, pl.DataFrame(), stored)
