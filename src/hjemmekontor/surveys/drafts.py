"""Drafts sealed under a key that only the answer link carries.

A draft sits next to an invitation, and so next to a person. It is encrypted
(AES-256-GCM) under a key derived from a random secret in the link; the server
never stores that secret, so the database, its WAL, its backups and the admin
cannot read a draft: only whoever holds the link can. The invitation's public id
is the associated data, so a sealed draft copied onto another invitation does not
open.

Each link issued for an invitation (invitation e-mail, reminder, link export)
carries its own secret, and so its own draft: a draft opens only with the link it
was saved through.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hjemmekontor.surveys.models import Draft, Invitation

logger = logging.getLogger(__name__)

SECRET_BYTES = 16
_SALT = b"hjemmekontor.surveys.drafts/1"
_FORMAT = b"\x01"  # the first byte of a sealed draft: room for a later scheme
_NONCE_BYTES = 12


class UnreadableDraft(Exception):
    """The sealed draft does not open with this key (altered, or another key)."""


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


@dataclass(frozen=True)
class DraftKey:
    """The key of one link's draft for one invitation; exists only during a request."""

    public_id: uuid.UUID
    secret: bytes

    def _derive(self, purpose: bytes, length: int) -> bytes:
        return HKDF(
            algorithm=hashes.SHA256(),
            length=length,
            salt=_SALT,
            info=purpose + b"\x00" + self.public_id.bytes,
        ).derive(self.secret)

    @property
    def key_id(self) -> str:
        """Names the draft row. A separate HKDF output: it says nothing about the key."""
        return self._derive(b"draft-id", 16).hex()

    def _aad(self) -> bytes:
        return _SALT + self.public_id.bytes

    def seal(self, answers: Mapping[str, Any]) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        plain = json.dumps(dict(answers), separators=(",", ":")).encode()
        sealed = AESGCM(self._derive(b"draft-key", 32)).encrypt(nonce, plain, self._aad())
        return _FORMAT + nonce + sealed

    def open(self, sealed: bytes) -> dict[str, Any]:
        sealed = bytes(sealed)
        if sealed[:1] != _FORMAT:
            raise UnreadableDraft
        nonce, body = sealed[1 : 1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES :]
        try:
            plain = AESGCM(self._derive(b"draft-key", 32)).decrypt(nonce, body, self._aad())
        except InvalidTag as error:
            raise UnreadableDraft from error
        answers = json.loads(plain)
        if not isinstance(answers, dict):
            raise UnreadableDraft
        return answers


def read_draft(invitation: Invitation, key: DraftKey) -> dict[str, Any]:
    """The answers saved through this link, or none."""
    sealed = (
        Draft.objects.filter(invitation=invitation, key_id=key.key_id)
        .values_list("sealed", flat=True)
        .first()
    )
    if sealed is None:
        return {}
    try:
        return key.open(sealed)
    except UnreadableDraft:
        # Only an altered row gets here; no identifier is logged (it names a person).
        logger.warning("A draft did not open with its own link's key; it is ignored.")
        return {}


def has_other_drafts(invitation: Invitation, key: DraftKey) -> bool:
    """Whether answers were saved through another link of this invitation (unreadable here)."""
    return Draft.objects.filter(invitation=invitation).exclude(key_id=key.key_id).exists()
