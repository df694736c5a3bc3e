"""Released versions cannot silently change meaning.

fingerprints.json records the meaning of every item of every released version;
editing a released file fails here with a message asking for a new version.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hjemmekontor.instruments import available_instruments, load_directory, load_file
from hjemmekontor.instruments import fingerprints as fp
from hjemmekontor.instruments.loader import FILES_DIR


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count(old) >= count, old
    path.write_text(source.replace(old, new, count), encoding="utf-8")


def _problems(directory: Path) -> list[str]:
    return fp.verify(load_directory(directory).values(), fp.read(directory / fp.FINGERPRINTS_FILE))


def test_released_instruments_match_their_committed_fingerprints() -> None:
    recorded = fp.read(FILES_DIR / fp.FINGERPRINTS_FILE)
    assert set(recorded) == {inst.key for inst in available_instruments()}
    assert fp.verify(available_instruments(), recorded) == []


def test_an_unchanged_copy_passes(files_copy: Path) -> None:
    assert _problems(files_copy) == []


def test_changing_the_wording_of_a_released_item_asks_for_a_new_version(
    files_copy: Path,
) -> None:
    _edit(
        files_copy / "employee-1.yaml",
        "Hvor ofte har du jobbet hele dager hjemmefra de siste tre månedene?",
        "Hvor ofte har du jobbet hjemmefra de siste tre månedene?",
    )
    assert _problems(files_copy) == [
        "employee@1 (employee-1.yaml): item 'ho_freq' has changed since this version was "
        "released — make a new version (employee-2.yaml) instead of editing a released one"
    ]


def test_changing_an_option_label_of_a_shared_scale_flags_every_item_using_it(
    files_copy: Path,
) -> None:
    _edit(files_copy / "employee-1.yaml", '"Hver arbeidsdag"', '"Hver dag"')
    problems = _problems(files_copy)
    assert [p.split("'")[1] for p in problems] == ["ho_freq", "wish_freq"]
    assert all("make a new version" in p for p in problems)


def test_changing_only_the_english_text_still_needs_a_new_version(files_copy: Path) -> None:
    _edit(
        files_copy / "representative-1.yaml",
        "en: Formal meetings work well digitally.",
        "en: Formal meetings work well online.",
    )
    assert _problems(files_copy) == [
        "representative@1 (representative-1.yaml): item 'rep_formal_digital' has changed "
        "since this version was released — make a new version (representative-2.yaml) "
        "instead of editing a released one"
    ]


def test_changing_a_condition_range_or_score_rule_is_caught(files_copy: Path) -> None:
    path = files_copy / "employee-1.yaml"
    _edit(
        path,
        "when: {item: can_work_home, in: [yes, partly]}",
        "when: {item: can_work_home, in: [yes]}",
    )
    _edit(path, "max: 365", "max: 366")
    _edit(path, "reverse: [cbi_7]", "reverse: []")
    problems = _problems(files_copy)
    changed = sorted(p.split(": ")[1].split(" has")[0] for p in problems)
    # The first such condition is the home_office section's: it is part of the
    # meaning of every item in the section.
    home_office = ["ho_freq", "share_time_home", "ho_place", "written_agreement", "wish_freq"]
    assert changed == sorted(
        [f"item {i!r}" for i in home_office] + ["item 'sick_days'", "score 'burnout'"]
    )


def test_removing_or_adding_an_item_is_caught(files_copy: Path) -> None:
    path = files_copy / "representative-1.yaml"
    source = path.read_text(encoding="utf-8")
    start = source.index("      - id: rep_formal_digital")
    end = source.index("      - id: rep_informal_members")
    path.write_text(source[:start] + source[end:], encoding="utf-8")
    problems = _problems(files_copy)
    assert len(problems) == 1
    assert "item 'rep_formal_digital' was removed since this version was released" in problems[0]


def test_titles_and_intros_may_be_polished_without_a_new_version(files_copy: Path) -> None:
    _edit(
        files_copy / "employee-1.yaml",
        "en: Home office and working environment",
        "en: Home office and work environment",
    )
    _edit(
        files_copy / "employee-1.yaml",
        '{nb: "Jobben din", nn: "Jobben din", en: "Your job"}',
        '{nb: "Om jobben", nn: "Om jobben", en: "About your job"}',
    )
    assert _problems(files_copy) == []


def test_adding_a_translation_keeps_the_items_and_is_recorded_once(files_copy: Path) -> None:
    path = files_copy / fp.FINGERPRINTS_FILE
    recorded = json.loads(path.read_text(encoding="utf-8"))
    for key in recorded:
        del recorded[key]["translations"]
    path.write_text(json.dumps(recorded), encoding="utf-8")
    # The item fingerprints are the ones recorded before nynorsk came: only the
    # unrecorded translation is reported.
    assert _problems(files_copy) == [
        f"{key} ({key.replace('@', '-')}.yaml): the 'nn' texts are not recorded; record them "
        "with `python -m hjemmekontor.instruments.fingerprints`"
        for key in ("employee@1", "manager@1", "representative@1")
    ]
    added = fp.record_new_versions(load_directory(files_copy).values(), path)
    assert added == ["employee@1 nn", "manager@1 nn", "representative@1 nn"]
    assert _problems(files_copy) == []


def test_changing_the_nynorsk_wording_of_a_released_item_asks_for_a_new_version(
    files_copy: Path,
) -> None:
    _edit(
        files_copy / "employee-1.yaml",
        "nn: Kjenner du deg utbrent på grunn av arbeidet ditt?",
        "nn: Er du utbrent av arbeidet ditt?",
    )
    assert _problems(files_copy) == [
        "employee@1 (employee-1.yaml): the 'nn' texts have changed since they were recorded "
        "— make a new version (employee-2.yaml) instead"
    ]


def test_a_missing_released_file_is_caught(files_copy: Path) -> None:
    (files_copy / "manager-1.yaml").unlink()
    assert _problems(files_copy) == ["manager@1: released, but its file is missing; restore it"]


def test_a_new_version_is_recorded_and_released_ones_are_never_rewritten(
    files_copy: Path,
) -> None:
    path = files_copy / fp.FINGERPRINTS_FILE
    new = files_copy / "employee-2.yaml"
    new.write_text(
        (files_copy / "employee-1.yaml")
        .read_text(encoding="utf-8")
        .replace("version: 1", "version: 2", 1)
        .replace("Hvor ofte har du jobbet hele dager", "Hvor ofte har du jobbet hele arbeidsdager"),
        encoding="utf-8",
    )
    problems = _problems(files_copy)
    assert (
        len(problems) == 1
        and "employee@2 (employee-2.yaml): no fingerprints recorded" in problems[0]
    )

    before = json.loads(path.read_text(encoding="utf-8"))
    assert fp.record_new_versions(load_directory(files_copy).values(), path) == ["employee@2"]
    after = json.loads(path.read_text(encoding="utf-8"))
    assert {k: after[k] for k in before} == before
    assert _problems(files_copy) == []

    # Editing the released version afterwards is still caught, and recording
    # again does not paper over it.
    _edit(
        files_copy / "employee-1.yaml",
        "Kan jobben din gjøres hjemmefra?",
        "Kan du jobbe hjemmefra?",
    )
    assert fp.record_new_versions(load_directory(files_copy).values(), path) == []
    assert "item 'can_work_home' has changed" in _problems(files_copy)[0]


def test_the_fingerprint_command_checks_and_records(
    files_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fp.main(["--directory", str(files_copy), "--check"]) == 0
    _edit(
        files_copy / "manager-1.yaml",
        "Det er vanskelig å følge opp HMS",
        "Det er krevende å følge opp HMS",
    )
    assert fp.main(["--directory", str(files_copy)]) == 1
    err = capsys.readouterr().err
    assert "manager@1 (manager-1.yaml): item 'mgr_hms_hard' has changed" in err
    assert "make a new version (manager-2.yaml)" in err


def test_diff_keeps_items_with_the_same_type_codes_and_bokmal_text(files_copy: Path) -> None:
    v1 = load_file(files_copy / "employee-1.yaml")
    source = (files_copy / "employee-1.yaml").read_text(encoding="utf-8")
    source = (
        source.replace("version: 1", "version: 2", 1)
        # new bokmål wording: ho_freq is no longer comparable
        .replace("jobbet hele dager hjemmefra de siste tre", "jobbet hjemmefra de siste tre")
        # English only: still comparable
        .replace("Can your job be done from home?", "Could your job be done from home?")
        # a new code: commute is no longer comparable
        .replace(
            "{value: gt_60,",
            '{value: gt_90, label: {nb: "x", nn: "x", en: "x"}}\n          - {value: gt_60,',
        )
    )
    start = source.index("      - id: lost_spark")
    end = source.index("      - id: productivity_home")
    source = source[:start] + source[end:]
    (files_copy / "employee-2.yaml").write_text(source, encoding="utf-8")
    v2 = load_file(files_copy / "employee-2.yaml")

    unchanged = v1.diff(v2)
    all_ids = {item.id for item in v1.items}
    assert all_ids - unchanged == {"ho_freq", "commute", "lost_spark"}
    assert v2.diff(v1) == unchanged
    assert v1.diff(v1) == all_ids
