"""The people of a synthetic organisation: register data, background and traits.

Three layers, kept apart on purpose:

* the **register** an HR system would export (employee number, name, e-mail,
  unit, manager flag, representative role, gender, birth year);
* **background** the questionnaire asks about or the analysis breaks down by
  (occupation, children under 12, commute band);
* latent **traits** that only the generator knows (job suitability for home
  work, preference, health, workload, engagement, sociability, willingness
  to answer surveys). They are stable across rounds, so the same person
  answers both rounds in a consistent way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from hjemmekontor.synth.names import person_names
from hjemmekontor.synth.unitnames import DIVISION_TYPES
from hjemmekontor.synth.units import UnitTree

__all__ = ["COMMUTE", "GENDERS", "OCCUPATIONS", "Staff", "draw_people"]

GENDERS = ("female", "male", "other")
COMMUTE = ("lt_15", "15_30", "30_60", "gt_60")
FIRST_EMPLOYEE_NUMBER = 100_001

# Occupation → probit mean of "the job can be done from home". Positive means
# most can; the cut-off at 0 makes P(can) = Φ(mean) before unit effects.
# About half of Norwegian employees can work from home (AFI 2022), and the
# staff mix of DIVISION_TYPES gives about that.
OCCUPATIONS: dict[str, float] = {
    "office": 1.35,
    "it_specialist": 1.75,
    "customer_advisor": 0.15,
    "sales_rep": 0.55,
    "operator": -1.35,
    "field_technician": -1.15,
    "manager": 1.0,
}
# Occupation mix by division type (shares of the non-manager staff).
OCCUPATION_MIX: dict[str, dict[str, float]] = {
    "admin": {"office": 0.92, "it_specialist": 0.04, "customer_advisor": 0.04},
    "it": {"it_specialist": 0.85, "office": 0.15},
    "hr": {"office": 0.95, "it_specialist": 0.05},
    "sales": {"sales_rep": 0.80, "office": 0.15, "customer_advisor": 0.05},
    "customer": {"customer_advisor": 0.85, "office": 0.15},
    "field": {"field_technician": 0.85, "office": 0.10, "operator": 0.05},
    "production": {"operator": 0.85, "office": 0.10, "field_technician": 0.05},
}
# Share of women by division type (Norwegian working life is gender-segregated).
FEMALE_SHARE = {
    "admin": 0.62,
    "it": 0.27,
    "hr": 0.76,
    "sales": 0.45,
    "customer": 0.62,
    "field": 0.12,
    "production": 0.30,
}
OTHER_GENDER_SHARE = 0.01


@dataclass(frozen=True)
class Staff:
    """People as frames plus the unit index of each person (for fast lookups)."""

    people: pl.DataFrame
    traits: pl.DataFrame
    unit_index: np.ndarray


def _allocate(rng: np.random.Generator, tree: UnitTree, size: int) -> np.ndarray:
    """Head count of each unit (manager included)."""
    n = len(tree.parent)
    counts = np.ones(n, dtype=np.int64)  # the manager
    leaves = np.flatnonzero(tree.is_leaf)
    # A few units below the anonymity threshold on purpose (2–4 people), so
    # that suppression is exercised by the demo.
    n_small = 1 if n < 50 else max(2, round(0.015 * n))
    small = rng.choice(leaves, size=min(n_small, max(1, len(leaves) - 1)), replace=False)
    counts[small] = rng.integers(2, 5, len(small))
    remaining = size - counts.sum()
    open_units = np.setdiff1d(np.arange(n), small)
    weight = np.where(tree.is_leaf[open_units], 1.0, 0.15)
    type_share = {key: share for key, share in zip(*_type_shares(tree), strict=True)}
    weight *= np.array([type_share[tree.type_key[i]] for i in open_units])
    weight *= rng.lognormal(0.0, 0.45, len(open_units))
    # Every ordinary leaf gets at least four colleagues besides the manager if possible.
    floor = np.where(tree.is_leaf[open_units], 4, 0)
    if floor.sum() > remaining:
        floor[:] = 0
    counts[open_units] += floor
    remaining -= floor.sum()
    counts[open_units] += rng.multinomial(remaining, weight / weight.sum())
    return counts


def _type_shares(tree: UnitTree) -> tuple[list[str], list[float]]:
    """Staff share per unit of each division type, spread over its units."""
    keys = [kind.key for kind in DIVISION_TYPES]
    n_of = {key: int((tree.type_key == key).sum()) for key in keys}
    shares = [kind.staff_share / max(1, n_of[kind.key]) for kind in DIVISION_TYPES]
    return keys, shares


def _labels(labels: tuple[str, ...], index: np.ndarray) -> pl.Series:
    """String series of ``labels[index]``, built without Python objects per row."""
    return pl.Series(labels, dtype=pl.String).gather(np.asarray(index, dtype=np.int64))


def draw_people(rng: np.random.Generator, tree: UnitTree, size: int) -> Staff:
    """Place ``size`` people in the units of ``tree`` and draw who they are.

    Parameters
    ----------
    rng : numpy.random.Generator
    tree : UnitTree
    size : int

    Returns
    -------
    Staff
        People sorted by employee number; see the module docstring for the
        three layers of columns.
    """
    counts = _allocate(rng, tree, size)
    unit_of_slot = np.repeat(np.arange(len(counts)), counts)  # depth-first blocks
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    is_manager = np.zeros(size, dtype=bool)
    is_manager[starts] = True

    # Representatives: a safety representative (verneombud) for every division
    # and department, union representatives (tillitsvalgte) for every division
    # (two in divisions of more than 150 people, from two unions). Picked among
    # the non-managers of the unit's subtree.
    role = np.zeros(size, dtype=np.int8)  # bit 1 safety, bit 2 union
    levels = tree.frame["level"].to_numpy()
    block_end = np.concatenate((starts[1:], [size]))
    for u in np.flatnonzero(levels != "team"):
        lo, hi = starts[u], block_end[tree.subtree_end[u] - 1]
        wanted = [1]
        if levels[u] == "division":
            wanted += [2, 2] if hi - lo > 150 else [2]
        for bit in wanted:
            for _ in range(20):
                slot = int(rng.integers(lo, hi))
                if not is_manager[slot] and not role[slot] & bit:
                    role[slot] |= bit
                    break

    type_keys = [kind.key for kind in DIVISION_TYPES]
    type_of_unit = np.array([type_keys.index(key) for key in tree.type_key], dtype=np.int64)
    types = type_of_unit[unit_of_slot]
    occ_names = list(OCCUPATIONS)
    occupation = np.empty(size, dtype=np.int64)
    for t, key in enumerate(type_keys):
        mask = types == t
        mix = OCCUPATION_MIX[key]
        codes = np.array([occ_names.index(name) for name in mix])
        occupation[mask] = codes[rng.choice(len(codes), size=int(mask.sum()), p=list(mix.values()))]
    occupation[is_manager] = occ_names.index("manager")

    female_p = np.array([FEMALE_SHARE[key] for key in type_keys])[types]
    draw = rng.random(size)
    gender = np.where(
        draw < OTHER_GENDER_SHARE, 2, np.where(draw < OTHER_GENDER_SHARE + female_p, 0, 1)
    ).astype(np.int8)
    # Age 20–67, centred at 43 as in the Norwegian workforce; managers older.
    age_2026 = np.clip(rng.normal(43.0, 11.5, size) + 5.0 * is_manager, 20, 67).round()
    birth_year = (2026 - age_2026).astype(np.int64)
    # Children under 12 at home: mostly in one's thirties and early forties.
    p_children = np.interp(
        age_2026, [20, 28, 33, 40, 46, 52, 67], [0.05, 0.25, 0.55, 0.55, 0.3, 0.08, 0.02]
    )
    children = rng.random(size) < p_children
    commute = rng.choice(4, size=size, p=[0.28, 0.38, 0.25, 0.09])

    # Employee numbers in random order, so that the number says nothing about the unit.
    employee_number = FIRST_EMPLOYEE_NUMBER + rng.permutation(size)
    name, email = person_names(rng, gender, employee_number)

    occ_mean = np.array(list(OCCUPATIONS.values()))[occupation]
    suitability = occ_mean + tree.effects["re_suitability"][unit_of_slot] + rng.normal(0, 1, size)
    traits = {
        "suitability": suitability,
        "preference": rng.normal(0, 1, size),
        "health": rng.normal(0, 1, size),
        "workload": rng.normal(0, 1, size),
        "engagement": rng.normal(0, 1, size),
        "sociability": rng.normal(0, 1, size),
        "responsiveness": rng.normal(0, 1, size),
    }

    units = tree.frame
    people = pl.DataFrame(
        {
            "employee_number": employee_number,
            "name": name,
            "email": email,
            "unit_code": units["unit_code"].gather(unit_of_slot),
            "unit_path": units["unit_path"].gather(unit_of_slot),
            "parent_code": units["parent_code"].gather(unit_of_slot),
            "is_manager": is_manager,
            # Null, not "", for people without a role: an empty CSV field.
            "representative_role": _labels(("", "safety", "union", "both"), role).replace("", None),
            "gender": _labels(GENDERS, gender),
            "birth_year": birth_year,
            "occupation": _labels(tuple(occ_names), occupation),
            "children_under_12": children,
            "commute": _labels(COMMUTE, commute),
        }
    )
    trait_frame = pl.DataFrame(
        {"employee_number": employee_number, "unit_index": unit_of_slot, **traits}
    )
    order = np.argsort(employee_number, kind="stable")
    return Staff(
        people=people[order],
        traits=trait_frame[order],
        unit_index=unit_of_slot[order],
    )
