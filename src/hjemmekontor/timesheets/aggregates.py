"""Working-time patterns per unit, under the anonymity threshold.

A unit's figures cover its whole subtree and the people in it who registered
work in the period. Two guards, both from the plain libraries:

* ``hjemmekontor.worktime.unit_patterns`` hides a unit with fewer than k people;
* ``hjemmekontor.analysis.anonymity.suppress_table`` applies the rule against
  subtraction (BRIEF.md, "Anonymity rules"): a unit shown beside its parent or
  its sibling units must not let anyone work out a group below k, so the next
  smallest unit is hidden too. The suppression is decided over the whole
  organisation, so every viewer (manager, safety representative, admin) gets
  the same answer for the same unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmekontor.analysis.anonymity import cells_from_respondents, suppress_table
from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.timesheets.checking import Period, person_patterns
from hjemmekontor.worktime import unit_patterns

# The indicators shown per unit, with their bokmål labels (shares of days worked).
SHARES = [
    ("share_evening_days", _("Andel arbeidsdager med arbeid etter kl. 21")),
    ("share_weekend_days", _("Andel arbeidsdager i helgen")),
    ("share_holiday_days", _("Andel arbeidsdager med arbeid i fredet helligdagstid")),
    ("share_fragmented_days", _("Andel oppstykkede arbeidsdager (flere arbeidsøkter)")),
    ("share_outside_hours", _("Andel av timene utenfor vanlig arbeidstid")),
]
HOME_SHARES = [
    ("share_evening_days_home", _("Kveldsarbeid som skjedde hjemme")),
    ("share_weekend_days_home", _("Helgearbeid som skjedde hjemme")),
    ("share_outside_hours_home", _("Timer utenfor vanlig arbeidstid som ble arbeidet hjemme")),
]


@dataclass
class UnitFigures:
    """One unit's aggregate for the page; ``values`` is empty when suppressed."""

    unit: Unit
    path: str
    depth: int
    persons: int
    suppressed: bool
    reason: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _suppression(
    per_person: pl.DataFrame, person_unit: dict[str, str], tree: UnitTree, k: int
) -> dict[str, tuple[int, bool, str | None]]:
    """``unit pk -> (persons, suppressed, reason)`` for every unit, over the whole tree."""
    units = [person_unit[p] for p in per_person["person"].to_list() if p in person_unit]
    frame = pl.DataFrame({"unit": units}, schema={"unit": pl.String})
    parents = {
        str(pk): (str(unit.parent_id) if unit.parent_id in tree.units else None)
        for pk, unit in tree.units.items()
    }
    cells, edges = cells_from_respondents(frame, unit="unit", parents=parents)
    decided = suppress_table(cells, k=k, edges=edges)
    return {
        row["unit"]: (row["n"], row["suppressed"], row["reason"])
        for row in decided.filter(pl.col("unit").is_not_null() & ~pl.col("virtual")).iter_rows(
            named=True
        )
    }


def unit_figures(
    unit_ids: Iterable[int] | None, period: Period, *, k: int | None = None
) -> list[UnitFigures]:
    """Aggregated patterns for the given units (None: every unit), in tree order."""
    k = k or settings.ANONYMITY_K
    tree = UnitTree()
    per_person = person_patterns(None, period)
    person_unit = {
        str(pk): str(unit_id) for pk, unit_id in Person.objects.values_list("pk", "unit_id")
    }
    decided = _suppression(per_person, person_unit, tree, k) if per_person.height else {}
    wanted = None if unit_ids is None else set(unit_ids)
    shown: list[UnitFigures] = []
    for depth, unit in tree.depth_first():
        if wanted is not None and unit.pk not in wanted:
            continue
        persons, suppressed, reason = decided.get(str(unit.pk), (0, True, "small_n"))
        figures = UnitFigures(unit, tree.path(unit.pk), depth, persons, suppressed, reason)
        if not suppressed:
            members = {str(pk) for pk in tree.subtree(unit.pk)}
            mapping = {p: str(unit.pk) for p, u in person_unit.items() if u in members}
            row = unit_patterns(per_person, mapping, k=k)
            values = row.row(0, named=True)
            # Both guards must agree; the library's own threshold is the last word.
            if values["suppressed"]:
                figures.suppressed, figures.reason = True, "small_n"
            else:
                figures.values = values
        shown.append(figures)
    return shown


def unit_worktime_evidence(unit: Unit, period: Period | None = None) -> list[dict[str, Any]]:
    """The unit's working-time patterns as evidence items for the HMS risk assessment.

    Each item has ``label``, ``value`` (text), ``n`` (people) and ``suppressed``;
    below the anonymity threshold there is one suppressed item and no figures.
    The period defaults to the last eight weeks.
    """
    period = period or Period.default(timezone.localdate())
    figures = unit_figures([unit.pk], period)
    if not figures or figures[0].suppressed:
        k = settings.ANONYMITY_K
        return [
            {
                "label": "Arbeidstid (registrerte timer)",
                "value": f"vises ikke: færre enn {k} personer med registreringer, "
                "eller skjult for å beskytte en mindre gruppe",
                "n": None,
                "suppressed": True,
            }
        ]
    found = figures[0]
    items = []
    for key, label in SHARES + HOME_SHARES:
        share = found.values.get(key)
        if share is None:
            continue
        items.append(
            {
                "label": f"Arbeidstid: {label.lower()}",
                "value": f"{round(100 * share)} %",
                "n": found.persons,
                "suppressed": False,
            }
        )
    return items
