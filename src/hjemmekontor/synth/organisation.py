"""The synthetic organisation as one object: units, people and hidden traits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from hjemmekontor.synth.people import draw_people
from hjemmekontor.synth.units import build_unit_tree

__all__ = ["MAX_SIZE", "MIN_SIZE", "Organisation", "generate_organisation"]

MIN_SIZE = 50
MAX_SIZE = 1_000_000


@dataclass(frozen=True)
class Organisation:
    """A synthetic organisation.

    Attributes
    ----------
    size, seed : int
        Number of employees and the seed it was generated from.
    units : polars.DataFrame
        One row per unit in depth-first order: ``unit_code``, ``parent_code``
        (null for divisions), ``name``, ``unit_path`` (``Division/Department/Team``),
        ``level`` (``division``/``department``/``team``), ``unit_type`` (kind of
        work: ``admin``, ``it``, ``hr``, ``sales``, ``customer``, ``field``,
        ``production``), ``n_employees`` (people placed directly in the unit),
        ``n_subtree`` (in the unit and below) and ``manager_employee_number``.
    people : polars.DataFrame
        One row per person, sorted by ``employee_number``: the register columns
        (``employee_number``, ``name``, ``email``, ``unit_code``, ``unit_path``,
        ``parent_code`` (of the person's unit), ``is_manager``,
        ``representative_role`` (null, ``safety``, ``union`` or ``both``),
        ``gender`` (``female``/``male``/``other``), ``birth_year``) and the
        background ``occupation``, ``children_under_12`` (bool) and
        ``commute`` (contract codes).
    traits : polars.DataFrame
        Generator truth, never written to the register: per ``employee_number``
        the ``unit_index`` (row of ``units``) and standard-normal latent traits
        ``suitability`` (job can be done from home; > 0 means it can, at least
        partly), ``preference``, ``health``, ``workload``, ``engagement``,
        ``sociability``, ``responsiveness``. Same row order as ``people``.
    unit_effects : polars.DataFrame
        Generator truth per ``unit_code``: the unit random effects (see
        ``units.UNIT_EFFECTS``). Same row order as ``units``.
    """

    size: int
    seed: int
    units: pl.DataFrame
    people: pl.DataFrame
    traits: pl.DataFrame
    unit_effects: pl.DataFrame


def _check(size: int, seed: int) -> None:
    if isinstance(size, bool) or not isinstance(size, int | np.integer):
        raise TypeError(f"Størrelsen må være et heltall, ikke {size!r}.")
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(
            f"Størrelsen må være mellom {MIN_SIZE} og {MAX_SIZE} ansatte, ikke {size}."
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"Frøet må være et heltall som ikke er negativt, ikke {seed!r}.")


def generate_organisation(size: int, seed: int) -> Organisation:
    """Generate an organisation of ``size`` employees, reproducibly from ``seed``.

    Parameters
    ----------
    size : int
        Number of employees, 50 to 1,000,000.
    seed : int
        Non-negative integer; the same seed and size give the same organisation.

    Returns
    -------
    Organisation

    Raises
    ------
    ValueError
        Size out of range or a negative seed.
    TypeError
        Size is not an integer.

    Examples
    --------
    >>> org = generate_organisation(200, seed=1)
    >>> org.people.height
    200
    """
    _check(size, seed)
    rng = np.random.default_rng([int(seed), int(size), 0x0126])
    tree = build_unit_tree(rng, int(size))
    staff = draw_people(rng, tree, int(size))
    n_units = tree.frame.height
    direct = np.bincount(staff.unit_index, minlength=n_units)
    cumulative = np.concatenate(([0], np.cumsum(direct)))
    subtree = cumulative[tree.subtree_end] - cumulative[:-1]
    managers = staff.people.filter(pl.col("is_manager")).select(
        "unit_code", manager_employee_number="employee_number"
    )
    units = tree.frame.with_columns(
        n_employees=pl.Series(direct, dtype=pl.Int64),
        n_subtree=pl.Series(subtree, dtype=pl.Int64),
    ).join(managers, on="unit_code", how="left", maintain_order="left")
    # Unit effects are deviations from the organisation's own level: centring
    # them on the head-count-weighted mean keeps the organisation-wide figures
    # at the tuned level for every seed while units still differ.
    centred = {
        name: values - float(np.dot(direct, values)) / size for name, values in tree.effects.items()
    }
    effects = pl.DataFrame({"unit_code": tree.frame["unit_code"], **centred})
    return Organisation(
        size=int(size),
        seed=int(seed),
        units=units,
        people=staff.people,
        traits=staff.traits,
        unit_effects=effects,
    )
