"""Who in the synthetic register plays each demo persona.

Each persona is a real person of the register, chosen so that what they may see
is worth looking at: the manager's unit has enough respondents to pass the
anonymity threshold, the safety and union representatives cover that manager's
unit, and the employee works there.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from hjemmekontor.synth import Organisation
from hjemmekontor.synth.population import subtree_ends

# Kinds of work whose managers have home office to follow up: the first manager
# comes from one of these, so that their results show the AFI pattern.
_OFFICE_TYPES = ("it", "admin", "hr")


def _is_within(path: str, ancestor: str) -> bool:
    return path == ancestor or path.startswith(ancestor + "/")


def choose_personas(org: Organisation, employee_answers: pl.DataFrame, k: int) -> dict[str, str]:
    """Employee number of the person behind each non-admin persona.

    Parameters
    ----------
    org
        The synthetic organisation.
    employee_answers
        The employee answers of the latest closed round (column ``unit``): the
        manager is chosen among units with at least ``2 * k`` respondents in
        their subtree, so that their results are shown and survive a breakdown.
    k
        The anonymity threshold.
    """
    units = org.units
    codes = units["unit_code"].to_list()
    paths = units["unit_path"].to_list()
    ends = subtree_ends(units)
    per_unit = dict(employee_answers.group_by("unit").len().iter_rows())
    direct = np.array([per_unit.get(code, 0) for code in codes], dtype=np.int64)
    in_subtree = [int(direct[i : ends[i]].sum()) for i in range(len(codes))]
    levels = units["level"].to_list()
    kinds = units["unit_type"].to_list()
    managers = units["manager_employee_number"].to_list()
    candidates = [i for i in range(len(codes)) if levels[i] == "department"] or list(
        range(len(codes))
    )

    def division(i: int) -> str:
        return paths[i].split("/", 1)[0]

    first = max(
        candidates,
        key=lambda i: (in_subtree[i] >= 2 * k, kinds[i] in _OFFICE_TYPES, in_subtree[i], -i),
    )
    others = [i for i in candidates if division(i) != division(first)] or [
        i for i in range(len(codes)) if i != first
    ]
    second = max(others, key=lambda i: (in_subtree[i] >= 2 * k, in_subtree[i], -i))

    people = org.people
    path_of_unit = dict(zip(codes, paths, strict=True))
    person_paths = [path_of_unit[code] for code in people["unit_code"].to_list()]
    numbers = people["employee_number"].to_list()
    roles = people["representative_role"].to_list()
    is_manager = people["is_manager"].to_list()
    chosen = {"leder": str(managers[first]), "leder2": str(managers[second])}
    home = paths[first]

    def representative(wanted: set[str]) -> str:
        pool = [
            j
            for j in range(len(numbers))
            if roles[j] in wanted and str(numbers[j]) not in chosen.values()
        ]
        # Best: a representative whose area covers the manager's whole unit, the most
        # local such one; then one inside the unit; then anyone.
        covering = [j for j in pool if _is_within(home, person_paths[j])]
        if covering:
            return str(numbers[max(covering, key=lambda j: person_paths[j].count("/"))])
        inside = [j for j in pool if _is_within(person_paths[j], home)]
        rest = inside or pool
        if not rest:
            raise ValueError("Organisasjonen har ingen med dette vervet.")
        return str(numbers[min(rest, key=lambda j: person_paths[j].count("/"))])

    chosen["verneombud"] = representative({"safety", "both"})
    chosen["tillitsvalgt"] = representative({"union", "both"})
    ordinary = [
        j
        for j in range(len(numbers))
        if not is_manager[j] and roles[j] is None and _is_within(person_paths[j], home)
    ] or [j for j in range(len(numbers)) if not is_manager[j] and roles[j] is None]
    chosen["ansatt"] = str(numbers[ordinary[0]])
    return chosen
