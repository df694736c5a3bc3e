"""How much people work from home: the first block of the employee model.

Causal order: the job's suitability (occupation + unit) decides whether the
job *can* be done from home; suitability, personal preference (children,
long commute), the unit's home-office culture and the round's overall level
decide how *often* people do; the frequency then drives the share of
working time at home, the place, written agreements and — together with
preference — the wished frequency. No target share is pasted in: the
reference figures of the AFI study come out of the intercepts below, tuned
once (see ``docs/synth.md``) and checked by ``tests/synth``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hjemmekontor.synth.latent import MISSING, bernoulli, cut
from hjemmekontor.synth.population import RoundPopulation
from hjemmekontor.synth.variables import HO_DAYS

__all__ = ["Extent", "draw_extent"]

# Thresholds of the latent suitability: below 0 the job cannot be done from
# home, up to SUITABILITY_PARTLY only partly.
SUITABILITY_PARTLY = 0.7
# Thresholds between the seven home-office frequencies (never … every day).
HO_CUTS = (-0.9, -0.35, 0.35, 0.95, 1.65, 2.55)
# Overall level of home office in each round: round 1 resembles 2021 (share
# of working time at home 59 %), round 2 resembles 2022 (37 %).
HO_INTERCEPT = {1: 0.8, 2: -0.35}
# Share of working time at home beyond whole days (evenings, half days), %;
# a little more in round 2, when hybrid days (leave early, finish at home) spread.
PARTIAL_SHARE = {1: 9.0, 2: 11.0}
WISH_INTERCEPT = -0.4
WISH_CUTS = (-1.25, -0.75, -0.15, 0.55, 1.75, 2.6)
# Written agreements: log-odds for someone working one day a week at home;
# round 1 ≈ 9 %, round 2 ≈ 18 % of those with home office (AFI 2021/2022).
AGREEMENT_INTERCEPT = {1: -3.0, 2: -1.93}
AGREEMENT_DONT_KNOW = 0.08


@dataclass(frozen=True)
class Extent:
    """Home-office extent per person in one round (all arrays of population size)."""

    can: np.ndarray  # 0 yes, 1 partly, 2 no
    shown: np.ndarray  # the home-office block is shown (can is yes or partly)
    freq: np.ndarray  # index into HO_FREQUENCY, MISSING when not shown
    days: np.ndarray  # whole days a week at home (0 when not shown)
    preference: np.ndarray  # effective preference for home office
    answers: dict[str, np.ndarray]


def draw_extent(rng: np.random.Generator, pop: RoundPopulation) -> Extent:
    """Draw the home-office block of the employee questionnaire for one round."""
    n = pop.size
    r = pop.round.number
    suit = pop.trait["suitability"] + rng.normal(0.0, 0.3, n)
    can = np.where(suit < 0, 2, np.where(suit < SUITABILITY_PARTLY, 1, 0))
    shown = can < 2

    # Children at home and a long commute pull towards home; the youngest
    # want the office for its social life (AFI 2022 interviews).
    preference = (
        pop.trait["preference"]
        + 0.35 * pop.children
        + 0.25 * (pop.commute == 2)
        + 0.55 * (pop.commute == 3)
        - 0.2 * (pop.age_group == 0)
        + 0.1 * (pop.gender == 0)
    )
    h = (
        HO_INTERCEPT[r]
        + 0.3 * suit
        + 0.6 * preference
        + 0.35 * (can == 0)
        + pop.unit_effect["re_home"]
        - 0.25 * pop.is_manager
        + rng.standard_normal(n)
    )
    freq = np.where(shown, cut(h, HO_CUTS), MISSING)
    days = np.where(shown, np.array(HO_DAYS)[np.maximum(freq, 0)], 0.0)

    partial = np.maximum(rng.normal(PARTIAL_SHARE[r], 7.0, n), 0.0)
    partial = np.where(freq == 0, 0.3 * partial, partial)
    share = np.clip(100.0 * days / 5.0 + partial + rng.normal(0.0, 4.0, n), 0.0, 100.0)
    share = (np.round(share / 5.0) * 5.0).astype(np.int64)
    share = np.where(shown, share, MISSING)

    some = shown & (freq > 0)
    own_home = np.where(some, (rng.random(n) < 0.96).astype(np.int64), MISSING)
    cabin_logit = -2.2 + 0.2 * days + 0.35 * (pop.age >= 40)
    cabin = np.where(some, bernoulli(rng, cabin_logit).astype(np.int64), MISSING)
    elsewhere = np.where(some, bernoulli(rng, -2.6 + 0.1 * days).astype(np.int64), MISSING)
    own_home = np.where(some & (cabin == 0) & (elsewhere == 0), 1, own_home)

    agreement_logit = AGREEMENT_INTERCEPT[r] + 0.2 * (days - 1.0) + pop.unit_effect["re_agreement"]
    agreed = bernoulli(rng, agreement_logit)
    dont_know = rng.random(n) < AGREEMENT_DONT_KNOW
    agreement = np.where(agreed, 0, np.where(dont_know, 2, 1))
    agreement = np.where(shown, agreement, MISSING)

    w = (
        WISH_INTERCEPT
        + 0.2 * suit
        + 0.8 * preference
        + 0.35 * (h - HO_INTERCEPT[r])
        + rng.normal(0.0, 0.8, n)
    )
    wish = np.where(shown, cut(w, WISH_CUTS), MISSING)

    return Extent(
        can=can,
        shown=shown,
        freq=freq,
        days=days,
        preference=preference,
        answers={
            "can_work_home": can,
            "ho_freq": freq,
            "share_time_home": share,
            "ho_place_own_home": own_home,
            "ho_place_cabin": cabin,
            "ho_place_elsewhere": elsewhere,
            "written_agreement": agreement,
            "wish_freq": wish,
        },
    )
