"""One-time codes on printed letters, for people who have no e-mail address.

A code is twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L,
5/S, 8/B, U/V): about 56 bits, so guessing one of ten thousand live codes takes
some 10^13 tries, and wrong tries are limited per address. It is stored only as
an HMAC under a key derived from SECRET_KEY, shown once on the letter, and used
once: typing it opens a fresh personal answer link, and the code is spent.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from hjemmekontor.surveys.links import token_for
from hjemmekontor.surveys.models import CodeAttempts, Invitation, LetterCode

__all__ = [
    "ALPHABET",
    "Redeemed",
    "code_url",
    "do_issue_codes",
    "do_redeem_code",
    "formatted",
    "normalised",
    "too_many_failures",
]

ALPHABET = "ACDEFGHJKMNPQRTWXYZ2345679"
LENGTH = 12
_SALT = b"hjemmekontor.surveys.codes/1"
# Wrong codes from one address before it must wait.
FAILURES_ALLOWED = 10
WINDOW = datetime.timedelta(minutes=15)


def _key() -> bytes:
    return hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest()


def _digest(value: str) -> str:
    return hmac.new(_key(), value.encode(), hashlib.sha256).hexdigest()


def code_url() -> str:
    """Where a code is typed: printed on the letter, in its QR code, and on the round page."""
    return settings.BASE_URL + reverse("code-entry")


def normalised(typed: str) -> str:
    """What the person typed, without spaces and dashes, in capitals."""
    return "".join(ch for ch in typed.upper() if ch not in " -\u2010\u2011\u2013\t")


def formatted(code: str) -> str:
    """``ABCD-EFGH-JKMN``: three groups of four are easier to copy."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def do_issue_codes(invitations: Iterable[Invitation]) -> dict[int, str]:
    """A new code for each invitation (replacing any earlier one, which stops
    working); returns the codes by invitation id. They exist nowhere else."""
    codes: dict[int, str] = {}
    with transaction.atomic():
        for invitation in invitations:
            code = new_code()
            LetterCode.objects.update_or_create(
                invitation=invitation, defaults={"digest": _digest(code), "used": False}
            )
            codes[invitation.pk] = code
    return codes


@dataclass(frozen=True)
class Redeemed:
    """What a typed code led to: a link to answer, or why not."""

    url: str | None
    refusal: str | None  # "unknown", "used", "answered", "closed"
    invitation_id: int | None = None


def _address_key(address: str) -> str:
    return _digest("address:" + address)


def too_many_failures(address: str) -> bool:
    now = timezone.now()
    return CodeAttempts.objects.filter(
        key=_address_key(address), window_start__gt=now - WINDOW, failures__gte=FAILURES_ALLOWED
    ).exists()


def _count_failure(address: str) -> None:
    now = timezone.now()
    key = _address_key(address)
    current = CodeAttempts.objects.filter(key=key, window_start__gt=now - WINDOW)
    if current.update(failures=F("failures") + 1):
        return
    try:
        with transaction.atomic():
            CodeAttempts.objects.update_or_create(
                key=key, defaults={"window_start": now, "failures": 1}
            )
    except IntegrityError:
        # Two wrong codes from one address at once both began a window: count on.
        current.update(failures=F("failures") + 1)


def do_redeem_code(typed: str, address: str) -> Redeemed:
    """Spend the code and give a new personal answer link, or say why not.

    The code is spent in the same transaction that checks it, with the row
    locked, so two sends of the form (a double tap) cannot both get a link.
    """
    code = normalised(typed)
    with transaction.atomic():
        found = (
            LetterCode.objects.select_for_update()
            .select_related("invitation__round")
            .filter(digest=_digest(code))
            .first()
            if len(code) == LENGTH
            else None
        )
        if found is None:
            refusal = "unknown"
        elif found.used:
            refusal = "used"
        elif found.invitation.answered:
            refusal = "answered"
        elif not found.invitation.round.is_open():
            refusal = "closed"
        else:
            found.used = True
            found.save(update_fields=["used"])
            token = token_for(found.invitation.public_id)
            return Redeemed(reverse("answer-start", args=[token]), None, found.invitation_id)
    if refusal == "unknown":
        _count_failure(address)
    return Redeemed(None, refusal)
