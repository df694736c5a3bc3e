"""No CSV the product writes lets a spreadsheet run a formula (OWASP: CSV injection).

A unit and a round named ``=HYPERLINK(…)`` must come out as text in every export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import polars as pl
import pytest

from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.spreadsheets import inert, writer
from hjemmekontor.surveys.actions import do_close_round, do_create_round, do_submit_response
from hjemmekontor.surveys.models import Invitation
from tests.conftest import login, round_spec

EVIL = '=HYPERLINK("http://evil.example","Klikk")'
SRC = Path(__file__).resolve().parents[2] / "src" / "hjemmekontor"


def cells(body: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body), delimiter=delimiter) for cell in row]


def assert_inert(all_cells: list[str]) -> None:
    assert any(EVIL in cell for cell in all_cells), "the evil text should be exported, as text"
    for cell in all_cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not re.match(r"-[^\d]", cell), cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EVIL, "'" + EVIL),
        ("+47 99 99 99 99", "'+47 99 99 99 99"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\uff1dcmd", "'\uff1dcmd"),
        ("-3", "-3"),
        ("-2,5", "-2,5"),
        ("Helt greit", "Helt greit"),
        ("", ""),
        (-4, -4),
        (None, None),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote_and_plain_values_stay(value, expected):
    assert inert(value) == expected


def test_the_shared_writer_makes_every_cell_inert():
    buffer = io.StringIO()
    writer(buffer, delimiter=";").writerow([EVIL, "ok", 3])
    assert next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == [
        "'" + EVIL,
        "ok",
        "3",
    ]


def test_every_csv_writer_in_the_product_is_the_shared_one():
    # csv.writer and polars' write_csv outside the shared helper write cells as they are.
    # The demo register and the synthetic data are files the product itself reads
    # back as input; they hold generated names, never anybody's text.
    allowed = {"spreadsheets.py", "demo/register.py", "synth/output.py"}
    offenders = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if relative in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        if "csv.writer(" in text or "csv.DictWriter(" in text:
            offenders.append(relative)
        for line in text.splitlines():
            if ".write_csv(" in line and "inert_frame(" not in line:
                offenders.append(f"{relative}: {line.strip()}")
    assert not offenders


@pytest.fixture
def evil_closed_round(org, admin_user):
    evil_unit = Unit.objects.create(code="EVIL", name=EVIL, parent=org.root)
    for i in range(6):
        Person.objects.create(
            name=f"P{i}", employee_number=f"P{i}", unit=evil_unit, gender="female", birth_year=1985
        )
    survey_round = do_create_round(round_spec(org, name=EVIL, unit_ids=[evil_unit.pk]))
    for invitation in Invitation.objects.filter(round=survey_round, kind="employee"):
        do_submit_response(invitation, {"can_work_home": "yes", "ho_freq": "monthly"})
    do_close_round(survey_round)
    return survey_round


@pytest.mark.django_db
def test_round_and_unit_names_are_inert_in_the_response_export(evil_closed_round, admin_user):
    client = login(admin_user)
    response = client.get(f"/runder/{evil_closed_round.pk}/eksport/employee.csv")
    assert response.status_code == 200
    all_cells = cells(response.content.decode("utf-8-sig"), ",")
    assert_inert(all_cells)
    assert "'" + EVIL in all_cells  # the round column
    assert any(cell.startswith("'" + EVIL) for cell in all_cells)


@pytest.mark.django_db
def test_names_are_inert_in_the_link_export(org, admin_user):
    Person.objects.create(name=EVIL, employee_number="=1+1", unit=org.unit_a1)
    survey_round = do_create_round(round_spec(org, name=EVIL))
    body = login(admin_user).get(f"/runder/{survey_round.pk}/lenker.csv").content
    all_cells = cells(body.decode("utf-8-sig"), ";")
    assert "'=1+1" in all_cells
    assert_inert(all_cells)


def test_person_ids_are_inert_in_the_working_time_breaches_file(tmp_path):
    from hjemmekontor.commands.worktime import OUT_COLUMNS, _write

    start = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    row = {name: None for name in OUT_COLUMNS} | {"person": EVIL, "start": start, "end": start}
    frame = pl.DataFrame([row], schema_overrides={"start": pl.Datetime("us", "UTC")})
    frame = frame.with_columns(pl.col("end").cast(pl.Datetime("us", "UTC")))
    target = tmp_path / "brudd.csv"
    _write(target, frame)
    assert_inert(cells(target.read_text(encoding="utf-8"), ","))
