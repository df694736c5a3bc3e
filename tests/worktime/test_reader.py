"""Import of registrations and basis files: layouts, encodings, bad values."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from hjemmekontor.worktime.basis_file import read_basis
from hjemmekontor.worktime.calendar import OSLO
from hjemmekontor.worktime.files import FileError
from hjemmekontor.worktime.reader import ColumnMapping, read_registrations

DEFAULT = (
    "person,start,end,break_minutes,location\n"
    "a,2026-03-02T08:00,2026-03-02T16:00,30,home\n"
    "a,2026-03-03T08:00,2026-03-03T07:00,30,home\n"
    "b,2026-03-29T02:30,2026-03-29T08:00,0,office\n"
    "b,2026-03-04T08:00,,,kontor\n"
    "c,xx,2026-03-04T09:00,abc,mars\n"
    ",2026-03-04T08:00,2026-03-04T09:00,0,home\n"
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_default_layout_keeps_valid_rows_and_reports_each_bad_value(tmp_path):
    result = read_registrations(write(tmp_path, "t.csv", DEFAULT))
    assert result.registrations["line"].to_list() == [2, 5]
    assert result.registrations["location"].to_list() == ["home", "office"]
    assert result.registrations["end"][1] is None  # kept, reported later as RT-REG
    found = {(e.line, e.column, e.reason.split(" (")[0]) for e in result.errors}
    assert found == {
        (3, "end", "slutt er ikke etter start"),
        (4, "start", "tidspunktet finnes ikke"),
        (6, "start", "ugyldig tidspunkt"),
        (6, "break_minutes", "ugyldig pause"),
        (6, "location", "ukjent sted"),
        (7, "person", "person mangler"),
    }
    assert str(result.errors[0]).startswith(f"{tmp_path / 't.csv'}, linje 3, kolonne 'end'")


NORWEGIAN = (
    "Ansatt;Dato;Fra;Til;Pause;Sted\r\n"
    "Pål;02.03.2026;08:00;16:00;0:30;Hjemme\r\n"
    "Pål;02.03.2026;22:00;02:00;0:00;Kunde\r\n"
    "Pål;31.02.2026;08:00;16:00;0:30;Hjemme\r\n"
)
MAPPING = (
    "columns: {person: Ansatt, date: Dato, start: Fra, end: Til, break: Pause, location: Sted}\n"
    "break_unit: hh:mm\n"
    "locations: {Kunde: other}\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_norwegian_export_with_semicolons_and_separate_date_column(tmp_path, encoding):
    path = write(tmp_path, "t.csv", NORWEGIAN.encode(encoding))
    mapping = ColumnMapping.load(write(tmp_path, "m.yaml", MAPPING))
    result = read_registrations(path, mapping)
    frame = result.registrations
    assert frame["person"].to_list() == ["Pål", "Pål"]
    assert frame["break_minutes"].to_list() == [30.0, 0.0]
    assert frame["location"].to_list() == ["home", "other"]
    # An end before the start is on the next day: a night shift.
    assert frame["end"][1] == dt.datetime(2026, 3, 3, 2, tzinfo=OSLO)
    assert [(e.line, e.column) for e in result.errors] == [(4, "Dato/Fra"), (4, "Dato/Til")]


def test_json_mapping_with_a_datetime_format(tmp_path):
    csv = "Ansatt,Fra,Til,Pause\nx,02.03.2026 08:00,02.03.2026 16:00,30\n"
    mapping = {
        "columns": {"person": "Ansatt", "start": "Fra", "end": "Til", "break": "Pause"},
        "formats": {"datetime": "%d.%m.%Y %H:%M"},
    }
    m = ColumnMapping.load(write(tmp_path, "m.json", json.dumps(mapping)))
    result = read_registrations(write(tmp_path, "t.csv", csv), m)
    assert result.errors == []
    assert result.registrations["start"][0] == dt.datetime(2026, 3, 2, 8, tzinfo=OSLO)
    assert result.registrations["location"][0] == "other"


def test_bad_mapping_file_is_refused_with_its_name(tmp_path):
    path = write(tmp_path, "m.yaml", "columns: {persn: x}\n")
    with pytest.raises(FileError, match=r"m\.yaml"):
        ColumnMapping.load(path)


def test_missing_required_column_is_refused(tmp_path):
    with pytest.raises(FileError, match="start"):
        read_registrations(write(tmp_path, "t.csv", "person,end\na,2026-03-02T08:00\n"))


def test_xlsx_with_real_datetime_cells(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["person", "start", "end", "break_minutes", "location"])
    # Excel cells hold wall-clock times without a zone.
    eight = dt.datetime(2026, 3, 2, 8, tzinfo=OSLO).replace(tzinfo=None)
    sixteen = eight + dt.timedelta(hours=8)
    sheet.append(["a", eight, sixteen, 30, "home"])
    sheet.append(["a", "not a time", sixteen + dt.timedelta(days=1), 30, "home"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    result = read_registrations(path)
    assert result.registrations["start"].to_list() == [dt.datetime(2026, 3, 2, 8, tzinfo=OSLO)]
    assert [(e.line, e.column) for e in result.errors] == [(3, "start")]


def test_basis_file_reads_norwegian_words_and_reports_bad_values(tmp_path):
    text = (
        "person;normal_hours_day;averaging;tariff_bound;evening_agreement;exempt\n"
        "a;7,5;individuell;ja;nei;\n"
        "b;x;foo;kanskje;ja;nei\n"
        "c;;tariff;nei;;\n"
        "d;;;;;ja\n"
    )
    frame, errors = read_basis(write(tmp_path, "b.csv", text))
    assert frame["person"].to_list() == ["a", "d"]
    assert frame.row(0, named=True) | {} == {
        "person": "a",
        "normal_hours_day": 7.5,
        "averaging": "individual",
        "tariff_bound": True,
        "evening_agreement": False,
        "exempt": None,
    }
    assert {(e.line, e.column) for e in errors} == {
        (3, "normal_hours_day"),
        (3, "averaging"),
        (3, "tariff_bound"),
        (4, "averaging"),
    }


def test_basis_file_with_unknown_column_is_refused(tmp_path):
    with pytest.raises(FileError, match="ukjente kolonner"):
        read_basis(write(tmp_path, "b.csv", "person,salary\na,1\n"))
