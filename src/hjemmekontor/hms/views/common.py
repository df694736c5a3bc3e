"""Helpers shared by the HMS views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from hjemmekontor.accounts.roles import person_for
from hjemmekontor.organisation.models import Person, Unit, UnitTree


def own_person(user: Any) -> Person:
    """The logged-in user's Person; pages about "me" need one."""
    person = person_for(user)
    if person is None:
        raise PermissionDenied
    return person


def units_in(ids: set[int] | None) -> QuerySet[Unit]:
    units = Unit.objects.filter(active=True)
    return units if ids is None else units.filter(pk__in=ids)


def people_in(ids: set[int] | None) -> QuerySet[Person]:
    people = Person.objects.filter(active=True).select_related("unit")
    return people if ids is None else people.filter(unit_id__in=ids)


def tree_rows(ids: set[int] | None) -> list[tuple[int, Unit]]:
    """(depth, unit) in tree order, limited to the given units (None: all)."""
    tree = UnitTree(Unit.objects.filter(active=True))
    return [
        (min(depth, 4), unit) for depth, unit in tree.depth_first() if ids is None or unit.pk in ids
    ]
