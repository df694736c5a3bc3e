"""Uploaded spreadsheets are refused past an unpacked size and a row count, before reading,
and every refusal of the reader reaches the visitor in words that name the file."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from hjemmekontor.organisation.importing import ImportFileError, parse_people_file
from hjemmekontor.tables import Limits, TableError, read_table
from hjemmekontor.timesheets.importing import ImportFileError as TimesheetFileError
from hjemmekontor.timesheets.importing import parse_upload
from hjemmekontor.web.uploads import refusal

LIMIT = 20 * 1024 * 1024


def xlsx_bomb(unpacked_mb: int = 60) -> bytes:
    """A valid-looking XLSX whose sheet unpacks to ``unpacked_mb`` MB of repeated rows."""
    source = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["navn", "epost"])
    book.save(source)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source.getvalue())) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for item in original.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, original.read(item))
                continue
            with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.'
                )
                sheet.write(b'org/spreadsheetml/2006/main"><sheetData>')
                row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
                for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def xlsx_rows(count: int) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["navn", "epost"])
    for n in range(count):
        book.active.append([f"P{n}", f"p{n}@demo.example"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = xlsx_bomb()
    assert len(data) < 500 * 1024  # small on the wire, 60 MB unpacked
    return data


def test_an_xlsx_bomb_is_refused_unopened_with_the_unpacked_limit_named(bomb, monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the bomb")

    # Refused from the ZIP directory alone: unpacking it is what took 43 s.
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(ImportFileError) as refused:
        parse_people_file(bomb, "ansatte.xlsx", LIMIT)
    assert "grensen er 50 MB utpakket" in str(refused.value)
    assert "ansatte.xlsx" in str(refused.value)


def test_the_working_time_import_refuses_the_same_bomb(bomb):
    with pytest.raises(TimesheetFileError, match="grensen er 50 MB utpakket"):
        parse_upload(bomb, "timer.xlsx")


def test_a_part_packed_far_tighter_than_a_spreadsheet_is_refused_below_the_size_limit(settings):
    settings.MAX_UNPACKED_BYTES = 100 * 1024 * 1024
    data = xlsx_bomb(unpacked_mb=8)
    with pytest.raises(ImportFileError, match="pakket mer enn 100 ganger"):
        parse_people_file(data, "ansatte.xlsx", LIMIT)


def test_an_xlsx_over_the_row_limit_is_refused_with_the_limit_named(settings):
    settings.MAX_UPLOAD_ROWS = 50
    with pytest.raises(ImportFileError, match="mer enn 50 rader; grensen er 50"):
        parse_people_file(xlsx_rows(60), "ansatte.xlsx", LIMIT)
    with pytest.raises(TimesheetFileError, match="grensen er 50"):
        parse_upload(xlsx_rows(60), "timer.xlsx")


def test_a_csv_over_the_row_limit_is_refused(settings):
    settings.MAX_UPLOAD_ROWS = 50
    data = ("navn;epost\r\n" + "".join(f"P{n};p{n}@demo.example\r\n" for n in range(60))).encode()
    with pytest.raises(ImportFileError, match="grensen er 50"):
        parse_people_file(data, "ansatte.csv", LIMIT)


def test_an_ordinary_xlsx_under_the_limits_is_read(settings):
    settings.MAX_UPLOAD_ROWS = 50
    parsed = parse_people_file(xlsx_rows(40), "ansatte.xlsx", LIMIT)
    assert len(parsed.rows) == 40


@pytest.mark.django_db
def test_the_import_page_shows_the_refusal(admin_user, bomb):
    from tests.conftest import login

    client: Client = login(admin_user)
    upload = io.BytesIO(bomb)
    upload.name = "ansatte.xlsx"
    response = client.post(reverse("organisation:import"), {"file": upload})
    assert response.status_code == 200
    assert "grensen er 50 MB utpakket" in response.content.decode()


def _refused(data: bytes, **options: Any) -> TableError:
    try:
        table = read_table(data, name="fil.xlsx" if data[:2] == b"PK" else "fil.csv", **options)
        table.frame(["a", "b"], exact_width=True)
    except TableError as error:
        return error
    raise AssertionError("not refused")


@pytest.mark.parametrize(
    ("data", "options", "words"),
    [
        (b"a;b\n" * 10, {"limits": Limits(raw_bytes=10)}, "grensen er"),
        (b"a;b\n" * 10, {"limits": Limits(rows=5)}, "mer enn 5 rader"),
        (b"  \n", {}, "er tom"),
        (b"a\x00b", {}, "ikke ut til å være en tekstfil"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 10, {}, "gamle Excel-formatet"),
        (b"a;b\n\x81;1\n", {}, "ugyldig byte 0x81 på linje 2, tegn 1"),
        (b"PK\x03\x04 broken", {}, "kan ikke leses som Excel-fil"),
        (b"a;b\n1;2;3\n", {}, "kan ikke leses som CSV på linje 2"),
        ("a;b\nø;1\n".encode("cp1252"), {"encoding": "utf-8"}, "kan ikke leses som CSV på linje 1"),
    ],
    ids=["size", "rows", "empty", "binary", "xls", "encoding", "xlsx", "ragged", "forced"],
)
def test_every_refusal_of_the_reader_is_worded_for_the_visitor_with_the_file_name(
    data: bytes, options: dict[str, Any], words: str
) -> None:
    message = refusal(_refused(data, **options), "ansatte.csv")
    assert "«ansatte.csv»" in message
    assert words in message


def test_the_working_time_form_refuses_a_file_over_the_size_limit_in_the_shared_words(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hjemmekontor.timesheets.forms import ImportForm

    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("timer.csv", b"person;start\n" * 200_000, "text/csv")
    form = ImportForm(data={}, files={"file": upload})
    assert not form.is_valid()
    assert "Filen «timer.csv» er 2,5 MB; grensen er 1 MB." in str(form.errors["file"])
