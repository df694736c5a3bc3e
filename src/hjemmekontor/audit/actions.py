"""The one way to write to the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hjemmekontor.audit.models import ACTION_CHOICES, AuditEntry

_ACTIONS = {key for key, _label in ACTION_CHOICES}


def do_audit(actor: Any, action: str, target: str = "", detail: str = "") -> AuditEntry:
    """Record what ``actor`` did.

    Not durable on purpose: the entry belongs in the same transaction as the change
    it describes (a role change that rolls back leaves no entry, and the other way round).
    """
    if action not in _ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        return AuditEntry.objects.create(
            actor=actor if authenticated else None,
            actor_name=actor.get_username() if authenticated else "",
            action=action,
            target=target[:300],
            detail=detail,
        )
