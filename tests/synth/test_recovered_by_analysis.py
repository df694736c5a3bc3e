"""The product's own analysis rediscovers the AFI findings in the synthetic data.

The generator is tuned by a causal model, not by pasting target shares; these
tests run the analysis library on its files' contents, as a user would, and
check that the headline figures and the seed's directions come out.
"""

from __future__ import annotations

import polars as pl
import pytest

from hjemmekontor.analysis import api

Answers = dict[int, dict[str, pl.DataFrame]]
POINTS = 0.03  # ±3 percentage points, as the issue asks


@pytest.fixture(scope="module")
def analysed(large_answers: Answers) -> dict[tuple[int, str], api.AnalysisResult]:
    return {
        (round_no, instrument): api.analyze(
            large_answers[round_no][instrument], instrument=instrument
        )
        for round_no in (1, 2)
        for instrument in ("employee", "manager")
    }


def indicator(result: api.AnalysisResult, name: str) -> float:
    row = result.indicators.filter(pl.col("variable") == name).row(0, named=True)
    assert not row["suppressed"]
    return float(row["estimate"])


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("after_hours_weekly", 0.55),
        ("wish_weekly", 0.72),
        ("home_office_weekly", 0.53),
        ("written_agreement", 0.18),
    ],
)
def test_round_two_headline_shares_are_near_the_national_figures(analysed, name, target):
    assert indicator(analysed[(2, "employee")], name) == pytest.approx(target, abs=POINTS)


def test_managers_finding_hms_follow_up_hard_is_near_58_percent(analysed):
    assert indicator(analysed[(2, "manager")], "manager_hms_hard") == pytest.approx(
        0.58, abs=POINTS
    )


def test_share_of_time_at_home_falls_from_59_to_37_percent(analysed):
    assert indicator(analysed[(1, "employee")], "share_time_home") == pytest.approx(59, abs=3)
    assert indicator(analysed[(2, "employee")], "share_time_home") == pytest.approx(37, abs=3)


def test_written_agreements_are_about_half_as_common_in_round_one(analysed):
    first = indicator(analysed[(1, "employee")], "written_agreement")
    second = indicator(analysed[(2, "employee")], "written_agreement")
    assert first == pytest.approx(second / 2, abs=POINTS)


@pytest.mark.parametrize(
    ("outcome", "direction"),
    [
        ("sick_days", "desto lavere"),
        ("burnout", "desto lavere"),
        ("meaning", "desto lavere"),
        ("after_hours_weekly", "desto høyere"),
    ],
)
def test_the_seed_directions_are_found_as_significant_findings(analysed, outcome, direction):
    findings = {
        f.variable: f for f in analysed[(2, "employee")].findings if f.kind == "dose_response"
    }
    assert outcome in findings
    # At 100,000 employees the seed's directions survive the report's
    # multiple-testing adjustment as trends, not only as single contrasts.
    assert direction in findings[outcome].text_nb
    assert findings[outcome].p_adjusted is not None and findings[outcome].p_adjusted < 0.05


def test_meaning_falls_mainly_from_monthly_or_less_to_weekly(analysed):
    groups = analysed[(2, "employee")].consequences.groups.filter(
        (pl.col("variable") == "meaning") & (pl.col("breakdown") == "ho_group")
    )
    means = {row["by"]["ho_group"]: row["estimate"] for row in groups.iter_rows(named=True)}
    first_step = means["never"] - means["monthly_or_less"]
    weekly_step = means["monthly_or_less"] - means["1_2_days"]
    assert weekly_step > 3
    assert weekly_step > 2 * abs(first_step)
