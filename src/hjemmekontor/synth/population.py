"""The population of one survey round as numpy arrays for the response model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from hjemmekontor.synth.organisation import Organisation
from hjemmekontor.synth.people import COMMUTE, OCCUPATIONS
from hjemmekontor.synth.unitnames import DIVISION_TYPES

__all__ = [
    "AGE_GROUPS",
    "ROUNDS",
    "Round",
    "RoundPopulation",
    "age_group",
    "round_population",
    "subtree_ends",
]

AGE_GROUPS = ("<30", "30-39", "40-49", "50-59", "60+")


@dataclass(frozen=True)
class Round:
    """A survey round: its year and the period the questionnaire is open."""

    number: int
    year: int
    opens: dt.date
    closes: dt.date


# Round 1 plays the part of AFI's 2021 survey (much home office, few written
# agreements), round 2 that of 2022 (back at the office more, agreements doubled).
ROUNDS: dict[int, Round] = {
    1: Round(1, 2025, dt.date(2025, 3, 3), dt.date(2025, 3, 21)),
    2: Round(2, 2026, dt.date(2026, 3, 2), dt.date(2026, 3, 20)),
}


def age_group(age: np.ndarray) -> np.ndarray:
    """Index into ``AGE_GROUPS`` of each age in whole years."""
    return np.searchsorted(np.array([30, 40, 50, 60]), age, side="right").astype(np.int64)


@dataclass(frozen=True)
class RoundPopulation:
    """Arrays of one round, one entry per person in ``Organisation.people`` order."""

    round: Round
    employee_number: np.ndarray
    unit: np.ndarray  # row in Organisation.units
    division_type: np.ndarray  # index into DIVISION_TYPES
    occupation: np.ndarray  # index into OCCUPATIONS
    is_manager: np.ndarray
    rep_role: np.ndarray  # 0 none, 1 safety, 2 union, 3 both
    gender: np.ndarray  # 0 female, 1 male, 2 other
    age: np.ndarray
    age_group: np.ndarray  # index into AGE_GROUPS
    children: np.ndarray
    commute: np.ndarray  # index into COMMUTE
    trait: dict[str, np.ndarray]
    unit_effect: dict[str, np.ndarray]  # already looked up per person
    n_units: int
    subtree_end: np.ndarray  # exclusive end row of each unit's subtree in Organisation.units

    @property
    def size(self) -> int:
        return len(self.employee_number)

    def is_type(self, *keys: str) -> np.ndarray:
        """Whether each person works in a division of one of the given types."""
        wanted = [i for i, kind in enumerate(DIVISION_TYPES) if kind.key in keys]
        return np.isin(self.division_type, wanted)


def _index(series: pl.Series, labels: tuple[str, ...]) -> np.ndarray:
    mapping = {label: i for i, label in enumerate(labels)}
    return series.replace_strict(mapping, return_dtype=pl.Int64).to_numpy()


def subtree_ends(units: pl.DataFrame) -> np.ndarray:
    """Exclusive end row of each unit's subtree; units are in depth-first order."""
    row = {code: i for i, code in enumerate(units["unit_code"].to_list())}
    parent = [row[code] if code is not None else -1 for code in units["parent_code"].to_list()]
    end = np.arange(1, len(parent) + 1, dtype=np.int64)
    for i in range(len(parent) - 1, -1, -1):
        if parent[i] >= 0:
            end[parent[i]] = max(end[parent[i]], end[i])
    return end


def round_population(org: Organisation, round_no: int) -> RoundPopulation:
    """Arrays of the population snapshot of round ``round_no`` (1 or 2)."""
    if round_no not in ROUNDS:
        raise ValueError(f"Runden må være 1 eller 2, ikke {round_no!r}.")
    rnd = ROUNDS[round_no]
    people = org.people
    traits = org.traits
    unit = traits["unit_index"].to_numpy()
    type_keys = tuple(kind.key for kind in DIVISION_TYPES)
    unit_type = _index(org.units["unit_type"], type_keys)
    age = rnd.year - people["birth_year"].to_numpy()
    effects = org.unit_effects
    return RoundPopulation(
        round=rnd,
        employee_number=people["employee_number"].to_numpy(),
        unit=unit,
        division_type=unit_type[unit],
        occupation=_index(people["occupation"], tuple(OCCUPATIONS)),
        is_manager=people["is_manager"].to_numpy(),
        rep_role=_index(
            people["representative_role"].fill_null(""), ("", "safety", "union", "both")
        ),
        gender=_index(people["gender"], ("female", "male", "other")),
        age=age,
        age_group=age_group(age),
        children=people["children_under_12"].to_numpy(),
        commute=_index(people["commute"], COMMUTE),
        trait={name: traits[name].to_numpy() for name in traits.columns[2:]},
        unit_effect={name: effects[name].to_numpy()[unit] for name in effects.columns[1:]},
        n_units=org.units.height,
        subtree_end=subtree_ends(org.units),
    )
