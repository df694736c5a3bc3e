"""Domain estimates: the one-pass path, parsing, errors and suppression."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose

from hjemmekontor.analysis.anonymity import AnonymityError
from hjemmekontor.analysis.design import survey_design
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.analysis.estimates import (
    Z_95,
    Estimate,
    estimate_by,
    estimate_units,
    parse_estimate,
)
from hjemmekontor.analysis.indicators import add_derived
from hjemmekontor.analysis.raking import rake
from hjemmekontor.analysis.scores import add_scores
from hjemmekontor.analysis.variance import CalibrationProducts

DATA = Path(__file__).parent / "data"


def synthetic() -> pl.DataFrame:
    return add_derived(add_scores(pl.read_csv(DATA / "synthetic_employees.csv")))


def margins() -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for variable, category, count in pl.read_csv(DATA / "synthetic_margins.csv").iter_rows():
        found.setdefault(variable, {})[category] = float(count)
    return found


def tree() -> dict[str, str | None]:
    return {u: p or None for u, p in pl.read_csv(DATA / "synthetic_units.csv").iter_rows()}


ESTIMATES = [
    "mean:burnout",
    "share:after_hours_freq=daily,several_times_week,weekly",
    "total:sick_days",
]


@pytest.mark.parametrize("population", [None, 6000.0])
def test_one_pass_estimates_equal_the_explicit_influence_computation(
    population: float | None,
) -> None:
    # Every respondent as its own cluster gives the same variance but makes
    # the estimator form each domain's influence values explicitly.
    data = synthetic()
    fast = rake(survey_design(data, population=population), margins())
    explicit = rake(survey_design(data, clusters="respondent", population=population), margins())
    for table in (
        lambda d: estimate_by(d, ESTIMATES, ["ho_group", ("gender", "age_group")], k=3),
        lambda d: estimate_units(d, ESTIMATES, "unit", tree(), k=3),
    ):
        got, expected = table(fast), table(explicit)
        assert got.height == expected.height > 20
        assert_allclose(got["estimate"], expected["estimate"], rtol=1e-10)
        assert_allclose(got["se"], expected["se"], rtol=1e-8)
        assert got["n"].to_list() == expected["n"].to_list()


def test_a_unit_is_its_whole_subtree() -> None:
    data = synthetic()
    design = survey_design(data)
    table = estimate_units(design, ["sick_days"], "unit", tree(), k=3)
    by_unit = dict(zip(table["by"].struct.field("unit"), table["estimate"], strict=True))
    in_d2 = data.filter(pl.col("unit").str.starts_with("d2"))
    assert_allclose(by_unit["d2"], in_d2["sick_days"].drop_nulls().mean())
    assert_allclose(by_unit["org"], data["sick_days"].drop_nulls().mean())


def test_confidence_interval_is_estimate_plus_minus_normal_quantile_times_se() -> None:
    table = estimate_by(survey_design(synthetic()), ["burnout"])
    row = table.row(0, named=True)
    assert_allclose(row["ci_low"], row["estimate"] - 1.959963984540054 * row["se"])
    assert_allclose(row["ci_high"], row["estimate"] + Z_95 * row["se"])
    assert row["by"] == {} or all(v is None for v in row["by"].values())


def test_total_comes_first_and_every_breakdown_group_follows() -> None:
    table = estimate_by(survey_design(synthetic()), ["burnout"], ["gender"])
    assert table["breakdown"].to_list() == ["", "gender", "gender", "gender"]
    assert table["by"].struct.field("gender").to_list() == [None, "female", "male", "other"]
    assert table["n"][0] == sum(table["n"][1:])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mean:burnout", Estimate("mean", "burnout")),
        ("burnout", Estimate("mean", "burnout")),
        ("total:sick_days", Estimate("total", "sick_days")),
        (
            "share:ho_freq=1_day_week, 2_days_week",
            Estimate("share", "ho_freq", ("1_day_week", "2_days_week")),
        ),
    ],
)
def test_estimates_are_parsed_from_the_command_line_form(text: str, expected: Estimate) -> None:
    assert parse_estimate(text) == expected


@pytest.mark.parametrize("text", ["median:x", "share:x", "share:=a", "mean:x=1"])
def test_malformed_estimates_are_refused(text: str) -> None:
    with pytest.raises(AnalysisError):
        parse_estimate(text)


def test_a_mean_of_text_names_the_column_row_and_value() -> None:
    data = pl.DataFrame({"days": ["1", "2", "tre", "4"]})
    with pytest.raises(AnalysisError, match=r"«days».*rad 3: «tre»"):
        estimate_by(survey_design(data), ["mean:days"], k=3)


def test_a_mean_of_decimal_comma_text_is_read_as_numbers() -> None:
    data = pl.DataFrame({"hours": ["1,5", "2,5", "3", "", "5"]})
    table = estimate_by(survey_design(data), ["mean:hours"], k=3)
    assert_allclose(table["estimate"][0], 3.0)
    assert table["n"][0] == 4


def test_an_unknown_column_is_named() -> None:
    with pytest.raises(AnalysisError, match="Ukjent kolonne «nope»"):
        estimate_by(survey_design(synthetic()), ["mean:nope"])
    with pytest.raises(AnalysisError, match="Ukjent kolonne «nope»"):
        estimate_by(survey_design(synthetic()), ["burnout"], ["nope"])


def test_k_below_three_is_refused() -> None:
    with pytest.raises(AnonymityError):
        estimate_by(survey_design(synthetic()), ["burnout"], k=2)


def test_small_groups_and_their_complements_are_suppressed() -> None:
    data = pl.DataFrame(
        {"group": ["a"] * 30 + ["b"] * 20 + ["c"] * 2, "y": np.arange(52, dtype=float)}
    )
    table = estimate_by(survey_design(data), ["y"], ["group"], k=5)
    rows = {
        (by["group"] if by["group"] else "all"): (suppressed, reason, estimate)
        for by, suppressed, reason, estimate in table.select(
            "by", "suppressed", "reason", "estimate"
        ).iter_rows()
    }
    assert rows["c"][:2] == (True, "small_n")
    # total − a − b would reveal c: the smaller of a and b goes too.
    assert rows["b"][:2] == (True, "complement")
    assert rows["a"][0] is False and rows["all"][0] is False
    assert rows["b"][2] is None and rows["c"][2] is None
    assert table.filter(pl.col("suppressed"))["se"].is_null().all()


def test_a_unit_tree_with_an_unknown_unit_is_refused() -> None:
    data = synthetic()
    with pytest.raises(AnalysisError, match=r"«d3u4».*finnes ikke i enhetstreet"):
        estimate_units(
            survey_design(data),
            ["burnout"],
            "unit",
            {u: p for u, p in tree().items() if u != "d3u4"},
        )


def test_a_crossed_group_cannot_be_derived_from_its_one_variable_group() -> None:
    gender = ["f"] * 20 + ["m"] * 20
    age = ["a"] * 18 + ["b"] * 2 + ["a"] * 10 + ["b"] * 10
    data = pl.DataFrame({"gender": gender, "age": age, "y": np.arange(40, dtype=float)})
    table = estimate_by(survey_design(data), ["y"], ["gender", ("gender", "age")], k=5)
    crossed = table.filter(pl.col("breakdown") == "gender×age")
    hidden = {
        (by["gender"], by["age"]): reason
        for by, reason in zip(crossed["by"], crossed["reason"], strict=True)
        if reason is not None
    }
    # f|b has 2; f|a would give it away as f − f|a, so it goes as well.
    assert hidden == {("f", "b"): "small_n", ("f", "a"): "complement"}
    shown = table.filter(~pl.col("suppressed"))
    assert shown.filter(pl.col("breakdown") == "gender").height == 2


def test_a_unit_tree_can_be_given_as_ancestor_paths() -> None:
    design = survey_design(synthetic())
    paths: dict[str, list[str]] = {}
    for unit, parent in tree().items():
        path = []
        while parent is not None:
            path.insert(0, parent)
            parent = tree()[parent]
        paths[unit] = path
    by_parent = estimate_units(design, ["burnout"], "unit", tree())
    by_path = estimate_units(design, ["burnout"], "unit", paths)
    assert by_parent.equals(by_path)


def test_the_unit_column_cannot_be_both_a_breakdown_and_the_tree() -> None:
    with pytest.raises(AnalysisError, match="både en oppdeling og enhetstreet"):
        estimate_by(survey_design(synthetic()), ["burnout"], ["unit"], unit_tree=tree())


def test_sparse_residual_moments_equal_the_dense_ones() -> None:
    # The unit-tree path passes sparse (categories x domains) coefficients;
    # the coefficient-space moments must equal those of the dense arrays.
    design = rake(survey_design(synthetic()), margins())
    assert design.calibration is not None
    products = CalibrationProducts.from_calibration(design.calibration)
    rng = np.random.default_rng(7)
    k, p = int(products.offsets[-1]), 40
    b = rng.normal(size=(k, p)) * (rng.random((k, p)) < 0.3)
    q = rng.normal(size=(k, p)) * (b != 0)
    sum_x, sum_x2 = rng.normal(size=p), rng.random(p) * 10 + 5
    dense = products.residual_moments(sum_x, sum_x2, b, q)
    sparse = products.residual_moments(sum_x, sum_x2, sp.csr_matrix(b), sp.csr_matrix(q))
    assert_allclose(sparse[0], dense[0], rtol=1e-12, atol=1e-12)
    assert_allclose(sparse[1], dense[1], rtol=1e-12)
