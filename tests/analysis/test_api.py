"""The public facade: analyze(), its JSON, tables, findings and trends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import numpy as np
import polars as pl
import pytest
from numpy.testing import assert_allclose

from hjemmekontor.analysis import api

HERE = Path(__file__).parent
DATA = HERE / "data"


def synthetic() -> pl.DataFrame:
    return pl.read_csv(DATA / "synthetic_employees.csv")


def margins() -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for variable, category, count in pl.read_csv(DATA / "synthetic_margins.csv").iter_rows():
        found.setdefault(variable, {})[category] = float(count)
    return found


@pytest.fixture(scope="module")
def result() -> api.AnalysisResult:
    tree = dict(pl.read_csv(DATA / "synthetic_units.csv").iter_rows())
    return api.analyze(
        synthetic(),
        margins=margins(),
        by=["gender"],
        estimates=["total:sick_days"],
        unit_tree=tree,
    )


def test_the_json_follows_the_published_schema(result: api.AnalysisResult) -> None:
    document = json.loads(result.to_json())
    jsonschema.validate(document, api.json_schema())
    assert document["schema"] == "hjemmekontor.analysis/1"
    assert document["metadata"]["weighting"] == "raking"


def test_every_estimate_row_carries_n_ci_and_suppression(result: api.AnalysisResult) -> None:
    document = result.to_dict()
    total = [r for r in document["estimates"] if r["by"] == {}]
    assert {r["variable"] for r in total} >= {"burnout", "meaning", "sick_days", "wish_weekly"}
    for row in document["estimates"]:
        assert {"n", "suppressed", "reason", "ci_low", "ci_high", "se"} <= set(row)
    units = [r for r in document["estimates"] if r["breakdown"] == "unit"]
    assert len({r["by"]["unit"] for r in units}) == 16


def test_indicators_equal_r_survey_on_the_raked_design(result: api.AnalysisResult) -> None:
    reference = pl.read_csv(HERE / "results" / "reference.csv", infer_schema_length=0).filter(
        (pl.col("design") == "raked") & (pl.col("breakdown").fill_null("") == "")
    )
    r_names = {
        "after_hours_weekly": "after_hours_weekly",
        "wish_weekly": "wish_weekly",
        "home_office_weekly": "home_office_weekly",
        "written_agreement": "written_agreement_yes",
        "share_time_home": "share_time_home_can",
    }
    table = result.indicators
    assert sorted(table["variable"]) == sorted(r_names)
    for ours, theirs in r_names.items():
        expected = reference.filter(pl.col("variable") == theirs).row(0, named=True)
        row = table.filter(pl.col("variable") == ours).row(0, named=True)
        assert_allclose(row["estimate"], float(expected["estimate"]), rtol=1e-6)
        assert_allclose(row["se"], float(expected["se"]), rtol=1e-6)
        assert row["source"].startswith("AFI")


def test_significant_dose_response_is_written_as_a_sentence(result: api.AnalysisResult) -> None:
    groups = result.consequences.groups.filter(  # type: ignore[union-attr]
        (pl.col("variable") == "meaning") & (pl.col("breakdown") == "ho_group")
    )
    by_group = dict(zip(groups["by"].struct.field("ho_group"), groups["estimate"], strict=True))
    effects = result.consequences.effects.filter(  # type: ignore[union-attr]
        (pl.col("variable") == "meaning") & (pl.col("term") == "3_plus_days")
    ).row(0, named=True)

    def nb(value: float) -> str:
        return f"{value:.1f}".replace(".", ",").replace("-", "−")

    sentence = (
        "Opplevd mening henger sammen med hvor ofte de ansatte jobber hjemmefra: "
        f"{by_group['monthly_or_less']:.0f} poeng på en skala 0–100 blant dem som jobber hjemme "
        f"månedlig eller sjeldnere, {by_group['3_plus_days']:.0f} blant dem som jobber hjemme "
        "3 dager i uka eller mer; jo oftere hjemme, desto lavere (justert forskjell "
        f"{nb(effects['effect'])} poeng, 95 % KI {nb(effects['ci_low'])} til "
        f"{nb(effects['ci_high'])})."
    )
    assert sentence in [f.text_nb for f in result.findings]
    english = [f.text_en for f in result.findings if f.variable == "meaning"]
    assert english[0].startswith("Experienced meaning is associated with how often")
    assert all("fører til" not in f.text_nb for f in result.findings)


def test_consequences_have_adjusted_effects_and_a_trend_test(result: api.AnalysisResult) -> None:
    effects = result.consequences.effects  # type: ignore[union-attr]
    sick = effects.filter(pl.col("variable") == "sick_days")
    assert sick["term"].to_list() == ["never", "1_2_days", "3_plus_days", "trend"]
    assert set(sick["effect_type"]) == {"rate_ratio", "linear_trend"}
    assert result.consequences.covariates == (  # type: ignore[union-attr]
        "age_group",
        "gender",
        "is_manager",
        "children_under_12",
    )
    assert (
        effects.filter(pl.col("variable") == "after_hours_weekly")["effect_type"][0] == "odds_ratio"
    )


def test_nothing_is_said_when_groups_do_not_differ() -> None:
    # Four frequency groups with exactly the same answers: no trend at all.
    freqs = ["never", "monthly", "1_day_week", "every_day"]
    answers = [1, 2, 3, 4, 5, 3, 4, 2]
    rows = [
        {"can_work_home": "yes", "ho_freq": f, "meaning_1": a, "meaning_2": a, "sick_days": a}
        for f in freqs
        for a in answers * 3
    ]
    result = api.analyze(pl.DataFrame(rows))
    trend = result.consequences.effects.filter(pl.col("term") == "trend")  # type: ignore[union-attr]
    assert trend.height == 2
    assert (trend["p_value"] > 0.99).all()
    assert [f for f in result.findings if f.kind == "dose_response"] == []


def test_trends_between_rounds_find_a_real_change_only() -> None:
    now = synthetic()
    same = api.analyze(now, compare_to=now)
    assert same.trends is not None
    assert_allclose(same.trends["change"], 0.0, atol=1e-12)
    assert [f for f in same.findings if f.kind == "change"] == []
    before = now.with_columns(
        pl.when(pl.col("written_agreement") == "yes")
        .then(pl.lit("no"))
        .otherwise(pl.col("written_agreement"))
        .alias("written_agreement")
    )
    changed = api.analyze(now, compare_to=before)
    texts = [f.text_nb for f in changed.findings if f.kind == "change"]
    assert any(
        t.startswith("Andelen med skriftlig hjemmekontoravtale har økt fra 0 til") for t in texts
    )


def test_tables_are_written_to_xlsx_and_csv(result: api.AnalysisResult, tmp_path: Path) -> None:
    import openpyxl

    result.to_xlsx(tmp_path / "r.xlsx")
    sheets = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True).sheetnames
    assert sheets[:4] == ["estimates", "indicators", "consequences", "effects"]
    result.to_csv(tmp_path / "r.csv")
    back = pl.read_csv(tmp_path / "r.csv")
    assert back.height == result.estimates.height
    assert json.loads(back.filter(pl.col("breakdown") == "gender")["by"][0]) == {"gender": "female"}


def test_summary_lists_indicators_and_findings(result: api.AnalysisResult) -> None:
    text = result.summary()
    assert "Har skriftlig avtale om hjemmekontor" in text
    assert "Funn:" in text
    assert "Findings:" in result.summary("en")


def test_unknown_instrument_and_breakdown_are_refused() -> None:
    with pytest.raises(api.AnalysisError, match="Ukjent instrument"):
        api.analyze(synthetic(), instrument="boss")
    with pytest.raises(api.AnalysisError, match="«avdeling»"):
        api.analyze(synthetic(), by=["avdeling"])


def test_manager_data_give_the_manager_indicator() -> None:
    rng = np.random.default_rng(2)
    data = pl.DataFrame({"mgr_hms_hard": rng.integers(1, 6, 200)})
    result = api.analyze(data, instrument="manager")
    row = result.indicators.row(0, named=True)
    assert row["variable"] == "manager_hms_hard"
    assert_allclose(row["estimate"], float(np.isin(data["mgr_hms_hard"], [4, 5]).mean()))
    assert result.consequences is None


def test_the_library_imports_and_runs_without_django() -> None:
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import polars as pl\n"
        "from hjemmekontor.analysis import api\n"
        "r = api.analyze(pl.DataFrame({'burnout': [10.0, 20, 30, 40, 50, 60]}))\n"
        "assert 'django' not in [m.split('.')[0] for m in sys.modules if sys.modules[m]]\n"
        "print(r.estimates['estimate'][0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) == 35.0


def test_result_json_has_null_for_nan_and_infinity_and_no_empty_breakdown_fields() -> None:
    from hjemmekontor.analysis.results import AnalysisResult

    estimates = pl.DataFrame(
        {
            "variable": ["a", "b", "c"],
            "by": [{"gender": "female", "age_group": None}, {"gender": None, "age_group": None},
                   {"gender": "male", "age_group": "30-39"}],
            "estimate": [float("nan"), float("inf"), 1.5],
            "n": [3, 4, 5],
        }
    )  # fmt: skip
    rows = AnalysisResult(estimates=estimates, indicators=pl.DataFrame()).to_dict()["estimates"]
    assert rows == [
        {"variable": "a", "by": {"gender": "female"}, "estimate": None, "n": 3},
        {"variable": "b", "by": {}, "estimate": None, "n": 4},
        {"variable": "c", "by": {"gender": "male", "age_group": "30-39"}, "estimate": 1.5, "n": 5},
    ]
    # Valid JSON: the standard encoder refuses NaN when asked to.
    json.dumps(rows, allow_nan=False)


def test_an_analysis_needs_neither_statsmodels_nor_pandas() -> None:
    # statsmodels (and the pandas it brings) is a test-only dependency: the
    # product must run on the runtime lock file without it.
    code = (
        "import sys, polars as pl\n"
        "from hjemmekontor.analysis import api\n"
        "data = pl.DataFrame({'gender': ['f', 'm'] * 20, 'sick_days': list(range(40))})\n"
        "api.analyze(data, estimates=['mean:sick_days', 'share:gender=f'])\n"
        "print(sorted(m for m in ('statsmodels', 'pandas', 'patsy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
