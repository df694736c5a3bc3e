"""Planning and applying an import against the register: create, update, move, deactivate."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from hjemmekontor.organisation.actions import ImportRefused, do_import_people
from hjemmekontor.organisation.models import ImportBatch, Person, Unit
from tests.organisation.org_files import batch_for

pytestmark = pytest.mark.django_db

HEADER = ["Ansattnr", "Navn", "E-post", "Enhet", "Leder", "Verv", "Kjønn", "Fødselsdato"]


def imported(rows: list[list[str]], deactivate_missing: bool = False) -> ImportBatch:
    return do_import_people(batch_for(rows, deactivate_missing))


def person(number: str) -> Person:
    return Person.objects.select_related("unit").get(employee_number=number)


def test_first_import_creates_units_along_each_path_and_the_people() -> None:
    batch = imported(
        [
            HEADER,
            ["1001", "Kari Nordmann", "kari@demo.example", "Økonomi/Lønn", "ja", "", "K", ""],
            ["1002", "Ola Nordmann", "ola@demo.example", "Økonomi", "", "verneombud", "M", ""],
            ["1003", "Per Hansen", "", "IT/Drift", "", "", "", "03.04.1961"],
        ]
    )

    assert sorted(unit.path for unit in Unit.objects.all()) == [
        "IT",
        "IT/Drift",
        "Økonomi",
        "Økonomi/Lønn",
    ]
    kari, ola, per = person("1001"), person("1002"), person("1003")
    assert kari.unit.path == "Økonomi/Lønn"
    assert (kari.is_manager, kari.gender, kari.email) == (True, "female", "kari@demo.example")
    assert (ola.representative_role, ola.unit.path) == ("safety", "Økonomi")
    assert (per.email, per.birth_year, per.unit.path) == (None, 1961, "IT/Drift")
    assert batch.summary == {
        "units_created": 4,
        "units_changed": 0,
        "created": 3,
        "updated": 0,
        "moved": 0,
        "reactivated": 0,
        "unchanged": 0,
        "deactivated": 0,
        "rejected": 0,
    }


def test_reimport_updates_and_moves_people_by_employee_number_without_duplicates() -> None:
    imported(
        [
            HEADER,
            ["1001", "Kari Nordmann", "kari@demo.example", "Økonomi/Lønn", "", "", "K", ""],
            ["1002", "Ola Nordmann", "ola@demo.example", "Økonomi", "", "", "M", ""],
        ]
    )
    batch = batch_for(
        [
            HEADER,
            ["1001", "Kari Nordmann-Berg", "kari.berg@demo.example", "IT", "x", "", "K", ""],
            ["1002", "Ola Nordmann", "ola@demo.example", "Økonomi", "", "", "M", ""],
        ]
    )

    (kari_plan,) = [entry for entry in batch.plan["people"] if entry["action"] == "update"]
    assert kari_plan["changes"] == {
        "name": ["Kari Nordmann", "Kari Nordmann-Berg"],
        "email": ["kari@demo.example", "kari.berg@demo.example"],
        "is_manager": [False, True],
    }
    assert kari_plan["moved"] == ["Økonomi/Lønn", "IT"]
    do_import_people(batch)

    assert Person.objects.count() == 2
    kari = person("1001")
    assert (kari.name, kari.email, kari.is_manager, kari.unit.path) == (
        "Kari Nordmann-Berg",
        "kari.berg@demo.example",
        True,
        "IT",
    )
    batch.refresh_from_db()
    assert batch.summary["updated"] == 1
    assert batch.summary["moved"] == 1
    assert batch.summary["unchanged"] == 1


def test_reimport_matches_by_email_when_the_register_has_no_employee_number(org: object) -> None:
    existing = Person.objects.create(
        name="Kari", email="Kari@Demo.example", unit=Unit.objects.get(code="IT")
    )

    imported([HEADER, ["1001", "Kari", "kari@demo.example", "IT", "", "", "", ""]])

    assert Person.objects.count() == 1
    existing.refresh_from_db()
    assert existing.employee_number == "1001"


def test_people_missing_from_the_file_are_deactivated_only_when_asked(org: object) -> None:
    unit = Unit.objects.get(code="IT")
    stays = Person.objects.create(name="Kari", employee_number="1001", unit=unit)
    leaves = Person.objects.create(name="Ola", employee_number="1002", unit=unit)
    troubled = Person.objects.create(name="Per", employee_number="1003", unit=unit)
    rows = [
        HEADER,
        ["1001", "Kari", "", "Demo AS/IT", "", "", "", ""],
        # A rejected line still names its person, who must not be deactivated.
        ["1003", "Per", "per(at)demo.example", "Demo AS/IT", "", "", "", ""],
    ]

    imported(rows)
    assert Person.objects.filter(active=True).count() == 3

    batch = imported(rows, deactivate_missing=True)

    assert batch.summary["deactivated"] == 1
    assert [p.name for p in Person.objects.filter(active=False)] == [leaves.name]
    stays.refresh_from_db()
    troubled.refresh_from_db()
    assert stays.active and troubled.active


def test_deactivated_person_in_the_file_is_reactivated_with_their_login(org: object) -> None:
    user = get_user_model().objects.create_user("ola@demo.example", is_active=False)
    ola = Person.objects.create(
        name="Ola",
        employee_number="1002",
        unit=Unit.objects.get(code="IT"),
        active=False,
        user=user,
    )

    batch = imported([HEADER, ["1002", "Ola", "", "Demo AS/IT", "", "", "", ""]])

    ola.refresh_from_db()
    user.refresh_from_db()
    assert ola.active and user.is_active
    assert batch.summary["reactivated"] == 1


def test_unit_codes_with_parent_codes_build_and_change_the_tree(org: object) -> None:
    header = ["ansattnr", "navn", "enhetskode", "overordnet_kode", "enhetsnavn"]
    imported(
        [
            header,
            ["1", "Kari", "DRIFT", "IT", "Drift"],
            ["2", "Ola", "NETT", "DRIFT", "Nettverk"],
            # An existing unit moved under another one by the HR file.
            ["3", "Per", "LONN", "IT", "Lønn"],
        ]
    )

    assert person("2").unit.path == "Demo AS/IT/Drift/Nettverk"
    assert Unit.objects.get(code="LONN").path == "Demo AS/IT/Lønn"
    assert person("3").unit.code == "LONN"


def test_unknown_parent_code_rejects_the_line_and_imports_the_rest(org: object) -> None:
    header = ["ansattnr", "navn", "enhetskode", "overordnet_kode"]
    batch = imported([header, ["1", "Kari", "DRIFT", "IT"], ["2", "Ola", "NETT", "FINNESIKKE"]])

    assert batch.problems == [
        {
            "line": 3,
            "reasons": [
                "Overordnet kode «FINNESIKKE» for enhet «NETT» finnes verken i filen eller i "
                "registeret."
            ],
        }
    ]
    assert list(Person.objects.values_list("name", flat=True)) == ["Kari"]
    assert not Unit.objects.filter(code="NETT").exists()


def test_email_that_belongs_to_someone_else_rejects_the_line(org: object) -> None:
    it = Unit.objects.get(code="IT")
    Person.objects.create(name="Kari", employee_number="1001", email="kari@demo.example", unit=it)
    Person.objects.create(name="Ola", employee_number="1002", email="ola@demo.example", unit=it)

    batch = imported([HEADER, ["1002", "Ola", "kari@demo.example", "Demo AS/IT", "", "", "", ""]])

    assert (
        "tilhører en annen person i registeret (Kari, ansattnummer 1001)"
        in (batch.problems[0]["reasons"][0])
    )
    assert person("1002").email == "ola@demo.example"


def test_new_person_without_a_unit_is_rejected(org: object) -> None:
    batch = imported([["ansattnr", "navn"], ["1", "Kari"]])

    assert batch.problems == [
        {"line": 2, "reasons": ["Ny person uten enhet: oppgi enhet eller enhetskode."]}
    ]
    assert not Person.objects.exists()


def test_confirming_the_same_batch_twice_imports_once() -> None:
    batch = batch_for([HEADER, ["1001", "Kari", "kari@demo.example", "IT", "", "", "", ""]])
    do_import_people(batch)

    with pytest.raises(ImportRefused, match="kan ikke gjennomføres på nytt"):
        do_import_people(batch)

    assert Person.objects.count() == 1
    assert Unit.objects.count() == 1


def test_a_preview_made_stale_by_other_changes_is_not_applied(org: object) -> None:
    batch = batch_for([HEADER, ["1001", "Kari", "kari@demo.example", "Demo AS/IT", "", "", "", ""]])
    # Someone adds the same person by hand between preview and confirmation.
    Person.objects.create(name="Kari", employee_number="1001", unit=Unit.objects.get(code="IT"))

    with pytest.raises(ImportRefused, match="Registeret er endret siden forhåndsvisningen"):
        do_import_people(batch)

    batch.refresh_from_db()
    assert batch.applied_at is None
    assert Person.objects.count() == 1
