"""The response model recovers the AFI figures and directions at 100,000 employees.

Indicators are computed here directly and transparently from the response
files' columns, with the definitions of BRIEF.md ("Headline indicators") and
docs/dev/instrument-variables.md, unweighted over respondents. The reference
values are the published AFI 2021/2022 figures quoted in the seed README.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from hjemmekontor.synth import Organisation

WEEKLY = ["1_day_week", "2_days_week", "3_4_days_week", "every_day"]
AFTER_HOURS_WEEKLY = ["daily", "several_times_week", "weekly"]
CAN = pl.col("can_work_home").is_in(["yes", "partly"])
SOME_HOME = CAN & pl.col("ho_freq").is_not_null() & (pl.col("ho_freq") != "never")

Answers = dict[int, dict[str, pl.DataFrame]]


def share(frame: pl.DataFrame, among: pl.Expr, answered: str, condition: pl.Expr) -> float:
    """Share (in %) meeting ``condition`` among rows meeting ``among`` that answered ``answered``."""
    base = frame.filter(among & pl.col(answered).is_not_null())
    return 100.0 * base.select(condition.mean()).item()


def headline(answers: Answers, round_no: int) -> dict[str, float]:
    e = answers[round_no]["employee"]
    m = answers[round_no]["manager"]
    return {
        "after_hours_weekly": share(
            e, SOME_HOME, "after_hours_freq", pl.col("after_hours_freq").is_in(AFTER_HOURS_WEEKLY)
        ),
        "wish_weekly": share(e, SOME_HOME, "wish_freq", pl.col("wish_freq").is_in(WEEKLY)),
        "manager_hms_hard": share(m, pl.lit(True), "mgr_hms_hard", pl.col("mgr_hms_hard") >= 4),
        "home_office_weekly": share(e, CAN, "ho_freq", pl.col("ho_freq").is_in(WEEKLY)),
        "written_agreement": share(
            e, SOME_HOME, "written_agreement", pl.col("written_agreement") == "yes"
        ),
        "share_time_home": e.filter(CAN)["share_time_home"].mean(),  # type: ignore[dict-item]
    }


@pytest.mark.parametrize(
    ("round_no", "indicator", "reference"),
    [
        (2, "after_hours_weekly", 55.0),
        (2, "wish_weekly", 72.0),
        (2, "manager_hms_hard", 58.0),
        (2, "home_office_weekly", 53.0),
        (2, "written_agreement", 18.0),
        (1, "written_agreement", 9.0),
        (1, "share_time_home", 59.0),
        (2, "share_time_home", 37.0),
    ],
)
def test_headline_indicators_are_within_three_points_of_the_afi_figures(
    large_answers: Answers, round_no: int, indicator: str, reference: float
) -> None:
    value = headline(large_answers, round_no)[indicator]
    assert abs(value - reference) <= 3.0, f"{indicator} round {round_no}: {value:.1f}"


def scored(frame: pl.DataFrame) -> pl.DataFrame:
    """Scale scores as in the contract: mean of the answered items on 0–100, ≥ half answered."""

    def score(items: list[str], reversed_: tuple[str, ...] = ()) -> pl.Expr:
        points = [
            ((6 - pl.col(c)) if c in reversed_ else pl.col(c)).cast(pl.Float64).sub(1).mul(25)
            for c in items
        ]
        answered = pl.sum_horizontal([pl.col(c).is_not_null() for c in items])
        return pl.when(answered >= len(items) / 2).then(pl.mean_horizontal(points))

    group = (
        pl.when(~CAN | (pl.col("ho_freq") == "never"))
        .then(pl.lit("never"))
        .when(pl.col("ho_freq").is_in(["less_than_monthly", "monthly"]))
        .then(pl.lit("monthly_or_less"))
        .when(pl.col("ho_freq").is_in(["1_day_week", "2_days_week"]))
        .then(pl.lit("1_2_days"))
        .when(pl.col("ho_freq").is_in(["3_4_days_week", "every_day"]))
        .then(pl.lit("3_plus_days"))
    )
    return frame.with_columns(
        ho_group=group,
        burnout=score([f"cbi_{i}" for i in range(1, 8)], ("cbi_7",)),
        meaning=score(["meaning_1", "meaning_2"]),
        work_life_conflict=score([f"wlc_{i}" for i in range(1, 5)]),
        social_community=score([f"community_{i}" for i in range(1, 4)]),
        after_hours=pl.when(pl.col("after_hours_freq").is_not_null()).then(
            pl.col("after_hours_freq").is_in(AFTER_HOURS_WEEKLY).cast(pl.Float64)
        ),
        productive=pl.when(pl.col("productivity_home").is_not_null()).then(
            pl.col("productivity_home").is_in(["higher", "much_higher"]).cast(pl.Float64)
        ),
    )


@pytest.fixture(scope="module")
def by_group(large_answers: Answers) -> dict[str, dict[str, float]]:
    frame = scored(large_answers[2]["employee"])
    outcomes = [
        "sick_days",
        "burnout",
        "meaning",
        "work_life_conflict",
        "social_community",
        "after_hours",
        "productive",
    ]
    table = (
        frame.filter(pl.col("ho_group").is_not_null())
        .group_by("ho_group")
        .agg([pl.col(o).mean() for o in outcomes])
    )
    return {
        outcome: dict(zip(table["ho_group"], table[outcome], strict=True)) for outcome in outcomes
    }


def test_sickness_absence_falls_with_home_office_frequency(by_group: dict) -> None:
    g = by_group["sick_days"]
    assert g["never"] > g["monthly_or_less"] > g["1_2_days"] > g["3_plus_days"]


def test_burnout_falls_with_home_office_frequency(by_group: dict) -> None:
    g = by_group["burnout"]
    assert g["never"] > g["1_2_days"] > g["3_plus_days"]
    assert g["monthly_or_less"] > g["3_plus_days"] + 2


def test_meaning_falls_mainly_from_monthly_or_less_to_weekly(by_group: dict) -> None:
    g = by_group["meaning"]
    step_to_weekly = g["monthly_or_less"] - g["1_2_days"]
    assert step_to_weekly > 3
    assert abs(g["never"] - g["monthly_or_less"]) < step_to_weekly / 3
    assert g["3_plus_days"] < g["1_2_days"]


def test_work_after_hours_and_work_life_conflict_rise_with_frequency(by_group: dict) -> None:
    g = by_group["after_hours"]
    assert g["monthly_or_less"] < g["1_2_days"] < g["3_plus_days"]
    w = by_group["work_life_conflict"]
    assert w["monthly_or_less"] < w["1_2_days"] < w["3_plus_days"]


def test_social_community_falls_and_productivity_at_home_rises(by_group: dict) -> None:
    c = by_group["social_community"]
    assert c["monthly_or_less"] > c["1_2_days"] > c["3_plus_days"]
    p = by_group["productive"]
    assert p["monthly_or_less"] < p["1_2_days"] < p["3_plus_days"]


def test_scale_items_hang_together_as_a_scale(large_answers: Answers) -> None:
    """Items come from a latent score, so they correlate (Cronbach's alpha ≥ 0.7)."""
    frame = large_answers[2]["employee"].select([f"cbi_{i}" for i in range(1, 7)]).drop_nulls()
    x = frame.to_numpy().astype(float)
    k = x.shape[1]
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    assert alpha >= 0.7


def test_round_one_has_more_home_office_than_round_two(large_answers: Answers) -> None:
    one, two = headline(large_answers, 1), headline(large_answers, 2)
    assert one["home_office_weekly"] > two["home_office_weekly"] + 15
    assert one["written_agreement"] < two["written_agreement"]


def test_units_differ_more_than_sampling_noise(large_answers: Answers) -> None:
    """A heat map of units has something to show: unit means of meaning vary
    clearly more than their standard errors alone would make them."""
    frame = scored(large_answers[2]["employee"]).filter(pl.col("meaning").is_not_null())
    units = (
        frame.group_by("unit")
        .agg(mean=pl.col("meaning").mean(), var=pl.col("meaning").var(), n=pl.len())
        .filter(pl.col("n") >= 20)
    )
    between = units["mean"].var()
    noise = (units["var"] / units["n"]).mean()
    assert between > 2 * noise


def test_non_response_depends_on_background(
    large_org: Organisation, large_answers: Answers
) -> None:
    """The young, men and production staff answer less, so weighting matters."""
    people = large_org.people.with_columns(
        age=2026 - pl.col("birth_year"),
        heavy=pl.col("unit_path").str.contains("^(Produksjon|Feltservice)"),
    )
    respondents = large_answers[2]["employee"].with_columns(
        heavy=pl.col("unit_path").str.contains("^(Produksjon|Feltservice)")
    )

    def rate(column: str, value: object) -> float:
        answered = respondents.filter(pl.col(column) == value).height
        return answered / people.filter(pl.col(column) == value).height

    assert rate("gender", "male") < rate("gender", "female") - 0.03
    assert rate("heavy", True) < rate("heavy", False) - 0.05
    young = respondents.filter(pl.col("age_group") == "<30").height
    old = respondents.filter(pl.col("age_group") == "60+").height
    n_young = people.filter(pl.col("age") < 30).height
    n_old = people.filter(pl.col("age") >= 60).height
    assert young / n_young < old / n_old - 0.1


def test_answers_have_item_non_response_and_drop_outs(large_answers: Answers) -> None:
    frame = large_answers[2]["employee"]
    missing = frame["meaning_1"].null_count() / frame.height
    assert 0.01 < missing < 0.1
    # Drop-outs leave the end of the questionnaire blank and write no comment.
    tail = ["knows_safety_rep", "children_under_12", "commute"]
    dropped = frame.filter(pl.all_horizontal([pl.col(c).is_null() for c in tail]))
    assert 0.01 < dropped.height / frame.height < 0.06
    assert dropped["comment"].null_count() == dropped.height
    assert frame["can_work_home"].null_count() == 0


def test_home_office_items_are_blank_for_those_who_cannot_work_from_home(
    large_answers: Answers,
) -> None:
    cannot = large_answers[2]["employee"].filter(pl.col("can_work_home") == "no")
    assert cannot.height > 1000
    for column in ("ho_freq", "share_time_home", "wish_freq", "equip_chair", "ho_place_cabin"):
        assert cannot[column].null_count() == cannot.height


def test_sick_days_are_overdispersed_counts(large_answers: Answers) -> None:
    days = large_answers[2]["employee"]["sick_days"].drop_nulls().to_numpy()
    assert days.min() >= 0 and days.max() <= 365
    assert np.var(days) > 3 * np.mean(days)  # negative binomial, not Poisson
    assert 0.15 < np.mean(days == 0) < 0.5
