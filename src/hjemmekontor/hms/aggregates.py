"""Unit figures under the anonymity rule: nothing from fewer than k people.

k is `settings.ANONYMITY_K` (brief: "Anonymity rules"). The checklist aggregate
counts each person's latest checklist once, in the unit subtree they belong to
now (the checklist follows the person). Both aggregates here are read from a
stored snapshot (`organisation.snapshots`): a save, a move or a reorganisation
moves no figure until no combination of old and new figures covers 1 to k − 1
people, and the whole tree is suppressed at once, so neither "read, save, read"
nor "parent minus child" singles anyone out (docs/privacy-aggregates.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from hjemmekontor.hms.checklist import POINTS
from hjemmekontor.hms.models import Agreement, AgreementScope, Checklist
from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.organisation.snapshots import (
    Basis,
    Contribution,
    do_refresh_snapshot,
    members,
    tree_suppression,
)

CHECKLIST = "hms.checklist"
AGREEMENTS = "hms.agreements"

# AFI 2022: share of employees with home office who have a written agreement (brief,
# headline indicator `written_agreement`).
NATIONAL_AGREEMENT_SHARE = 0.18


def percent(share: float) -> str:
    """Norwegian style: a space before the per cent sign."""
    return f"{round(share * 100)} %"


def _subtree_people(unit: Unit) -> list[Person]:
    ids = UnitTree().subtree(unit.pk)
    return list(Person.objects.filter(unit_id__in=ids, active=True))


@dataclass
class ChecklistAggregate:
    n: int
    k: int
    not_ok_share: dict[str, float] = field(default_factory=dict)
    partly_share: dict[str, float] = field(default_factory=dict)
    reason: str | None = "small_n"
    taken_on: str | None = None

    @property
    def suppressed(self) -> bool:
        return self.reason is not None


def live_checklists() -> dict[int, Contribution]:
    """Each active person's latest checklist; the checklist's id is its change token."""
    found: dict[int, Contribution] = {}
    for checklist in (
        Checklist.objects.filter(person__active=True)
        .select_related("person")
        .order_by("person_id", "-completed_at", "-pk")
    ):
        if checklist.person_id not in found:
            found[checklist.person_id] = Contribution(
                unit=checklist.person.unit_id, token=str(checklist.pk), values=checklist.answers
            )
    return found


def _checklist_figures(basis: Basis, tree: UnitTree, k: int) -> dict[str, dict[str, Any]]:
    decided = tree_suppression(basis, tree, k)
    figures: dict[str, dict[str, Any]] = {}
    for unit, entries in members(basis, tree).items():
        n, reason = decided[unit]
        # A hidden unit's count is not stored either: only that it is hidden, and why.
        row: dict[str, Any] = {"n": n if reason is None else 0, "reason": reason}
        if reason is None:
            # No figure is computed into the snapshot for a hidden unit.
            answers = [entry[2] for entry in entries]
            row["not_ok"] = {
                p.key: [a.get(p.key) for a in answers].count("not_ok") / n for p in POINTS
            }
            row["partly"] = {
                p.key: [a.get(p.key) for a in answers].count("partly") / n for p in POINTS
            }
        figures[unit] = row
    return figures


def checklist_snapshot() -> dict[str, dict[str, Any]]:
    """The published checklist figures of every unit, refreshed if k changes are waiting."""
    snapshot = do_refresh_snapshot(
        CHECKLIST, live_checklists(), _checklist_figures, settings.ANONYMITY_K
    )
    return snapshot.figures


def checklist_aggregate(unit: Unit) -> ChecklistAggregate:
    """The unit's published checklist figures (from the snapshot, never live)."""
    k = settings.ANONYMITY_K
    row = checklist_snapshot().get(str(unit.pk))
    if row is None:
        return ChecklistAggregate(n=0, k=k)
    return ChecklistAggregate(
        n=int(row["n"]),
        k=k,
        not_ok_share=dict(row.get("not_ok") or {}),
        partly_share=dict(row.get("partly") or {}),
        reason=row["reason"],
    )


@dataclass
class AgreementRow:
    person: Person
    scope: AgreementScope | None
    current: Agreement | None
    valid: bool

    @property
    def in_scope(self) -> bool:
        return self.scope is not None and self.scope.in_scope()


@dataclass
class AgreementIndicator:
    in_scope: int
    with_agreement: int
    k: int
    national: float = NATIONAL_AGREEMENT_SHARE
    reason: str | None = "small_n"

    @property
    def suppressed(self) -> bool:
        return self.reason is not None

    @property
    def share(self) -> float | None:
        if self.suppressed or not self.in_scope:
            return None
        return self.with_agreement / self.in_scope


def agreement_rows(unit: Unit, today: dt.date) -> list[AgreementRow]:
    people = sorted(_subtree_people(unit), key=lambda person: person.name)
    ids = [person.pk for person in people]
    scopes = {scope.person_id: scope for scope in AgreementScope.objects.filter(person_id__in=ids)}
    current: dict[int, Agreement] = {}
    for agreement in Agreement.objects.filter(person_id__in=ids).order_by("person_id", "-version"):
        current.setdefault(agreement.person_id, agreement)
    return [
        AgreementRow(
            person=person,
            scope=scopes.get(person.pk),
            current=current.get(person.pk),
            valid=bool(current.get(person.pk) and current[person.pk].is_valid(today)),
        )
        for person in people
    ]


def live_agreements(today: dt.date) -> dict[int, Contribution]:
    """Each active person in scope, with whether they have a valid agreement today.

    Validity is the change token: an agreement that expires is a change like a new one.
    """
    tree = UnitTree()
    roots = [pk for pk, unit in tree.units.items() if unit.parent_id not in tree.units]
    found: dict[int, Contribution] = {}
    for root in roots:
        for row in agreement_rows(tree.units[root], today):
            if row.in_scope:
                found[row.person.pk] = Contribution(
                    unit=row.person.unit_id, token=str(int(row.valid)), values=row.valid
                )
    return found


def _agreement_figures(basis: Basis, tree: UnitTree, k: int) -> dict[str, dict[str, Any]]:
    decided = tree_suppression(basis, tree, k)
    figures: dict[str, dict[str, Any]] = {}
    for unit, entries in members(basis, tree).items():
        n, reason = decided[unit]
        figures[unit] = (
            {"n": n, "with": sum(1 for entry in entries if entry[2]), "reason": None}
            if reason is None
            else {"n": 0, "with": 0, "reason": reason}
        )
    return figures


def agreement_indicator(unit: Unit, today: dt.date | None = None) -> AgreementIndicator:
    """The unit's published share with a valid agreement (from the snapshot, never live)."""
    k = settings.ANONYMITY_K
    snapshot = do_refresh_snapshot(
        AGREEMENTS, live_agreements(today or timezone.localdate()), _agreement_figures, k
    )
    row = snapshot.figures.get(str(unit.pk))
    if row is None:
        return AgreementIndicator(in_scope=0, with_agreement=0, k=k)
    return AgreementIndicator(
        in_scope=int(row["n"]), with_agreement=int(row["with"]), k=k, reason=row["reason"]
    )
