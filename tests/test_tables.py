"""The one table reader: encodings, separators, decimal commas, XLSX, limits, and its callers."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from xlsxwriter import Workbook as XlsxWriterWorkbook

from hjemmekontor import tables
from hjemmekontor.tables import Limits, Table, TableError, infer_types, read_table
from tests.web.test_upload_limits import xlsx_bomb, xlsx_rows

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "people"
NORWEGIAN_EXCEL = EXAMPLES / "ansatte-eksempel.csv"
UTF8_COMMAS = EXAMPLES / "employees-example-utf8.csv"


def cells(table: Table) -> list[list[str]]:
    return [row for _line, row in table.records() if row]


def xlsx(rows: list[list[Any]], **formats: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for cell, number_format in formats.items():
        sheet[cell].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Encodings


def test_a_semicolon_separated_excel_csv_in_cp1252_is_read_with_decimal_commas() -> None:
    data = "enhet;andel;dager\r\nØkonomi;37,5;3\r\nLønn;12;0\r\n".encode("cp1252")
    assert b"\xd8konomi" in data  # Ø as one Windows-1252 byte

    table = read_table(data, name="eksport.csv")
    frame, used_comma = infer_types(table.frame(["enhet", "andel", "dager"]), decimal_comma=True)

    assert (table.format, table.encoding, table.delimiter) == ("csv", "cp1252", ";")
    assert table.decimal_comma and used_comma
    assert frame["enhet"].to_list() == ["Økonomi", "Lønn"]
    assert frame["andel"].to_list() == [37.5, 12.0]
    assert frame["dager"].dtype == pl.Int64


def test_a_decimal_comma_is_not_read_as_one_in_a_comma_separated_file() -> None:
    table = read_table(b'a,b\n"37,5",x\n', name="d.csv")

    frame, used_comma = infer_types(table.frame(["a", "b"]), decimal_comma=table.decimal_comma)

    assert not table.decimal_comma and not used_comma
    assert frame["a"].to_list() == ["37,5"]


@pytest.mark.parametrize(
    ("prefix", "codec"), [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8-sig")], ids=["plain", "BOM"]
)
def test_utf8_with_and_without_a_byte_order_mark_is_told_apart_and_the_mark_is_dropped(
    prefix: bytes, codec: str
) -> None:
    table = read_table(prefix + "navn,enhet\nÅse,Øst\n".encode(), name="d.csv")

    assert table.encoding == codec
    assert cells(table) == [["navn", "enhet"], ["Åse", "Øst"]]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read_in_either_byte_order(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + "navn\tenhet\r\nÅse\tØst\r\n".encode(codec)

    table = read_table(data, name="d.txt")

    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert cells(table) == [["navn", "enhet"], ["Åse", "Øst"]]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_with_line_and_byte() -> None:
    # 0x81 is neither valid UTF-8 here nor defined in Windows-1252.
    with pytest.raises(TableError) as caught:
        read_table(b"navn;epost\r\nOla;o@x.example\r\nA\x81se;a@x.example\r\n")

    error = caught.value
    assert (error.code, error.line, error.params["byte"], error.params["column"]) == (
        "undecodable",
        3,
        0x81,
        2,
    )
    assert "verken UTF-8 eller Windows-1252" in error.message


def test_a_byte_order_mark_on_bytes_that_are_not_utf8_is_refused() -> None:
    with pytest.raises(TableError, match="UTF-8-merke") as caught:
        read_table(codecs.BOM_UTF8 + b"a;b\n\xf8;1\n")
    assert caught.value.code == "undecodable"


def test_a_zero_byte_means_it_is_not_a_text_file() -> None:
    with pytest.raises(TableError, match="ikke ut til å være en tekstfil") as caught:
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="bilde.csv")
    assert caught.value.code == "binary"


def test_a_forced_encoding_is_used_and_refused_with_the_codec_when_it_does_not_fit() -> None:
    data = "navn;enhet\nÅse;Øst\n".encode("cp1252")
    assert read_table(data, encoding="latin-1").encoding == "latin-1"
    with pytest.raises(TableError, match="kan ikke leses som utf-8") as caught:
        read_table(data, encoding="utf-8")
    assert caught.value.code == "encoding"


@pytest.mark.parametrize("data", [b"", b" \r\n\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_a_file_with_nothing_in_it_is_refused_as_empty(data: bytes) -> None:
    with pytest.raises(TableError, match="er tom") as caught:
        read_table(data, name="tom.csv")
    assert caught.value.code == "empty"


# ---------------------------------------------------------------------------
# Separators and records


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_each_separator_is_found_by_a_consistent_field_count(delimiter: str) -> None:
    rows = [["a", "b", "c"], ["1", "x, y; z", "3"], ["4", "z", "6"]]
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in r) for r in rows)

    table = read_table(text.encode() + b"\n")

    assert table.delimiter == delimiter
    assert cells(table) == rows


def test_a_pipe_is_a_separator_only_for_a_caller_that_asks_for_it() -> None:
    data = b"a|b\n1|2\n"
    assert read_table(data).delimiter == ";"
    assert cells(read_table(data)) == [["a|b"], ["1|2"]]
    assert read_table(data, delimiters=(";", ",", "\t", "|")).delimiter == "|"


def test_a_tie_between_separators_goes_to_the_semicolon_of_norwegian_excel() -> None:
    # Both "," and ";" split every line into two fields.
    data = b"Etternavn, fornavn;E-post\nNordmann, Kari;k@x.example\n"

    table = read_table(data)

    assert table.delimiter == ";"
    assert cells(table)[1] == ["Nordmann, Kari", "k@x.example"]


def test_a_forced_separator_is_used_as_given() -> None:
    assert read_table(b"a,b;c\n1,2;3\n", delimiter=",").delimiter == ","


def test_a_quoted_cell_spanning_lines_keeps_the_line_its_record_starts_on() -> None:
    data = b'navn;kommentar\r\n"Kari";"to\r\nlinjer"\r\n\r\nOla;x\r\n'

    table = read_table(data)

    assert list(table.records()) == [
        (1, ["navn", "kommentar"]),
        (2, ["Kari", "to\r\nlinjer"]),
        (4, []),
        (5, ["Ola", "x"]),
    ]
    frame = table.frame(["navn", "kommentar"], line_column="_line")
    assert frame["_line"].to_list() == [2, 5]


def test_the_frame_refuses_a_record_wider_than_the_header_with_its_line() -> None:
    table = read_table(b'a,b\n1,"to\nlinjer"\n3,4,5\n', delimiter=",")

    with pytest.raises(TableError, match="raden har 3 felt, men overskriften har 2") as caught:
        table.frame(["a", "b"])

    assert (caught.value.code, caught.value.line) == ("ragged", 4)


def test_the_frame_pads_a_short_record_unless_the_width_must_be_exact() -> None:
    table = read_table(b"a;b;c\n1;2;3\n4\n5;6;7;\n")

    frame = table.frame(["a", "b", "c"])

    assert frame.rows() == [("1", "2", "3"), ("4", "", ""), ("5", "6", "7")]
    with pytest.raises(TableError) as caught:
        table.frame(["a", "b", "c"], exact_width=True)
    assert caught.value.line == 3


def test_a_large_file_becomes_a_frame_in_chunks_with_every_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tables, "_CHUNK_ROWS", 7)
    data = ("n;x\n" + "".join(f"{i};v{i}\n" for i in range(30))).encode()

    frame = read_table(data).frame(["n", "x"], line_column="line")

    assert frame.height == 30
    assert frame["line"].to_list() == list(range(2, 32))
    assert frame["x"][-1] == "v29"


def test_a_csv_fault_names_its_line() -> None:
    table = read_table(b"a,b\n1,2\n" + b"x," + b'"' + b"y" * 200_000 + b"\n", delimiter=",")
    with pytest.raises(TableError, match="CSV-feil") as caught:
        list(table.records())
    assert caught.value.code == "csv"
    assert caught.value.line is not None


def test_numbers_keep_leading_zeros_and_one_late_text_keeps_the_column_as_text() -> None:
    frame = pl.DataFrame(
        {"kommune": ["0301", "1103"], "n": [" 5", "x"], "tall": ["-5", ""], "f": ["1.5", "2"]}
    )

    typed, _ = infer_types(frame, decimal_comma=False)

    assert typed["kommune"].to_list() == ["0301", "1103"]
    assert typed["n"].to_list() == ["5", "x"]
    assert typed["tall"].to_list() == [-5, None]
    assert typed["f"].to_list() == [1.5, 2.0]


# ---------------------------------------------------------------------------
# XLSX


def test_xlsx_cells_become_text_with_iso_dates_and_whole_numbers_without_a_point() -> None:
    # Excel cells hold wall-clock times without a zone.
    midnight = dt.datetime(2026, 3, 3, tzinfo=dt.UTC).replace(tzinfo=None)
    data = xlsx(
        [
            ["navn", "født", "start", "klokka", "antall", "andel", "leder", "", ""],
            [
                "Åse",
                dt.date(1980, 2, 1),
                midnight,
                dt.time(8, 30),
                1002.0,
                37.5,
                True,
                None,
                None,
            ],
            [],
            ["Ola"],
        ]
    )

    table = read_table(data, name="ansatte.xlsx")

    assert (table.format, table.sheet, table.encoding, table.decimal_comma) == (
        "xlsx",
        "Sheet",
        None,
        False,
    )
    assert list(table.records()) == [
        (1, ["navn", "født", "start", "klokka", "antall", "andel", "leder"]),
        (2, ["Åse", "1980-02-01", "2026-03-03T00:00:00", "08:30:00", "1002", "37.5", "true"]),
        (3, []),
        (4, ["Ola", "", "", "", "", "", ""]),
    ]


def test_an_xlsx_formula_gives_its_cached_value_or_else_its_text_and_is_never_run() -> None:
    buffer = io.BytesIO()
    book = XlsxWriterWorkbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["navn"])
    # The cached result differs from what the formula computes: reading it proves
    # the formula itself was never run.
    sheet.write_formula(1, 0, '=CONCATENATE("Ev";"il")', None, "Kari Nordmann")
    book.close()
    # openpyxl writes a formula without computing it, as a hostile file would.
    uncached = xlsx([["navn"], ['=HYPERLINK("http://evil.example")']])

    assert cells(read_table(buffer.getvalue()))[1] == ["Kari Nordmann"]
    assert cells(read_table(uncached))[1] == ['=HYPERLINK("http://evil.example")']


def test_a_named_sheet_is_read_and_an_unknown_one_is_refused_naming_those_there() -> None:
    path_data = io.BytesIO()
    frame = pl.DataFrame({"enhet": ["Øst", "Vest"], "svar": [1, 2]})
    with XlsxWriterWorkbook(path_data, {"in_memory": True}) as book:
        frame.write_excel(book, worksheet="Først")
        frame.with_columns(pl.col("svar") * 10).write_excel(book, worksheet="Andre")
    data = path_data.getvalue()

    assert cells(read_table(data))[1] == ["Øst", "1"]
    second = read_table(data, sheet="Andre")
    assert second.sheet == "Andre" and cells(second)[1] == ["Øst", "10"]
    with pytest.raises(TableError, match="arket «Tredje» finnes ikke; arkene heter Først, Andre"):
        read_table(data, sheet="Tredje")


def test_a_sheet_with_nothing_in_it_is_refused_by_its_name() -> None:
    table = read_table(xlsx([]))
    with pytest.raises(TableError, match="arket «Sheet» er tomt"):
        table.header()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"PK\x03\x04 not really a zip", "ansatte.xlsx", "xlsx"),
        (b"not a zip", "timer.xlsx", "xlsx"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "ansatte.xls", "xls"),
    ],
    ids=["broken zip", "text called .xlsx", "old .xls"],
)
def test_a_broken_xlsx_a_text_called_xlsx_and_an_old_xls_are_refused(
    data: bytes, name: str, code: str
) -> None:
    with pytest.raises(TableError) as caught:
        read_table(data, name=name)
    assert caught.value.code == code


# ---------------------------------------------------------------------------
# Limits


def test_a_file_over_the_raw_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    limits = Limits(raw_bytes=2 * 1024 * 1024)
    big = b"navn;epost\r\n" + b"x" * (3 * 1024 * 1024)
    with pytest.raises(TableError, match="er 3 MB; grensen er 2 MB") as caught:
        read_table(big, limits=limits)
    assert caught.value.is_limit and caught.value.code == "too_large"
    path = tmp_path / "stor.csv"
    path.write_bytes(big)
    with pytest.raises(TableError, match="grensen er 2 MB"):
        read_table(path, limits=limits)


def test_a_csv_with_more_lines_than_the_row_limit_is_refused() -> None:
    data = ("navn;epost\r\n" + "".join(f"P{n};p{n}@x.example\r\n" for n in range(60))).encode()
    with pytest.raises(TableError, match="mer enn 50 rader; grensen er 50") as caught:
        read_table(data, limits=Limits(rows=50))
    assert caught.value.code == "too_many_rows"
    assert len(cells(read_table(data, limits=Limits(rows=61)))) == 61


def test_an_xlsx_bomb_is_refused_by_its_unpacked_size_before_openpyxl_opens_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = xlsx_bomb(unpacked_mb=30)
    assert len(bomb) < 300 * 1024

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the bomb was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(TableError, match="grensen er 20 MB utpakket") as caught:
        read_table(bomb, name="ansatte.xlsx", limits=Limits(unpacked_bytes=20 * 1024 * 1024))

    assert caught.value.code == "unpacked" and caught.value.is_limit
    assert caught.value.params["size"] > 20 * 1024 * 1024


def test_an_xlsx_part_packed_far_tighter_than_a_spreadsheet_is_refused() -> None:
    with pytest.raises(TableError, match="pakket mer enn 100 ganger") as caught:
        read_table(xlsx_bomb(unpacked_mb=8), limits=Limits(compression_ratio=100))
    assert caught.value.code == "packed"


def test_an_xlsx_with_more_rows_than_the_limit_is_refused_and_one_under_it_is_read() -> None:
    with pytest.raises(TableError, match="mer enn 50 rader") as caught:
        read_table(xlsx_rows(60), limits=Limits(rows=50))
    assert caught.value.code == "too_many_rows"
    assert len(cells(read_table(xlsx_rows(40), limits=Limits(rows=50)))) == 41


def test_xlsx_cells_past_the_column_limit_are_not_read() -> None:
    table = read_table(xlsx([["a", "b", "c"], [1, 2, 3]]), limits=Limits(columns=2))
    assert cells(table) == [["a", "b"], ["1", "2"]]


def test_the_reader_runs_without_django() -> None:
    script = textwrap.dedent(
        """
        import importlib.abc
        import sys

        class NoDjango(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == "django" or name.startswith("django."):
                    raise ImportError("django is not installed here")
                return None

        sys.meta_path.insert(0, NoDjango())
        from hjemmekontor.tables import read_table

        table = read_table("a;b\\n1;2,5\\n".encode("cp1252"))
        assert table.delimiter == ";" and table.decimal_comma
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr


# ---------------------------------------------------------------------------
# Every caller goes through the one reader


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Table]:
    """Every table :func:`hjemmekontor.tables.read_table` returns while the test runs."""
    seen: list[Table] = []
    real = tables.read_table

    def spy(*args: Any, **kwargs: Any) -> Table:
        table = real(*args, **kwargs)
        seen.append(table)
        return table

    monkeypatch.setattr(tables, "read_table", spy)
    return seen


@pytest.mark.parametrize("example", [NORWEGIAN_EXCEL, UTF8_COMMAS], ids=lambda p: p.name)
def test_the_people_time_and_analysis_imports_read_the_same_bytes_into_the_same_table(
    reads: list[Table], example: Path, tmp_path: Path
) -> None:
    from hjemmekontor.analysis.io import read_survey
    from hjemmekontor.organisation.importing import parse_people_file
    from hjemmekontor.timesheets.importing import ImportFileError, parse_upload
    from hjemmekontor.worktime.files import read_table as read_time_table

    data = example.read_bytes()
    path = tmp_path / example.name
    path.write_bytes(data)

    people = parse_people_file(data, example.name, len(data), this_year=2025)
    time_frame = read_time_table(path)
    survey = read_survey(path)
    # Not a time file: refused for its columns, after the reader has read it.
    with pytest.raises(ImportFileError, match="mangler kolonne"):
        parse_upload(data, example.name)

    assert len(reads) == 4
    first = reads[0]
    for table in reads[1:]:
        assert (table.format, table.encoding, table.delimiter) == (
            first.format,
            first.encoding,
            first.delimiter,
        )
        assert list(table.records()) == list(first.records())
    # And the three libraries see the same cells in the same lines.
    _line, header = first.header()
    names = "Navn" if "Navn" in header else "name"
    assert [row.cells["name"] for row in people.rows] == time_frame[names].to_list()
    assert survey.frame[names].to_list() == time_frame[names].to_list()
    assert [row.line for row in people.rows] == time_frame["_line"].to_list()
    assert survey.encoding == first.encoding and survey.delimiter == first.delimiter


def test_a_workbook_without_formulas_is_opened_once(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[bool] = []
    real = openpyxl.load_workbook

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened.append(kwargs["data_only"])
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", counting)
    read_table(xlsx([["a"], [1]]))
    assert opened == [True]
    read_table(xlsx([["a"], ["=1+1"]]))
    assert opened == [True, True, False]
