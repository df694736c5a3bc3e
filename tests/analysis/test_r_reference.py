"""Estimates and standard errors equal R `survey` (results/make_reference.R)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from numpy.testing import assert_allclose

from hjemmekontor.analysis import api
from hjemmekontor.analysis.design import SurveyDesign, survey_design
from hjemmekontor.analysis.estimates import Estimate, estimate_by, estimate_units
from hjemmekontor.analysis.indicators import add_derived
from hjemmekontor.analysis.margins import read_margins
from hjemmekontor.analysis.raking import rake
from hjemmekontor.analysis.scores import add_scores

HERE = Path(__file__).parent
DATA = HERE / "data"
REFERENCE = pl.read_csv(HERE / "results" / "reference.csv", infer_schema_length=0).with_columns(
    pl.col("estimate").cast(pl.Float64),
    pl.col("se").cast(pl.Float64),
    pl.col("breakdown").fill_null(""),
    pl.col("group").fill_null(""),
)
API_MARGINS = {
    "stype": {"E": 4421, "H": 755, "M": 1018},
    "sch.wide": {"No": 1072, "Yes": 5122},
}
# Our names for the variables that make_reference.R derives itself.
SYNTHETIC_NAMES = {
    "share_time_home_can": "indicator.share_time_home",
    "after_hours_weekly": "indicator.after_hours_weekly",
    "wish_weekly": "indicator.wish_weekly",
    "home_office_weekly": "indicator.home_office_weekly",
    "written_agreement_yes": "indicator.written_agreement",
}


def read_api(name: str) -> pl.DataFrame:
    data = pl.read_csv(DATA / f"{name}.csv", null_values=["NA"])
    return data.with_columns((pl.col("awards") == "Yes").cast(pl.Float64).alias("award_yes"))


def api_design(name: str) -> SurveyDesign:
    if name.startswith("clus1"):
        data = read_api("api_clus1")
        fpc = None if "nofpc" in name else float(data["fpc"][0])
        design = survey_design(data, weights="pw", clusters="dnum", population=fpc)
    else:
        data = read_api("api_srs")
        design = survey_design(data, weights="pw", population=float(data["fpc"][0]))
    return rake(design, API_MARGINS) if name.endswith("raked") else design


def read_synthetic() -> pl.DataFrame:
    data = pl.read_csv(DATA / "synthetic_employees.csv")
    return add_derived(add_scores(data))


def synthetic_margins() -> dict[str, dict[str, float]]:
    margins: dict[str, dict[str, float]] = {}
    for variable, category, count in pl.read_csv(DATA / "synthetic_margins.csv").iter_rows():
        margins.setdefault(variable, {})[category] = float(count)
    return margins


def synthetic_tree() -> dict[str, str | None]:
    units = pl.read_csv(DATA / "synthetic_units.csv")
    return {unit: parent for unit, parent in units.iter_rows()}


def synthetic_design(name: str) -> SurveyDesign:
    data = read_synthetic()
    margins = synthetic_margins()
    if name == "weighted":
        population = pl.DataFrame(
            {"unit": list(margins["unit"]), "pop": list(margins["unit"].values())}
        )
        data = (
            data.with_columns(pl.len().over("unit").alias("respondents"))
            .join(population, on="unit", how="left", maintain_order="left")
            .with_columns((pl.col("pop") / pl.col("respondents")).alias("w_unit"))
        )
        return survey_design(data, weights="w_unit")
    population = sum(margins["unit"].values()) if name == "raked_fpc" else None
    design = survey_design(data, population=population)
    return rake(design, margins) if name.startswith("raked") else design


def reference(dataset: str, design: str) -> pl.DataFrame:
    return REFERENCE.filter((pl.col("dataset") == dataset) & (pl.col("design") == design))


def ours(design: SurveyDesign, expected: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """Our estimates for the rows of `expected`, in the same order."""
    got = []
    for (statistic, variable, breakdown), rows in expected.group_by(
        ["statistic", "variable", "breakdown"], maintain_order=True
    ):
        estimate = Estimate(statistic, names.get(variable, variable))  # type: ignore[arg-type]
        if breakdown == "unit":
            table = estimate_units(design, [estimate], "unit", synthetic_tree(), k=3)
            keys = table["by"].struct.field("unit")
        elif breakdown:
            columns = breakdown.split("|")
            table = estimate_by(design, [estimate], [columns], k=3).filter(
                pl.col("breakdown") != ""
            )
            keys = table.select(
                pl.concat_str([pl.col("by").struct.field(c) for c in columns], separator="|")
            ).to_series()
        else:
            table = estimate_by(design, [estimate], k=3)
            keys = pl.Series([""])
        found = dict(zip(keys.to_list(), table.select("estimate", "se", "n").rows(), strict=True))
        got += [found[group] for group in rows["group"]]
    return pl.DataFrame(got, schema=["estimate", "se", "n"], orient="row")


@pytest.mark.parametrize(
    "design_name", ["clus1", "clus1_raked", "clus1_nofpc_raked", "srs", "srs_raked"]
)
def test_estimates_and_standard_errors_match_r_survey_on_api_data(design_name: str) -> None:
    expected = reference("api_clus1" if design_name.startswith("clus1") else "api_srs", design_name)
    got = ours(api_design(design_name), expected, {})
    assert expected.height >= 10
    assert_allclose(got["estimate"], expected["estimate"], rtol=1e-6)
    assert_allclose(got["se"], expected["se"], rtol=1e-6)


def test_raked_mean_of_api00_is_the_one_in_the_issue() -> None:
    table = estimate_by(api_design("clus1_raked"), ["mean:api00"])
    assert round(table["estimate"][0], 2) == 641.23
    assert round(table["se"][0], 3) == 23.704


@pytest.mark.parametrize("design_name", ["raked", "raked_fpc", "weighted", "unweighted"])
def test_estimates_and_standard_errors_match_r_survey_on_synthetic_data(
    design_name: str,
) -> None:
    expected = reference("synthetic", design_name)
    got = ours(synthetic_design(design_name), expected, SYNTHETIC_NAMES)
    assert expected.height > 100
    # A group without respondents (after-hours work among those who never
    # work from home) has no estimate; R reports 0 or NaN there.
    empty = (got["n"] == 0).to_numpy()
    assert got.filter(pl.col("n") == 0)["estimate"].is_null().all()
    got, expected = got.filter(~empty), expected.filter(~empty)
    assert_allclose(got["estimate"], expected["estimate"], rtol=1e-6)
    assert_allclose(got["se"], expected["se"], rtol=1e-6)


def test_raked_weights_equal_those_of_r_survey() -> None:
    design = synthetic_design("raked")
    expected = pl.read_csv(HERE / "results" / "synthetic_weights.csv")["weight"].to_numpy()
    assert_allclose(design.weights, expected, rtol=1e-9)


def test_standard_errors_after_raking_differ_from_treating_weights_as_fixed() -> None:
    raked = api_design("clus1_raked")
    fixed = survey_design(raked.data, weights=raked.weights, clusters="dnum", population=757)
    se_raked = estimate_by(raked, ["api00"])["se"][0]
    se_fixed = estimate_by(fixed, ["api00"])["se"][0]
    # 23.81 against 23.70: small here, but far beyond the 1e-6 we promise.
    assert abs(se_fixed - se_raked) / se_raked > 1e-3
    assert np.isfinite(se_fixed)


INTERVALS = pl.read_csv(
    HERE / "results" / "share_intervals.csv", infer_schema_length=0
).with_columns(
    pl.col("estimate", "ci_low", "ci_high").cast(pl.Float64),
    pl.col("breakdown").fill_null(""),
    pl.col("group").fill_null(""),
)


def _design_of(dataset: str, design_name: str) -> SurveyDesign:
    return synthetic_design(design_name) if dataset == "synthetic" else api_design(design_name)


@pytest.mark.parametrize(
    ("dataset", "design_name"),
    INTERVALS.select("dataset", "design").unique(maintain_order=True).rows(),
)
def test_share_intervals_match_svyciprop(dataset: str, design_name: str) -> None:
    design = _design_of(dataset, design_name)
    expected = INTERVALS.filter((pl.col("dataset") == dataset) & (pl.col("design") == design_name))
    got, wanted = [], []
    for (method, variable, breakdown), rows in expected.group_by(
        ["method", "variable", "breakdown"], maintain_order=True
    ):
        wanted.append(rows)
        estimate = Estimate("share", SYNTHETIC_NAMES.get(variable, variable), ("1",))
        by = [breakdown] if breakdown else []
        table = estimate_by(design, [estimate], by, k=3, ci=method).filter(
            pl.col("breakdown") == breakdown
        )
        keys = table["by"].struct.field(breakdown) if breakdown else pl.Series([""])
        found = dict(zip(keys.to_list(), table.select("ci_low", "ci_high").rows(), strict=True))
        got += [found[group] for group in rows["group"]]
    got_frame = pl.DataFrame(got, schema=["ci_low", "ci_high"], orient="row")
    expected = pl.concat(wanted)
    # Groups of fewer than k = 3 respondents are hidden (and so are their
    # complements), and R's svyglm fails (NaN) on a calibrated group of four;
    # compare the rest, which must be most of them.
    shown = got_frame["ci_low"].is_not_null().to_numpy() & ~np.isnan(expected["ci_low"].to_numpy())
    assert shown.sum() >= max(4, 0.8 * expected.height)
    assert_allclose(
        got_frame["ci_low"].to_numpy()[shown], expected["ci_low"].to_numpy()[shown], rtol=1e-6
    )
    assert_allclose(
        got_frame["ci_high"].to_numpy()[shown], expected["ci_high"].to_numpy()[shown], rtol=1e-6
    )


def test_trends_rake_each_round_to_its_own_margins_as_r_does() -> None:
    # The same answers, the earlier round standing for an older population with
    # more men: raked to its own margins (R rake() with those margins).
    expected = pl.read_csv(HERE / "results" / "own_margins.csv")
    data = read_synthetic()
    before = read_margins(DATA / "synthetic_margins_before.csv")
    result = api.analyze(data, margins=synthetic_margins(), compare_to=data, compare_margins=before)
    assert result.trends is not None
    rows = {row["variable"]: row for row in result.trends.iter_rows(named=True)}
    for variable in ("burnout", "meaning", "after_hours_weekly", "home_office_weekly"):
        r = {
            round_: (estimate, se)
            for v, round_, estimate, se in expected.iter_rows()
            if v == variable
        }
        row = rows[variable]
        assert_allclose(row["current"], r["current"][0], rtol=1e-6)
        assert_allclose(row["previous"], r["previous"][0], rtol=1e-6)
        assert_allclose(row["se"], np.hypot(r["current"][1], r["previous"][1]), rtol=1e-6)
    # Raked to today's population instead, the earlier round reads differently.
    same = api.analyze(data, margins=synthetic_margins(), compare_to=data)
    assert same.trends is not None
    burnout = same.trends.filter(pl.col("variable") == "burnout")["previous"][0]
    assert abs(burnout - rows["burnout"]["previous"]) > 1e-3
