"""Files are complete, reproducible and carry nothing that points at a person."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

from hjemmekontor.synth import (
    LOADER_ONLY,
    generate_organisation,
    generate_responses,
    write_files,
)


def build(tmp: Path, size: int, seed: int, formats: tuple[str, ...] = ("csv", "parquet")) -> Path:
    org = generate_organisation(size, seed)
    answers = {r: generate_responses(org, r, seed) for r in (1, 2)}
    tmp.mkdir()
    write_files(org, answers, tmp, formats=formats)
    return tmp


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = digests(build(tmp_path / "a", 400, 9))
    second = digests(build(tmp_path / "b", 400, 9))
    assert first == second
    assert len(first) == 17


def test_a_different_seed_gives_different_files(tmp_path: Path) -> None:
    first = digests(build(tmp_path / "a", 400, 9, ("csv",)))
    other = digests(build(tmp_path / "b", 400, 10, ("csv",)))
    assert all(first[name] != other[name] for name in first if name != "manifest.json")


def test_manifest_lists_every_file_with_its_row_count(tmp_path: Path) -> None:
    folder = build(tmp_path / "out", 2_000, 4)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 4 and manifest["size"] == 2_000
    assert manifest["generator_version"]
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert set(listed) | {"manifest.json"} == {p.name for p in folder.iterdir()}
    for name, entry in listed.items():
        path = folder / name
        frame = (
            pl.read_parquet(path)
            if name.endswith(".parquet")
            else pl.read_csv(path, infer_schema_length=0)
        )
        assert frame.height == entry["rows"], name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]


def test_people_file_has_the_register_columns(tmp_path: Path) -> None:
    folder = build(tmp_path / "out", 300, 1, ("csv",))
    people = pl.read_csv(folder / "people.csv", infer_schema_length=0)
    assert people.columns == [
        "employee_number",
        "name",
        "email",
        "unit_path",
        "unit_code",
        "parent_code",
        "is_manager",
        "representative_role",
        "gender",
        "birth_year",
    ]
    assert people.height == 300
    assert set(people["is_manager"]) == {"true", "false"}
    assert set(people["representative_role"].drop_nulls()) <= {"safety", "union", "both"}


def test_response_files_match_in_csv_and_parquet_and_hold_no_identifiers(tmp_path: Path) -> None:
    folder = build(tmp_path / "out", 1_000, 2)
    csv = pl.read_csv(folder / "responses_round2_employee.csv", infer_schema_length=None)
    parquet = pl.read_parquet(folder / "responses_round2_employee.parquet")
    assert csv.columns == parquet.columns
    assert csv.columns[:5] == ["unit", "unit_path", "gender", "age_group", "is_manager"]
    assert not set(LOADER_ONLY) & set(csv.columns)
    assert {"ho_place_own_home", "ho_place_cabin", "ho_place_elsewhere"} <= set(csv.columns)
    assert csv["sick_days"].to_list() == parquet["sick_days"].to_list()
    assert csv["ho_freq"].to_list() == parquet["ho_freq"].to_list()
    people = pl.read_csv(folder / "people.csv", infer_schema_length=0)
    assert set(csv["unit"]) <= set(people["unit_code"])


def test_margins_use_the_unit_codes_of_the_responses(tmp_path: Path) -> None:
    folder = build(tmp_path / "out", 1_000, 2, ("csv",))
    margins = pl.read_csv(folder / "margins.csv", schema_overrides={"category": pl.String})
    answers = pl.read_csv(
        folder / "responses_round2_employee.csv", schema_overrides={"unit": pl.String}
    )
    units = set(margins.filter(pl.col("variable") == "unit")["category"])
    assert set(answers["unit"]) <= units
    groups = set(margins.filter(pl.col("variable") == "age_group")["category"])
    assert set(answers["age_group"]) <= groups


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    org = generate_organisation(60, 1)
    with pytest.raises(ValueError, match="Ukjent format"):
        write_files(org, {}, tmp_path, formats=("xlsx",))


def test_files_load_with_the_analysis_readers(tmp_path: Path) -> None:
    from hjemmekontor.analysis.exportfile import read_response_export
    from hjemmekontor.analysis.margins import read_margins

    folder = build(tmp_path / "out", 1_500, 6, ("csv",))
    data = read_response_export(folder / "responses_round2_employee.csv")
    margins = read_margins(folder / "margins.csv")
    assert set(margins) == {"unit", "gender", "age_group"}
    assert sum(margins["gender"].values()) == 1_500
    frame = data.frame
    for variable in ("unit", "gender", "age_group"):
        assert set(frame[variable].cast(str)) <= set(margins[variable]), variable
    assert frame["is_manager"].dtype == pl.Boolean
