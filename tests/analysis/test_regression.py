"""Cell-sum regressions equal statsmodels fitted on the respondents' rows."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.regression.linear_model import WLS

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
