"""Item.clean turns what a form or a data file gives into a typed value, or says
clearly, in bokmål and English, what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemmekontor.instruments import AnswerError, Instrument, load_file
from hjemmekontor.instruments.loader import FILES_DIR


def _error(inst: Instrument, item_id: str, raw: object) -> AnswerError:
    with pytest.raises(AnswerError) as excinfo:
        inst.item(item_id).clean(raw)
    assert excinfo.value.item_id == item_id
    return excinfo.value


@pytest.mark.parametrize("raw", [None, "", "   ", [], ["", " "], float("nan")])
@pytest.mark.parametrize("item_id", ["can_work_home", "cbi_1", "sick_days", "ho_place", "comment"])
def test_empty_answers_clean_to_none(employee: Instrument, item_id: str, raw: object) -> None:
    assert employee.item(item_id).clean(raw) is None


def test_single_choice_returns_the_code(employee: Instrument) -> None:
    assert employee.item("can_work_home").clean(" partly ") == "partly"
    assert employee.item("can_work_home").clean(["yes"]) == "yes"


def test_single_choice_refuses_an_unknown_option_in_both_languages(employee: Instrument) -> None:
    error = _error(employee, "can_work_home", "maybe")
    assert error.message_nb == "«maybe» er ikke et av svaralternativene."
    assert error.message_en == "'maybe' is not one of the options."
    assert error.message("en") == error.message_en
    assert str(error) == "can_work_home: 'maybe' is not one of the options."


def test_single_choice_refuses_two_answers(employee: Instrument) -> None:
    assert _error(employee, "can_work_home", ["yes", "no"]).message_nb == "Velg bare ett svar."


def test_text_codes_that_look_like_numbers_stay_text(manager: Instrument) -> None:
    item = manager.item("mgr_days_allowed")
    assert item.clean("1") == "1"
    assert item.clean(2) == "2"  # a spreadsheet cell read as a number
    _error(manager, "mgr_days_allowed", "4")


@pytest.mark.parametrize(("raw", "expected"), [("4", 4), (" 5 ", 5), (3, 3), (2.0, 2), ("1,0", 1)])
def test_scale_answers_become_integers(employee: Instrument, raw: object, expected: int) -> None:
    value = employee.item("cbi_1").clean(raw)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize("raw", ["6", "0", "abc", "4.5", True])
def test_scale_answers_outside_the_options_are_refused(employee: Instrument, raw: object) -> None:
    error = _error(employee, "cbi_1", raw)
    assert f"«{raw}»" in error.message_nb


@pytest.mark.parametrize(
    ("raw", "expected"), [("12", 12), (" 0 ", 0), ("365", 365), (7, 7), (7.0, 7), ("1\u00a0", 1)]
)
def test_whole_numbers_become_int(employee: Instrument, raw: object, expected: int) -> None:
    value = employee.item("sick_days").clean(raw)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize(
    ("raw", "nb", "en"),
    [
        ("366", "mellom 0 og 365, men er 366", "between 0 and 365, but is 366"),
        ("-1", "mellom 0 og 365, men er -1", "between 0 and 365, but is -1"),
        ("1\u00a0000", "men er 1000", "but is 1000"),
        ("2,5", "et helt tall, men er 2,5", "a whole number, but is 2.5"),
        ("tolv", "«tolv» er ikke et tall", "'tolv' is not a number"),
        ("nan", "«nan» er ikke et tall", "'nan' is not a number"),
        ("1e3", "«1e3» er ikke et tall", "'1e3' is not a number"),
        (float("inf"), "«inf» er ikke et tall", "'inf' is not a number"),
        (True, "«True» er ikke et tall", "'True' is not a number"),
    ],
)
def test_bad_numbers_are_refused_with_the_value_in_the_message(
    employee: Instrument, raw: object, nb: str, en: str
) -> None:
    error = _error(employee, "sick_days", raw)
    assert nb in error.message_nb
    assert en in error.message_en


def test_numbers_with_a_fractional_step_become_float(
    tiny_data: dict[str, Any], write_yaml: Callable[..., Path]
) -> None:
    inst = load_file(write_yaml(tiny_data))
    hours = inst.item("hours")
    assert hours.clean("2,5") == 2.5
    assert type(hours.clean("2")) is float
    error = _error(inst, "hours", "2.3")
    assert error.message_nb == "Svaret må gå opp i trinn på 0,5, men er 2,3."


def test_multiple_choice_keeps_the_options_order_and_drops_duplicates(
    employee: Instrument,
) -> None:
    item = employee.item("ho_place")
    assert item.clean(["cabin", "own_home", "cabin"]) == ["own_home", "cabin"]
    assert item.clean("elsewhere;own_home") == ["own_home", "elsewhere"]
    assert item.clean("cabin") == ["cabin"]


def test_multiple_choice_refuses_unknown_codes(employee: Instrument) -> None:
    error = _error(employee, "ho_place", ["own_home", "castle", "boat"])
    assert error.message_nb == "«boat, castle» er ikke et av svaralternativene."


def test_text_of_exactly_max_length_is_kept(employee: Instrument) -> None:
    assert employee.item("comment").clean("x" * 1500) == "x" * 1500


def test_text_one_character_too_long_is_refused(employee: Instrument) -> None:
    error = _error(employee, "comment", "æ" * 1501)
    assert error.message_nb == "Teksten er 1501 tegn lang. Den kan være høyst 1500 tegn."
    assert "1501 characters" in error.message_en


def test_text_is_kept_verbatim_and_never_html_escaped(employee: Instrument) -> None:
    raw = "<script>alert('hei')</script> & «sitat» 👍"
    assert employee.item("comment").clean(raw) == raw


def test_text_loses_control_characters_but_keeps_newlines_and_tabs(employee: Instrument) -> None:
    raw = "  Linje\x00 én\r\nlinje\rto\x07\x1b[31m\tinnrykk\x7f\x85\ud800  "
    assert employee.item("comment").clean(raw) == "Linje én\nlinje\nto[31m\tinnrykk"


def test_text_of_only_control_characters_is_empty(employee: Instrument) -> None:
    assert employee.item("comment").clean("\x00\x01 \x02") is None


def test_text_from_a_spreadsheet_number_becomes_text(employee: Instrument) -> None:
    assert employee.item("comment").clean(42) == "42"


_COMMENT = load_file(FILES_DIR / "employee-1.yaml").item("comment")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=1600))
def test_any_text_is_either_clean_and_short_enough_or_refused(raw: str) -> None:
    try:
        value = _COMMENT.clean(raw)
    except AnswerError as error:
        assert error.item_id == "comment"
        return
    if value is None:
        return
    assert len(value) <= 1500
    assert value == value.strip()
    assert not any(ord(c) < 32 and c not in "\n\t" for c in value)
    assert all(c in raw or c == "\n" for c in value)


_SICK_DAYS = load_file(FILES_DIR / "employee-1.yaml").item("sick_days")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=12), st.integers(), st.floats()))
def test_any_number_input_is_either_in_range_or_refused(raw: object) -> None:
    try:
        value = _SICK_DAYS.clean(raw)
    except AnswerError:
        return
    assert value is None or (type(value) is int and 0 <= value <= 365)
