"""Every write to the organisation register. Views validate; these functions change data.

Each `do_*` function owns its transaction (`durable=True`: it is never nested in
another one, so a caller cannot accidentally widen it).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from hjemmekontor.audit.actions import do_audit
from hjemmekontor.organisation.importing import ParsedFile, Row
from hjemmekontor.organisation.importplan import build_plan, plan_signature
from hjemmekontor.organisation.models import ImportBatch, Person, Unit, UnitTree


class OrganisationError(ValueError):
    """A change the register refuses; the message tells the admin why."""


def unit_cycle_error(unit: Unit, parent: Unit | None) -> str:
    """Why `parent` cannot be `unit`'s parent, or '' if it can."""
    if parent is None or unit.pk is None:
        return ""
    if parent.pk == unit.pk:
        return _("En enhet kan ikke ligge under seg selv.")
    if parent.pk in UnitTree().subtree(unit.pk):
        return _(
            "«%(parent)s» ligger under «%(unit)s»; å flytte «%(unit)s» dit ville gi en sirkel "
            "i enhetstreet."
        ) % {"parent": parent.path, "unit": unit.name}
    return ""


@transaction.atomic(durable=True)
def do_save_unit(unit: Unit) -> Unit:
    """Create or change a unit; refuses a parent below the unit itself."""
    if unit.pk is not None:
        # Lock the tree's shape while checking: a concurrent move could close a cycle.
        list(Unit.objects.select_for_update().values_list("pk", flat=True))
    reason = unit_cycle_error(unit, unit.parent)
    if reason:
        raise OrganisationError(reason)
    unit.save()
    return unit


@transaction.atomic(durable=True)
def do_set_unit_active(unit: Unit, active: bool) -> Unit:
    """Deactivate a unit that is empty, or activate one again (under an active parent)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not active:
        if unit.children.filter(active=True).exists():
            raise OrganisationError(
                _("«%(unit)s» har aktive underenheter; deaktiver eller flytt dem først.")
                % {"unit": unit.name}
            )
        if unit.people.filter(active=True).exists():
            raise OrganisationError(
                _("«%(unit)s» har aktive personer; flytt eller deaktiver dem først.")
                % {"unit": unit.name}
            )
    elif unit.parent is not None and not unit.parent.active:
        raise OrganisationError(
            _("Den overordnede enheten «%(parent)s» er deaktivert; aktiver den først.")
            % {"parent": unit.parent.name}
        )
    unit.active = active
    unit.save(update_fields=["active"])
    return unit


# The fields that decide what a person may see beyond their own data.
ROLE_FIELDS = ("is_manager", "representative_role", "amu_member")
# What a new person has: a new person with another value has been given a role.
_ROLE_DEFAULTS: dict[str, Any] = {
    "is_manager": False,
    "representative_role": "",
    "amu_member": False,
}


# Audited beside the roles: a person's invitations and reminders go to this
# address, so changing it can send their answer link to someone else.
WATCHED_FIELDS = (*ROLE_FIELDS, "email")


def roles_before(person: Person) -> dict[str, Any]:
    """The stored role fields and e-mail of a person (empty for a new one), to compare after saving."""
    if person.pk is None:
        return {}
    return dict(Person.objects.filter(pk=person.pk).values(*WATCHED_FIELDS).first() or {})


def audit_role_changes(actor: Any, person: Person, before: dict[str, Any]) -> None:
    """One audit entry if a role field changed (or a new person has a role), one
    if an existing person's e-mail address changed."""
    changes = []
    for name in ROLE_FIELDS:
        old = before.get(name, _ROLE_DEFAULTS[name])
        new = getattr(person, name)
        if old != new:
            changes.append(f"{name}: {old!r} → {new!r}")
    if changes:
        do_audit(actor, "role-changed", _person_label(person), "; ".join(changes))
    if "email" in before and (before["email"] or "") != (person.email or ""):
        do_audit(
            actor,
            "email-changed",
            _person_label(person),
            f"{before['email'] or '–'} → {person.email or '–'}",
        )


def _person_label(person: Person) -> str:
    number = f" ({person.employee_number})" if person.employee_number else ""
    return f"{person.name}{number}"


@transaction.atomic(durable=True)
def do_save_person(person: Person, actor: Any = None) -> Person:
    """Create or change a person (the form has validated the fields)."""
    before = roles_before(person)
    person.save()
    audit_role_changes(actor, person, before)
    return person


@transaction.atomic(durable=True)
def do_set_person_active(person: Person, active: bool) -> Person:
    """Deactivate or reactivate a person; their login (if not staff) follows."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.active = active
    person.save(update_fields=["active"])
    if person.user is not None and not person.user.is_staff:
        person.user.is_active = active
        person.user.save(update_fields=["is_active"])
    return person


def do_grant_access(person: Person, actor: Any = None) -> Any:
    """Give a person a login (username = e-mail) and e-mail them a link to choose a password.

    The mail is sent after the transaction commits, so that the link works when it arrives.
    """
    with transaction.atomic(durable=True):
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not person.active:
            raise OrganisationError(_("Personen er deaktivert og kan ikke få tilgang."))
        if not person.email:
            raise OrganisationError(
                _("Personen har ingen e-postadresse; legg inn en før du gir tilgang.")
            )
        user_model = get_user_model()
        user = person.user
        if user is None:
            if len(person.email) > 150:
                raise OrganisationError(
                    _("E-postadressen er for lang til å brukes som brukernavn.")
                )
            user = user_model.objects.filter(username__iexact=person.email).first()
            if user is not None and Person.objects.filter(user=user).exists():
                raise OrganisationError(
                    _("Brukernavnet %(email)s er allerede knyttet til en annen person.")
                    % {"email": person.email}
                )
            if user is None:
                user = user_model(username=person.email, email=person.email)
                user.set_unusable_password()
                user.save()
            person.user = user
            person.save(update_fields=["user"])
        if not user.is_active and not user.is_staff:
            user.is_active = True
            user.save(update_fields=["is_active"])
        do_audit(actor, "access-granted", _person_label(person), user.get_username())
    send_password_link(user, person)
    return user


def send_password_link(user: Any, person: Person) -> None:
    """E-mail a one-time link to set a password (Django's password-reset token)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "person": person,
        "username": user.get_username(),
        "link": settings.BASE_URL + path,
        "organisation_name": settings.ORGANISATION_NAME,
    }
    # The recipient's language is unknown: write in the site's default language.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("organisation/email/access_subject.txt", context).strip()
        body = render_to_string("organisation/email/access.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email or user.email])


@transaction.atomic(durable=True)
def do_create_import_batch(
    parsed: ParsedFile, created_by: Any, deactivate_missing: bool
) -> ImportBatch:
    """Store a parsed file with its plan for the preview; nothing in the register changes."""
    plan = build_plan(parsed.rows, parsed.fields, deactivate_missing)
    batch = ImportBatch.objects.create(
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
        filename=parsed.filename[:255],
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        header=[list(pair) for pair in parsed.columns],
        rows=[row.to_json() for row in parsed.rows],
        problems=_problem_list(parsed.rows, plan),
        plan=plan,
        deactivate_missing=deactivate_missing,
    )
    return batch


def _problem_list(rows: list[Row], plan: dict[str, Any]) -> list[dict[str, Any]]:
    problems = []
    for row in rows:
        reasons = [*row.problems, *plan["problems"].get(str(row.line), [])]
        if reasons:
            problems.append({"line": row.line, "reasons": reasons})
    return problems


class ImportRefused(OrganisationError):
    """A batch that cannot be confirmed (already imported, or the register has changed)."""


@transaction.atomic(durable=True)
def do_import_people(batch: ImportBatch) -> ImportBatch:
    """Apply a previewed batch: valid rows are imported, rejected rows change nothing.

    Raises `ImportRefused` if the batch was imported before (a second click, another
    tab) or if the register changed since the preview so that the result would differ.
    """
    # The row lock makes a concurrent second confirmation wait, then see applied_at.
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.applied_at is not None:
        raise ImportRefused(
            _("Denne importen ble gjennomført %(when)s og kan ikke gjennomføres på nytt.")
            % {"when": timezone.localtime(batch.applied_at).strftime("%d.%m.%Y %H:%M")}
        )
    rows = [Row.from_json(data) for data in batch.rows]
    fields = {name for _header, name in batch.header}
    plan = json.loads(json.dumps(build_plan(rows, fields, batch.deactivate_missing)))
    if plan_signature(plan) != plan_signature(batch.plan):
        raise ImportRefused(
            _(
                "Registeret er endret siden forhåndsvisningen ble laget, så importen ville gitt "
                "et annet resultat. Last opp filen på nytt for å se de oppdaterte endringene."
            )
        )
    summary = _apply(plan, batch.created_by)
    summary["rejected"] = len(batch.problems)
    batch.summary = summary
    batch.applied_at = timezone.now()
    batch.save(update_fields=["summary", "applied_at"])
    return batch


def _apply(plan: dict[str, Any], actor: Any = None) -> dict[str, int]:
    created_units: dict[str, Unit] = {}

    def unit_for(ref: dict[str, Any] | None) -> Unit | None:
        if ref is None:
            return None
        if "new" in ref:
            return created_units[ref["new"]]
        return Unit.objects.get(pk=ref["pk"])

    # New units come parents first: the plan adds a parent before its children.
    for entry in plan["new_units"]:
        created_units[entry["key"]] = Unit.objects.create(
            code=entry["code"], name=entry["name"], parent=unit_for(entry["parent"])
        )
    for entry in plan["changed_units"]:
        parent = unit_for(entry["parent"])
        Unit.objects.filter(pk=entry["pk"]).update(
            name=entry["name"], parent_id=parent.pk if parent else None
        )

    unit_pk: dict[str, int] = {key: unit.pk for key, unit in created_units.items()}

    def pk_of(ref: dict[str, Any]) -> int:
        return unit_pk[ref["new"]] if "new" in ref else int(ref["pk"])

    creates = [
        Person(unit_id=pk_of(entry["unit"]), **entry["set"])
        for entry in plan["people"]
        if entry["action"] == "create"
    ]
    Person.objects.bulk_create(creates, batch_size=500)
    for person in creates:
        audit_role_changes(actor, person, {})

    updates = [entry for entry in plan["people"] if entry["action"] == "update"]
    stored = Person.objects.in_bulk([entry["pk"] for entry in updates])
    before = {pk: {name: getattr(p, name) for name in WATCHED_FIELDS} for pk, p in stored.items()}
    touched: set[str] = set()
    reactivated_users = []
    for entry in updates:
        person = stored[entry["pk"]]
        for name, value in entry["set"].items():
            setattr(person, name, value)
            touched.add(name)
        if entry["unit"] is not None:
            person.unit_id = pk_of(entry["unit"])
            touched.add("unit")
        if entry["reactivate"]:
            person.active = True
            touched.add("active")
            if person.user_id is not None:
                reactivated_users.append(person.user_id)
    if touched:
        Person.objects.bulk_update(list(stored.values()), sorted(touched), batch_size=500)
    for pk, person in stored.items():
        audit_role_changes(actor, person, before[pk])

    user_model = get_user_model()
    user_model.objects.filter(pk__in=reactivated_users, is_staff=False).update(is_active=True)
    gone = [entry["pk"] for entry in plan["deactivate"]]
    Person.objects.filter(pk__in=gone).update(active=False)
    user_model.objects.filter(person__pk__in=gone, is_staff=False).update(is_active=False)

    return {
        "units_created": len(plan["new_units"]),
        "units_changed": len(plan["changed_units"]),
        "created": len(creates),
        "updated": len(updates),
        "moved": sum(1 for entry in updates if entry["moved"]),
        "reactivated": sum(1 for entry in updates if entry["reactivate"]),
        "unchanged": sum(1 for entry in plan["people"] if entry["action"] == "same"),
        "deactivated": len(gone),
    }
