"""Conditions show the home-office questions only to those who can work from home,
and clean_answers keeps exactly the answers to questions that were shown."""

from __future__ import annotations

import pytest

from hjemmekontor.instruments import Condition, Instrument

HOME_ONLY = {
    "ho_freq",
    "share_time_home",
    "ho_place",
    "written_agreement",
    "wish_freq",
    "after_hours_freq",
    "evening_work",
    "sunday_work",
    "productivity_home",
    "concentration_home",
    "creativity_home",
    "equip_chair",
    "equip_screen",
    "equip_desk",
    "home_workplace_assessed",
    "talked_hms_manager",
}


def _visible_ids(inst: Instrument, answers: dict[str, object]) -> set[str]:
    return {
        item.id
        for section in inst.visible_sections(answers)
        for item in inst.visible_items(section, answers)
    }


def test_no_home_office_questions_when_the_job_cannot_be_done_from_home(
    employee: Instrument,
) -> None:
    visible = _visible_ids(employee, {"can_work_home": "no"})
    assert visible == {item.id for item in employee.items} - HOME_ONLY
    assert "home_office" not in [s.id for s in employee.visible_sections({"can_work_home": "no"})]


@pytest.mark.parametrize("answer", ["yes", "partly"])
def test_all_questions_are_shown_to_those_who_can_work_from_home(
    employee: Instrument, answer: str
) -> None:
    assert _visible_ids(employee, {"can_work_home": answer}) == {i.id for i in employee.items}


def test_visible_items_of_a_section_follow_item_conditions(employee: Instrument) -> None:
    hms = employee.section("hms_home")
    assert [i.id for i in employee.visible_items(hms, {"can_work_home": "no"})] == [
        "knows_safety_rep"
    ]
    home = employee.section("home_office")
    assert employee.visible_items(home, {"can_work_home": "no"}) == []


def test_clean_answers_drops_hidden_and_unknown_answers(employee: Instrument) -> None:
    raw = {
        "can_work_home": "no",
        "ho_freq": "every_day",
        "equip_chair": "yes",
        "share_time_home": "not even a number",
        "cbi_1": "3",
        "sick_days": "4",
        "ho_place": ["own_home"],
        "no_such_item": "x",
        "knows_safety_rep": "yes",
    }
    answers, errors = employee.clean_answers(raw)
    assert answers == {"can_work_home": "no", "sick_days": 4, "cbi_1": 3, "knows_safety_rep": "yes"}
    assert errors == {}


def test_clean_answers_reports_errors_and_keeps_every_valid_answer(employee: Instrument) -> None:
    raw = {
        "can_work_home": "yes",
        "ho_freq": "weekly",
        "share_time_home": "40",
        "sick_days": "400",
        "cbi_1": "5",
        "comment": "<b>Bra</b>",
    }
    answers, errors = employee.clean_answers(raw)
    assert answers == {
        "can_work_home": "yes",
        "share_time_home": 40,
        "cbi_1": 5,
        "comment": "<b>Bra</b>",
    }
    assert set(errors) == {"ho_freq", "sick_days"}
    assert errors["sick_days"].message_nb == "Svaret må være mellom 0 og 365, men er 400."


def test_an_invalid_filter_answer_hides_what_depends_on_it(employee: Instrument) -> None:
    # Conditions are evaluated on the cleaned answers, in order: an invalid
    # can_work_home cannot open the home-office questions.
    answers, errors = employee.clean_answers({"can_work_home": "maybe", "ho_freq": "never"})
    assert answers == {}
    assert set(errors) == {"can_work_home"}


def test_empty_answers_are_left_out(employee: Instrument) -> None:
    answers, errors = employee.clean_answers({"can_work_home": "", "comment": "  ", "cbi_2": None})
    assert answers == {}
    assert errors == {}


def test_unanswered_filter_hides_the_home_office_questions(employee: Instrument) -> None:
    assert HOME_ONLY.isdisjoint(_visible_ids(employee, {}))


def test_in_matches_raw_and_clean_codes_and_any_chosen_code() -> None:
    cond = Condition(op="in", item="q", values=(4, 5))
    assert cond.applies({"q": 4})
    assert cond.applies({"q": "5"})
    assert not cond.applies({"q": 3})
    assert not cond.applies({})
    several = Condition(op="in", item="place", values=("cabin",))
    assert several.applies({"place": ["own_home", "cabin"]})
    assert not several.applies({"place": ["own_home"]})


def test_not_in_matches_an_unanswered_item() -> None:
    cond = Condition(op="not_in", item="can_work_home", values=("no",))
    assert cond.applies({"can_work_home": "yes"})
    assert not cond.applies({"can_work_home": "no"})
    assert cond.applies({})
    assert cond.applies({"can_work_home": None})


def test_all_and_any_combine_conditions() -> None:
    home = Condition.from_dict({"item": "can_work_home", "in": ["yes", "partly"]})
    often = Condition.from_dict({"item": "ho_freq", "not_in": ["never"]})
    both = Condition.from_dict({"all": [home.to_dict(), often.to_dict()]})
    either = Condition.from_dict({"any": [home.to_dict(), often.to_dict()]})
    assert both.applies({"can_work_home": "yes", "ho_freq": "every_day"})
    assert not both.applies({"can_work_home": "yes", "ho_freq": "never"})
    assert either.applies({"can_work_home": "no"})  # ho_freq unanswered: not_in holds
    assert not either.applies({"can_work_home": "no", "ho_freq": "never"})
    assert list(both.items()) == ["can_work_home", "ho_freq"]
    assert str(both) == "(can_work_home in [yes, partly] and ho_freq not in [never])"


def test_a_condition_round_trips_through_its_file_form() -> None:
    data = {"any": [{"item": "a", "in": ["x"]}, {"all": [{"item": "b", "not_in": [1, 2]}]}]}
    assert Condition.from_dict(data).to_dict() == data
