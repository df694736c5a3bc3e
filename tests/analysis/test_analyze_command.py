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


def _printed_rows(out: str, variable: str) -> list[str]:
    return [line for line in out.splitlines() if line.split()[1:2] == [variable]]


def test_a_mean_and_a_total_of_one_variable_are_both_shown(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run([str(survey), "--estimate", "mean:sick_days", "--estimate", "total:sick_days"])
    assert code == 0
    rows = _printed_rows(capsys.readouterr().out, "sick_days")
    assert [row.split()[0] for row in rows] == ["mean", "total"]


def test_a_column_named_like_a_score_is_used_alone_and_refused_beside_other_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alone = tmp_path / "alone.csv"
    alone.write_text("meaning\n" + "\n".join(str(v) for v in range(10, 90, 5)) + "\n")
    assert _run([str(alone), "--estimate", "mean:meaning"]) == 0
    assert len(_printed_rows(capsys.readouterr().out, "meaning")) == 1
    beside = tmp_path / "beside.csv"
    beside.write_text(
        "meaning,meaning_1,meaning_2\n" + "".join(f"{v},3,4\n" for v in range(10, 90, 5))
    )
    assert _run([str(beside), "--estimate", "mean:meaning"]) == 1
    err = capsys.readouterr().err
    assert "«meaning» har samme navn som skåren" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("weight", ["1e-300", "1e300", "-2", "NaN"])
def test_every_bad_weight_is_a_one_line_error_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], weight: str
) -> None:
    data = tmp_path / "w.csv"
    data.write_text("y,w\n" + "".join(f"{i},1\n" for i in range(8)) + f"9,{weight}\n")
    assert _run([str(data), "--weight", "w", "--estimate", "mean:y"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "rad 9" in err


def test_clusters_crosses_and_the_share_interval_are_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ["y,g,h,c"] + [f"{i % 2},{'ab'[i % 2]},{'xy'[(i // 2) % 2]},{i % 6}" for i in range(48)]
    data = tmp_path / "c.csv"
    data.write_text("\n".join(rows) + "\n")
    out = tmp_path / "r.json"
    argv = [str(data), "--estimate", "share:y=1", "--by", "g*h", "--cluster", "c"]
    assert _run([*argv, "--ci", "kg", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["metadata"]["clusters"] == "c"
    assert result["metadata"]["share_interval"] == "kg"
    crossed = [r for r in result["estimates"] if r["breakdown"] == "g×h"]
    assert {(r["by"]["g"], r["by"]["h"]) for r in crossed} == {
        ("a", "x"),
        ("a", "y"),
        ("b", "x"),
        ("b", "y"),
    }
    total = next(r for r in result["estimates"] if r["breakdown"] == "" and r["variable"] == "y")
    assert 0 < total["ci_low"] < total["estimate"] < total["ci_high"] < 1
    capsys.readouterr()
    assert _run([str(data), "--by", "g*"]) == 2
    assert "KOLONNE*KOLONNE" in capsys.readouterr().err


def test_synth_output_is_analysed_with_its_own_margins_at_100000_employees(
    tmp_path: Path,
) -> None:
    # Some small units have population but no respondents: merged into their
    # parent with a note, or refused with a clear message on request.
    out = tmp_path / "synth"
    subprocess.run(
        [sys.executable, "-m", "hjemmekontor.cli", "synth", "--size", "100000", "--seed", "1",
         "--out", str(out), "--format", "csv"],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    base = [
        sys.executable, "-m", "hjemmekontor.cli", "analyze",
        str(out / "responses_round2_employee.csv"), "--rake", str(out / "margins.csv"),
        "--quiet",
    ]  # fmt: skip
    done = subprocess.run(
        [*base, "--units", str(out / "units.csv"),
         "--compare-to", str(out / "responses_round1_employee.csv"),
         "--compare-margins", str(out / "margins_round1.csv")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stdout.splitlines() if line.startswith("Merknad:")]
    assert notes and all("men ingen svar; slått sammen med" in n for n in notes)
    assert any(n.startswith("Merknad: forrige runde:") for n in notes)
    assert "siden forrige runde" in done.stdout
    refused = subprocess.run(
        [*base, "--no-collapse-empty"], capture_output=True, text=True, timeout=300, check=False
    )
    assert refused.returncode == 1
    assert "men ingen respondenter" in refused.stderr
    assert "Traceback" not in refused.stderr
