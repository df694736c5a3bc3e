"""The employee's own registrations: add, edit, delete, and the clear refusals."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from hjemmekontor.timesheets.models import TimeRegistration
from tests.timesheets.conftest import add, long_evening, recent_weekday

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def form(start: str, end: str, break_minutes: str = "30", location: str = "home") -> dict:
    return {"start": start, "end": end, "break_minutes": break_minutes, "location": location}


def test_the_employee_adds_edits_and_deletes_a_registration_and_sees_it_in_its_week(
    persona_clients, employee
):
    client = persona_clients["employee"]
    day = recent_weekday()
    response = client.post(
        reverse("timesheets:create"), form(f"{day}T08:00", f"{day}T16:00", "30", "home")
    )
    assert response.status_code == 302 and f"uke={day}" in response["Location"]
    registration = TimeRegistration.objects.get(person=employee)
    assert registration.source == "manual" and registration.location == "home"
    assert registration.start.astimezone(OSLO).replace(tzinfo=None) == dt.datetime.combine(
        day, dt.time(8)
    )
    page = client.get(response["Location"]).content.decode()
    assert reverse("timesheets:edit", args=[registration.pk]) in page
    assert "7,5" in page  # 8 hours minus a 30-minute break
    assert "FOR-2018-07-02-1108" in page

    edit = reverse("timesheets:edit", args=[registration.pk])
    assert client.post(edit, form(f"{day}T09:00", f"{day}T15:00", "0", "office")).status_code == 302
    registration.refresh_from_db()
    assert (registration.end - registration.start) == dt.timedelta(hours=6)
    assert registration.location == "office"

    assert (
        client.post(
            reverse("timesheets:delete", args=[registration.pk]), {"confirm": "yes"}
        ).status_code
        == 302
    )
    assert not TimeRegistration.objects.filter(person=employee).exists()


def test_an_end_before_the_start_is_refused_with_a_clear_message(persona_clients, employee):
    day = recent_weekday()
    response = persona_clients["employee"].post(
        reverse("timesheets:create"), form(f"{day}T16:00", f"{day}T08:00")
    )
    assert response.status_code == 200
    assert "må være etter start" in response.content.decode()
    assert not TimeRegistration.objects.exists()


def test_a_break_as_long_as_the_registration_is_refused(persona_clients, employee):
    day = recent_weekday()
    response = persona_clients["employee"].post(
        reverse("timesheets:create"), form(f"{day}T08:00", f"{day}T09:00", "60")
    )
    assert "Pausen må være kortere" in response.content.decode()
    assert not TimeRegistration.objects.exists()


def test_an_overlapping_registration_is_refused_and_names_the_other_one(persona_clients, employee):
    day = recent_weekday()
    add(employee, f"{day} 08:00", f"{day} 16:00")
    response = persona_clients["employee"].post(
        reverse("timesheets:create"), form(f"{day}T15:00", f"{day}T18:00", "0")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "overlapper" in page
    assert f"{day:%d.%m.%Y} 08:00" in page
    assert TimeRegistration.objects.count() == 1
    # Touching is not overlapping: 16:00-18:00 is fine.
    ok = persona_clients["employee"].post(
        reverse("timesheets:create"), form(f"{day}T16:00", f"{day}T18:00", "0")
    )
    assert ok.status_code == 302 and TimeRegistration.objects.count() == 2


def test_editing_a_registration_does_not_collide_with_itself(persona_clients, employee):
    day = recent_weekday()
    registration = add(employee, f"{day} 08:00", f"{day} 16:00")
    edit = reverse("timesheets:edit", args=[registration.pk])
    response = persona_clients["employee"].post(edit, form(f"{day}T08:30", f"{day}T16:00"))
    assert response.status_code == 302


def test_a_night_shift_over_the_autumn_clock_change_lasts_an_hour_longer(persona_clients, employee):
    # 25 October 2026: the clocks go back at 03:00 CEST to 02:00 CET.
    response = persona_clients["employee"].post(
        reverse("timesheets:create"), form("2026-10-24T22:00", "2026-10-25T06:00", "0")
    )
    assert response.status_code == 302
    registration = TimeRegistration.objects.get()
    assert registration.end - registration.start == dt.timedelta(hours=9)


def test_an_ambiguous_end_time_is_its_second_occurrence_when_the_first_is_before_the_start(
    persona_clients, employee
):
    response = persona_clients["employee"].post(
        reverse("timesheets:create"), form("2026-10-25T02:30", "2026-10-25T02:15", "0")
    )
    assert response.status_code == 302
    registration = TimeRegistration.objects.get()
    # 02:30 CEST (00:30 UTC) to 02:15 CET (01:15 UTC).
    assert registration.start == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    assert registration.end == dt.datetime(2026, 10, 25, 1, 15, tzinfo=dt.UTC)


def test_a_time_skipped_by_the_spring_clock_change_is_refused(persona_clients, employee):
    # 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 never happens.
    response = persona_clients["employee"].post(
        reverse("timesheets:create"), form("2026-03-29T02:30", "2026-03-29T08:00", "0")
    )
    assert "finnes ikke" in response.content.decode()
    assert not TimeRegistration.objects.exists()


def test_norwegian_date_text_is_accepted_without_a_date_picker(persona_clients, employee):
    response = persona_clients["employee"].post(
        reverse("timesheets:create"), form("02.03.2026 08:00", "02.03.2026 12:00", "0")
    )
    assert response.status_code == 302
    assert TimeRegistration.objects.get().start == dt.datetime(2026, 3, 2, 7, tzinfo=dt.UTC)


def test_the_employee_sees_their_own_breaches_and_patterns_in_plain_bokmal(
    persona_clients, employee
):
    day = recent_weekday()
    long_evening(employee, day)
    page = persona_clients["employee"].get(reverse("timesheets:mine")).content.decode()
    assert "RT-TOT-D" in page and "Samlet arbeidstid per 24 timer" in page
    assert "aml. § 10-6 (8)" in page
    assert "grensen er 13 t" in page
    assert "Andel arbeidsdager med arbeid etter kl. 21" in page
    assert "100 %" in page  # the one day worked had evening work


def test_an_account_without_a_person_gets_no_registration_pages(persona_clients):
    assert persona_clients["admin"].get(reverse("timesheets:create")).status_code == 403
    response = persona_clients["admin"].get(reverse("timesheets:mine"))
    assert response.status_code == 302 and response["Location"] == reverse("timesheets:breaches")
