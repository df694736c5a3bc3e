"""The agreement register: the eight points of §2, PDF, renewal, ending, indicator, expiry."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hjemmekontor.hms.actions import (
    HmsError,
    do_create_agreement,
    do_end_agreement,
    do_send_hms_reminders,
    do_set_scope,
)
from hjemmekontor.hms.actions.agreements import POINT_HEADINGS
from hjemmekontor.hms.aggregates import agreement_indicator, agreement_rows
from hjemmekontor.hms.models import Agreement
from hjemmekontor.hms.pdf import agreement_pdf
from hjemmekontor.organisation.models import Person
from tests.hms.conftest import terms

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.mark.parametrize(
    "missing", ["extent", "working_hours", "availability", "change_and_termination",
                "equipment", "confidentiality"],
)  # fmt: skip
def test_an_agreement_without_a_required_point_is_refused_naming_the_point(employee, missing):
    with pytest.raises(HmsError) as error:
        do_create_agreement(employee, terms(**{missing: "  "}))
    assert str(POINT_HEADINGS[missing]) in str(error.value)
    assert not Agreement.objects.exists()


def test_a_temporary_arrangement_needs_its_duration_and_the_trial_period_must_be_explicit(
    employee,
):
    with pytest.raises(HmsError, match="forventet sluttdato"):
        do_create_agreement(employee, terms(temporary=True))
    with pytest.raises(HmsError, match="prøvetid"):
        do_create_agreement(employee, terms(trial_period_none=False, trial_period=""))
    agreement = do_create_agreement(
        employee, terms(trial_period_none=False, trial_period="Tre måneder.")
    )
    assert agreement.trial_period == "Tre måneder."


def test_the_form_marks_each_missing_point_and_saves_nothing(clients, world, employee):
    url = reverse("hms:agreement-create", args=[employee.pk])
    response = clients["manager_a"].post(url, {"start_date": timezone.localdate().isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    for key in ("extent", "working_hours", "equipment", "confidentiality", "trial_period"):
        assert str(POINT_HEADINGS[key]) in page
    assert "må fylles ut" in page
    assert Agreement.objects.count() == 1


def test_the_pdf_opens_and_holds_every_point_heading_and_the_persons_name(world, tmp_path):
    text = pdf_text(agreement_pdf(world.agreement), tmp_path)
    assert world.agreement.person.name in text
    for heading in POINT_HEADINGS.values():
        # pdftotext may wrap a long heading; compare its first words.
        assert " ".join(str(heading).split()[:4]) in " ".join(text.split()), heading
    assert "Ingen prøvetid" in text and "Signatur" in text


def test_the_pdf_is_served_to_the_employee_and_their_manager(clients, world, tmp_path):
    url = reverse("hms:agreement-pdf", args=[world.agreement.pk])
    for persona in ("employee", "manager_a"):
        response = clients[persona].get(url)
        assert response["Content-Type"] == "application/pdf", persona
        assert "Ansatt" in pdf_text(response.content, tmp_path)


def test_renewal_keeps_the_old_version_and_ending_keeps_the_agreement(world, employee):
    renewed = do_create_agreement(employee, terms(extent="Tre dager per uke."))
    old = Agreement.objects.get(pk=world.agreement.pk)
    assert (renewed.version, renewed.previous_id, old.status) == (2, old.pk, "superseded")
    with pytest.raises(HmsError, match="ikke gjeldende"):
        do_end_agreement(old, ended_on=timezone.localdate())
    do_end_agreement(renewed, ended_on=timezone.localdate(), reason="Tilbake på kontoret.")
    assert Agreement.objects.filter(person=employee).count() == 2
    assert not Agreement.objects.get(pk=renewed.pk).is_valid(timezone.localdate())


def test_the_indicator_is_hidden_below_k_people_in_scope_and_shown_from_k(
    clients, org, world, settings
):
    settings.ANONYMITY_K = 5
    page = clients["manager_a"].get(reverse("hms:agreement-unit", args=[org.unit_a.pk]))
    assert "Færre enn 5 personer" in page.content.decode()
    for number in range(4):
        person = Person.objects.create(
            name=f"Kollega {number}", email=f"k{number}@demo.example", unit=org.unit_a1
        )
        do_set_scope(person, days_per_week=Decimal("1"))
        if number < 2:
            do_create_agreement(person, terms())
    indicator = agreement_indicator(org.unit_a)
    assert (indicator.in_scope, indicator.with_agreement) == (5, 3)
    page = clients["manager_a"].get(reverse("hms:agreement-unit", args=[org.unit_a.pk]))
    text = page.content.decode()
    assert "60 %" in text and "18 %" in text and "3 av 5" in text


def test_less_than_one_day_a_week_is_sporadic_and_outside_the_indicator(org, employee, settings):
    do_set_scope(employee, days_per_week=Decimal("0.5"))
    rows = agreement_rows(org.unit_a1, timezone.localdate())
    assert not rows[0].in_scope
    settings.HMS_SCOPE_DAYS_PER_WEEK = "0.5"
    assert agreement_rows(org.unit_a1, timezone.localdate())[0].in_scope


def test_a_temporary_agreements_end_is_reminded_once_to_the_person_and_manager(
    settings, employee, manager_a
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    end = timezone.localdate() + dt.timedelta(days=60)
    do_create_agreement(employee, terms(temporary=True, expected_end=end))
    assert do_send_hms_reminders(today=end - dt.timedelta(days=7), days_before=7) == 1
    assert do_send_hms_reminders(today=end - dt.timedelta(days=6), days_before=7) == 0
    assert sorted(mail.outbox[0].to) == sorted([employee.email, manager_a.email])
    assert do_send_hms_reminders(today=end + dt.timedelta(days=1), days_before=7) == 1
    assert "gikk ut" in mail.outbox[1].body


def test_an_agreement_follows_the_person_who_moves_unit(clients, org, world, employee):
    employee.unit = org.unit_b
    employee.save()
    assert (
        clients["manager_b"]
        .get(reverse("hms:agreement-detail", args=[world.agreement.pk]))
        .status_code
        == 200
    )
    assert (
        clients["manager_a"]
        .get(reverse("hms:agreement-detail", args=[world.agreement.pk]))
        .status_code
        == 403
    )
    assert (
        clients["employee"].get(reverse("hms:my-agreements")).content.decode().count("Versjon 1")
        == 1
    )
