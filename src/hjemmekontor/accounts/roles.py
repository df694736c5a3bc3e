"""Who may see what. Every view asks these functions; nothing else decides access.

Roles come from the register: an HMS adviser is a staff user; a manager is a person
with the manager flag and sees their unit's subtree; a safety or union
representative sees the subtree of the unit they are registered in; everyone else
with an account is an employee. A member of the working environment committee
(AMU) additionally has the role "amu".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from hjemmekontor.organisation.models import Person, UnitTree


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def person_for(user: Any) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        person = user.person
    except Person.DoesNotExist:
        return None
    return person if person.active else None


def roles_of(user: Any) -> set[str]:
    roles: set[str] = set()
    if not user.is_authenticated:
        return roles
    if is_admin(user):
        roles.add("admin")
    person = person_for(user)
    if person is not None:
        roles.add("employee")
        if person.is_manager:
            roles.add("manager")
        if person.representative_role:
            roles.add("representative")
        if person.amu_member:
            # The working environment committee (aml ch. 7, hjemmekontorforskriften §5).
            roles.add("amu")
    return roles


def managed_unit_ids(user: Any, tree: UnitTree | None = None) -> set[int]:
    """Units a manager may follow: their own unit and everything below it."""
    person = person_for(user)
    if person is None or not person.is_manager:
        return set()
    tree = tree or UnitTree()
    return set(tree.subtree(person.unit_id))


def represented_unit_ids(user: Any, tree: UnitTree | None = None) -> set[int]:
    person = person_for(user)
    if person is None or not person.representative_role:
        return set()
    tree = tree or UnitTree()
    return set(tree.subtree(person.unit_id))


View = Callable[..., HttpResponse]


def admin_required(view: View) -> View:
    """Only HMS advisers (staff users). Others get 403, anonymous visitors the login page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
