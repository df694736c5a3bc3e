"""Creating a round snapshots its population; invitations and reminders by e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from hjemmekontor.organisation.models import Person
from hjemmekontor.surveys.actions import (
    RoundNotOpen,
    SurveyError,
    do_close_round,
    do_create_round,
    do_extend_round,
    do_save_draft,
    do_send_invitations,
    do_send_reminders,
    do_submit_response,
)
from hjemmekontor.surveys.links import parse_link, parse_token, token_for
from hjemmekontor.surveys.models import Draft, Invitation
from tests.conftest import round_spec

pytestmark = pytest.mark.django_db


def test_round_invites_everyone_and_managers_and_representatives_get_their_questionnaire(
    open_round, employee, manager_a, manager_b, representative
):
    kinds = sorted(Invitation.objects.filter(round=open_round).values_list("person__name", "kind"))
    assert kinds == sorted(
        [
            (employee.name, "employee"),
            (manager_a.name, "employee"),
            (manager_a.name, "manager"),
            (manager_b.name, "employee"),
            (manager_b.name, "manager"),
            (representative.name, "employee"),
            (representative.name, "representative"),
        ]
    )


def test_round_snapshots_background_so_later_moves_do_not_change_it(open_round, employee, org):
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    employee.unit = org.unit_b
    employee.gender = "male"
    employee.save()
    invitation.refresh_from_db()
    assert invitation.unit_id == org.unit_a1.pk
    assert invitation.gender == "female"
    assert invitation.age_group == "30-39"


def test_round_over_one_unit_includes_its_subtree_only(org, employee, manager_a, manager_b):
    survey_round = do_create_round(round_spec(org, unit_ids=[org.unit_a.pk]))
    people = set(Invitation.objects.filter(round=survey_round).values_list("person_id", flat=True))
    assert people == {employee.pk, manager_a.pk}


def test_inactive_people_are_not_invited(org, employee, manager_a):
    employee.active = False
    employee.save()
    survey_round = do_create_round(round_spec(org))
    assert not Invitation.objects.filter(round=survey_round, person=employee).exists()


def test_round_must_close_after_it_opens(org):
    now = timezone.now()
    with pytest.raises(SurveyError):
        do_create_round(round_spec(org, opens_at=now, closes_at=now - dt.timedelta(hours=1)))


def test_invitations_are_emailed_once_with_a_working_personal_link(open_round, manager_a):
    sent = do_send_invitations(open_round)
    assert sent == 4  # one e-mail per person, listing all their links
    again = do_send_invitations(open_round)
    assert again == 0
    message = next(m for m in mail.outbox if m.to == [manager_a.email])
    links = [line.split(": ", 1)[1] for line in message.body.splitlines() if "/svar/" in line]
    assert len(links) == 2
    token = links[0].rstrip("/").rsplit("/", 1)[1]
    assert parse_token(token) is not None
    assert "frivillig" in message.body


def test_reminders_go_only_to_those_who_have_not_answered(open_round, employee, manager_b):
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    do_submit_response(invitation, {"can_work_home": "yes"})
    do_send_reminders(open_round)
    recipients = {tuple(m.to) for m in mail.outbox}
    assert (employee.email,) not in recipients
    assert (manager_b.email,) in recipients
    reminded = Invitation.objects.get(round=open_round, person=manager_b, kind="employee")
    assert reminded.reminder_count == 1


def test_reminders_are_refused_for_a_closed_round(open_round):
    do_close_round(open_round)
    with pytest.raises(RoundNotOpen):
        do_send_reminders(open_round)


def test_closing_early_deletes_drafts_and_stops_answers(open_round, employee):
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    link = parse_link(token_for(invitation.public_id))
    assert link is not None and link.draft_key is not None
    do_save_draft(invitation, link.draft_key, {"can_work_home": "no"})
    do_close_round(open_round)
    assert open_round.status() == "closed"
    assert not Draft.objects.exists()
    with pytest.raises(RoundNotOpen):
        do_submit_response(invitation, {})


def test_extending_reopens_a_round_closed_early(open_round):
    do_close_round(open_round)
    do_extend_round(open_round, timezone.now() + dt.timedelta(days=3))
    assert open_round.status() == "open"


def test_extending_into_the_past_is_refused(open_round):
    with pytest.raises(SurveyError):
        do_extend_round(open_round, timezone.now() - dt.timedelta(minutes=1))


def test_file_email_backend_writes_real_messages(open_round, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    do_send_invitations(open_round)
    files = list(tmp_path.iterdir())
    assert files
    content = "".join(f.read_text(encoding="utf-8") for f in files)
    assert "Invitasjon: Hjemmekontor 2026" in content or "Invitasjon" in content


def test_people_without_email_get_a_link_in_the_csv_but_no_mail(org, admin_user):
    Person.objects.create(name="Uten E-post", employee_number="X1", unit=org.unit_b)
    survey_round = do_create_round(round_spec(org))
    do_send_invitations(survey_round)
    assert all(m.to for m in mail.outbox)
    assert Invitation.objects.filter(round=survey_round, email="").count() == 1


def test_a_refused_round_change_is_explained_in_the_readers_language(open_round):
    from django.utils import translation

    from hjemmekontor.surveys.actions import SurveyError, do_close_round

    do_close_round(open_round)
    for language, message in (
        ("nb", "Runden er allerede stengt."),
        ("en", "The round is already closed."),
    ):
        with translation.override(language), pytest.raises(SurveyError) as refused:
            do_close_round(open_round)
        assert str(refused.value) == message


def test_invitations_and_reminders_are_written_in_the_organisations_language(open_round, settings):
    settings.LANGUAGE_CODE = "nn"
    do_send_invitations(open_round)
    invitation = mail.outbox[0]
    assert invitation.subject == f"Invitasjon: {open_round.name}"
    assert "vil gjerne høyre frå deg i undersøkinga" in invitation.body
    assert "Lenkja er personleg: ikkje del ho." in invitation.body
    assert "Venleg helsing" in invitation.body
    assert "Med vennlig hilsen" not in invitation.body
    settings.LANGUAGE_CODE = "en"
    do_send_reminders(open_round)
    reminder = mail.outbox[-1]
    assert reminder.subject == f"Reminder: {open_round.name}"
    assert "We have not received your answers" in reminder.body
