"""The unit tree of a synthetic organisation: divisions, departments, teams.

Units are listed depth-first, so that the people of a unit's whole subtree
occupy one contiguous block once people are placed unit by unit (see
``people``): subtree sums and random picks inside a subtree are then slices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from hjemmekontor.synth.unitnames import (
    DIVISION_TYPES,
    REGIONS,
    TEAM_NAMES,
    DivisionType,
    numbered,
)

__all__ = ["UNIT_EFFECTS", "UnitTree", "build_unit_tree", "unit_count"]

# About 300 units at 10,000 employees (~33 per unit), growing a little slower
# than the head count, as large organisations have larger units.
UNITS_AT_10K = 300
UNIT_GROWTH = 0.85
MIN_UNITS = 4
MAX_UNITS = 10_000
# Division types whose work is local get one division per region in big organisations.
REGIONAL = {"production", "customer", "field", "sales"}

# Random effects per unit (standard deviation of the unit's own part); a unit
# also inherits half of its parent's effect, so divisions differ as blocks and
# a heat map of units × indicators shows structure.
UNIT_EFFECTS: dict[str, float] = {
    "re_suitability": 0.30,  # how much of the unit's work can be done remotely
    "re_home": 0.35,  # local home-office culture and rules
    "re_after_hours": 0.20,  # deadlines, on-call duties
    "re_sick": 0.15,  # log-rate of sickness absence
    "re_burnout": 0.25,
    "re_meaning": 0.30,
    "re_community": 0.30,
    "re_agreement": 0.80,  # some units write home-office agreements, most do not
    "re_response": 0.30,  # how hard the unit's manager pushes the survey
}


@dataclass(frozen=True)
class UnitTree:
    """Units in depth-first order with the index arrays the generator needs."""

    frame: pl.DataFrame
    parent: np.ndarray  # index of the parent unit, -1 for divisions
    subtree_end: np.ndarray  # exclusive end index of the unit's subtree
    is_leaf: np.ndarray
    type_key: np.ndarray  # division type key of each unit (object array)
    effects: dict[str, np.ndarray]


def unit_count(size: int) -> int:
    """Number of units for an organisation of ``size`` employees."""
    raw = UNITS_AT_10K * (size / 10_000) ** UNIT_GROWTH
    return int(min(MAX_UNITS, max(MIN_UNITS, round(raw))))


def _largest_remainder(weights: np.ndarray, total: int, minimum: int) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights``, each at least ``minimum``."""
    base = np.full(len(weights), minimum, dtype=np.int64)
    rest = total - base.sum()
    if rest <= 0:
        return base
    share = weights / weights.sum() * rest
    counts = np.floor(share).astype(np.int64)
    left = rest - counts.sum()
    order = np.argsort(-(share - counts), kind="stable")
    counts[order[:left]] += 1
    return base + counts


def _divisions(n_units: int) -> list[tuple[DivisionType, str]]:
    n_types = min(len(DIVISION_TYPES), max(2, n_units // 4))
    regions = 1 if n_units < 600 else min(len(REGIONS), n_units // 600 + 1)
    out: list[tuple[DivisionType, str]] = []
    for kind in DIVISION_TYPES[:n_types]:
        if regions > 1 and kind.key in REGIONAL:
            out.extend((kind, f"{kind.name} {region}") for region in REGIONS[:regions])
        else:
            out.append((kind, kind.name))
    return out


def build_unit_tree(rng: np.random.Generator, size: int) -> UnitTree:
    """Draw the unit tree for an organisation of ``size`` employees.

    Parameters
    ----------
    rng : numpy.random.Generator
    size : int
        Number of employees; sets the number of units (``unit_count``).

    Returns
    -------
    UnitTree
        ``frame`` has ``unit_code``, ``parent_code`` (null for divisions),
        ``name``, ``unit_path`` (names joined by ``/``), ``level``
        (``division``, ``department``, ``team``) and ``unit_type`` (the
        division type key, e.g. ``it`` or ``production``).
    """
    n_units = unit_count(size)
    divisions = _divisions(n_units)
    n_div = len(divisions)
    rest = max(0, n_units - n_div)
    n_dep = min(rest, max(min(rest, n_div), round(rest * 0.35)))
    n_team = rest - n_dep
    div_weight = np.array(
        [kind.staff_share / sum(1 for k, _ in divisions if k is kind) for kind, _ in divisions]
    )
    deps_per_div = _largest_remainder(div_weight, n_dep, 1 if n_dep >= n_div else 0)
    if deps_per_div.sum() > n_dep:  # fewer departments than divisions: the largest get one
        deps_per_div[:] = 0
        deps_per_div[np.argsort(-div_weight, kind="stable")[:n_dep]] = 1
    dep_weight = np.repeat(div_weight / np.maximum(deps_per_div, 1), deps_per_div)
    dep_weight = dep_weight * rng.lognormal(0.0, 0.3, len(dep_weight))
    teams_per_dep = (
        _largest_remainder(dep_weight, n_team, 0) if n_dep else np.zeros(0, dtype=np.int64)
    )

    codes: list[str] = []
    parents: list[int] = []
    names: list[str] = []
    paths: list[str] = []
    levels: list[str] = []
    types: list[str] = []
    dep_index = 0
    width = 2 if max(n_div, int(deps_per_div.max(initial=0)) + 1) < 100 else 3
    team_width = 2 if int(teams_per_dep.max(initial=0)) < 100 else 3
    for d, (kind, div_name) in enumerate(divisions):
        # "E" for enhet: a letter keeps spreadsheets and CSV readers from
        # turning codes into numbers (and dropping leading zeros).
        div_code = f"E{d + 1:0{width}d}"
        div_row = len(codes)
        codes.append(div_code)
        parents.append(-1)
        names.append(div_name)
        paths.append(div_name)
        levels.append("division")
        types.append(kind.key)
        dep_names = numbered(kind.departments, int(deps_per_div[d]))
        for j, dep_name in enumerate(dep_names):
            dep_code = f"{div_code}{j + 1:0{width}d}"
            dep_row = len(codes)
            codes.append(dep_code)
            parents.append(div_row)
            names.append(dep_name)
            paths.append(f"{div_name}/{dep_name}")
            levels.append("department")
            types.append(kind.key)
            team_names = numbered(TEAM_NAMES[kind.team_style], int(teams_per_dep[dep_index]))
            dep_index += 1
            for t, team_name in enumerate(team_names):
                codes.append(f"{dep_code}{t + 1:0{team_width}d}")
                parents.append(dep_row)
                names.append(team_name)
                paths.append(f"{div_name}/{dep_name}/{team_name}")
                levels.append("team")
                types.append(kind.key)

    parent = np.array(parents, dtype=np.int64)
    n = len(codes)
    subtree_end = np.arange(1, n + 1, dtype=np.int64)
    for i in range(n - 1, -1, -1):  # children come after parents in depth-first order
        if parent[i] >= 0:
            subtree_end[parent[i]] = max(subtree_end[parent[i]], subtree_end[i])
    is_leaf = subtree_end == np.arange(1, n + 1)

    effects: dict[str, np.ndarray] = {}
    for name, sd in UNIT_EFFECTS.items():
        own = rng.normal(0.0, sd, n)
        total = own.copy()
        for i in range(n):
            if parent[i] >= 0:
                total[i] += 0.5 * total[parent[i]]
        effects[name] = total

    frame = pl.DataFrame(
        {
            "unit_code": codes,
            "parent_code": [codes[p] if p >= 0 else None for p in parents],
            "name": names,
            "unit_path": paths,
            "level": levels,
            "unit_type": types,
        },
        schema={
            "unit_code": pl.String,
            "parent_code": pl.String,
            "name": pl.String,
            "unit_path": pl.String,
            "level": pl.String,
            "unit_type": pl.String,
        },
    )
    return UnitTree(
        frame=frame,
        parent=parent,
        subtree_end=subtree_end,
        is_leaf=is_leaf,
        type_key=np.array(types, dtype=object),
        effects=effects,
    )
