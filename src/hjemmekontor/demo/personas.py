"""The demo's logins: the personas, their published password and their accounts.

Who plays each persona is chosen in `casting.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from hjemmekontor.organisation.actions import do_save_person
from hjemmekontor.organisation.models import Person

# Every demo login has this password. It is public on purpose: the demo is made-up
# data in a local SQLite database. Never reuse it in a real installation.
DEMO_PASSWORD = "hjemmekontor-demo"  # noqa: S105 (published on purpose, see above)


@dataclass(frozen=True)
class Persona:
    """A demo login: the username and, in bokmål, the role it lets you try.

    ``role`` is followed by the person's unit when printed (``leder for IT/Drift``).
    """

    username: str
    role: str


ADMIN = Persona("admin", "HMS-rådgiver (administrator)")
PERSONAS: tuple[Persona, ...] = (
    ADMIN,
    Persona("leder", "leder for"),
    Persona("leder2", "leder for"),
    Persona("verneombud", "verneombud for"),
    Persona("tillitsvalgt", "tillitsvalgt for"),
    Persona("ansatt", "ansatt i"),
)
USERNAMES = tuple(persona.username for persona in PERSONAS)


def create_accounts(chosen: dict[str, str]) -> None:
    """The admin account and one login per persona, linked to their person.

    Users are created directly (there is no action for an account with a known
    password: the product's own `do_grant_access` e-mails a link instead); the
    link to the person goes through `do_save_person`.
    """
    user_model: Any = get_user_model()
    # One hash for all six: Argon2 costs a fifth of a second per hash by design, and
    # a shared salt protects nothing when the password itself is published.
    hashed = make_password(DEMO_PASSWORD)
    with transaction.atomic(durable=True):
        admin = user_model.objects.filter(username=ADMIN.username).first()
        if admin is None:
            admin = user_model(username=ADMIN.username, email="")
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.password = hashed
        admin.save()
    people = Person.objects.in_bulk(list(chosen.values()), field_name="employee_number")
    for username, number in chosen.items():
        person = people[number]
        with transaction.atomic(durable=True):
            user = user_model.objects.filter(username=username).first()
            if user is None:
                user = user_model(username=username)
            user.email = person.email or ""
            user.is_active = True
            user.password = hashed
            user.save()
        person.user = user
        do_save_person(person)
