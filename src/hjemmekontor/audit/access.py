"""Who may read the audit log: those who watch over the administrators.

The HMS adviser (admin), the working environment committee (AMU) and safety
representatives (verneombud; aml. § 6-2 gives them the task of looking after the
employees' interests in matters of the working environment). Union-only
representatives, managers and employees may not.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from hjemmekontor.accounts.roles import is_admin, person_for

View = Callable[..., HttpResponse]


def can_read_audit(user: Any) -> bool:
    if is_admin(user):
        return True
    person = person_for(user)
    if person is None:
        return False
    return bool(person.amu_member or person.representative_role in {"safety", "both"})


def audit_reader_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_read_audit(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
