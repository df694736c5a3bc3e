"""The `hjemmekontor analyze` command: contract, output and exit codes."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from hjemmekontor.commands import analyze

ROOT = Path(__file__).resolve().parents[2]


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    analyze.add_arguments(parser)
    return analyze.run(parser.parse_args([*argv, "--quiet"]))


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    rows = ["unit;gender;ho_freq;sick_days;comment"]
    freqs = ["never", "monthly", "1_day_week", "3_4_days_week"]
    for i in range(40):
        unit = "Drift" if i < 37 else "Økonomi"
        rows.append(f"{unit};{'female' if i % 2 else 'male'};{freqs[i % 4]};{i % 7};=1+1")
    path = tmp_path / "runde.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    return path


def test_ad_hoc_estimates_by_group_are_written_as_json_with_the_total(
    survey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "res.json"
    code = _run([str(survey), "--by", "unit", "--estimate", "mean:sick_days", "--out", str(out)])
    assert code == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    rows = [r for r in result["estimates"] if r["variable"] == "sick_days"]
    for row in rows:
        assert {
            "statistic",
            "variable",
            "by",
            "estimate",
            "se",
            "ci_low",
            "ci_high",
            "n",
            "suppressed",
        } <= set(row)
    total = [r for r in rows if not any(v is not None for v in r["by"].values())]
    assert len(total) == 1
    expected = pl.read_csv(survey, separator=";", encoding="cp1252")["sick_days"].mean()
    assert total[0]["estimate"] == pytest.approx(expected, rel=1e-12)
    small = [r for r in rows if r["by"].get("unit") == "Økonomi"]
    assert small[0]["suppressed"] and small[0]["estimate"] is None
    printed = capsys.readouterr().out
    assert "—  (færre enn 5 svar)" in printed
    assert "unit=Økonomi" in printed


def test_share_estimate_to_csv_and_xlsx(survey: Path, tmp_path: Path) -> None:
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"res{suffix}"
        assert (
            _run(
                [
                    str(survey),
                    "--estimate",
                    "share:ho_freq=1_day_week,3_4_days_week",
                    "--out",
                    str(out),
                ]
            )
            == 0
        )
        assert out.stat().st_size > 0
    table = pl.read_csv(tmp_path / "res.csv")
    share = table.filter((pl.col("variable") == "ho_freq") & (pl.col("statistic") == "share"))
    assert share["estimate"][0] == pytest.approx(0.5)


def test_unknown_column_is_a_data_error_naming_file_and_column(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run([str(survey), "--by", "avdeling"]) == 1
    err = capsys.readouterr().err
    assert "runde.csv" in err and "«avdeling»" in err and "--by" in err


def test_text_in_a_mean_names_column_line_and_value(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run([str(survey), "--estimate", "mean:ho_freq"]) == 1
    err = capsys.readouterr().err
    assert "kolonne «ho_freq»" in err and "linje 2" in err and "'never'" in err


def test_bad_usage_exits_with_two(survey: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([str(survey), "--out", "res.pdf"]) == 2
    assert _run([str(survey), "--k", "2"]) == 2
    assert "aldri være under 3" in capsys.readouterr().err


def test_inconsistent_margins_and_bad_codebook_are_data_errors(
    survey: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    margins = tmp_path / "m.csv"
    margins.write_text("variable,category,count\ngender,female,10\ngender,male,10\nunit,Drift,25\n")
    assert _run([str(survey), "--rake", str(margins)]) == 1
    assert "gender = 20, unit = 25" in capsys.readouterr().err
    codebook = tmp_path / "cb.yaml"
    codebook.write_text("variables:\n  home_days:\n    from: sick_days\n")
    assert _run([str(survey), "--codebook", str(codebook)]) == 1
    err = capsys.readouterr().err
    assert "cb.yaml" in err and "variables.home_days" in err


def test_the_console_command_runs_in_a_subprocess(survey: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hjemmekontor.cli",
            "analyze",
            str(survey),
            "--estimate",
            "mean:sick_days",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "sick_days" in done.stdout
    assert "Analyserer" in done.stderr  # progress goes to stderr
