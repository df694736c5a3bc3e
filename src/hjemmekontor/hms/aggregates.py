"""Unit figures under the anonymity rule: nothing from fewer than k people.

k is `settings.ANONYMITY_K` (brief: "Anonymity rules"). The checklist aggregate
counts each person's latest checklist once, in the unit subtree they belong to
now (the checklist follows the person).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings

from hjemmekontor.hms.checklist import POINTS
from hjemmekontor.hms.models import Agreement, AgreementScope, Checklist
from hjemmekontor.organisation.models import Person, Unit, UnitTree

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

    @property
    def suppressed(self) -> bool:
        return self.n < self.k


def checklist_aggregate(unit: Unit) -> ChecklistAggregate:
    k = settings.ANONYMITY_K
    people = {person.pk for person in _subtree_people(unit)}
    latest: dict[int, dict[str, str]] = {}
    for checklist in Checklist.objects.filter(person_id__in=people).order_by(
        "person_id", "-completed_at", "-pk"
    ):
        latest.setdefault(checklist.person_id, checklist.answers)
    result = ChecklistAggregate(n=len(latest), k=k)
    if result.suppressed:
        # No figures at all are computed into the result below k.
        return result
    for point in POINTS:
        answers = [answers.get(point.key) for answers in latest.values()]
        result.not_ok_share[point.key] = answers.count("not_ok") / result.n
        result.partly_share[point.key] = answers.count("partly") / result.n
    return result


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

    @property
    def suppressed(self) -> bool:
        return self.in_scope < self.k

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


def agreement_indicator(rows: list[AgreementRow]) -> AgreementIndicator:
    in_scope = [row for row in rows if row.in_scope]
    return AgreementIndicator(
        in_scope=len(in_scope),
        with_agreement=sum(1 for row in in_scope if row.valid),
        k=settings.ANONYMITY_K,
    )
