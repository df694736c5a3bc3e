"""The respondent's flow through a personal link, and every way it can go wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hjemmekontor.instruments import load_instrument
from hjemmekontor.surveys.actions import do_close_round
from hjemmekontor.surveys.links import token_for
from hjemmekontor.surveys.models import Draft, Invitation, Response
from tests.conftest import draft_answers, token_of

pytestmark = pytest.mark.django_db


def section_url(token: str, step: int) -> str:
    return f"/svar/{token}/{step}/"


def first_section_items(token: str) -> list[str]:
    inst = load_instrument("employee", 1)
    return [item.id for item in inst.visible_items(inst.visible_sections({})[0], {})]


def test_start_page_tells_who_asks_what_is_stored_and_that_it_is_voluntary(employee_token):
    page = Client().get(f"/svar/{employee_token}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "frivillig" in text
    assert "færre enn 5 svar" in text
    assert "/personvern/" in text
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert (
        "no-store" in page.headers["Cache-Control"] or "no-cache" in page.headers["Cache-Control"]
    )


def test_answering_saves_each_section_so_the_same_link_resumes(
    employee_token, open_round, employee
):
    client = Client()
    response = client.post(section_url(employee_token, 1), {"can_work_home": "yes", "next": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith(section_url(employee_token, 2))
    # A new browser (no cookies) with the same link sees the saved answer.
    again = Client().get(section_url(employee_token, 1)).content.decode()
    assert 'value="yes" checked' in again
    assert Draft.objects.filter(invitation__person=employee, invitation__round=open_round).exists()
    assert draft_answers(employee_token)["can_work_home"] == "yes"


def test_back_button_saves_and_goes_to_the_previous_section(employee_token):
    client = Client()
    client.post(section_url(employee_token, 1), {"can_work_home": "yes", "next": "1"})
    response = client.post(section_url(employee_token, 2), {"back": "1"})
    assert response["Location"].endswith(section_url(employee_token, 1))


def test_condition_hides_the_home_office_section_for_those_who_cannot_work_from_home(
    employee_token,
):
    inst = load_instrument("employee", 1)
    with_home = len(inst.visible_sections({"can_work_home": "yes"}))
    without = len(inst.visible_sections({"can_work_home": "no"}))
    assert without < with_home
    client = Client()
    client.post(section_url(employee_token, 1), {"can_work_home": "no", "next": "1"})
    page = client.get(section_url(employee_token, 2)).content.decode()
    assert f"av {without}" in page
    assert 'name="ho_freq"' not in page


def answer_everything(client: Client, token: str, can_work_home: str = "yes") -> None:
    """Walk every section, answering the first option of each choice item."""
    inst = load_instrument("employee", 1)
    answers: dict[str, object] = {"can_work_home": can_work_home}
    step = 1
    while True:
        sections = inst.visible_sections(answers)
        if step > len(sections):
            break
        data: dict[str, object] = {"next": "1"}
        for item in inst.visible_items(sections[step - 1], answers):
            if item.id == "can_work_home":
                data[item.id] = can_work_home
            elif item.type in ("single", "scale"):
                data[item.id] = str(item.options[-1].value)
            elif item.type == "multiple":
                data[item.id] = [str(item.options[0].value)]
            elif item.type == "number":
                data[item.id] = str(int(item.min or 0) + 1)
            else:
                data[item.id] = "Fint å jobbe hjemme, men savner kollegene."
        response = client.post(section_url(token, step), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        answers.update({k: v for k, v in data.items() if k != "next"})
        step += 1


def test_a_complete_answer_is_stored_anonymously_and_the_draft_deleted(
    employee_token, open_round, employee
):
    client = Client()
    answer_everything(client, employee_token)
    review = client.get(f"/svar/{employee_token}/send/")
    assert review.status_code == 200
    done = client.post(f"/svar/{employee_token}/send/")
    assert done.status_code == 302
    assert done["Location"] == "/svar/takk/"
    assert employee_token not in done["Location"]
    stored = Response.objects.get(round=open_round)
    assert stored.answers["can_work_home"] == "yes"
    assert stored.answers["comment"] == "Fint å jobbe hjemme, men savner kollegene."
    assert stored.unit_id == employee.unit_id
    assert stored.age_group == "30-39"
    assert not Draft.objects.exists()
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    assert invitation.answered


def test_a_second_submit_from_another_tab_stores_nothing_more(employee_token, open_round):
    first, second = Client(), Client()
    answer_everything(first, employee_token)
    first.post(f"/svar/{employee_token}/send/")
    page = second.post(f"/svar/{employee_token}/send/")
    assert page.status_code == 200
    assert "allerede svart" in page.content.decode()
    assert Response.objects.filter(round=open_round).count() == 1


def test_the_back_button_after_submitting_shows_already_answered(employee_token):
    client = Client()
    answer_everything(client, employee_token)
    client.post(f"/svar/{employee_token}/send/")
    page = client.get(section_url(employee_token, 2))
    assert "allerede svart" in page.content.decode()
    assert client.post(section_url(employee_token, 1), {"can_work_home": "no"}).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "0" * 32 + ".AAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_an_unknown_or_forged_link_is_refused_without_revealing_anything(open_round, token):
    page = Client().get(f"/svar/{token}/")
    assert page.status_code == 404
    assert "ugyldig" in page.content.decode()


def test_a_tampered_link_with_a_valid_id_but_wrong_signature_is_refused(employee_token):
    public_id, mac = employee_token.split(".")
    tampered = f"{public_id}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}"
    assert Client().get(f"/svar/{tampered}/").status_code == 404
    assert Client().post(section_url(tampered, 1), {"can_work_home": "yes"}).status_code == 404
    assert not Draft.objects.exists()


def test_a_link_to_a_round_not_yet_open_says_when_it_opens(org, employee):
    from hjemmekontor.surveys.actions import do_create_round
    from tests.conftest import round_spec

    later = timezone.now() + dt.timedelta(days=2)
    survey_round = do_create_round(
        round_spec(org, opens_at=later, closes_at=later + dt.timedelta(days=7))
    )
    token = token_of(survey_round, employee)
    page = Client().get(f"/svar/{token}/")
    assert "har ikke åpnet" in page.content.decode()
    assert Client().post(section_url(token, 1), {"can_work_home": "yes"}).status_code == 200
    assert not Draft.objects.exists()


def test_an_expired_link_says_the_round_is_closed_and_accepts_nothing(employee_token, open_round):
    do_close_round(open_round)
    page = Client().post(section_url(employee_token, 1), {"can_work_home": "yes"})
    assert "stengt" in page.content.decode()
    assert not Draft.objects.exists()
    assert Client().post(f"/svar/{employee_token}/send/").status_code == 200
    assert not Response.objects.exists()


def test_an_unknown_option_is_refused_with_a_message_and_nothing_saved(employee_token):
    page = Client().post(section_url(employee_token, 1), {"can_work_home": "maybe", "next": "1"})
    assert page.status_code == 400
    assert "error-summary" in page.content.decode()
    assert not Draft.objects.exists()


def test_an_out_of_range_number_is_refused_and_the_other_answers_on_the_page_are_kept(
    employee_token,
):
    client = Client()
    inst = load_instrument("employee", 1)
    answers = {"can_work_home": "yes"}
    client.post(section_url(employee_token, 1), {**answers, "next": "1"})
    step, _section = next(
        (i, s)
        for i, s in enumerate(inst.visible_sections(answers), start=1)
        if any(item.id == "share_time_home" for item in s.items)
    )
    page = client.post(
        section_url(employee_token, step),
        {"share_time_home": "140", "ho_freq": "monthly", "next": "1"},
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert 'value="140"' in text  # what the person typed is shown back, not lost
    assert 'value="monthly" checked' in text
    assert "share_time_home" not in draft_answers(employee_token)


def test_decimal_comma_in_numbers_is_accepted(employee_token):
    client = Client()
    inst = load_instrument("employee", 1)
    answers = {"can_work_home": "yes"}
    client.post(section_url(employee_token, 1), {**answers, "next": "1"})
    step = next(
        i
        for i, s in enumerate(inst.visible_sections(answers), start=1)
        if any(item.id == "share_time_home" for item in s.items)
    )
    response = client.post(
        section_url(employee_token, step), {"share_time_home": " 40,0 ", "next": "1"}
    )
    assert response.status_code == 302
    assert draft_answers(employee_token)["share_time_home"] == 40


def test_over_long_free_text_is_refused_and_kept_for_editing(employee_token):
    client = Client()
    answer_everything(client, employee_token)
    inst = load_instrument("employee", 1)
    comment = inst.item("comment")
    answers = {"can_work_home": "yes"}
    step = next(
        i
        for i, s in enumerate(inst.visible_sections(answers), start=1)
        if any(item.id == "comment" for item in s.items)
    )
    long_text = "x" * (comment.max_length + 1)
    page = client.post(section_url(employee_token, step), {"comment": long_text, "next": "1"})
    assert page.status_code == 400
    assert long_text in page.content.decode()


def test_script_in_free_text_is_stored_as_text_and_rendered_inert(employee_token, open_round):
    client = Client()
    answer_everything(client, employee_token)
    inst = load_instrument("employee", 1)
    step = next(
        i
        for i, s in enumerate(inst.visible_sections({"can_work_home": "yes"}), start=1)
        if any(item.id == "comment" for item in s.items)
    )
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(section_url(employee_token, step), {"comment": hostile, "next": "1"})
    page = client.get(section_url(employee_token, step)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    client.post(f"/svar/{employee_token}/send/")
    assert Response.objects.get(round=open_round).answers["comment"] == hostile


def test_a_section_number_beyond_the_questionnaire_is_not_found(employee_token):
    assert Client().get(section_url(employee_token, 99)).status_code == 404


def test_manager_link_shows_the_manager_questionnaire(open_round, manager_a):
    token = token_of(open_round, manager_a, "manager")
    page = Client().get(section_url(token, 1)).content.decode()
    inst = load_instrument("manager", 1)
    first = inst.visible_items(inst.visible_sections({})[0], {})[0]
    assert f'name="{first.id}"' in page


def test_token_is_bound_to_the_secret_key(open_round, employee, settings):
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    token = token_for(invitation.public_id)
    settings.SECRET_KEY = "another-secret-key-" + "z" * 40
    assert Client().get(f"/svar/{token}/").status_code == 404


def test_autosave_keeps_valid_answers_and_ignores_invalid_ones(employee_token):
    client = Client()
    client.post(section_url(employee_token, 1), {"can_work_home": "yes", "next": "1"})
    response = client.post(
        section_url(employee_token, 2),
        {"autosave": "1", "ho_freq": "monthly", "share_time_home": "999"},
    )
    assert response.status_code == 200
    assert response.json() == {"saved": True}
    answers = draft_answers(employee_token)
    assert answers["ho_freq"] == "monthly"
    assert "share_time_home" not in answers
