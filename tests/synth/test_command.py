"""`hjemmekontor synth`: good runs, and bad input that leaves nothing behind."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from hjemmekontor.commands import synth


def call(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    synth.add_arguments(parser)
    return synth.run(parser.parse_args(list(argv)))


def test_it_writes_every_file_and_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert call("--size", "120", "--seed", "3", "--out", str(out), "--format", "csv") == 0
    names = {p.name for p in out.iterdir()}
    assert {"people.csv", "units.csv", "margins.csv", "manifest.json"} <= names
    assert "responses_round2_employee.csv" in names
    assert not any(name.endswith(".parquet") for name in names)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["size"] == 120
    assert "Skrev" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]  # no temporary folder left


def test_it_creates_missing_parent_folders(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "demo"
    assert call("--size", "60", "--seed", "1", "--out", str(out), "--format", "parquet") == 0
    assert (out / "responses_round1_employee.parquet").exists()


@pytest.mark.parametrize(
    ("size", "seed", "message"),
    [
        ("49", "1", "--size må være mellom 50 og 1 000 000"),
        ("1000001", "1", "--size må være mellom 50 og 1 000 000"),
        ("ti", "1", "--size må være et heltall, ikke «ti»"),
        ("2.5", "1", "--size må være et heltall"),
        ("100", "abc", "--seed må være et heltall, ikke «abc»"),
        ("100", "1.0", "--seed må være et heltall"),
        ("100", "-4", "--seed kan ikke være negativt"),
    ],
)
def test_bad_size_or_seed_is_refused_in_bokmal_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: str, seed: str, message: str
) -> None:
    out = tmp_path / "demo"
    assert call("--size", size, "--seed", seed, "--out", str(out)) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    assert call("--size", "60", "--seed", "1", "--out", str(out), "--format", "csv") == 0
    before = (out / "people.csv").read_bytes()
    assert call("--size", "80", "--seed", "2", "--out", str(out)) == 2
    assert "finnes allerede. Bruk --force" in capsys.readouterr().err
    assert (out / "people.csv").read_bytes() == before
    assert call("--size", "80", "--seed", "2", "--out", str(out), "--force") == 0
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["size"] == 80
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]


def test_force_never_replaces_a_folder_with_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_text("precious", encoding="utf-8")
    assert call("--size", "60", "--seed", "1", "--out", str(out), "--force") == 2
    assert "erstattes ikke" in capsys.readouterr().err
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_a_file_in_the_way_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    assert call("--size", "60", "--seed", "1", "--out", str(blocker)) == 2
    assert "ikke en mappe" in capsys.readouterr().err
    assert call("--size", "60", "--seed", "1", "--out", str(blocker / "demo")) == 2
    assert "ikke en mappe" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


def test_an_unwritable_place_gives_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    # /proc accepts no new folders, not even from root.
    assert call("--size", "60", "--seed", "1", "--out", "/proc/hjemmekontor-synth-test") != 0
    assert "hjemmekontor synth: feil:" in capsys.readouterr().err
    assert not Path("/proc/hjemmekontor-synth-test").exists()


def test_a_failure_while_writing_leaves_no_half_written_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "demo"
    with pytest.raises(ValueError, match="Ukjent format"):
        synth.generate_into(out, 60, 1, ("xlsx",), force=False)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_with_force_keeps_the_earlier_output(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert call("--size", "60", "--seed", "1", "--out", str(out), "--format", "csv") == 0
    before = sorted(p.name for p in out.iterdir())
    with pytest.raises(ValueError, match="Ukjent format"):
        synth.generate_into(out, 70, 2, ("xlsx",), force=True)
    assert sorted(p.name for p in out.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]


def test_the_command_has_a_one_line_help() -> None:
    assert synth.__doc__ is not None
    assert synth.__doc__.splitlines()[0].startswith("Lag en syntetisk demo-organisasjon")


def test_the_console_command_dispatches_to_synth(tmp_path: Path) -> None:
    from hjemmekontor.cli import main

    out = tmp_path / "demo"
    assert main(["synth", "--size", "55", "--seed", "8", "--out", str(out), "--format", "csv"]) == 0
    assert (out / "people.csv").exists()
    assert main(["synth", "--size", "5", "--seed", "8", "--out", str(tmp_path / "x")]) == 2
