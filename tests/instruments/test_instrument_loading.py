"""The released files load, and the public API finds them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from hjemmekontor.instruments import (
    Instrument,
    InstrumentError,
    available_instruments,
    latest_version,
    load_instrument,
    text,
)
from hjemmekontor.instruments.loader import FILES_DIR, SCHEMA_PATH, load_file


def test_the_three_instruments_load_sorted_by_id_and_version() -> None:
    keys = [inst.key for inst in available_instruments()]
    assert keys == ["employee@1", "manager@1", "representative@1"]


def test_load_instrument_accepts_id_and_version_or_a_key() -> None:
    by_args = load_instrument("employee", 1)
    assert load_instrument(key="employee@1") is by_args
    assert load_instrument("employee@1") is by_args
    assert load_instrument("employee") is by_args  # latest version
    assert (by_args.id, by_args.version, by_args.key) == ("employee", 1, "employee@1")


def test_latest_version_is_the_highest_file_version() -> None:
    assert latest_version("employee") == 1


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("employee", 9), {}, "no instrument employee@9"),
        (("nobody",), {}, "no instrument called 'nobody'"),
        ((), {"key": "employee@one"}, "not of the form"),
        ((), {}, "say which instrument"),
    ],
)
def test_load_instrument_names_what_is_missing(
    args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(InstrumentError, match=message):
        load_instrument(*args, **kwargs)


def test_unknown_item_lookup_names_the_instrument(employee: Instrument) -> None:
    with pytest.raises(KeyError, match="employee@1 has no item 'nope'"):
        employee.item("nope")


def test_items_are_in_questionnaire_order_and_know_their_section(employee: Instrument) -> None:
    ordered = [item.id for section in employee.sections for item in section.items]
    assert [item.id for item in employee.items] == ordered
    assert employee.items[0].id == "can_work_home"
    assert employee.items[-1].id == "comment"
    assert employee.item("ho_freq").section_id == "home_office"


def test_scale_items_get_their_options_from_the_named_scale(employee: Instrument) -> None:
    item = employee.item("ho_freq")
    assert item.scale == "ho_frequency"
    assert item.options == employee.scales["ho_frequency"]


def test_employee_questionnaire_has_seven_to_nine_sections(employee: Instrument) -> None:
    assert 7 <= len(employee.sections) <= 9


def _texts(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every user-visible text mapping in an instrument file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "intro", "text", "help", "label", "unit"):
                yield f"{path}.{key}", value
            else:
                yield from _texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{path}[{index}]")


@pytest.mark.parametrize("name", ["employee-1.yaml", "manager-1.yaml", "representative-1.yaml"])
def test_every_text_in_the_files_has_bokmal_nynorsk_and_english(name: str) -> None:
    from hjemmekontor.instruments.yamlfile import parse

    data, _ = parse((FILES_DIR / name).read_text(encoding="utf-8"))
    assert data["languages"] == ["nb", "nn", "en"]
    texts = list(_texts(data))
    assert len(texts) > 20
    for path, value in texts:
        assert isinstance(value, dict), path
        assert all(value.get(lang, "").strip() for lang in ("nb", "nn", "en")), path


def test_text_helper_falls_back_to_bokmal() -> None:
    assert text({"nb": "Hei", "en": "Hi"}, "en") == "Hi"
    assert text({"nb": "Hei", "en": "Hi"}, "se") == "Hei"
    assert text({"nb": "Hei", "en": "Hi"}, "nn") == "Hei"
    assert text({"nb": "Ikke", "nn": "Ikkje", "en": "Not"}, "nn") == "Ikkje"
    assert text(None, "en") == ""


def test_schema_file_is_a_valid_json_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_adapted_copsoq_items_say_so_and_never_claim_to_be_copsoq(employee: Instrument) -> None:
    copsoq_items = [i for i in employee.items if i.source and "COPSOQ" in i.source]
    assert {i.id for i in copsoq_items} == {
        "meaning_1",
        "meaning_2",
        "wlc_1",
        "wlc_2",
        "wlc_3",
        "wlc_4",
        "community_1",
        "community_2",
        "community_3",
    }
    assert all(i.source and i.source.startswith("Adapted from COPSOQ III") for i in copsoq_items)
    assert "CC BY-NC-ND 4.0" in employee.sources["copsoq3"]
    visible = [employee.title, employee.intro] + [i.text for i in employee.items]
    assert not any("COPSOQ" in t for d in visible for t in d.values())


def test_every_cbi_item_cites_the_inventory(employee: Instrument) -> None:
    for k in range(1, 8):
        source = employee.item(f"cbi_{k}").source or ""
        assert re.search(rf"Copenhagen Burnout Inventory, work-related burnout item {k}\b", source)
    assert "Kristensen" in employee.sources["cbi"]
    assert "Public domain" in employee.sources["cbi"]


def test_loading_a_file_twice_gives_equal_instruments() -> None:
    first = load_file(FILES_DIR / "manager-1.yaml")
    second = load_file(FILES_DIR / "manager-1.yaml")
    assert first == second
    assert first is not second
    assert hash(first.items[0]) == hash(second.items[0])
