"""Reading survey files: every format, every encoding, and errors that say where."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import polars as pl
import pyreadstat
import pytest

from hjemmekontor.analysis.exportfile import read_response_export
from hjemmekontor.analysis.io import InputError, read_survey


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_windows_1252_file_with_norwegian_letters_is_detected_and_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "hr.csv", "navn;enhet\nBjørn;Økonomi\nÅse;Fløy\n", "cp1252")
    data = read_survey(path)
    assert data.encoding == "cp1252"
    assert data.delimiter == ";"
    assert data.frame["navn"].to_list() == ["Bjørn", "Åse"]
    assert data.metadata()["encoding"] == "cp1252"


def test_utf8_with_bom_keeps_the_first_column_name_clean(tmp_path: Path) -> None:
    path = _write(tmp_path / "bom.csv", "\ufeffenhet,svar\nØst,1\n")
    data = read_survey(path)
    assert data.encoding == "utf-8-sig"
    assert data.frame.columns == ["enhet", "svar"]
    assert data.frame["enhet"].to_list() == ["Øst"]


def test_semicolon_file_with_decimal_comma_gives_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path / "komma.csv", "enhet;andel;dager\nA;37,5;3\nB;12;0\n")
    data = read_survey(path)
    assert data.decimal_comma
    assert data.frame["andel"].dtype == pl.Float64
    assert data.frame["andel"].to_list() == [37.5, 12.0]
    assert data.frame["dager"].dtype == pl.Int64


@pytest.mark.parametrize("delimiter", [",", "\t", "|", ";"])
def test_every_common_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    rows = ["a", "b", "c"], ["1", "x y", "3"], ["4", "z", "6"]
    path = _write(tmp_path / "d.csv", "\n".join(delimiter.join(r) for r in rows) + "\n")
    data = read_survey(path)
    assert data.delimiter == delimiter
    assert data.frame.columns == ["a", "b", "c"]
    assert data.frame["a"].to_list() == [1, 4]


def test_quoted_fields_with_line_breaks_and_commas_survive(tmp_path: Path) -> None:
    text = 'id,comment,score\n1,"Bra, men\nfor mange møter",4\n2,"Sa ""nei""",5\n'
    data = read_survey(_write(tmp_path / "q.csv", text))
    assert data.frame["comment"].to_list() == ["Bra, men\nfor mange møter", 'Sa "nei"']
    assert data.frame["score"].to_list() == [4, 5]


def test_formulas_stay_text_and_leading_zeros_are_kept(tmp_path: Path) -> None:
    text = "kommune,felt,tall\n0301,=SUM(A1:A9),-5\n1103,@cmd,7\n"
    data = read_survey(_write(tmp_path / "f.csv", text))
    assert data.frame["kommune"].to_list() == ["0301", "1103"]
    assert data.frame["felt"].to_list() == ["=SUM(A1:A9)", "@cmd"]
    assert data.frame["tall"].to_list() == [-5, 7]


def test_one_text_value_far_down_keeps_the_column_as_text(tmp_path: Path) -> None:
    lines = ["x"] + [str(i) for i in range(5000)] + ["ukjent"]
    data = read_survey(_write(tmp_path / "late.csv", "\n".join(lines) + "\n"))
    assert data.frame["x"].dtype == pl.String
    assert data.frame["x"][-1] == "ukjent"


def test_ragged_row_names_file_and_physical_line(tmp_path: Path) -> None:
    text = 'a,b\n1,"to\nlinjer"\n3,4,5\n'
    with pytest.raises(InputError) as info:
        read_survey(_write(tmp_path / "ragged.csv", text))
    assert info.value.line == 4
    assert "ragged.csv" in str(info.value)
    assert "linje 4" in str(info.value)
    assert "3 felt" in str(info.value)


@pytest.mark.parametrize("content", ["", "\n\n", "\ufeff"])
def test_empty_file_is_refused_by_name(tmp_path: Path, content: str) -> None:
    path = _write(tmp_path / "tom.csv", content)
    with pytest.raises(InputError, match=r"tom\.csv.*er tom"):
        read_survey(path)


def test_header_without_rows_and_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ingen datarader"):
        read_survey(_write(tmp_path / "h.csv", "a,b\n"))
    with pytest.raises(InputError, match=r"ukjent filtype «\.pdf»"):
        read_survey(_write(tmp_path / "x.pdf", "a"))
    with pytest.raises(InputError, match="finnes ikke"):
        read_survey(tmp_path / "borte.csv")


def test_repeated_column_names_are_renamed_with_a_note(tmp_path: Path) -> None:
    data = read_survey(_write(tmp_path / "dup.csv", "Why?,x,Why?\na,1,b\n"))
    assert data.frame.columns == ["Why?", "x", "Why? (2)"]
    assert data.frame["Why? (2)"].to_list() == ["b"]
    assert "Why? (2)" in data.notes[0]


def test_gzip_and_zip_with_one_csv_are_read(tmp_path: Path) -> None:
    text = "a;b\n1;2,5\n".encode("cp1252")
    gz = tmp_path / "d.csv.gz"
    gz.write_bytes(gzip.compress(text))
    assert read_survey(gz).frame["b"].to_list() == [2.5]
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("inner/data.csv", text)
        z.writestr("__MACOSX/inner/._data.csv", b"junk")
    data = read_survey(archive)
    assert data.compression == "zip"
    assert data.frame["a"].to_list() == [1]
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as z:
        z.writestr("a.csv", "x\n1\n")
        z.writestr("b.csv", "x\n2\n")
    with pytest.raises(InputError, match="nøyaktig én CSV"):
        read_survey(two)


def test_xlsx_first_sheet_named_sheet_and_unknown_sheet(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    frame = pl.DataFrame({"enhet": ["Øst", "Vest"], "svar": [1, 2]})
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as book:
        frame.write_excel(book, worksheet="Først")
        frame.with_columns(pl.col("svar") * 10).write_excel(book, worksheet="Andre")
    assert read_survey(path).frame["svar"].to_list() == [1, 2]
    second = read_survey(path, sheet="Andre")
    assert second.sheet == "Andre"
    assert second.frame["svar"].to_list() == [10, 20]
    with pytest.raises(InputError, match="arket «Tredje» finnes ikke; arkene heter Først, Andre"):
        read_survey(path, sheet="Tredje")


def test_spss_and_stata_files_keep_value_labels(tmp_path: Path) -> None:
    import pandas as pd

    df = pd.DataFrame(
        {"kjonn": [1.0, 2.0, 1.0], "alder": [34.5, None, 51.0], "navn": ["Åse", "", "Per"]}
    )
    sav = tmp_path / "d.sav"
    pyreadstat.write_sav(
        df, str(sav), variable_value_labels={"kjonn": {1.0: "kvinne", 2.0: "mann"}}
    )
    data = read_survey(sav)
    assert data.format == "sav"
    assert data.frame["kjonn"].dtype == pl.Int64
    assert data.value_labels["kjonn"] == {1: "kvinne", 2: "mann"}
    assert data.frame["alder"].to_list() == [34.5, None, 51.0]
    assert data.frame["navn"].to_list() == ["Åse", None, "Per"]
    dta = tmp_path / "d.dta"
    pyreadstat.write_dta(df, str(dta), variable_value_labels={"kjonn": {1: "kvinne", 2: "mann"}})
    data = read_survey(dta)
    assert data.format == "dta"
    assert data.value_labels["kjonn"][2] == "mann"


def test_parquet_round_trip_and_garbage_parquet(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    pl.DataFrame({"a": [1, 2]}).write_parquet(path)
    assert read_survey(path).frame["a"].to_list() == [1, 2]
    bad = _write(tmp_path / "bad.parquet", "not parquet")
    with pytest.raises(InputError, match="Parquet"):
        read_survey(bad)


def test_response_export_is_read_without_codebook(tmp_path: Path) -> None:
    text = (
        "unit,gender,age_group,is_manager,ho_freq,ho_place_own_home,ho_place_cabin,sick_days\n"
        "Oslo/Salg,female,30-39,false,1_day_week,1,0,3\n"
        "Oslo/Salg,,60+,true,never,0,0,0\n"
    )
    data = read_response_export(_write(tmp_path / "export.csv", text))
    assert data.format == "response_export"
    assert data.frame["is_manager"].to_list() == [False, True]
    assert data.frame["ho_place_own_home"].to_list() == [1, 0]
    assert data.frame["gender"].to_list() == ["female", None]
    bad = _write(tmp_path / "bad.csv", text.replace("true,never", "kanskje,never"))
    with pytest.raises(InputError, match=r"linje 3, kolonne «is_manager»") as info:
        read_response_export(bad)
    assert info.value.value == "kanskje"
    with pytest.raises(InputError, match="mangler kolonnene is_manager"):
        read_response_export(_write(tmp_path / "n.csv", "unit,gender,age_group\na,b,c\n"))
