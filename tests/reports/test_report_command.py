"""`hjemmekontor report`: each format to a file, and clear errors for bad input."""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

import pytest

from hjemmekontor import cli
from hjemmekontor.commands import report
from tests.reports.conftest import Demo, unit_at


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    parser = cli.build_parser(["report"])
    args = parser.parse_args(["report", *argv])
    code = report.run(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("fmt", ["pdf", "html", "xlsx", "csv"])
def test_the_command_writes_each_format_for_a_unit_given_by_code(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    unit = unit_at("IT og digitalisering/Drift")
    out = tmp_path / f"drift.{fmt}"
    code, stdout, err = run(
        capsys, "--round", str(demo.closed.pk), "--unit", unit.code, "--out", str(out)
    )
    assert code == 0, err
    assert f"Skrev {out}" in stdout
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
    elif fmt == "html":
        assert b"IT og digitalisering/Drift" in data and b"<style>" in data
    elif fmt == "xlsx":
        assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    else:
        assert data.startswith(b"\xef\xbb\xbf") and "Hovedtall" in data.decode("utf-8-sig")


def test_round_by_name_unit_by_path_and_format_by_option(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rapport.bin"
    code, _, err = run(
        capsys,
        "--round",
        demo.closed.name,
        "--unit",
        "IT og digitalisering/Drift",
        "--lang",
        "en",
        "--format",
        "html",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert b'<html lang="en">' in out.read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--round", "Finnes ikke"], "--round «Finnes ikke»: fant ingen slik runde"),
        (["--round", "999999"], "fant ingen slik runde"),
        (["--unit", "NOPE"], "--unit «NOPE»: fant ingen enhet"),
        (["--open"], "resultater finnes først når runden er stengt"),
    ],
)
def test_bad_rounds_and_units_fail_with_a_message_and_write_nothing(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    out = tmp_path / "r.pdf"
    if argv == ["--open"]:
        argv = ["--round", str(demo.open.pk)]
    if "--round" not in argv:
        argv = ["--round", str(demo.closed.pk), *argv]
    code, _, err = run(capsys, *argv, "--out", str(out))
    assert code == 1
    assert message in err and err.startswith("Feil: ")
    assert not out.exists()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("/nonexistent-folder/r.pdf", "mappen /nonexistent-folder finnes ikke"),
        ("/proc/r.pdf", "--out /proc/r.pdf: kan ikke skrive fila"),
        ("{tmp}", "er en mappe, ikke en fil"),
        ("{tmp}/r.docx", "ukjent filendelse «.docx»"),
    ],
)
def test_an_output_path_that_cannot_be_written_fails_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str, message: str
) -> None:
    # No database is touched: the path is checked first.
    code, _, err = run(capsys, "--round", "1", "--out", out.format(tmp=tmp_path))
    assert code == 1 and message in err


def test_the_command_is_registered_with_help() -> None:
    assert "report" in cli.available_commands()
    text = cli.build_parser(["report"]).format_help()
    assert "report" in text
    parser = argparse.ArgumentParser()
    report.add_arguments(parser)
    assert "--unit" in parser.format_help() and "--lang" in parser.format_help()
