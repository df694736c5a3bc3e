"""The manager and representatives' questionnaires.

Managers answer about their unit's whole subtree, so their answers follow
the home office actually practised below them in the same round: the more
home office, the harder HMS follow-up feels and the stronger the concerns
for the social environment, competence and strategy work (AFI 2022).
"""

from __future__ import annotations

import numpy as np

from hjemmekontor.synth.extent import Extent
from hjemmekontor.synth.latent import cut
from hjemmekontor.synth.population import RoundPopulation

__all__ = ["draw_manager_answers", "draw_representative_answers", "subtree_means"]

AGREE_CUTS = (-1.3, -0.45, 0.3, 1.35)
# Log-odds-like level of finding HMS follow-up at home hard; ≈ 58 % agree (AFI 2022).
HMS_HARD_INTERCEPT = 0.15


def subtree_means(pop: RoundPopulation, subtree_end: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Mean of ``values`` over each unit's whole subtree (units in depth-first order)."""
    sums = np.bincount(pop.unit, weights=values, minlength=pop.n_units)
    counts = np.bincount(pop.unit, minlength=pop.n_units).astype(float)
    csum = np.concatenate(([0.0], np.cumsum(sums)))
    ccount = np.concatenate(([0.0], np.cumsum(counts)))
    start = np.arange(pop.n_units)
    total = csum[subtree_end] - csum[start]
    number = ccount[subtree_end] - ccount[start]
    return total / np.maximum(number, 1.0)


def draw_manager_answers(
    rng: np.random.Generator,
    pop: RoundPopulation,
    extent: Extent,
    subtree_end: np.ndarray,
    managers: np.ndarray,
) -> dict[str, np.ndarray]:
    """Answers of the managers at positions ``managers`` of the population."""
    some_home = (extent.shown & (extent.freq > 0)).astype(float)
    share_u = subtree_means(pop, subtree_end, some_home)
    days_u = subtree_means(pop, subtree_end, extent.days)
    unit = pop.unit[managers]
    share = share_u[unit]
    days = days_u[unit]
    n = len(managers)
    z = rng.standard_normal
    home_effect = pop.unit_effect["re_home"][managers]
    agreement_effect = pop.unit_effect["re_agreement"][managers]

    def agree(level: np.ndarray | float) -> np.ndarray:
        return 1 + cut(level + z(n), AGREE_CUTS)

    out: dict[str, np.ndarray] = {}
    out["mgr_share_home"] = np.clip(np.round(100 * share + rng.normal(0, 8, n)), 0, 100).astype(
        np.int64
    )
    out["mgr_productivity"] = cut(0.25 + 0.15 * days + z(n), (-2.0, -1.1, 0.7, 1.8))
    out["mgr_trust"] = agree(1.5 + 0.2 * share)
    out["mgr_need_control"] = agree(-0.6 - 0.2 * share)
    out["mgr_hms_hard"] = agree(HMS_HARD_INTERCEPT + 0.7 * share)
    out["mgr_concern_social"] = agree(0.45 + 0.6 * share)
    out["mgr_concern_competence"] = agree(0.2 + 0.6 * share)
    out["mgr_concern_strategy"] = agree(0.05 + 0.5 * share)
    out["mgr_concern_creativity"] = agree(0.3 + 0.6 * share)
    out["mgr_concern_onboarding"] = agree(0.5 + 0.5 * share)
    out["mgr_changed_view"] = agree(0.7 + 0.5 * share)
    out["mgr_role_demanding"] = agree(0.2 + 0.5 * share)
    # Local rules follow the unit's home-office culture; a quarter has no rule.
    allowed = cut(0.6 * home_effect / 0.35 + 0.8 * share + z(n), (-0.6, 0.3, 1.2))
    out["mgr_days_allowed"] = np.where(rng.random(n) < 0.25, 4, allowed)
    in_use = cut(-agreement_effect + 0.6 * z(n), (-1.1, 0.4))  # 0 all, 1 some, 2 none
    out["mgr_agreements_in_use"] = np.where(rng.random(n) < 0.07, 3, in_use)
    return out


def draw_representative_answers(
    rng: np.random.Generator, pop: RoundPopulation, representatives: np.ndarray
) -> dict[str, np.ndarray]:
    """Answers of the safety and union representatives at positions ``representatives``."""
    n = len(representatives)
    z = rng.standard_normal

    def agree(level: float) -> np.ndarray:
        return 1 + cut(level + z(n), AGREE_CUTS)

    # Unclear role at the home office, formal meetings fine digitally, informal
    # contact missing, worry for the community in the long run (AFI 2022).
    return {
        "rep_role": pop.rep_role[representatives] - 1,
        "rep_role_clarity": agree(-0.45),
        "rep_formal_digital": agree(0.9),
        "rep_informal_members": agree(-0.3),
        "rep_informal_management": agree(-0.5),
        "rep_concern_community": agree(0.8),
    }
