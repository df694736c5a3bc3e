"""Who may see and do what in the HMS follow-up. Every HMS view asks these functions.

- admin (HMS adviser): everything except reading an individual checklist.
- AMU member: reads every action plan, the overdue list and the status of every
  unit's risk assessment (hjemmekontorforskriften §5).
- manager: creates and edits actions, agreements and assessments in their subtree.
- safety/union representative: reads plans and assessments of their subtree,
  comments on actions and signs the assessment (§5).
- employee: reads the plans of their own unit and its ancestors, their own
  agreements, and only their own checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from hjemmekontor.accounts.roles import (
    is_admin,
    managed_unit_ids,
    person_for,
    represented_unit_ids,
    roles_of,
)
from hjemmekontor.organisation.models import Person, UnitTree

View = Callable[..., HttpResponse]


def sees_everything(user: Any) -> bool:
    roles = roles_of(user)
    return "admin" in roles or "amu" in roles


def own_line_unit_ids(user: Any) -> set[int]:
    """The employee's own unit and the units above it (whose plans also concern them)."""
    person = person_for(user)
    if person is None:
        return set()
    return {unit.pk for unit in person.unit.ancestors_and_self()}


def plan_unit_ids(user: Any, tree: UnitTree | None = None) -> set[int] | None:
    """Units whose action plans the user may read; None means all units."""
    if sees_everything(user):
        return None
    tree = tree or UnitTree()
    return managed_unit_ids(user, tree) | represented_unit_ids(user, tree) | own_line_unit_ids(user)


def can_read_plan(user: Any, unit_id: int) -> bool:
    visible = plan_unit_ids(user)
    return visible is None or unit_id in visible


def can_manage(user: Any, unit_id: int) -> bool:
    """Create and edit actions, agreements and assessments for this unit."""
    return is_admin(user) or unit_id in managed_unit_ids(user)


def manageable_unit_ids(user: Any, tree: UnitTree | None = None) -> set[int] | None:
    if is_admin(user):
        return None
    return managed_unit_ids(user, tree)


def can_comment(user: Any, unit_id: int) -> bool:
    return can_manage(user, unit_id) or unit_id in represented_unit_ids(user)


def can_read_assessment(user: Any, unit_id: int) -> bool:
    return (
        sees_everything(user)
        or unit_id in managed_unit_ids(user)
        or unit_id in represented_unit_ids(user)
    )


def is_safety_representative_for(user: Any, unit_id: int) -> bool:
    person = person_for(user)
    return (
        person is not None
        and person.representative_role in ("safety", "both")
        and unit_id in represented_unit_ids(user)
    )


def can_manage_person(user: Any, person: Person) -> bool:
    """The person's manager (anyone managing their current unit) or the HMS adviser."""
    own = person_for(user)
    if own is not None and own.pk == person.pk and not is_admin(user):
        # A manager does not set scope or sign agreements for themselves.
        return False
    return can_manage(user, person.unit_id)


def role_required(*roles: str) -> Callable[[View], View]:
    """Any of the given roles; others get 403, anonymous visitors the login page."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not roles_of(request.user) & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
