"""Who may see what of working time. Every timesheets view asks these functions.

- employee: their own registrations, breaches and patterns; nobody else's.
- manager: the breaches of the people in their subtree (the employer's duty under
  aml. § 10-7 and chapter 10: person, rule and window, never the registrations),
  and the unit patterns of their subtree, aggregated under the anonymity threshold.
- safety/union representative: the aggregated unit patterns of their area only.
- admin (HMS adviser): breaches of everyone, aggregates of every unit, the import
  and the working-time bases; still not anyone's registration list.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from hjemmekontor.accounts.roles import (
    is_admin,
    managed_unit_ids,
    person_for,
    represented_unit_ids,
)
from hjemmekontor.organisation.models import Person, UnitTree


def can_see_breaches(user: Any) -> bool:
    return is_admin(user) or bool(managed_unit_ids(user))


def breach_person_ids(user: Any) -> set[int] | None:
    """People whose breaches the user may see; None means everyone (admin)."""
    if is_admin(user):
        return None
    units = managed_unit_ids(user)
    if not units:
        raise PermissionDenied
    return set(Person.objects.filter(unit_id__in=units).values_list("pk", flat=True))


def can_see_patterns(user: Any) -> bool:
    return is_admin(user) or bool(managed_unit_ids(user) or represented_unit_ids(user))


def pattern_unit_ids(user: Any) -> set[int] | None:
    """Units whose aggregated patterns the user may see; None means every unit."""
    if is_admin(user):
        return None
    tree = UnitTree()
    units = managed_unit_ids(user, tree) | represented_unit_ids(user, tree)
    if not units:
        raise PermissionDenied
    return units


def own_person(user: Any) -> Person:
    """The user's own person, or 403 for an account without one."""
    person = person_for(user)
    if person is None:
        raise PermissionDenied
    return person
