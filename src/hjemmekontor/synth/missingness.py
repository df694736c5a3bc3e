"""Who answers, and what they leave out.

Three kinds of missing data, as in every real survey:

* **unit non-response** that depends on background: the young, men and
  people in production and field service answer less often (a common
  pattern in Norwegian workplace surveys; cf. Statistics Norway's
  documentation of non-response in the Labour Force Survey), so that
  unweighted shares are biased and weighting to the register margins
  matters;
* **drop-outs** that stop part-way through the questionnaire;
* **item non-response**, a little more for the numbers people must recall.
"""

from __future__ import annotations

import numpy as np

from hjemmekontor.synth.latent import MISSING, bernoulli
from hjemmekontor.synth.population import RoundPopulation
from hjemmekontor.synth.variables import Variable

__all__ = ["apply_item_missing", "responds"]

# Log-odds of answering the employee questionnaire for a woman of 40–49 in
# an office unit; about 60 % answer overall.
EMPLOYEE_RESPONSE_INTERCEPT = 0.75
AGE_GROUP_EFFECT = (-0.7, -0.3, 0.0, 0.15, 0.25)
MALE_EFFECT = -0.35
HEAVY_WORK_EFFECT = -0.5  # production and field service
MANAGER_EFFECT = 0.6
ROUND_EFFECT = {1: 0.1, 2: 0.0}  # a little survey fatigue in the second round
DROPOUT_RATE = 0.05
ITEM_MISSING_RATE = 0.015
# Numbers that must be recalled or estimated are skipped more often.
ITEM_MISSING_EXTRA = {"sick_days": 0.03, "share_time_home": 0.02, "digital_meeting_hours": 0.02}
# The filter question is answered by all who go on (the form needs it to route).
NEVER_MISSING = {"can_work_home", "rep_role"}


def responds(
    rng: np.random.Generator,
    pop: RoundPopulation,
    positions: np.ndarray | None = None,
    instrument: str = "employee",
) -> np.ndarray:
    """Whether each person (or each of ``positions``) answers the questionnaire."""
    idx = np.arange(pop.size) if positions is None else positions
    responsiveness = pop.trait["responsiveness"][idx] * 0.5 + pop.unit_effect["re_response"][idx]
    if instrument != "employee":
        # Managers and representatives are few and asked in person; most answer.
        return bernoulli(rng, 1.2 + responsiveness)
    logit = (
        EMPLOYEE_RESPONSE_INTERCEPT
        + np.array(AGE_GROUP_EFFECT)[pop.age_group[idx]]
        + MALE_EFFECT * (pop.gender[idx] == 1)
        + HEAVY_WORK_EFFECT * pop.is_type("production", "field")[idx]
        + MANAGER_EFFECT * pop.is_manager[idx]
        + ROUND_EFFECT[pop.round.number]
        + responsiveness
    )
    return bernoulli(rng, logit)


def apply_item_missing(
    rng: np.random.Generator,
    answers: dict[str, np.ndarray],
    variables: tuple[Variable, ...],
    dropout_rate: float = DROPOUT_RATE,
) -> np.ndarray:
    """Blank out skipped items and everything after a drop-out, in place.

    ``answers`` holds one array per export column (comments excluded), all of
    respondents only. Returns the boolean mask of respondents who completed
    the questionnaire (drop-outs write no comment).
    """
    asked = [v for v in variables if v.kind != "text"]
    n = len(next(iter(answers.values())))
    dropped = rng.random(n) < dropout_rate
    stop = np.where(dropped, rng.integers(min(3, len(asked) - 1), len(asked), n), len(asked))
    for position, variable in enumerate(asked):
        if variable.id in NEVER_MISSING:
            continue
        rate = ITEM_MISSING_RATE + ITEM_MISSING_EXTRA.get(variable.id, 0.0)
        blank = (rng.random(n) < rate) | (stop <= position)
        for column in variable.columns:
            answers[column] = np.where(blank, MISSING, answers[column])
    return ~dropped
