"""A share's interval stays inside 0–100 % and never has zero width."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats  # the reference the product no longer imports

from hjemmekontor.analysis.design import survey_design
from hjemmekontor.analysis.estimates import estimate_by
from hjemmekontor.analysis.intervals import METHODS, share_interval


@given(
    p=st.floats(0.0, 1.0),
    se=st.floats(0.0, 0.6),
    n=st.integers(1, 100_000),
    method=st.sampled_from(METHODS),
)
def test_a_share_interval_is_inside_zero_and_one_and_has_width(
    p: float, se: float, n: int, method: str
) -> None:
    low, high = share_interval(p, se, n, method=method)
    if low is None or high is None:
        # Only without degrees of freedom: no interval rather than a wrong one.
        assert (low, high, n) == (None, None, 1)
        assert 0 < p < 1
        return
    assert low is not None and high is not None
    assert 0.0 <= low <= p <= high <= 1.0
    assert high > low


def test_a_share_of_none_out_of_thirteen_has_the_exact_upper_bound() -> None:
    low, high = share_interval(0.0, 0.0, 13)
    assert low == 0.0
    assert high == pytest.approx(1 - 0.025 ** (1 / 13))
    assert share_interval(1.0, 0.0, 13) == pytest.approx((0.025 ** (1 / 13), 1.0))


def test_the_logit_interval_is_the_wald_interval_of_the_log_odds() -> None:
    low, high = share_interval(0.2, 0.05, 101)
    t = 1.9839715185235556  # qt(0.975, 100)
    half = t * 0.05 / (0.2 * 0.8)
    assert math.log(low / (1 - low)) == pytest.approx(math.log(0.25) - half)
    assert math.log(high / (1 - high)) == pytest.approx(math.log(0.25) + half)


def test_an_unknown_interval_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown interval method"):
        share_interval(0.5, 0.1, 10, method="exact")


def test_a_rare_share_in_a_table_gets_no_negative_lower_bound() -> None:
    # 1 of 60 says yes: the Wald interval would start below zero.
    data = pl.DataFrame({"yes": [1.0] + [0.0] * 59, "w": [1.0] * 60})
    design = survey_design(data, weights="w")
    row = estimate_by(design, ["share:yes=1"]).row(0, named=True)
    assert row["estimate"] == pytest.approx(1 / 60)
    assert row["estimate"] - 1.96 * row["se"] < 0
    assert 0 < row["ci_low"] < row["estimate"] < row["ci_high"] < 0.2
    wald = estimate_by(design, ["share:yes=1"], ci="wald").row(0, named=True)
    assert wald["ci_low"] == 0.0
    # Means keep R's normal interval.
    mean = estimate_by(design, ["mean:yes"]).row(0, named=True)
    assert mean["ci_low"] == pytest.approx(mean["estimate"] - 1.959963984540054 * mean["se"])


@given(
    df=st.integers(-1, 100_000),
    q=st.sampled_from([0.025, 0.975]),
    # Clopper–Pearson's parameters: a share is at least 1e-12 from 0 and 1
    # (closer is the boundary, decided without quantiles), n_eff at least 1.
    a=st.floats(1e-12, 5_000.0),
    b=st.floats(1e-12, 5_000.0),
)
def test_the_quantiles_are_exactly_scipy_stats_ones(df: int, q: float, a: float, b: float) -> None:
    # scipy.special gives them without importing scipy.stats (seconds of a
    # worker's first round); the numbers must not move by a bit.
    from hjemmekontor.analysis.intervals import _beta_quantile, _t

    assert _t(df) == pytest.approx(float(stats.t.ppf(0.975, df)), rel=0, abs=0, nan_ok=True)
    try:
        expected = float(stats.beta.ppf(q, a, b))
    except (OverflowError, FloatingPointError):
        expected = math.nan  # what the product made of it before, too
    assert _beta_quantile(q, a, b) == pytest.approx(expected, rel=0, abs=0, nan_ok=True)


def test_an_interval_is_computed_without_importing_scipy_stats() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from hjemmekontor.analysis.intervals import share_interval\n"
        "share_interval(0.3, 0.05, 40, method='logit')\n"
        "share_interval(0.0, 0.0, 12, method='logit')\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
