"""Action plans: creation rules, the link contract, history, overdue list and reminders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hjemmekontor.hms.actions import (
    HmsError,
    do_create_action,
    do_evaluate_action,
    do_send_hms_reminders,
    do_update_action,
)
from hjemmekontor.hms.models import Action, ReminderSent
from hjemmekontor.organisation.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_due_date_in_the_past_is_refused_with_the_dates_in_the_message(org, manager_a):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(HmsError) as error:
        do_create_action(
            unit=org.unit_a,
            problem="p",
            description="d",
            responsible=manager_a,
            due_date=yesterday,
        )
    assert f"{yesterday:%d.%m.%Y}" in str(error.value) and "passert" in str(error.value)
    assert not Action.objects.exists()


def test_the_form_shows_the_past_due_date_error_and_keeps_the_input(clients, org, manager_a, world):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = clients["manager_a"].post(
        reverse("hms:action-create"),
        {
            "unit": org.unit_a.pk,
            "problem": "Skjermer mangler",
            "description": "Kjøp skjermer",
            "responsible": manager_a.pk,
            "due_date": yesterday.isoformat(),
            "status": "planned",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "er passert" in page and "Kjøp skjermer" in page
    assert Action.objects.count() == 2  # only the world's two


def test_the_units_safety_representative_is_invited_by_default(org, manager_a, representative):
    action = do_create_action(
        unit=org.unit_a1,
        problem="p",
        description="d",
        responsible=manager_a,
        due_date=timezone.localdate(),
    )
    # Lønn has no verneombud of its own; the nearest one above (Økonomi) is invited.
    assert list(action.participants.all()) == [representative]


def test_the_results_link_prefills_unit_indicator_and_finding(clients, org, world):
    url = reverse("hms:action-create") + (
        f"?unit={org.unit_a1.pk}&indicator=after_hours_weekly&finding=62+%25+jobber+om+kvelden"
    )
    page = clients["manager_a"].get(url).content.decode()
    # The indicator is chosen by name, preselected; nobody types an id.
    assert (
        '<option value="after_hours_weekly" selected>'
        "Jobber hjemmefra utenom vanlig arbeidstid minst ukentlig</option>"
    ) in page
    assert "62 % jobber om kvelden" in page
    assert f'<option value="{org.unit_a1.pk}" selected>' in page
    # A unit the manager does not manage is not preselected.
    other = clients["manager_a"].get(reverse("hms:action-create") + f"?unit={org.unit_b.pk}")
    assert "Demo AS/IT</option>" not in other.content.decode()


def test_every_change_is_kept_in_the_history_with_who_and_what(world, manager_a, representative):
    action = world.action_a
    new_due = action.due_date + dt.timedelta(days=7)
    do_update_action(action, actor=manager_a.user, status="in_progress", due_date=new_due)
    do_evaluate_action(
        action, actor=manager_a.user, helped="partly", text="Færre kveldsmeldinger.",
        indicator="after_hours_weekly",
    )  # fmt: skip
    events = list(action.events.all())
    assert [event.kind for event in events] == ["created", "changed", "evaluated"]
    assert events[1].changes == {
        "status": ["planned", "in_progress"],
        "due_date": [world.action_a.due_date.isoformat(), new_due.isoformat()],
    }
    assert {event.actor_name for event in events} == {manager_a.name}
    action.refresh_from_db()
    assert action.evaluation_helped == "partly" and action.indicator == "after_hours_weekly"


def test_a_representative_can_comment_but_not_edit(clients, world):
    url = reverse("hms:action-comment", args=[world.action_a.pk])
    clients["representative"].post(url, {"text": "Vi bør ta dette opp i AMU."})
    comment = world.action_a.events.get(kind="comment")
    assert comment.text == "Vi bør ta dette opp i AMU." and comment.actor_name == "Verneombud"
    edit = reverse("hms:action-edit", args=[world.action_a.pk])
    assert clients["representative"].get(edit).status_code == 403


def test_overdue_lists_only_open_actions_past_their_due_date(clients, world, org, manager_a):
    past = timezone.now() - dt.timedelta(days=40)
    late = do_create_action(
        unit=org.unit_a, problem="p", description="Sen handling", responsible=manager_a,
        due_date=timezone.localdate() - dt.timedelta(days=3), now=past,
    )  # fmt: skip
    done = do_create_action(
        unit=org.unit_a, problem="p", description="Ferdig handling", responsible=manager_a,
        due_date=timezone.localdate() - dt.timedelta(days=3), status="done", now=past,
    )  # fmt: skip
    page = clients["amu"].get(reverse("hms:overdue")).content.decode()
    assert late.description in page and done.description not in page
    assert world.action_a.description not in page


def test_reminders_are_sent_once_before_and_once_at_the_due_date(world, manager_a, manager_b):
    do_update_action(world.action_b, actor=manager_b.user, status="dropped")
    action = world.action_a
    before = action.due_date - dt.timedelta(days=7)
    assert do_send_hms_reminders(today=before - dt.timedelta(days=1), days_before=7) == 0
    assert do_send_hms_reminders(today=before, days_before=7) == 1
    assert do_send_hms_reminders(today=before + dt.timedelta(days=1), days_before=7) == 0
    assert mail.outbox[0].to == [manager_a.email] and "Frist" in mail.outbox[0].subject
    assert do_send_hms_reminders(today=action.due_date, days_before=7) == 1
    assert do_send_hms_reminders(today=action.due_date, days_before=7) == 0
    assert len(mail.outbox) == 2 and "passert" in mail.outbox[1].subject
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {
        "action_before",
        "action_due",
    }
    assert action.events.filter(kind="reminded").count() == 2


def test_the_management_command_uses_the_default_of_seven_days(world):
    before = world.action_a.due_date - dt.timedelta(days=7)
    call_command("send_hms_reminders", today=before.isoformat())
    call_command("send_hms_reminders", today=before.isoformat())
    assert len(mail.outbox) == 2  # world's two actions share the due date; each once


def test_a_done_action_is_not_reminded(world, manager_a):
    do_update_action(world.action_a, actor=manager_a.user, status="done")
    assert do_send_hms_reminders(today=world.action_a.due_date, days_before=7) == 1
    assert mail.outbox[0].to != [manager_a.email]


def test_an_action_shows_its_indicator_by_name_in_the_readers_language(clients, world):
    detail = reverse("hms:action-detail", args=[world.action_a.pk])
    page = clients["manager_a"].get(detail).content.decode()
    assert "Jobber hjemmefra utenom vanlig arbeidstid minst ukentlig" in page
    assert "<code>after_hours_weekly</code>" not in page
    clients["manager_a"].cookies.load({"django_language": "en"})
    english = clients["manager_a"].get(detail).content.decode()
    assert "Work from home outside normal hours weekly or more often" in english


def test_the_people_pickers_offer_the_managers_units_and_tell_namesakes_apart(
    clients, org, world, employee, manager_b, representative
):
    Person.objects.create(name=employee.name, email="navnebror@demo.example", unit=org.unit_b)
    page = clients["manager_a"].get(reverse("hms:action-create")).content.decode()
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", page)
    assert f"{employee.name} ({org.unit_a1.name})" in options
    assert f"{representative.name} ({org.unit_a.name})" in options
    # Nobody from a unit the manager does not lead: not the namesake, not the other manager.
    assert f"{employee.name} ({org.unit_b.name})" not in options
    assert not any(option.startswith(manager_b.name) for option in options)
    admin = clients["admin"].get(reverse("hms:action-create")).content.decode()
    assert f"{employee.name} ({org.unit_b.name})" in admin


def test_a_long_plan_is_shown_a_hundred_actions_at_a_time_and_filters_by_unit(
    clients, org, manager_a, world
):
    due = timezone.localdate() + dt.timedelta(days=10)
    for number in range(150):
        do_create_action(
            unit=org.unit_a1,
            problem=f"Problem {number}",
            description=f"Lønnstiltak {number:03d}",
            responsible=manager_a,
            due_date=due,
        )
    client = clients["admin"]
    first = client.get(reverse("hms:plans")).content.decode()
    rows = re.findall(r'<a href="/hms/tiltak/\d+/">', first)
    assert len(rows) == 100
    assert "Side 1 av 2 (tiltak 1–100)" in first
    following = re.search(r'href="(\?[^"]*side=2[^"]*)" rel="next"', first)
    assert following is not None
    second = client.get(reverse("hms:plans") + following.group(1).replace("&amp;", "&"))
    # 150 in Lønn and the world's two actions (one in Økonomi, one in IT).
    assert len(re.findall(r'<a href="/hms/tiltak/\d+/">', second.content.decode())) == 52
    # Økonomi with the units below it: its own action and Lønn's 150, not IT's.
    only = client.get(reverse("hms:plans"), {"enhet": org.unit_a.pk, "side": 2}).content.decode()
    assert len(re.findall(r'<a href="/hms/tiltak/\d+/">', only)) == 51
    assert world.action_b.description not in only
