"""Cell-sum regressions equal statsmodels fitted on the respondents' rows."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.regression.linear_model import WLS

from hjemmekontor.analysis import unitmodels
from hjemmekontor.analysis.consequences import OUTCOMES, effect_rows, fit_identified
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.analysis.indicators import HO_GROUPS
from hjemmekontor.analysis.regression import cell_sums, fit_cells


def categorical_data(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows with two categorical covariates (4 x 3 cells) and survey weights."""
    rng = np.random.default_rng(seed)
    n = 3000
    group = rng.integers(0, 4, n)
    age = rng.integers(0, 3, n)
    cells = group * 3 + age
    grid = np.indices((4, 3)).reshape(2, -1)
    x_cells = np.column_stack(
        [np.ones(12)]
        + [(grid[0] == g).astype(float) for g in (0, 2, 3)]
        + [(grid[1] == a).astype(float) for a in (1, 2)]
    )
    weights = rng.uniform(0.3, 3.0, n)
    return cells, x_cells, weights, rng.normal(size=n)


@pytest.mark.parametrize("family", ["gaussian", "binomial", "poisson"])
def test_cell_fit_equals_statsmodels_with_robust_standard_errors(family: str) -> None:
    cells, x_cells, weights, noise = categorical_data(7)
    eta = x_cells[cells] @ np.array([0.2, -0.3, 0.1, 0.4, 0.05, -0.1])
    rng = np.random.default_rng(8)
    if family == "gaussian":
        y = 50 + 10 * eta + 15 * noise
        reference = WLS(y, x_cells[cells], weights=weights).fit(cov_type="HC1")
    elif family == "binomial":
        y = (rng.uniform(size=cells.size) < 1 / (1 + np.exp(-eta))).astype(float)
        reference = GLM(y, x_cells[cells], family=families.Binomial(), var_weights=weights).fit(
            cov_type="HC0"
        )
    else:
        y = rng.poisson(np.exp(1.5 + eta)).astype(float)
        reference = GLM(y, x_cells[cells], family=families.Poisson(), var_weights=weights).fit(
            cov_type="HC0"
        )
    fit = fit_cells(x_cells, cell_sums(cells, 12, y, weights), family)  # type: ignore[arg-type]
    assert fit.converged
    assert fit.n == cells.size
    assert_allclose(fit.params, reference.params, rtol=1e-7)
    assert_allclose(fit.bse, reference.bse, rtol=1e-6)


def test_wald_contrast_equals_statsmodels_t_test() -> None:
    cells, x_cells, weights, noise = categorical_data(11)
    y = 3 * x_cells[cells][:, 1] + noise
    reference = WLS(y, x_cells[cells], weights=weights).fit(cov_type="HC1")
    fit = fit_cells(x_cells, cell_sums(cells, 12, y, weights), "gaussian")
    contrast = np.array([0, -1.5, 0.5, 1.5, 0, 0])
    value, se, p = fit.wald(contrast)
    test = reference.t_test(contrast)
    assert_allclose(value, float(np.squeeze(test.effect)), rtol=1e-8)
    assert_allclose(se, float(np.squeeze(test.sd)), rtol=1e-6)
    assert_allclose(p, float(np.squeeze(test.pvalue)), rtol=1e-5)


def test_rows_with_missing_outcome_are_left_out_of_the_fit() -> None:
    cells, x_cells, weights, noise = categorical_data(3)
    y = noise.copy()
    y[::10] = np.nan
    fit = fit_cells(x_cells, cell_sums(cells, 12, y, weights), "gaussian")
    keep = ~np.isnan(y)
    reference = WLS(y[keep], x_cells[cells[keep]], weights=weights[keep]).fit(cov_type="HC1")
    assert fit.n == int(keep.sum())
    assert_allclose(fit.params, reference.params, rtol=1e-8)


def separated_data(seed: int, cell: tuple[int, int]) -> tuple[np.ndarray, ...]:
    """Binomial answers where everyone in one (group, age) cell answered no."""
    cells, x_cells, weights, _ = categorical_data(seed)
    rng = np.random.default_rng(seed + 1)
    eta = x_cells[cells] @ np.array([0.2, -0.3, 0.1, 0.4, 0.05, -0.1])
    y = (rng.uniform(size=cells.size) < 1 / (1 + np.exp(-eta))).astype(float)
    group, age = cell
    y[cells == group * 3 + age] = 0.0
    return cells, x_cells, weights, y


def test_fit_cells_stops_at_the_edge_and_says_the_model_is_separated() -> None:
    cells, x_cells, weights, y = separated_data(5, (3, 0))
    # Without the age columns, (group 3, age 0) is not separable; with them and
    # an interaction-free model it is not either, so use a cell-saturating column.
    x = np.column_stack([x_cells, (np.arange(12) == 9).astype(float)])
    fit = fit_cells(x, cell_sums(cells, 12, y, weights), "binomial")
    assert not fit.converged
    assert fit.separated
    assert np.isnan(fit.cov).all()


def test_a_cell_where_everyone_answered_alike_is_dropped_as_stata_does() -> None:
    cells, x_cells, weights, y = separated_data(5, (3, 0))
    x = np.column_stack([x_cells, (np.arange(12) == 9).astype(float)])
    fit, keep = fit_identified(x, cell_sums(cells, 12, y, weights), "binomial", list(range(7)))
    assert fit.converged and not fit.separated
    # The column that only the separated cell identified drops out; the rest
    # is the model fitted without that cell's respondents.
    assert keep == [0, 1, 2, 3, 4, 5]
    rows = cells != 9
    reference = GLM(
        y[rows], x_cells[cells[rows]], family=families.Binomial(), var_weights=weights[rows]
    ).fit(cov_type="HC0")
    assert fit.n == int(rows.sum())
    assert_allclose(fit.params, reference.params, rtol=1e-7)
    assert_allclose(fit.bse, reference.bse, rtol=1e-6)


def test_a_model_that_never_reaches_the_edge_is_fitted_once() -> None:
    cells, x_cells, weights, noise = categorical_data(7)
    y = (noise > 0).astype(float)
    fit, keep = fit_identified(
        x_cells, cell_sums(cells, 12, y, weights), "binomial", list(range(6))
    )
    assert fit.converged and not fit.separated
    assert keep == list(range(6))
    assert fit.n == cells.size


def test_an_effect_with_a_standard_error_of_rounding_is_not_estimable() -> None:
    # Everyone in a group gave the same answer: the model fits every respondent
    # exactly, the robust SE is zero up to rounding, and a p-value from it
    # would claim certainty the data do not have.
    rng = np.random.default_rng(2)
    groups = rng.integers(0, 4, 400)
    weights = rng.uniform(0.5, 2.0, 400)
    y = 40.0 + 7.3 * groups
    x = np.column_stack([np.ones(4)] + [(np.arange(4) == g).astype(float) for g in (0, 2, 3)])
    fit = fit_cells(x, cell_sums(groups, 4, y, weights), "gaussian")
    burnout = next(o for o in OUTCOMES if o.id == "burnout")
    shown = dict.fromkeys(HO_GROUPS, True)
    rows = effect_rows(burnout, fit, [0, 1, 2, 3], [0, 1, 2, 3], np.full(4, 100.0), shown, 5)
    assert [r["term"] for r in rows] == ["never", "1_2_days", "3_plus_days", "trend"]
    assert all(r["reason"] == "not_estimable" and r["effect"] is None for r in rows)
    # With answers that vary, the same model is estimable.
    y_varied = y + rng.normal(0, 5, 400)
    fit = fit_cells(x, cell_sums(groups, 4, y_varied, weights), "gaussian")
    rows = effect_rows(burnout, fit, [0, 1, 2, 3], [0, 1, 2, 3], np.full(4, 100.0), shown, 5)
    assert all(r["reason"] is None and r["p_value"] is not None for r in rows)


def test_a_model_with_every_cell_answered_alike_has_nothing_left_to_fit() -> None:
    # Two groups answered all yes, two all no: every cell is predicted
    # perfectly and nothing is left once the edge cells are dropped.
    rng = np.random.default_rng(4)
    groups = rng.integers(0, 4, 200)
    y = (groups % 2).astype(float)
    weights = rng.uniform(0.5, 2.0, 200)
    x = np.column_stack([np.ones(4)] + [(np.arange(4) == g).astype(float) for g in (0, 2, 3)])
    sums = cell_sums(groups, 4, y, weights)
    with pytest.raises(AnalysisError):
        fit_identified(x, sums, "binomial", [0, 1, 2, 3])
    # The stacked fit of the same model agrees: no fit, and no crash on a
    # stack whose refit has no cells at all.
    model = unitmodels._Model(0, x, sums, [0, 1, 2, 3], [0, 2, 3], np.full(4, 50.0))
    unitmodels._fit_all([model], "binomial")
    assert model.fit is None
