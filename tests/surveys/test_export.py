"""Exports of a closed round: coarse background only, k-anonymous, inert text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections import Counter

import openpyxl
import pytest
from django.test import Client

from hjemmekontor.audit.models import AuditEntry
from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.surveys.actions import do_close_round, do_create_round, do_submit_response
from hjemmekontor.surveys.export import (
    QUASI_IDENTIFIERS,
    generalise_background,
    generalise_dates,
    iso_week,
    response_table,
)
from hjemmekontor.surveys.models import Invitation, Response
from hjemmekontor.testing.synthrounds import synthetic_rounds
from tests.conftest import login, round_spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(org, admin_user):
    # 12 people in Lønn (8 women, 4 men) and 1 in IT: the single IT answer must not
    # stand out by unit, and the 4 men in Lønn must not stand out by gender.
    for i in range(12):
        Person.objects.create(
            name=f"L{i}",
            employee_number=f"L{i}",
            unit=org.unit_a1,
            gender="female" if i < 8 else "male",
            birth_year=1985,
        )
    Person.objects.create(
        name="Alene", employee_number="IT1", unit=org.unit_b, gender="other", birth_year=1999
    )
    survey_round = do_create_round(round_spec(org))
    for n, invitation in enumerate(Invitation.objects.filter(round=survey_round, kind="employee")):
        comment = '=HYPERLINK("http://evil.example")' if n == 0 else "Helt greit"
        do_submit_response(
            invitation,
            {
                "can_work_home": "yes",
                "ho_freq": "monthly",
                "comment": comment,
                "ho_place": ["own_home", "cabin"],
            },
        )
    do_close_round(survey_round)
    return survey_round


def download(admin_user, url):
    response = login(admin_user).get(url)
    assert response.status_code == 200, response.content[:500]
    return response


def test_csv_export_has_coarse_background_and_no_names_emails_or_invitation_data(
    closed_round, admin_user
):
    body = download(admin_user, f"/runder/{closed_round.pk}/eksport/employee.csv").content.decode(
        "utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 13
    header = set(rows[0])
    assert {"unit", "gender", "age_group", "is_manager", "ho_freq", "comment"} <= header
    for banned in ("name", "email", "employee_number", "invitation", "public_id", "person"):
        assert not any(banned == column or column.startswith(banned + "_") for column in header), (
            banned
        )
    for person in Person.objects.all():
        assert person.name not in {row.get("comment") for row in rows}
        assert person.email is None or person.email not in body


def test_every_background_combination_in_the_export_has_at_least_k_rows(closed_round, admin_user):
    body = download(admin_user, f"/runder/{closed_round.pk}/eksport/employee.csv").content.decode(
        "utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    combos = Counter((r["unit"], r["gender"], r["age_group"], r["is_manager"]) for r in rows)
    assert min(combos.values()) >= 5, combos
    assert "Demo AS/IT" not in {r["unit"] for r in rows}


def test_multiple_choice_is_exported_as_one_column_per_option(closed_round, admin_user):
    body = download(admin_user, f"/runder/{closed_round.pk}/eksport/employee.csv").content.decode(
        "utf-8-sig"
    )
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["ho_place_own_home"] == "1"
    assert row["ho_place_cabin"] == "1"
    assert row["ho_place_elsewhere"] == "0"


def test_formulas_in_free_text_are_exported_inert(closed_round, admin_user):
    body = download(admin_user, f"/runder/{closed_round.pk}/eksport/employee.csv").content.decode(
        "utf-8-sig"
    )
    comments = {row["comment"] for row in csv.DictReader(io.StringIO(body))}
    assert '\'=HYPERLINK("http://evil.example")' in comments
    xlsx = download(admin_user, f"/runder/{closed_round.pk}/eksport/employee.xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["svar"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)


def test_codebook_lists_every_exported_variable(closed_round, admin_user):
    data = download(admin_user, f"/runder/{closed_round.pk}/eksport/employee.csv").content.decode(
        "utf-8-sig"
    )
    header = next(csv.reader(io.StringIO(data)))
    book = download(
        admin_user, f"/runder/{closed_round.pk}/eksport/employee.codebook"
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(book)))
    names = {row["name"] for row in rows}
    assert set(header) - {"response_id", "round"} <= names
    # Every variable is described in bokmål, English and nynorsk.
    assert all(row["label_nb"] and row["label_en"] and row["label_nn"] for row in rows)
    assert {row["name"]: row["label_nn"] for row in rows}["gender"] == "Kjønn frå registeret"


def test_export_is_refused_while_the_round_is_open(org, admin_user, employee):
    survey_round = do_create_round(round_spec(org))
    response = login(admin_user).get(f"/runder/{survey_round.pk}/eksport/employee.csv")
    assert response.status_code == 302


def test_links_csv_lists_only_people_without_an_email_address_and_is_audited(
    org, admin_user, employee, manager_a
):
    Person.objects.create(name="Uten Epost", employee_number="U1", unit=org.unit_a1)
    survey_round = do_create_round(round_spec(org))
    body = (
        login(admin_user).get(f"/runder/{survey_round.pk}/lenker.csv").content.decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == ["ansattnummer", "navn", "skjema", "lenke"]
    # Only the person without an address; people with one get their link by e-mail.
    assert [row[:3] for row in rows[1:]] == [["U1", "Uten Epost", "employee"]]
    assert "/svar/" in rows[1][3]
    assert "Ansatt" not in body and "besvart" not in body
    entry = AuditEntry.objects.get(action="links-exported")
    assert entry.actor == admin_user and entry.target == survey_round.name
    assert "1 lenke" in entry.detail


def test_round_page_warns_that_links_are_personal(org, admin_user, employee):
    Person.objects.create(name="Uten Epost", employee_number="U1", unit=org.unit_a1)
    survey_round = do_create_round(round_spec(org))
    page = login(admin_user).get(f"/runder/{survey_round.pk}/").content.decode()
    assert "Lenkene er personlige." in page and "revisjonsloggen" in page


def test_a_response_export_is_audited_without_any_answer(closed_round, admin_user):
    download(admin_user, f"/runder/{closed_round.pk}/eksport/employee.csv")
    entry = AuditEntry.objects.get(action="responses-exported")
    assert entry.detail == "employee, csv"
    assert "HYPERLINK" not in entry.detail + entry.target


def test_generalisation_rolls_small_units_up_and_blanks_rare_combinations(org):
    records = [
        {"unit_id": org.unit_a1.pk, "gender": "female", "age_group": "30-39", "is_manager": "false"}
        for _ in range(6)
    ] + [{"unit_id": org.unit_b.pk, "gender": "male", "age_group": "60+", "is_manager": "true"}]
    generalise_background(records, UnitTree(Unit.objects.all()), 5)
    combos = Counter((r["unit"], r["gender"], r["age_group"], r["is_manager"]) for r in records)
    # 7 rows cannot form two groups of 5: everything ends up in one group.
    assert list(combos.values()) == [7]


def test_generalisation_keeps_detail_where_groups_are_large_enough(org):
    records = [
        {"unit_id": org.unit_a1.pk, "gender": "female", "age_group": "30-39", "is_manager": "false"}
        for _ in range(6)
    ] + [
        {"unit_id": org.unit_b.pk, "gender": "male", "age_group": "60+", "is_manager": "false"}
        for _ in range(5)
    ]
    generalise_background(records, UnitTree(Unit.objects.all()), 5)
    combos = Counter((r["unit"], r["gender"], r["age_group"], r["is_manager"]) for r in records)
    assert combos == {
        ("Demo AS/Økonomi/Lønn", "female", "30-39", "false"): 6,
        ("Demo AS/IT", "male", "60+", "false"): 5,
    }


def test_export_of_fewer_than_k_responses_is_refused(org, admin_user, employee, manager_a):
    survey_round = do_create_round(round_spec(org))
    do_submit_response(Invitation.objects.filter(round=survey_round, kind="employee").first(), {})
    do_close_round(survey_round)
    response = login(admin_user).get(f"/runder/{survey_round.pk}/eksport/employee.csv")
    assert response.status_code == 302


def test_anonymous_client_gets_no_export(closed_round):
    response = Client().get(f"/runder/{closed_round.pk}/eksport/employee.csv")
    assert response.status_code == 302


def test_exact_dates_would_single_out_respondents_of_a_demo_like_round(org):
    # The demo's organisation (400 people) and its answers, on their own dates.
    survey_round = synthetic_rounds(400, 2026)[1]
    rows = Response.objects.filter(round=survey_round, kind="employee")
    table = response_table(survey_round, "employee")
    day = dict(rows.values_list("id", "submitted_on"))
    columns = [table.header.index(name) for name in ("unit", "gender", "age_group", "is_manager")]

    def with_exact_date(row):
        return (day[uuid.UUID(row[0])], *(row[i] for i in columns))

    combos = Counter(with_exact_date(row) for row in table.rows)
    unique = [row for row in table.rows if combos[with_exact_date(row)] == 1]
    # The tester's finding: dozens of the 224 rows stand alone with their date.
    assert len(unique) > 20, len(unique)


def test_no_combination_of_published_columns_date_included_has_fewer_than_k_rows(org):
    for survey_round in synthetic_rounds(400, 2026):
        table = response_table(survey_round, "employee")
        columns = [table.header.index(name) for name in QUASI_IDENTIFIERS]
        combos = Counter(tuple(row[i] for i in columns) for row in table.rows)
        assert min(combos.values()) >= 5, combos.most_common()[-3:]
        published = {row[table.header.index("submitted_in")] for row in table.rows}
        assert not any(len(value) == 10 for value in published), published  # no yyyy-mm-dd


def test_the_export_publishes_the_week_of_submission_never_the_day(closed_round, admin_user):
    body = download(admin_user, f"/runder/{closed_round.pk}/eksport/employee.csv").content.decode(
        "utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    assert "submitted_on" not in rows[0]
    # All 13 answered the same day, in one background group: the week is safe to show.
    days = set(Response.objects.filter(round=closed_round).values_list("submitted_on", flat=True))
    assert {row["submitted_in"] for row in rows} == {iso_week(day) for day in days}


def _records(cells):
    """Records with the given (gender, submission day) for each row, all in one unit."""
    return [
        {
            "unit": "Demo AS",
            "gender": gender,
            "age_group": "",
            "is_manager": "",
            "submitted_on": day,
        }
        for gender, day in cells
    ]


MONDAY = dt.date(2026, 3, 2)


def test_weeks_are_published_when_every_week_has_k_rows_in_every_background_group():
    records = _records(
        [("female", MONDAY)] * 5
        + [("female", MONDAY + dt.timedelta(days=8))] * 5
        + [("male", MONDAY + dt.timedelta(days=1))] * 6
    )
    generalise_dates(records, "2026-03-02/2026-03-20", 5)
    assert Counter((r["gender"], r["submitted_in"]) for r in records) == {
        ("female", "2026-W10"): 5,
        ("female", "2026-W11"): 5,
        ("male", "2026-W10"): 6,
    }


def test_one_small_week_in_one_group_gives_every_row_the_round_period():
    # Weeks for most rows and the period for the few would still tell that the few
    # answered in the other week: all rows get the period.
    records = _records(
        [("female", MONDAY)] * 6
        + [("female", MONDAY + dt.timedelta(days=8))] * 4
        + [("male", MONDAY)] * 5
    )
    generalise_dates(records, "2026-03-02/2026-03-20", 5)
    assert {r["submitted_in"] for r in records} == {"2026-03-02/2026-03-20"}
