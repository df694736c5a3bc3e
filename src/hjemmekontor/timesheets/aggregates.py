"""Working-time patterns per unit, published as snapshots under the anonymity rule.

A unit's figures cover its whole subtree and the people in it who registered
work in the eight weeks before the snapshot. They are never computed for a
page: ``organisation.snapshots`` keeps one snapshot for the whole tree and
replaces it only when no combination of old and new figures covers 1 to k − 1
people (so a registration, a transfer, a reorganisation or a period chosen to
end a day later cannot single anyone out), and ``hjemmekontor.analysis.anonymity.suppress_table`` hides
units over the unit-tree edges so that no parent minus its shown sub-units
leaves fewer than k people. ``hjemmekontor.worktime.unit_patterns`` keeps its
own threshold as the last word. Every viewer gets the same answer for the same
unit (docs/privacy-aggregates.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.organisation.snapshots import (
    Basis,
    Contribution,
    do_refresh_snapshot,
    members,
    tree_suppression,
)
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


WORKTIME = "timesheets.patterns"


def live_patterns(period: Period) -> dict[int, Contribution]:
    """Each person's patterns in ``period``; the token is a digest of the patterns.

    The digest only tells whether the row changed; the row itself is kept in
    the snapshot so that a held change keeps the person's previous figures.
    """
    per_person = person_patterns(None, period)
    if not per_person.height:
        return {}
    units = dict(Person.objects.filter(active=True).values_list("pk", "unit_id"))
    found: dict[int, Contribution] = {}
    for row in per_person.iter_rows(named=True):
        pk = int(row["person"])
        if pk not in units:
            continue
        values = json.loads(json.dumps(row, default=str))
        token = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
        found[pk] = Contribution(unit=units[pk], token=token, values=values)
    return found


def _pattern_figures(basis: Basis, tree: UnitTree, k: int) -> dict[str, dict[str, Any]]:
    decided = tree_suppression(basis, tree, k)
    figures: dict[str, dict[str, Any]] = {}
    for unit, entries in members(basis, tree).items():
        persons, reason = decided[unit]
        row: dict[str, Any] = {"persons": 0, "reason": reason or None, "values": {}}
        if reason is None:
            frame = pl.DataFrame([entry[2] for entry in entries], infer_schema_length=None)
            values = unit_patterns(frame, {str(p): unit for p in frame["person"]}, k=k).row(
                0, named=True
            )
            # Both guards must agree; the library's own threshold is the last word.
            if values["suppressed"]:
                row["reason"] = "small_n"
            else:
                row["persons"], row["values"] = persons, values
        figures[unit] = row
    return figures


def pattern_snapshot(today: dt.date | None = None) -> tuple[Period | None, dict[str, Any]]:
    """The published patterns of every unit and the period they cover."""
    period = Period.default(today or timezone.localdate())
    snapshot = do_refresh_snapshot(
        WORKTIME,
        live_patterns(period),
        _pattern_figures,
        settings.ANONYMITY_K,
        extra={"first": period.first.isoformat(), "last": period.last.isoformat()},
    )
    shown = None
    if snapshot.extra:
        shown = Period(
            dt.date.fromisoformat(snapshot.extra["first"]),
            dt.date.fromisoformat(snapshot.extra["last"]),
        )
    return shown, snapshot.figures


def unit_figures(unit_ids: Iterable[int] | None) -> list[UnitFigures]:
    """Published patterns for the given units (None: every unit), in tree order."""
    tree = UnitTree()
    _period, published = pattern_snapshot()
    wanted = None if unit_ids is None else set(unit_ids)
    shown: list[UnitFigures] = []
    for depth, unit in tree.depth_first():
        if wanted is not None and unit.pk not in wanted:
            continue
        row = published.get(str(unit.pk)) or {"persons": 0, "reason": "small_n", "values": {}}
        shown.append(
            UnitFigures(
                unit,
                tree.path(unit.pk),
                depth,
                int(row["persons"]),
                row["reason"] is not None,
                row["reason"],
                dict(row["values"]),
            )
        )
    return shown


def unit_worktime_evidence(unit: Unit) -> list[dict[str, Any]]:
    """The unit's published working-time patterns as evidence for the HMS risk assessment.

    Each item has ``label``, ``value`` (text), ``n`` (people) and ``suppressed``;
    below the anonymity threshold there is one suppressed item and no figures.
    """
    figures = unit_figures([unit.pk])
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
