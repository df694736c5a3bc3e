"""Personal answer links: `<public id>.<tag + draft secret>`.

The tag (an HMAC under SECRET_KEY) means a copy of the database cannot forge a
link. The draft secret is random, new for every link issued and never stored: it
is the key to the draft (see `drafts`), so the server, which can recompute any
tag, cannot read a draft. The tag covers the secret, so a link holder cannot
make up secrets (and rows) of their own.

Links issued before drafts were sealed carry the tag alone (`<public id>.<tag>`);
they still open, and are sent on to a fresh link with a secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from hjemmekontor.surveys.drafts import SECRET_BYTES, DraftKey, new_secret

_LEGACY_SALT = b"hjemmekontor.surveys.links/1"
_SALT = b"hjemmekontor.surveys.links/2"
_TAG_BYTES = 16


@dataclass(frozen=True)
class AnswerLink:
    public_id: uuid.UUID
    # None for a link from before drafts were sealed: it has no key to a draft.
    draft_key: DraftKey | None


def _tag(salt: bytes, message: bytes) -> bytes:
    key = hashlib.sha256(salt + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, message, hashlib.sha256).digest()[:_TAG_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def token_for(public_id: uuid.UUID) -> str:
    """A new link for the invitation, with a draft secret of its own."""
    secret = new_secret()
    tag = _tag(_SALT, public_id.bytes + secret)
    return f"{public_id.hex}.{_b64(tag + secret)}"


def parse_link(token: str) -> AnswerLink | None:
    """The link's invitation and draft key if the token is genuine, else None."""
    head, _, tail = token.partition(".")
    if len(head) != 32 or not tail or not tail.isascii():
        return None
    try:
        public_id = uuid.UUID(hex=head)
    except ValueError:
        return None
    raw = _unb64(tail)
    if raw is None or _b64(raw) != tail:
        return None
    if len(raw) == _TAG_BYTES:
        if hmac.compare_digest(raw, _tag(_LEGACY_SALT, public_id.bytes)):
            return AnswerLink(public_id, None)
        return None
    if len(raw) != _TAG_BYTES + SECRET_BYTES:
        return None
    tag, secret = raw[:_TAG_BYTES], raw[_TAG_BYTES:]
    if not hmac.compare_digest(tag, _tag(_SALT, public_id.bytes + secret)):
        return None
    return AnswerLink(public_id, DraftKey(public_id, secret))


def parse_token(token: str) -> uuid.UUID | None:
    """The invitation's public id if the token is genuine, else None."""
    link = parse_link(token)
    return link.public_id if link else None


def answer_url(public_id: uuid.UUID) -> str:
    return settings.BASE_URL + reverse("answer-start", args=[token_for(public_id)])
