"""Personal answer links: `<public id>.<HMAC>` so that a database copy cannot forge them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid

from django.conf import settings
from django.urls import reverse

_SALT = b"hjemmekontor.surveys.links/1"


def _mac(public_id: uuid.UUID) -> str:
    digest = hmac.new(
        hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest(),
        public_id.bytes,
        hashlib.sha256,
    ).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_for(public_id: uuid.UUID) -> str:
    return f"{public_id.hex}.{_mac(public_id)}"


def parse_token(token: str) -> uuid.UUID | None:
    """The invitation's public id if the token is genuine, else None."""
    head, _, mac = token.partition(".")
    if len(head) != 32 or not mac:
        return None
    try:
        public_id = uuid.UUID(hex=head)
    except ValueError:
        return None
    if not hmac.compare_digest(mac, _mac(public_id)):
        return None
    return public_id


def answer_url(public_id: uuid.UUID) -> str:
    return settings.BASE_URL + reverse("answer-start", args=[token_for(public_id)])
