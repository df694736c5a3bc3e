"""Weighted regressions on categorical covariates, fitted on cell sums.

When every covariate is categorical, all respondents of a covariate cell
share one row of the design matrix, and the weighted score equations, the
Hessian and the robust (sandwich) "meat" need only five sums per cell:
``sum w``, ``sum w y``, ``sum w^2``, ``sum w^2 y`` and ``sum w^2 y^2``. The
fit is then as exact as one on the respondents' rows but costs one pass over
the data, which keeps a million respondents within a second.

The estimates and robust standard errors equal ``statsmodels`` ``WLS(y, X,
weights=w).fit(cov_type="HC1")`` (Gaussian) and ``GLM(y, X, family,
var_weights=w).fit(cov_type="HC0")`` (binomial with logit link, Poisson with
log link); the tests check this. Robust standard errors make the Poisson
model a valid model for counts whatever their dispersion (Cameron & Trivedi
2013, sec. 3.2.2), and the sandwich with survey weights is the usual
pseudo-likelihood variance (Binder 1983) without the calibration term.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.special import erfc

from hjemmekontor.analysis.errors import AnalysisError

__all__ = [
    "CellModel",
    "Family",
    "cell_sums",
    "edge_cells",
    "fit_cells",
    "normal_p_value",
    "residual_squares",
    "separated",
]

Family = Literal["gaussian", "binomial", "poisson"]


@dataclass(frozen=True)
class CellModel:
    """A fitted model.

    Attributes
    ----------
    params : ndarray
        Coefficients (link scale).
    cov : ndarray
        Robust covariance of the coefficients (HC1 for Gaussian, HC0 for the
        GLMs).
    n : int
        Respondents used.
    converged : bool
        Whether the Newton iterations converged.
    separated : bool
        Whether a cell's fitted mean is on the edge of what the model allows
        (a share within 1e-8 of 0 or 1, a count mean below 1e-8): the
        maximum-likelihood estimate does not exist there (everyone in a cell
        answered alike) and the coefficients are where the iterations stopped.
    """

    params: np.ndarray
    cov: np.ndarray
    n: int
    converged: bool
    separated: bool = False

    @property
    def bse(self) -> np.ndarray:
        """Robust standard errors."""
        return np.sqrt(np.clip(np.diag(self.cov), 0.0, None))

    def wald(self, contrast: np.ndarray) -> tuple[float, float, float]:
        """Estimate, SE and two-sided normal p-value of ``contrast @ params``."""
        value = float(contrast @ self.params)
        se = float(np.sqrt(max(float(contrast @ self.cov @ contrast), 0.0)))
        p = float(normal_p_value(value / se)) if se > 0 else float("nan")
        return value, se, p


def normal_p_value(z: float | np.ndarray) -> np.ndarray:
    """Two-sided p-value of a standard normal test statistic, ``2 (1 - Φ(|z|))``."""
    # erfc(|z|/√2) = 2(1 − Φ(|z|)); scipy.special avoids importing scipy.stats.
    return np.asarray(erfc(np.abs(z) / np.sqrt(2.0)))


def cell_sums(
    cells: np.ndarray, n_cells: int, y: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Count and the five weighted sums per cell (rows with NaN y are left out)."""
    ok = ~np.isnan(y) & (cells >= 0)
    c, yy, ww = cells[ok], y[ok], w[ok]
    w2 = ww * ww

    def s(values: np.ndarray) -> np.ndarray:
        return np.bincount(c, weights=values, minlength=n_cells)

    count = np.bincount(c, minlength=n_cells).astype(np.float64)
    return count, s(ww), s(ww * yy), s(w2), s(w2 * yy), s(w2 * yy * yy)


def _mean(family: Family, eta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and its derivative d mu / d eta (the variance for canonical links)."""
    if family == "gaussian":
        return eta, np.ones_like(eta)
    if family == "binomial":
        mu = 1.0 / (1.0 + np.exp(-eta))
        return mu, mu * (1.0 - mu)
    mu = np.exp(eta)
    return mu, mu


def residual_squares(
    mu: np.ndarray, sw2: np.ndarray, sw2y: np.ndarray, sw2y2: np.ndarray
) -> np.ndarray:
    """Per cell, ``sum w_i^2 (y_i - mu)^2`` from the cell sums.

    A cell whose respondents all sit on the fitted value has no residual; the
    difference of sums would leave rounding noise there instead of zero (and
    with it a standard error made of noise), so such a cell is zero.
    """
    squares = sw2y2 - 2 * mu * sw2y + mu * mu * sw2
    return np.where(squares <= 1e-12 * (sw2y2 + mu * mu * sw2), 0.0, squares)


SEPARATION = 1e-8


def edge_cells(family: Family, mu: np.ndarray) -> np.ndarray:
    """Cells whose fitted mean is on the edge (see :attr:`CellModel.separated`)."""
    if family == "binomial":
        return np.asarray((mu < SEPARATION) | (mu > 1 - SEPARATION))
    if family == "poisson":
        return np.asarray(mu < SEPARATION)
    return np.zeros(np.shape(mu), dtype=bool)


def separated(family: Family, mu: np.ndarray) -> bool:
    """Whether any fitted cell mean is on the edge (see :attr:`CellModel.separated`)."""
    return bool(edge_cells(family, mu).any())


def fit_cells(
    x: np.ndarray,
    sums: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    family: Family,
    *,
    max_iterations: int = 50,
    tolerance: float = 1e-10,
) -> CellModel:
    """Fit a weighted GLM with canonical link on cell sums.

    Parameters
    ----------
    x : ndarray, shape (cells, p)
        The design-matrix row of each cell.
    sums : tuple of ndarray
        From :func:`cell_sums`.
    family : {"gaussian", "binomial", "poisson"}
        Identity, logit and log link.

    Returns
    -------
    CellModel
    """
    count, sw, swy, sw2, sw2y, sw2y2 = sums
    used = count > 0
    x, sw, swy, sw2, sw2y, sw2y2 = (a[used] for a in (x, sw, swy, sw2, sw2y, sw2y2))
    n = int(count.sum())
    p = x.shape[1]
    if n <= p or np.linalg.matrix_rank(x) < p:
        raise AnalysisError("For få svar til å tilpasse regresjonsmodellen.")
    ybar = swy / sw
    if family == "gaussian":
        beta = np.linalg.solve(x.T @ (x * sw[:, None]), x.T @ swy)
        converged = True
    else:
        # Start from the link of the cell means, shrunk away from the bounds.
        overall = float(swy.sum() / sw.sum())
        start = (ybar + overall) / 2
        eta0 = np.log(start / (1 - start)) if family == "binomial" else np.log(start + 1e-3)
        beta = np.linalg.lstsq(x * np.sqrt(sw)[:, None], eta0 * np.sqrt(sw), rcond=None)[0]
        converged = False
        for _ in range(max_iterations):
            mu, dmu = _mean(family, x @ beta)
            if separated(family, mu):
                # On its way to infinity: stop before the iterations lose all
                # precision (and differ between two ways of fitting the same
                # model); the caller drops the edge cells.
                break
            score = x.T @ (swy - mu * sw)
            hessian = x.T @ (x * (sw * dmu)[:, None])
            try:
                step = np.linalg.solve(hessian, score)
            except np.linalg.LinAlgError:
                # Fitted shares of exactly 0 or 1 (or counts of 0) weigh
                # nothing: the model is separated; see edge_cells.
                break
            beta = beta + step
            if np.max(np.abs(step)) < tolerance * (1 + np.max(np.abs(beta))):
                converged = True
                break
    mu, dmu = _mean(family, x @ beta)
    if not converged and separated(family, mu):
        # No covariance on the way to infinity; the caller drops the edge cells.
        nan = np.full((p, p), np.nan)
        return CellModel(beta, nan, n, converged, True)
    bread = np.linalg.inv(x.T @ (x * (sw * dmu)[:, None]))
    # sum over a cell of w_i^2 (y_i - mu)^2
    squares = residual_squares(mu, sw2, sw2y, sw2y2)
    meat = x.T @ (x * squares[:, None])
    cov = bread @ meat @ bread
    if family == "gaussian":
        # HC1 small-sample factor, as statsmodels WLS(cov_type="HC1"); its GLM
        # robust covariance has no such factor (HC0).
        cov *= n / (n - p)
    return CellModel(beta, cov, n, converged, separated(family, mu))
