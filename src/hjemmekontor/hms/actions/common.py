"""Helpers shared by the HMS actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone


def real_user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def display_name(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return "System"
    # A missing Person raises RelatedObjectDoesNotExist, an AttributeError.
    person = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name() or user.get_username()


def local_today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now or timezone.now())
