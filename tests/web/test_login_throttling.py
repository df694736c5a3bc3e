"""Guessing passwords at the login page: locked out after a few tries, for a while."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str) -> object:
    return client.post("/logg-inn/", {"username": username, "password": password, "next": ""})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_lock_the_login_even_for_the_right_password(employee):
    client = Client()
    for _ in range(40):
        attempt(client, "ansatt", "feil-passord")
    response = attempt(client, "ansatt", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Innloggingen er midlertidig sperret" in page
    assert "15 minutter" in page
    assert 'name="password"' in page


def test_the_lock_lifts_after_the_cool_off(employee):
    client = Client()
    for _ in range(5):
        attempt(client, "ansatt", "feil-passord")
    assert attempt(client, "ansatt", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = attempt(client, "ansatt", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_holds_one_user_name_from_one_address_only(employee, manager_a):
    for _ in range(5):
        attempt(Client(), "ansatt", "feil-passord")
    # A colleague at the same office address, and the employee from elsewhere, get in.
    colleague = Client()
    assert attempt(colleague, "leder_a", PASSWORD).status_code == 302
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert attempt(elsewhere, "ansatt", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count_of_failures(employee):
    client = Client()
    for _ in range(4):
        attempt(client, "ansatt", "feil-passord")
    assert attempt(client, "ansatt", PASSWORD).status_code == 302
    client = Client()
    for _ in range(4):
        attempt(client, "ansatt", "feil-passord")
    assert attempt(client, "ansatt", PASSWORD).status_code == 302


def test_the_cool_off_and_limit_follow_the_settings(employee, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    attempt(client, "ansatt", "feil-passord")
    attempt(client, "ansatt", "feil-passord")
    assert attempt(client, "ansatt", PASSWORD).status_code == 429
    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=0)
    assert attempt(client, "ansatt", PASSWORD).status_code == 302


def test_a_wrong_password_still_gets_the_ordinary_message(employee):
    page = attempt(Client(), "ansatt", "feil-passord").content.decode()
    assert "Brukernavn eller passord er feil" in page
