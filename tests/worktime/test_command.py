"""`hjemmekontor worktime check` through its module's run()."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

from hjemmekontor.commands import worktime

ENTRIES = (
    "person,start,end,break_minutes,location\n"
    "anne,2026-03-02T08:00,2026-03-02T17:30,0,home\n"
    "anne,2026-03-02T21:00,2026-03-02T22:30,0,home\n"
    "bjørn,2026-03-02T08:00,2026-03-02T16:00,30,office\n"
)


def run(tmp_path: Path, *extra: str, entries: str = ENTRIES) -> tuple[int, str]:
    path = tmp_path / "entries.csv"
    path.write_text(entries, encoding="utf-8")
    parser = argparse.ArgumentParser()
    worktime.add_arguments(parser)
    args = parser.parse_args(["check", str(path), *extra])
    out = io.StringIO()
    return worktime.run(args, stdout=out), out.getvalue()


def test_summary_lists_breaches_per_rule_and_person(tmp_path):
    code, text = run(tmp_path)
    assert code == 0
    assert "3 registreringer sjekket" in text
    assert "RT-NORM-D" in text and "RT-NIGHT" in text
    assert "anne" in text and "bjørn" not in text.split("Brudd per person")[1]


def test_json_output_holds_every_breach_with_the_issue_fields(tmp_path):
    out = tmp_path / "b.json"
    code, _ = run(tmp_path, "--out", str(out))
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0
    assert {"person", "rule", "section", "start", "end", "value", "limit"} <= set(rows[0])
    night = [r for r in rows if r["rule"] == "RT-NIGHT"]
    assert night[0]["start"] == "2026-03-02T21:00:00+01:00"
    assert night[0]["value"] == 1.5


def test_csv_output_and_basis_file(tmp_path):
    basis = tmp_path / "basis.csv"
    basis.write_text("person,evening_agreement\nanne,ja\n", encoding="utf-8")
    out = tmp_path / "b.csv"
    code, _ = run(tmp_path, "--basis", str(basis), "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert code == 0
    night = [r for r in rows if r["rule"] == "RT-NIGHT"]
    assert night == []  # 21:00-22:30 is allowed with a § 10-11 (3) agreement
    assert [r["value"] for r in rows if r["rule"] == "RT-NORM-D"] == ["11.0"]


def test_bad_rows_are_listed_and_give_exit_code_1(tmp_path):
    entries = ENTRIES + "carl,2026-13-01T08:00,2026-03-02T09:00,0,home\n"
    code, text = run(tmp_path, entries=entries)
    assert code == 1
    assert "linje 5, kolonne 'start': ugyldig tidspunkt" in text


def test_missing_file_gives_exit_code_2(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    worktime.add_arguments(parser)
    args = parser.parse_args(["check", str(tmp_path / "nope.csv")])
    assert worktime.run(args, stdout=io.StringIO()) == 2
    assert "finnes ikke" in capsys.readouterr().err


def test_command_help_line_is_the_module_docstring():
    first = (worktime.__doc__ or "").splitlines()[0]
    assert first.startswith("Sjekk timeregistreringer")
