"""The admin's import: preview with problem lines, valid rows kept, one confirmation only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from hjemmekontor.timesheets.models import TimeRegistration, TimesheetImport
from tests.timesheets.conftest import add

pytestmark = pytest.mark.django_db

DEFAULT_LAYOUT = (
    "person,start,end,break_minutes,location\n"
    "E-ansatt,2026-03-02T08:00,2026-03-02T16:00,30,home\n"  # 2: by employee number
    "LEDER_A@DEMO.EXAMPLE,2026-03-02T08:00,2026-03-02T16:00,30,kontor\n"  # 3: e-mail, any case
    "E-ansatt,2026-03-03T08:00,2026-03-03T25:00,30,home\n"  # 4: bad time
    "E-ukjent,2026-03-02T08:00,2026-03-02T16:00,30,home\n"  # 5: unknown person
    "E-ansatt,2026-03-02T15:00,2026-03-02T18:00,0,home\n"  # 6: overlaps line 2
    "E-ansatt,2026-03-04T16:00,2026-03-04T08:00,0,home\n"  # 7: end before start
    "E-ansatt,2026-03-05T08:00,2026-03-05T16:00,,hjemme\n"  # 8: no break (kept, RT-REG)
    "E-ansatt,2026-03-06T08:00,2026-03-06T16:00,30,Hytta\n"  # 9: unknown location
)


def upload(client, content: bytes, name: str = "timer.csv", mapping: bytes | None = None):
    data = {"file": SimpleUploadedFile(name, content)}
    if mapping is not None:
        data["mapping"] = SimpleUploadedFile("oppsett.yaml", mapping)
    return client.post(reverse("timesheets:import"), data)


def test_the_preview_lists_problem_lines_and_keeps_the_valid_rows(
    persona_clients, employee, manager_a
):
    response = upload(persona_clients["admin"], DEFAULT_LAYOUT.encode())
    assert response.status_code == 302
    batch = TimesheetImport.objects.get()
    problems = {(p["line"], p["column"]) for p in batch.problems}
    assert problems == {(4, "end"), (5, "person"), (6, "start"), (7, "end"), (9, "location")}
    assert sorted(r["line"] for r in batch.rows) == [2, 3, 8]
    assert {r["person_id"] for r in batch.rows} == {employee.pk, manager_a.pk}
    page = persona_clients["admin"].get(response["Location"]).content.decode()
    assert "ingen person med dette ansattnummeret" in page
    assert "overlapper med linje 2 i samme fil" in page
    assert "slutt er ikke etter start" in page
    assert "02.03.2026 08:00" in page
    assert not TimeRegistration.objects.exists()


def test_confirming_imports_the_valid_rows_once(persona_clients, employee, manager_a):
    client = persona_clients["admin"]
    upload(client, DEFAULT_LAYOUT.encode())
    batch = TimesheetImport.objects.get()
    confirm = reverse("timesheets:import-confirm", args=[batch.pk])
    assert client.post(confirm).status_code == 302
    stored = TimeRegistration.objects.order_by("person_id", "start")
    assert stored.count() == 3 and {r.source for r in stored} == {"import"}
    first = stored.filter(person=employee).first()
    assert first.start == dt.datetime(2026, 3, 2, 7, tzinfo=dt.UTC)
    assert stored.filter(break_minutes__isnull=True).count() == 1
    again = client.post(confirm, follow=True)
    assert "allerede importert" in again.content.decode()
    assert TimeRegistration.objects.count() == 3
    batch.refresh_from_db()
    assert batch.applied_at is not None and batch.imported == 3


def test_a_row_that_overlaps_a_stored_registration_is_refused_in_the_preview(
    persona_clients, employee
):
    add(employee, "2026-03-02 12:00", "2026-03-02 13:00")
    upload(persona_clients["admin"], DEFAULT_LAYOUT.encode())
    batch = TimesheetImport.objects.get()
    reasons = {p["line"]: p["reason"] for p in batch.problems}
    assert "overlapper med en lagret registrering 02.03.2026 12:00" in reasons[2]
    # Line 6 no longer overlaps a kept row of the file: it overlaps nothing else and is kept.
    assert 6 in {r["line"] for r in batch.rows}


def test_a_norwegian_time_system_export_is_read_through_an_uploaded_mapping(
    persona_clients, employee
):
    content = (
        "Ansattnr;Dato;Fra;Til;Pause;Sted\n"
        "E-ansatt;02.03.2026;22:00;06:00;00:30;Hjemme\n"
        "E-ansatt;31.02.2026;08:00;16:00;00:30;Kontor\n"
    ).encode("cp1252")
    mapping = (
        b"columns: {person: Ansattnr, date: Dato, start: Fra, end: Til, break: Pause, "
        b"location: Sted}\nbreak_unit: hh:mm\n"
    )
    client = persona_clients["admin"]
    assert upload(client, content, "eksport.csv", mapping).status_code == 302
    batch = TimesheetImport.objects.get()
    # 31 February: both times of line 3 are refused, the line is left out.
    found = [(p["line"], p["column"]) for p in batch.problems]
    assert found == [(3, "Dato/Fra"), (3, "Dato/Til")]
    (row,) = batch.rows
    assert row["break_minutes"] == 30 and row["location"] == "home"
    # The night shift ends the next morning.
    start, end = dt.datetime.fromisoformat(row["start"]), dt.datetime.fromisoformat(row["end"])
    assert end - start == dt.timedelta(hours=8)


def test_an_excel_file_is_read_from_its_first_sheet(persona_clients, employee):
    book = Workbook()
    sheet = book.active
    sheet.append(["person", "start", "end", "break_minutes", "location"])
    sheet.append(["ansatt@demo.example", "2026-03-02T08:00", "2026-03-02T15:30", 30, "office"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(persona_clients["admin"], buffer.getvalue(), "timer.xlsx").status_code == 302
    batch = TimesheetImport.objects.get()
    assert batch.problems == [] and batch.rows[0]["person_id"] == employee.pk


def test_an_unreadable_mapping_or_file_is_named_in_the_error(persona_clients, employee):
    client = persona_clients["admin"]
    bad_mapping = upload(client, DEFAULT_LAYOUT.encode(), mapping=b"columns: [1, 2]\n")
    assert bad_mapping.status_code == 200
    assert "oppsett.yaml: ugyldig kolonneoppsett" in bad_mapping.content.decode()
    missing = upload(client, b"navn;tid\nA;B\n", "feil.csv")
    assert "feil.csv: mangler kolonne(r) person, start, end" in missing.content.decode()
    not_excel = upload(client, b"not a zip", "timer.xlsx")
    assert "timer.xlsx: filen kan ikke leses som CSV eller XLSX" in not_excel.content.decode()
    assert not TimesheetImport.objects.exists()
