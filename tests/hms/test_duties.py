"""«Mine oppgaver»: each role finds what waits for them on the start page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemmekontor.hms.actions import do_sign_assessment
from hjemmekontor.hms.models import Action

pytestmark = pytest.mark.django_db


def home(client) -> str:  # type: ignore[no-untyped-def]
    return " ".join(client.get("/").content.decode().split())


def test_each_role_sees_its_own_waiting_work_and_nothing_else(
    clients, world, manager_a, representative, open_round
):
    detail = reverse("hms:assessment-detail", args=[world.assessment.pk])
    manager = home(clients["manager_a"])
    assert "Mine oppgaver" in manager
    assert "Risikovurderinger som venter på din signatur: 1" in manager and detail in manager
    # The employee's request for a screen waits for the manager of Lønn's line.
    assert "Forespørsler om hjemmearbeidsplassen som venter på svar: 1" in manager
    assert detail in home(clients["representative"])
    # IT's manager has nothing of Økonomi's; the employee has no duties at all.
    assert detail not in home(clients["manager_b"])
    assert "Mine oppgaver" not in home(clients["employee"])
    # The HMS adviser is told which rounds are open.
    admin = home(clients["admin"])
    assert "Åpne undersøkelsesrunder" in admin
    assert reverse("surveys:round", args=[open_round.pk]) in admin


def test_a_duty_goes_when_it_is_done_and_an_overdue_action_comes(
    clients, world, manager_a, representative
):
    detail = reverse("hms:assessment-detail", args=[world.assessment.pk])
    do_sign_assessment(world.assessment, as_role="manager", signer=manager_a.user)
    assert detail not in home(clients["manager_a"])
    assert detail in home(clients["representative"])
    Action.objects.filter(pk=world.action_a.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    manager = home(clients["manager_a"])
    assert "Tiltak du har ansvaret for, over fristen: 1" in manager
    assert reverse("hms:action-detail", args=[world.action_a.pk]) in manager
