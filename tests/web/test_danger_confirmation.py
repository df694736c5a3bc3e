"""Every destructive button asks to be confirmed, and an unconfirmed form changes nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from hjemmekontor.hms.actions import do_create_agreement
from hjemmekontor.hms.models import Agreement
from hjemmekontor.organisation.models import Person
from hjemmekontor.surveys.models import Round
from hjemmekontor.timesheets.actions import do_save_registration
from hjemmekontor.timesheets.models import TimeRegistration
from tests.hms.conftest import terms

pytestmark = pytest.mark.django_db

UNCONFIRMED = "Kryss av for å bekrefte først. Ingenting er endret."


def _posted(client, url: str, data: dict[str, str]) -> list[str]:
    response = client.post(url, data)
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_closing_a_round_needs_the_tick(persona_clients, open_round):
    admin = persona_clients["admin"]
    page = admin.get(reverse("surveys:round", args=[open_round.pk])).content.decode()
    assert 'name="confirm" value="yes" id="confirm-close" required' in page
    url = reverse("surveys:round-close", args=[open_round.pk])
    assert _posted(admin, url, {}) == [UNCONFIRMED]
    assert Round.objects.get(pk=open_round.pk).status() == "open"
    _posted(admin, url, {"confirm": "yes"})
    assert Round.objects.get(pk=open_round.pk).status() == "closed"


def test_ending_an_agreement_needs_the_tick(persona_clients, employee):
    agreement = do_create_agreement(employee, terms())
    manager = persona_clients["manager_a"]
    page = manager.get(reverse("hms:agreement-detail", args=[agreement.pk])).content.decode()
    assert 'id="confirm-end" required' in page
    url = reverse("hms:agreement-end", args=[agreement.pk])
    today = timezone.localdate().isoformat()
    assert _posted(manager, url, {"ended_on": today}) == [UNCONFIRMED]
    assert Agreement.objects.get(pk=agreement.pk).status == "active"
    _posted(manager, url, {"ended_on": today, "confirm": "yes"})
    assert Agreement.objects.get(pk=agreement.pk).status != "active"


def test_deleting_a_registration_needs_the_tick(persona_clients, employee):
    start = dt.datetime(2026, 1, 5, 8, tzinfo=ZoneInfo("Europe/Oslo"))
    registration = do_save_registration(employee, start, start + dt.timedelta(hours=8), 30, "home")
    client = persona_clients["employee"]
    page = client.get(reverse("timesheets:edit", args=[registration.pk])).content.decode()
    assert 'id="confirm-delete" required' in page
    url = reverse("timesheets:delete", args=[registration.pk])
    assert _posted(client, url, {}) == [UNCONFIRMED]
    assert TimeRegistration.objects.filter(pk=registration.pk).exists()
    _posted(client, url, {"confirm": "yes"})
    assert not TimeRegistration.objects.filter(pk=registration.pk).exists()


def test_deactivating_a_person_needs_the_tick_and_activating_does_not(persona_clients, employee):
    admin = persona_clients["admin"]
    page = admin.get(reverse("organisation:person-edit", args=[employee.pk])).content.decode()
    assert 'id="confirm-deactivate" required' in page
    url = reverse("organisation:person-deactivate", args=[employee.pk])
    assert _posted(admin, url, {}) == [UNCONFIRMED]
    assert Person.objects.get(pk=employee.pk).active
    _posted(admin, url, {"confirm": "yes"})
    assert not Person.objects.get(pk=employee.pk).active
    _posted(admin, reverse("organisation:person-activate", args=[employee.pk]), {})
    assert Person.objects.get(pk=employee.pk).active
