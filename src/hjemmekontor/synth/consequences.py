"""What follows from home office: working time, health, meaning, community.

Each outcome is a latent score made of the frequency of home office (in
whole days a week), stable personal traits, background and a unit random
effect, plus noise; the items are cut from it. The directions are the
seed's (AFI 2022): sickness absence and burnout fall with frequency,
meaning falls (mainly from *monthly or less* to *weekly*), work outside
normal hours and work–life conflict rise, the social community weakens.
Effect sizes are modest on purpose — "few but potentially important
consequences" — and listed in ``docs/synth.md``.
"""

from __future__ import annotations

import numpy as np

from hjemmekontor.synth.extent import Extent
from hjemmekontor.synth.latent import MISSING, bernoulli, cut, items
from hjemmekontor.synth.population import RoundPopulation

__all__ = ["draw_consequences"]

AGREE_CUTS = (-1.3, -0.45, 0.3, 1.35)
# Ordered after-hours categories from "never" up to "daily".
AFTER_HOURS_CUTS = (-1.45, -0.75, -0.15, 0.35, 1.25)
AFTER_HOURS_INTERCEPT = -0.36
# Sickness absence: negative binomial (Poisson–gamma) with this mean for the
# reference person and gamma shape (overdispersion); about 1 in 3 has no days.
SICK_MEAN = 7.0
SICK_SHAPE = 0.65
SICK_PER_DAY = -0.08  # log-rate per home-office day a week: every day ≈ −33 %
BURNOUT_PER_DAY = -0.07
MEANING_WEEKLY_STEP = -0.32  # from monthly or less to weekly
MEANING_PER_DAY = -0.03
COMMUNITY_PER_DAY = -0.11
AFTER_HOURS_PER_DAY = 0.22
CBI_CUTS = (-0.9, 0.0, 0.9, 1.8)
MEANING_CUTS = (-2.3, -1.5, -0.55, 0.6)
WLC_CUTS = (-0.55, 0.35, 1.2, 2.0)
COMMUNITY_CUTS = (-2.0, -1.2, -0.35, 0.75)


def _after_hours_code(latent: np.ndarray) -> np.ndarray:
    """Contract order runs from ``daily`` (0) to ``never`` (5)."""
    return 5 - cut(latent, AFTER_HOURS_CUTS)


def draw_consequences(
    rng: np.random.Generator, pop: RoundPopulation, extent: Extent
) -> dict[str, np.ndarray]:
    """Draw every employee item after the home-office block."""
    n = pop.size
    z = rng.standard_normal
    days = extent.days
    shown = extent.shown
    t = pop.trait
    e = pop.unit_effect
    manager = pop.is_manager.astype(float)
    female = (pop.gender == 0).astype(float)
    children = pop.children.astype(float)
    r2 = float(pop.round.number == 2)
    out: dict[str, np.ndarray] = {}

    def home_only(values: np.ndarray) -> np.ndarray:
        return np.where(shown, values, MISSING)

    # Working time. Knowledge work with deadlines spills over into evenings
    # once the office is at home ("the line ... is two metres' walk").
    after = (
        AFTER_HOURS_INTERCEPT
        + AFTER_HOURS_PER_DAY * days
        + 0.45 * t["workload"]
        + 0.35 * manager
        + e["re_after_hours"]
        + z(n)
    )
    out["after_hours_freq"] = home_only(_after_hours_code(after))
    out["evening_work"] = home_only(_after_hours_code(0.75 * after - 0.55 + 0.65 * z(n)))
    out["sunday_work"] = home_only(_after_hours_code(0.6 * after - 1.0 + 0.8 * z(n)))
    out["expected_availability"] = 1 + cut(
        0.4 * t["workload"] + 0.35 * manager + 0.08 * days + 0.85 * z(n), AGREE_CUTS
    )
    out["control_working_time"] = 1 + cut(
        0.5 + 0.12 * days + 0.15 * t["suitability"] - 0.25 * t["workload"] + 0.85 * z(n),
        AGREE_CUTS,
    )

    # Health. Fewer commutes and less contagion, and working while a little
    # ill at home instead of calling in sick: both lower recorded absence.
    heavy_work = pop.is_type("production", "field").astype(float)
    log_mean = (
        np.log(SICK_MEAN)
        + 0.25 * female
        + 0.12 * (pop.age_group >= 3)
        + 0.15 * children
        + 0.3 * heavy_work
        + SICK_PER_DAY * days
        - 0.4 * t["health"]
        + e["re_sick"]
    )
    rate = np.exp(log_mean) * rng.gamma(SICK_SHAPE, 1.0 / SICK_SHAPE, n)
    out["sick_days"] = np.minimum(rng.poisson(rate), 365)
    out["presenteeism_home"] = cut(
        -0.35 * t["health"] + 0.22 * days + 0.15 * t["workload"] + z(n), (0.75, 1.25, 2.0)
    )
    burnout = (
        0.5 * t["workload"]
        - 0.35 * t["health"]
        + BURNOUT_PER_DAY * days
        + 0.15 * children
        + 0.1 * female
        + e["re_burnout"]
        + 0.55 * z(n)
    )
    cbi = items(rng, burnout, 7, CBI_CUTS)
    cbi[6] = 6 - cbi[6]  # item 7 ("enough energy for family and friends") is reversed
    for i, values in enumerate(cbi, start=1):
        out[f"cbi_{i}"] = values

    weekly = (days >= 1.0).astype(float)
    meaning = (
        0.6 * t["engagement"]
        + MEANING_WEEKLY_STEP * weekly
        + MEANING_PER_DAY * days
        + 0.12 * (pop.age_group >= 3)
        + e["re_meaning"]
        + 0.6 * z(n)
    )
    out["meaning_1"], out["meaning_2"] = items(rng, meaning, 2, MEANING_CUTS, loading=0.85)
    out["lost_spark"] = 1 + cut(-0.5 * meaning + 0.35 * burnout + 0.8 * z(n), AGREE_CUTS)

    out["productivity_home"] = home_only(
        cut(
            0.15 + 0.12 * days + 0.2 * t["suitability"] - 0.15 * children + z(n),
            (-2.0, -1.1, 0.65, 1.7),
        )
    )
    out["concentration_home"] = home_only(
        1 + cut(0.45 + 0.1 * days - 0.3 * children + 0.85 * z(n), AGREE_CUTS)
    )
    out["creativity_home"] = home_only(1 + cut(-0.35 + 0.04 * days + 0.9 * z(n), AGREE_CUTS))

    wlc = (
        0.3 * (after - AFTER_HOURS_INTERCEPT)
        + 0.35 * children
        + 0.3 * t["workload"]
        + 0.1 * female
        + 0.65 * z(n)
    )
    for i, values in enumerate(items(rng, wlc, 4, WLC_CUTS), start=1):
        out[f"wlc_{i}"] = values

    community = 0.6 * t["sociability"] + COMMUNITY_PER_DAY * days + e["re_community"] + 0.6 * z(n)
    for i, values in enumerate(items(rng, community, 3, COMMUNITY_CUTS), start=1):
        out[f"community_{i}"] = values
    out["knowledge_sharing"] = 1 + cut(
        0.55 * community - 0.05 * days + 0.8 * z(n), (-1.8, -0.9, 0.0, 1.1)
    )
    out["loneliness"] = 1 + cut(-0.5 * community + 0.12 * days + 0.85 * z(n), (-0.3, 0.6, 1.5, 2.4))
    out["manager_contact"] = 1 + cut(
        0.5 * community - 0.04 * days + 0.85 * z(n), (-1.8, -0.9, -0.1, 1.1)
    )
    out["onboarding"] = 1 + cut(0.4 * community - 0.07 * days + 0.9 * z(n), (-1.6, -0.7, 0.2, 1.3))

    # Digital meetings grow with days at home; managers sit in the most.
    mean_hours = 1.5 + 1.3 * days + 3.0 * manager + 1.5 * (t["suitability"] > 0)
    hours = np.minimum(np.round(rng.gamma(1.6, mean_hours / 1.6)), 60).astype(np.int64)
    out["digital_meeting_hours"] = hours
    out["back_to_back"] = 1 + cut(
        0.09 * hours + 0.3 * t["workload"] + 0.9 * z(n), (-0.3, 0.45, 1.2, 2.0)
    )
    out["meeting_engagement"] = 1 + cut(
        0.3 * community + 0.3 * t["engagement"] + 0.85 * z(n), (-1.5, -0.6, 0.4, 1.5)
    )
    out["informal_contact"] = 1 + cut(
        0.5 * community - 0.15 * days + 0.85 * z(n), (-1.6, -0.7, 0.2, 1.3)
    )
    out["trust_from_manager"] = 1 + cut(
        0.3 * community + 0.05 * days + 0.9 * z(n), (-2.2, -1.5, -0.7, 0.45)
    )
    out["monitoring_experienced"] = 1 + cut(-0.2 * community + 0.9 * z(n), (-0.6, 0.3, 1.1, 1.9))

    # HMS at home: equipment and talks follow use, and improve between rounds.
    agree = 0.3 * e["re_agreement"]
    for item, intercept in (("equip_chair", -0.6), ("equip_screen", 0.4), ("equip_desk", -0.8)):
        has = bernoulli(rng, intercept + 0.35 * days + 0.3 * r2 + agree)
        out[item] = home_only(np.where(has, 0, 1))
    assessed = bernoulli(rng, -1.9 + 0.15 * days + 0.3 * r2 + agree)
    unsure = rng.random(n) < 0.15
    out["home_workplace_assessed"] = home_only(np.where(assessed, 0, np.where(unsure, 2, 1)))
    knows = bernoulli(rng, 0.7 + 0.02 * (pop.age - 43) - 0.08 * days + 1.5 * (pop.rep_role > 0))
    out["knows_safety_rep"] = np.where(knows, 0, 1)
    talked = bernoulli(rng, -1.2 + 0.15 * days + 0.2 * r2 + 0.5 * manager)
    out["talked_hms_manager"] = home_only(np.where(talked, 0, 1))
    out["children_under_12"] = np.where(pop.children, 0, 1)
    out["commute"] = pop.commute.astype(np.int64)
    return out
