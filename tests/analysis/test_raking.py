"""Survey designs, raking, trimming and weight diagnostics."""

from __future__ import annotations

import warnings

import numpy as np
import polars as pl
import pytest
from numpy.testing import assert_allclose

from hjemmekontor.analysis.design import survey_design
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.analysis.raking import rake, trim_weights


@pytest.fixture
def sample() -> pl.DataFrame:
    rng = np.random.default_rng(5)
    n = 400
    return pl.DataFrame(
        {
            "gender": rng.choice(["female", "male"], n, p=[0.7, 0.3]),
            "age_group": rng.choice(["<30", "30-39", "40+"], n, p=[0.2, 0.3, 0.5]),
            "y": rng.normal(50, 10, n),
        }
    )


MARGINS = {
    "gender": {"female": 500.0, "male": 500.0},
    "age_group": {"<30": 300.0, "30-39": 300.0, "40+": 400.0},
}


def test_raked_weights_reproduce_every_margin(sample: pl.DataFrame) -> None:
    design = rake(survey_design(sample), MARGINS, epsilon=1e-12, max_iterations=100)
    for variable, margin in MARGINS.items():
        values = sample[variable].to_numpy()
        for category, count in margin.items():
            assert_allclose(design.weights[values == category].sum(), count, rtol=1e-9)
    assert design.diagnostics.converged is True


def test_inconsistent_margin_totals_are_refused_with_both_totals(sample: pl.DataFrame) -> None:
    margins = {
        "gender": {"female": 500.0, "male": 500.0},
        "age_group": {"<30": 300.0, "30-39": 300.0, "40+": 500.0},
    }
    with pytest.raises(AnalysisError, match=r"«gender» er 1000.*«age_group» er 1100"):
        rake(survey_design(sample), margins)


def test_a_sample_category_missing_from_the_margins_is_named(sample: pl.DataFrame) -> None:
    margins = {"gender": {"female": 1000.0}}
    with pytest.raises(AnalysisError, match=r"Kategorien «male» i «gender» \(\d+ respondenter\)"):
        rake(survey_design(sample), margins)


def test_a_margin_category_without_respondents_is_named(sample: pl.DataFrame) -> None:
    margins = {"gender": {"female": 500.0, "male": 400.0, "other": 100.0}}
    with pytest.raises(AnalysisError, match=r"«other».*ingen respondenter"):
        rake(survey_design(sample), margins)


def test_an_empty_value_in_a_raking_variable_is_refused_with_its_row(sample: pl.DataFrame) -> None:
    data = sample.with_columns(
        pl.when(pl.int_range(pl.len()) == 6).then(None).otherwise(pl.col("gender")).alias("gender")
    )
    with pytest.raises(AnalysisError, match="mangler verdi i rad 7"):
        rake(survey_design(data), MARGINS)


def test_raking_that_does_not_converge_warns_and_says_so(sample: pl.DataFrame) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        design = rake(survey_design(sample), MARGINS, epsilon=1e-14, max_iterations=1)
    assert any("konvergerte ikke" in str(w.message) for w in caught)
    assert design.diagnostics.converged is False
    assert design.diagnostics.iterations == 1


def test_trimming_keeps_the_sum_and_the_bounds() -> None:
    weights = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 13.0])
    trimmed, count = trim_weights(weights, (0.2, 3.0))
    assert_allclose(trimmed.sum(), weights.sum())
    assert trimmed.max() <= 3.0 * weights.mean() * (1 + 1e-9)
    assert count == 1


def test_trimming_bounds_must_surround_the_mean() -> None:
    with pytest.raises(AnalysisError, match="Trimmegrensene"):
        trim_weights(np.ones(3), (1.5, 3.0))


def test_weight_diagnostics_follow_kish() -> None:
    data = pl.DataFrame({"w": [1.0, 1.0, 2.0, 4.0]})
    diagnostics = survey_design(data, weights="w").diagnostics
    # (sum w)^2 / sum w^2 = 64 / 22; deff = n / effective n.
    assert_allclose(diagnostics.effective_n, 64 / 22)
    assert_allclose(diagnostics.deff_weighting, 4 * 22 / 64)
    assert (diagnostics.min, diagnostics.max, diagnostics.ratio) == (1.0, 4.0, 4.0)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["1", "x", "2"], "ikke er et tall i rad 2: «x»"),
        ([1.0, -2.0, 1.0], "rad 2"),
        ([1.0, None, 1.0], "rad 2"),
    ],
)
def test_bad_weights_are_refused_with_row_and_value(values: list[object], message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        survey_design(pl.DataFrame({"w": values}, strict=False), weights="w")


def test_population_smaller_than_sample_is_refused(sample: pl.DataFrame) -> None:
    with pytest.raises(AnalysisError, match="mindre enn utvalget"):
        survey_design(sample, population=100)
