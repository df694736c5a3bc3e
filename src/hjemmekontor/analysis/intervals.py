"""Confidence intervals for shares that stay inside 0–100 %.

A share's symmetric (Wald) interval, ``p ± 1.96·se``, goes below zero near 0 %
and has zero width at 0 % and 100 %, where the estimated variance is zero. The
intervals here are those of R ``survey::svyciprop``:

``logit`` (the default, ``svyciprop``'s ``method="logit"``)
    The Wald interval of the log-odds, transformed back:
    ``expit(logit(p) ± t·se / (p(1−p)))``. ``se/(p(1−p))`` is the standard
    error of the intercept of ``svyglm(y ~ 1, family=quasibinomial)``, which
    ``svyciprop`` fits.
``kg`` (Korn–Graubard, ``method="beta"``)
    Clopper–Pearson with the effective sample size ``p(1−p)/se²``, scaled by
    ``(t(n−1)/t(df))²``.
``wald`` (``method="mean"``)
    ``p ± t·se``, cut to 0–1. For comparison with older output only.

``t`` is the 97.5 % quantile of Student's t with the design's degrees of
freedom, as ``svyciprop``'s default ``df=degf(design)``: the number of
respondents (or clusters) in the group, minus one.

At 0 % and 100 % (within rounding), and for any share whose estimated
variance is zero, no interval above has width; there the Clopper–Pearson interval of the group's ``n``
respondents is given, ``[0, 1 − 0.025^(1/n)]`` at 0 % and
``[0.025^(1/n), 1]`` at 100 %: Korn and Graubard's rule for a zero variance
(the effective sample size is then the actual one). ``docs/analysis.md``
says where this differs from R.
"""

from __future__ import annotations

import math
from functools import lru_cache

from hjemmekontor.analysis.outcomes import Z_95

__all__ = ["METHODS", "estimate_interval", "share_interval"]

METHODS = ("logit", "kg", "wald")
_ALPHA = 0.05
# Shares within rounding of 0 or 1 (a sum of weights that should cancel) are
# at the boundary; no share that answers can give is this close otherwise.
_EDGE = 1e-12


@lru_cache(maxsize=4096)
def _t(df: int) -> float:
    """The two-sided 95 % quantile of t with ``df`` degrees of freedom (cached:
    a round's results ask for a few hundred distinct values a million times)."""
    # scipy.special's inverse of t's distribution function is what
    # scipy.stats.t.ppf calls (the same numbers, df 0 included: nan), without
    # importing scipy.stats, which takes one to two seconds of a worker's first
    # round. Imported here, not at the top: every web worker imports this module
    # (through the indicators' definitions) without ever computing an interval.
    from scipy.special import stdtrit

    return float(stdtrit(df, 1 - _ALPHA / 2))


def _exact_at_boundary(p: float, n: int) -> tuple[float, float]:
    """Clopper–Pearson for a share of exactly 0 or 1 among ``n`` respondents."""
    edge = (_ALPHA / 2) ** (1 / n)
    return (0.0, 1 - edge) if p < 0.5 else (edge, 1.0)


def share_interval(
    p: float | None,
    se: float | None,
    n: int,
    df: int | None = None,
    method: str = "logit",
) -> tuple[float | None, float | None]:
    """The 95 % interval of a share ``p`` with standard error ``se``.

    Parameters
    ----------
    p, se : float or None
        The estimated share (0–1) and its standard error.
    n : int
        Respondents behind the share (with an answer).
    df : int, optional
        Design degrees of freedom; ``n - 1`` when not given (no clusters).
    method : {"logit", "kg", "wald"}

    Returns
    -------
    (low, high)
        Both None when there is no estimate, no standard error, or no degrees
        of freedom; otherwise ``0 <= low < high <= 1`` whenever ``n > 0``.
    """
    if method not in METHODS:
        raise ValueError(f"unknown interval method {method!r}; use one of {METHODS}")
    if p is None or se is None or not (math.isfinite(p) and math.isfinite(se)) or n <= 0:
        return None, None
    if df is None:
        df = n - 1
    if p <= _EDGE or p >= 1.0 - _EDGE:
        return _exact_at_boundary(p, n)
    if se <= 1e-9 * p * (1 - p):
        # A share strictly between 0 and 1 with no variance, or only rounding
        # (calibrated to a margin that fixes it): the effective size is n.
        return _clopper_pearson(p, float(n))
    if df <= 0:
        return None, None
    t = _t(df)
    if method == "logit":
        centre = math.log(p / (1 - p))
        half = t * se / (p * (1 - p))
        return _expit(centre - half), _expit(centre + half)
    if method == "wald":
        return max(0.0, p - t * se), min(1.0, p + t * se)
    n_eff = (p / se) * ((1 - p) / se)  # not p(1-p)/se², whose se² can underflow
    if n > 1:
        n_eff *= (_t(n - 1) / t) ** 2
    return _clopper_pearson(p, n_eff)


def estimate_interval(
    statistic: str,
    value: float,
    se: float,
    n: int,
    df: int | None = None,
    method: str = "logit",
) -> tuple[float | None, float | None]:
    """The 95 % interval of any estimate row: a share's by ``method`` (above),
    a mean's or total's ``value ± 1.96·se`` as R's ``confint`` gives it."""
    if statistic == "share":
        return share_interval(value, se, n, df, method)
    return value - Z_95 * se, value + Z_95 * se


def _clopper_pearson(p: float, n_eff: float) -> tuple[float, float]:
    low = _beta_quantile(_ALPHA / 2, n_eff * p, n_eff * (1 - p) + 1)
    high = _beta_quantile(1 - _ALPHA / 2, n_eff * p + 1, n_eff * (1 - p))
    # The beta quantiles fail where a parameter underflows to zero (shares
    # far below any that n answers can give); the bound is then the edge.
    low = min(low, p) if math.isfinite(low) else 0.0
    high = max(high, p) if math.isfinite(high) else 1.0
    return low, high


def _beta_quantile(q: float, a: float, b: float) -> float:
    # betaincinv is the inverse scipy.stats.beta.ppf computes (the same numbers,
    # nan for a parameter of zero), without importing scipy.stats.
    import numpy as np
    from scipy.special import betaincinv

    try:
        with np.errstate(over="ignore"):
            return float(betaincinv(a, b, q))
    except (OverflowError, FloatingPointError):
        return math.nan


def _expit(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)
