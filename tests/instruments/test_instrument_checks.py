"""A broken instrument file is refused with a message naming file, item and reason.

Each test writes a deliberately broken copy of a small valid instrument (or of
the real employee file) to a temporary directory and loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hjemmekontor.instruments import InstrumentError, load_file
from hjemmekontor.instruments.loader import FILES_DIR

Data = dict[str, Any]
WriteYaml = Callable[..., Path]


def _item(data: Data, item_id: str) -> Data:
    for section in data["sections"]:
        for item in section["items"]:
            if item["id"] == item_id:
                return item
    raise KeyError(item_id)


def _load_error(write_yaml: WriteYaml, data: Data | str, name: str = "tiny-1.yaml") -> str:
    path = write_yaml(data, name)
    with pytest.raises(InstrumentError) as excinfo:
        load_file(path)
    return str(excinfo.value)


def test_the_tiny_instrument_is_valid(write_yaml: WriteYaml, tiny_data: Data) -> None:
    inst = load_file(write_yaml(tiny_data))
    assert inst.key == "tiny@1"
    assert [i.id for i in inst.items][:2] == ["can_work_home", "ho_freq"]


def test_a_misspelt_scale_in_the_employee_file_names_file_item_reason_and_line(
    write_yaml: WriteYaml,
) -> None:
    source = (FILES_DIR / "employee-1.yaml").read_text(encoding="utf-8")
    broken = source.replace("scale: ho_frequency\n", "scale: ho_frequencyy\n", 1)
    line = broken.splitlines().index("        scale: ho_frequencyy") + 1
    message = _load_error(write_yaml, broken, "employee-1.yaml")
    assert message.startswith(
        "employee-1.yaml: item 'ho_freq': scale 'ho_frequencyy' is not defined"
    )
    assert f"(line {line})" in message


def _on_item(item_id: str, **changes: Any) -> Callable[[Data], None]:
    """Change (or with value None, delete) fields of one item."""

    def change(data: Data) -> None:
        item = _item(data, item_id)
        for key, value in changes.items():
            if value is None:
                item.pop(key, None)
            else:
                item[key] = value

    return change


def _duplicate_item(data: Data) -> None:
    data["sections"][1]["items"].append(dict(_item(data, "q1")))


def _duplicate_section(data: Data) -> None:
    data["sections"][1]["id"] = "first"


def _duplicate_option(data: Data) -> None:
    _item(data, "place")["options"][1]["value"] = "home"


def _score_item_missing(data: Data) -> None:
    data["scores"][0]["items"].append("q9")


def _score_item_not_scale(data: Data) -> None:
    data["scores"][0]["items"].append("ho_freq")


def _reverse_not_in_items(data: Data) -> None:
    data["scores"][0]["reverse"] = ["q2", "q3"]


def _score_id_clashes(data: Data) -> None:
    data["scores"][0]["id"] = "hours"


def _multiple_column_clashes(data: Data) -> None:
    _item(data, "comment")["id"] = "place_home"


def _section_condition_on_later_item(data: Data) -> None:
    data["sections"][0]["when"] = {"item": "hours", "in": ["1"]}


def _missing_english(data: Data) -> None:
    del _item(data, "q2")["text"]["en"]


def _missing_english_option_label(data: Data) -> None:
    del data["scales"]["agree3"]["options"][0]["label"]["en"]


BROKEN: list[tuple[str, Callable[[Data], None], str, str]] = [
    ("duplicate item id", _duplicate_item, "item 'q1'", "the item id is used twice"),
    ("duplicate section id", _duplicate_section, "section 'first'", "section id is used twice"),
    ("duplicate option code", _duplicate_option, "item 'place'", "code 'home' is used twice"),
    (
        "undefined scale",
        _on_item("q1", scale="agree33"),
        "item 'q1'",
        "scale 'agree33' is not defined",
    ),
    (
        "options and scale",
        _on_item("q1", options=[{"value": 1, "label": {"nb": "a", "en": "a"}}] * 2),
        "item 'q1'",
        "either options or scale, not both",
    ),
    ("no options", _on_item("q1", scale=None), "item 'q1'", "needs options or a scale"),
    (
        "text code on a scale item",
        _on_item("q1", scale="freq"),
        "item 'q1'",
        "needs whole-number codes, but 'never' is text",
    ),
    (
        "number code on a single item",
        _on_item("ho_freq", scale="agree3"),
        "item 'ho_freq'",
        'code 1 of a single item must be text; write it in quotes: "1"',
    ),
    (
        "condition on a later item",
        _on_item("ho_freq", when={"item": "hours", "in": [1]}),
        "item 'ho_freq'",
        "condition refers to item 'hours', which comes later in the questionnaire",
    ),
    (
        "condition on the item itself",
        _on_item("ho_freq", when={"item": "ho_freq", "in": ["never"]}),
        "item 'ho_freq'",
        "condition refers to the item itself",
    ),
    (
        "condition on an unknown item",
        _on_item("ho_freq", when={"item": "can_work_hom", "in": ["yes"]}),
        "item 'ho_freq'",
        "condition refers to item 'can_work_hom', which does not exist",
    ),
    (
        "condition with an unknown code",
        _on_item("ho_freq", when={"item": "can_work_home", "in": ["yes", "maybe"]}),
        "item 'ho_freq'",
        "condition on 'can_work_home': code 'maybe' is not one of its codes (yes, partly, no)",
    ),
    (
        "condition nested in all/any",
        _on_item(
            "place",
            when={"all": [{"any": [{"item": "q1", "not_in": [4]}]}]},
        ),
        "item 'place'",
        "condition on 'q1': code 4 is not one of its codes (1, 2, 3)",
    ),
    (
        "condition on a number item",
        _on_item("comment", when={"item": "hours", "in": [1]}),
        "item 'comment'",
        "condition refers to number item 'hours', which has no codes",
    ),
    (
        "condition with in and not_in",
        _on_item("ho_freq", when={"item": "can_work_home", "in": ["yes"], "not_in": ["no"]}),
        "item 'ho_freq'",
        "exactly one of in, not_in, all or any",
    ),
    (
        "section condition on a later item",
        _section_condition_on_later_item,
        "section 'first'",
        "condition refers to item 'hours', which comes later",
    ),
    ("score item missing", _score_item_missing, "score 'tiny_score'", "item 'q9' does not exist"),
    (
        "score item not a scale item",
        _score_item_not_scale,
        "score 'tiny_score'",
        "item 'ho_freq' is a single item, not a numeric scale item",
    ),
    (
        "reverse not among the items",
        _reverse_not_in_items,
        "score 'tiny_score'",
        "reverse item 'q3' is not one of the score's items",
    ),
    ("score id clash", _score_id_clashes, "score 'hours'", "clashes with item 'hours'"),
    (
        "multiple-choice column clash",
        _multiple_column_clashes,
        "item 'place_home'",
        "export column 'place_home' clashes with item 'place'",
    ),
    (
        "number min not below max",
        _on_item("hours", min=60),
        "item 'hours'",
        "min (60) must be less than max (60)",
    ),
    ("number without max", _on_item("hours", max=None), "item 'hours'", "needs both min and max"),
    (
        "text max_length zero",
        _on_item("comment", max_length=0),
        "item 'comment'",
        "max_length must be greater than 0, not 0",
    ),
    (
        "text without max_length",
        _on_item("comment", max_length=None),
        "item 'comment'",
        "needs max_length",
    ),
    (
        "min on a text item",
        _on_item("comment", min=1),
        "item 'comment'",
        "min only applies to number items",
    ),
    (
        "missing English text",
        _missing_english,
        "item 'q2'",
        "text: the 'en' text is missing; every text needs both nb and en",
    ),
    (
        "missing English option label",
        _missing_english_option_label,
        "scale 'agree3'",
        "options[0].label: the 'en' text is missing",
    ),
    (
        "unknown item type",
        _on_item("q2", type="slider"),
        "item 'q2'",
        "type: 'slider' is not one of",
    ),
    (
        "unknown field",
        _on_item("q2", scael="agree3"),
        "item 'q2'",
        "'scael' was unexpected",
    ),
]


@pytest.mark.parametrize(
    ("change", "subject", "reason"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_file_is_refused_naming_file_item_and_reason(
    write_yaml: WriteYaml,
    tiny_data: Data,
    change: Callable[[Data], None],
    subject: str,
    reason: str,
) -> None:
    change(tiny_data)
    message = _load_error(write_yaml, tiny_data)
    assert message.startswith("tiny-1.yaml: "), message
    assert f"{subject}: " in message, message
    assert reason in message, message
    assert "(line " in message, message


def test_version_must_match_the_file_name(write_yaml: WriteYaml, tiny_data: Data) -> None:
    tiny_data["version"] = 2
    message = _load_error(write_yaml, tiny_data)
    assert message.startswith("tiny-1.yaml: id 'tiny' and version 2 do not match the file name")
    assert "tiny-2.yaml" in message


def test_a_file_name_without_a_version_is_refused(write_yaml: WriteYaml, tiny_data: Data) -> None:
    message = _load_error(write_yaml, tiny_data, "tiny.yaml")
    assert message.startswith("tiny.yaml: the file name must be <id>-<version>.yaml")


def test_a_key_written_twice_is_refused_with_its_line(write_yaml: WriteYaml) -> None:
    source = "id: tiny\nversion: 1\nid: other\n"
    message = _load_error(write_yaml, source)
    assert message.startswith("tiny-1.yaml, line 3, column 1: invalid YAML")
    assert "the key 'id' appears twice (first on line 1)" in message


def test_a_yaml_syntax_error_names_line_and_column(write_yaml: WriteYaml) -> None:
    message = _load_error(write_yaml, "id: tiny\nversion: [1\ntitle: x\n")
    assert message.startswith("tiny-1.yaml, line ")
    assert "column" in message and "invalid YAML" in message


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    source = "id: tiny\ntitle: {nb: Tr\u00f8ndelag}\n"
    path = tmp_path / "tiny-1.yaml"
    path.write_bytes(source.encode("cp1252"))
    with pytest.raises(InstrumentError) as excinfo:
        load_file(path)
    assert str(excinfo.value) == (
        f"tiny-1.yaml: is not UTF-8 text (byte {source.index('ø')}: b'\\xf8')"
    )


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match=r"nothing-1\.yaml: cannot be read"):
        load_file(tmp_path / "nothing-1.yaml")


def test_unquoted_yes_and_no_stay_answer_codes(write_yaml: WriteYaml, tiny_data: Data) -> None:
    # PyYAML's YAML 1.1 would read yes/no as booleans and 15_30 as 1530.
    source = write_yaml(tiny_data).read_text(encoding="utf-8")
    source = source.replace("'yes'", "yes").replace("'no'", "no").replace("cabin", "15_30")
    assert "- yes" in source or "value: yes" in source
    inst = load_file(write_yaml(source))
    assert inst.item("can_work_home").codes == ("yes", "partly", "no")
    assert inst.item("place").codes == ("home", "15_30")


def test_all_problems_of_a_file_are_reported_together(
    write_yaml: WriteYaml, tiny_data: Data
) -> None:
    _item(tiny_data, "q1")["scale"] = "nope"
    _item(tiny_data, "hours")["min"] = 100
    message = _load_error(write_yaml, tiny_data)
    lines = message.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("tiny-1.yaml: item 'q1': scale 'nope' is not defined")
    assert lines[1].startswith("tiny-1.yaml: item 'hours': min (100) must be less than max")


def _add_nynorsk(node: Any) -> None:
    """Give every text of ``node`` a nynorsk member (the test's words are not real nynorsk)."""
    if isinstance(node, dict):
        if "nb" in node and "en" in node:
            node["nn"] = f"{node['nb']} (nn)"
            return
        for value in node.values():
            _add_nynorsk(value)
    elif isinstance(node, list):
        for value in node:
            _add_nynorsk(value)


def test_a_file_that_claims_nynorsk_loads_with_every_text_in_it(
    write_yaml: WriteYaml, tiny_data: Data
) -> None:
    tiny_data["languages"] = ["nb", "nn", "en"]
    _add_nynorsk(tiny_data)
    inst = load_file(write_yaml(tiny_data))
    assert inst.languages == ("nb", "nn", "en")
    assert inst.title["nn"] == "Liten (nn)"


def test_a_text_missing_a_claimed_language_is_refused_with_its_item_and_line(
    write_yaml: WriteYaml, tiny_data: Data
) -> None:
    tiny_data["languages"] = ["nb", "nn", "en"]
    _add_nynorsk(tiny_data)
    item = tiny_data["sections"][0]["items"][0]
    del item["text"]["nn"]
    message = _load_error(write_yaml, tiny_data)
    assert f"item {item['id']!r}" in message
    assert "the nn text is missing; the file claims languages nb, nn, en" in message
    assert "(line " in message


def test_an_unknown_language_key_or_claim_is_refused(
    write_yaml: WriteYaml, tiny_data: Data
) -> None:
    tiny_data["title"]["nm"] = "Lita"
    assert "'nm' was unexpected" in _load_error(write_yaml, tiny_data)
    del tiny_data["title"]["nm"]
    tiny_data["languages"] = ["nb", "se", "en"]
    assert "'se' is not one of ['nb', 'nn', 'en']" in _load_error(write_yaml, tiny_data)
    tiny_data["languages"] = ["nn", "en"]
    assert "languages" in _load_error(write_yaml, tiny_data)
