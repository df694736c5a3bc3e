"""Compare parsed rows with the register: what an import would change.

The plan is plain JSON, stored on the `ImportBatch` for the preview and built
again inside the confirming transaction; the import goes ahead only if both
agree, so that it does exactly what the preview showed.

People are matched by employee number, else by e-mail. Rejected lines change
nothing, but a person named on a rejected line is never deactivated for being
"missing" from the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hjemmekontor.organisation.importing import Row
from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.organisation.unitcodes import UnitCodes, check_unit_codes

# Fields a people file can set, in the order the preview lists changes.
PERSON_FIELDS = (
    "name",
    "employee_number",
    "email",
    "is_manager",
    "representative_role",
    "gender",
    "birth_year",
    "age_group",
)
AGE_FIELDS = {"birth_year", "birth_date", "age_group"}

Ref = dict[str, Any]  # {"pk": 12} for a unit in the register, {"new": key} for a new one


@dataclass
class _Register:
    """The register in memory, loaded once per plan."""

    tree: UnitTree
    by_code: dict[str, Unit]
    people: dict[int, Person]
    by_number: dict[str, Person]
    by_email: dict[str, Person]

    @classmethod
    def load(cls) -> _Register:
        units = list(Unit.objects.order_by("pk"))
        people = {person.pk: person for person in Person.objects.order_by("pk")}
        return cls(
            tree=UnitTree(units),
            by_code={unit.code: unit for unit in units},
            people=people,
            by_number={p.employee_number: p for p in people.values() if p.employee_number},
            by_email={p.email.lower(): p for p in people.values() if p.email},
        )


@dataclass
class _Builder:
    register: _Register
    codes: UnitCodes
    new_units: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed_units: dict[int, dict[str, Any]] = field(default_factory=dict)
    taken_codes: set[str] = field(default_factory=set)

    def path_of(self, ref: Ref | None) -> str:
        if ref is None:
            return ""
        if "pk" in ref:
            changed = self.changed_units.get(ref["pk"])
            if changed:
                return changed["after"]
            return self.register.tree.path(ref["pk"])
        return str(self.new_units[ref["new"]]["path"])

    def code_unit(self, code: str) -> Ref:
        """The unit for a checked code, planning its creation or change as needed."""
        existing = self.register.by_code.get(code)
        if existing is not None:
            ref: Ref = {"pk": existing.pk}
            self._plan_change(existing, code)
            return ref
        key = f"code:{code}"
        if key not in self.new_units:
            parent_code = self.codes.parents.get(code)
            parent = self.code_unit(parent_code) if parent_code else None
            name = self.codes.names.get(code) or code
            self.new_units[key] = {
                "key": key,
                "code": code,
                "name": name,
                "parent": parent,
                "path": "/".join(filter(None, [self.path_of(parent), name])),
            }
        return {"new": key}

    def _plan_change(self, unit: Unit, code: str) -> None:
        if unit.pk in self.changed_units:
            return
        name = self.codes.names.get(code) or unit.name
        parent: Ref | None = {"pk": unit.parent_id} if unit.parent_id else None
        if code in self.codes.parents:
            parent_code = self.codes.parents[code]
            parent = self.code_unit(parent_code) if parent_code else None
        if name == unit.name and parent == ({"pk": unit.parent_id} if unit.parent_id else None):
            return
        before = self.register.tree.path(unit.pk)
        self.changed_units[unit.pk] = {
            "pk": unit.pk,
            "code": code,
            "name": name,
            "parent": parent,
            "before": before,
            "after": "/".join(filter(None, [self.path_of(parent), name])),
        }

    def path_unit(self, parts: list[str]) -> tuple[Ref | None, str]:
        """Resolve `Økonomi/Lønn`, planning the missing units; ('', reason) on a problem."""
        tree = self.register.tree
        parent_pk: int | None = None
        for depth, part in enumerate(parts):
            matches = [
                pk
                for pk in tree.children.get(parent_pk, [])
                if tree.units[pk].name.casefold() == part.casefold()
            ]
            if len(matches) > 1:
                where = "/".join(parts[:depth]) or _("øverste nivå")
                return None, _(
                    "Flere enheter heter «%(name)s» under %(where)s; bruk enhetskode i stedet."
                ) % {"name": part, "where": where}
            if not matches:
                return self._new_path(parts, depth, parent_pk), ""
            parent_pk = matches[0]
            if not tree.units[parent_pk].active:
                return None, _(
                    "Enheten «%(path)s» er deaktivert; aktiver den eller velg en annen enhet."
                ) % {"path": tree.path(parent_pk)}
        return ({"pk": parent_pk} if parent_pk is not None else None), ""

    def _new_path(self, parts: list[str], start: int, parent_pk: int | None) -> Ref:
        parent: Ref | None = {"pk": parent_pk} if parent_pk is not None else None
        for depth in range(start, len(parts)):
            key = "path:" + "/".join(parts[: depth + 1]).casefold()
            if key not in self.new_units:
                self.new_units[key] = {
                    "key": key,
                    "code": self._free_code("/".join(parts[: depth + 1])),
                    "name": parts[depth],
                    "parent": parent,
                    "path": "/".join(filter(None, [self.path_of(parent), parts[depth]])),
                }
            parent = {"new": key}
        assert parent is not None
        return parent

    def _free_code(self, path: str) -> str:
        """A readable code for a unit created from a path: `Økonomi/Lønn` -> `OKONOMI-LONN`."""
        ascii_text = (
            unicodedata.normalize(
                "NFKD",
                path.replace("Æ", "AE").replace("æ", "ae").replace("Ø", "O").replace("ø", "o"),
            )
            .encode("ascii", "ignore")
            .decode()
        )
        base = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").upper()[:56] or "ENHET"
        code, number = base, 1
        while code in self.register.by_code or code in self.taken_codes:
            number += 1
            code = f"{base}-{number}"
        self.taken_codes.add(code)
        return code


def build_plan(rows: list[Row], fields: set[str], deactivate_missing: bool) -> dict[str, Any]:
    """What importing `rows` would do to the register now, as JSON-ready data."""
    register = _Register.load()
    codes = check_unit_codes(
        rows, {code: _parent_code(unit, register) for code, unit in register.by_code.items()}
    )
    builder = _Builder(register, codes)
    builder.taken_codes.update(
        row.values["unit_code"] for row in rows if row.values.get("unit_code")
    )
    problems: dict[int, list[str]] = {line: list(p) for line, p in codes.problems.items()}

    matched: dict[int, Person | None] = {}
    claims: dict[int, list[int]] = {}
    for row in rows:
        person, reason = _match(row, register)
        matched[row.line] = person
        if reason:
            problems.setdefault(row.line, []).append(reason)
        if person is not None:
            claims.setdefault(person.pk, []).append(row.line)
    for lines in claims.values():
        if len(lines) > 1:
            for line in lines:
                problems.setdefault(line, []).append(
                    _("Linjene %(lines)s gjelder samme person i registeret.")
                    % {"lines": ", ".join(str(n) for n in lines)}
                )

    people: list[dict[str, Any]] = []
    for row in rows:
        if row.problems or problems.get(row.line):
            continue
        unit, reason = _row_unit(row, builder)
        person = matched[row.line]
        if not reason and unit is None and person is None:
            reason = _("Ny person uten enhet: oppgi enhet eller enhetskode.")
        if reason:
            problems.setdefault(row.line, []).append(reason)
            continue
        people.append(_person_action(row, person, unit, fields, builder))

    deactivate = []
    if deactivate_missing:
        seen = {person.pk for person in matched.values() if person is not None}
        deactivate = [
            {"pk": p.pk, "name": p.name, "unit": register.tree.path(p.unit_id)}
            for p in register.people.values()
            if p.active and p.pk not in seen
        ]
    return {
        "new_units": list(builder.new_units.values()),
        "changed_units": list(builder.changed_units.values()),
        "people": people,
        "deactivate": deactivate,
        "problems": {str(line): reasons for line, reasons in sorted(problems.items())},
    }


def _parent_code(unit: Unit, register: _Register) -> str | None:
    if unit.parent_id is None:
        return None
    parent = register.tree.units.get(unit.parent_id)
    return parent.code if parent is not None else None


def _match(row: Row, register: _Register) -> tuple[Person | None, str]:
    number = row.values.get("employee_number")
    email = row.values.get("email")
    if number and number in register.by_number:
        person = register.by_number[number]
        other = register.by_email.get(email) if email else None
        if other is not None and other.pk != person.pk:
            return person, _(
                "E-postadressen %(email)s tilhører en annen person i registeret "
                "(%(name)s, ansattnummer %(number)s)."
            ) % {"email": email, "name": other.name, "number": other.employee_number or "–"}
        return person, ""
    if email and email in register.by_email:
        person = register.by_email[email]
        if number and person.employee_number and person.employee_number != number:
            return person, _(
                "E-postadressen %(email)s tilhører ansattnummer %(theirs)s i registeret, men "
                "linjen har ansattnummer %(ours)s."
            ) % {"email": email, "theirs": person.employee_number, "ours": number}
        return person, ""
    return None, ""


def _row_unit(row: Row, builder: _Builder) -> tuple[Ref | None, str]:
    code = row.values.get("unit_code")
    if code:
        existing = builder.register.by_code.get(code)
        if existing is not None and not existing.active:
            return None, _(
                "Enheten «%(path)s» (kode %(code)s) er deaktivert; aktiver den eller velg en "
                "annen enhet."
            ) % {"path": builder.register.tree.path(existing.pk), "code": code}
        return builder.code_unit(code), ""
    parts = row.values.get("unit")
    if parts:
        return builder.path_unit(list(parts))
    return None, ""


def _person_action(
    row: Row, person: Person | None, unit: Ref | None, fields: set[str], builder: _Builder
) -> dict[str, Any]:
    wanted = _wanted_values(row, fields)
    action: dict[str, Any] = {"line": row.line, "name": wanted.get("name", "")}
    if person is None:
        wanted.setdefault("is_manager", False)
        action.update(
            action="create", pk=None, set=wanted, unit=unit, unit_path=builder.path_of(unit)
        )
        return action
    changes = {}
    for name in PERSON_FIELDS:
        if name in wanted and wanted[name] != _current(person, name):
            changes[name] = [_current(person, name), wanted[name]]
    moved = None
    if unit is not None and unit != {"pk": person.unit_id}:
        moved = [builder.register.tree.path(person.unit_id), builder.path_of(unit)]
    reactivate = not person.active
    changed = bool(changes or moved or reactivate)
    action.update(
        action="update" if changed else "same",
        pk=person.pk,
        set={name: new for name, (_old, new) in changes.items()},
        changes=changes,
        unit=unit if moved else None,
        moved=moved,
        reactivate=reactivate,
    )
    return action


def _current(person: Person, name: str) -> Any:
    value = getattr(person, name)
    if name == "email" and value:
        return value.lower()
    return value


def _wanted_values(row: Row, fields: set[str]) -> dict[str, Any]:
    """The person's values according to the file; missing columns keep what is stored."""
    values = row.values
    wanted: dict[str, Any] = {"name": values["name"]}
    # Identifiers are only ever added or changed, never blanked by an empty cell.
    for name in ("employee_number", "email"):
        if values.get(name):
            wanted[name] = values[name]
    if "is_manager" in fields:
        wanted["is_manager"] = bool(values.get("is_manager"))
    for name in ("representative_role", "gender"):
        if name in fields:
            wanted[name] = values.get(name) or ""
    if fields & AGE_FIELDS:
        year = values.get("birth_year")
        # A birth year makes the age group redundant: it is derived when needed.
        wanted["birth_year"] = year
        wanted["age_group"] = "" if year else (values.get("age_group") or "")
    return wanted


def plan_signature(plan: dict[str, Any]) -> dict[str, Any]:
    """The parts of a plan that decide what happens (problem wording depends on language)."""
    return {
        "new_units": plan["new_units"],
        "changed_units": plan["changed_units"],
        "people": plan["people"],
        "deactivate": [entry["pk"] for entry in plan["deactivate"]],
        "rejected": sorted(plan["problems"]),
    }
