"""Creating, checking, limiting and revoking API keys. Writes go through ``do_*``."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from hjemmekontor.api.models import ApiToken
from hjemmekontor.audit.actions import do_audit

__all__ = ["do_create_token", "do_revoke_token", "spend", "token_for_secret"]

# Recognisable in a leaked file or a secret scanner's rules.
PREFIX = "hk_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def do_create_token(user: Any, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new key for ``user``; the secret is returned here and never again."""
    secret = PREFIX + secrets.token_urlsafe(32)
    lifetime = days if days is not None else settings.API_TOKEN_DAYS
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100],
            digest=_digest(secret),
            prefix=secret[:10],
            expires_at=timezone.now() + datetime.timedelta(days=lifetime),
        )
        do_audit(user, "api-token-created", target=user.get_username(), detail=str(token))
    return token, secret


def do_revoke_token(token: ApiToken, by: Any) -> None:
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            do_audit(by, "api-token-revoked", target=token.user.get_username(), detail=str(token))


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable key with this secret, of an active user; None otherwise."""
    if not secret.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(secret)).first()
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    return token


def spend(token: ApiToken) -> bool:
    """Count one request against the key's limit per minute; False when it is used up.

    One UPDATE per request, conditional on the window and the count, so that two
    processes never both take the last request of a window.
    """
    limit = int(settings.API_REQUESTS_PER_MINUTE)
    now = timezone.now()
    window = now.replace(second=0, microsecond=0)
    mine = ApiToken.objects.filter(pk=token.pk)
    for _attempt in range(2):
        if mine.filter(window_start=window, window_count__lt=limit).update(
            window_count=F("window_count") + 1, last_used_at=now
        ):
            return True
        if mine.filter(Q(window_start__isnull=True) | Q(window_start__lt=window)).update(
            window_start=window, window_count=1, last_used_at=now
        ):
            return True
        # Another request opened this window between the two updates: count again.
    return False
