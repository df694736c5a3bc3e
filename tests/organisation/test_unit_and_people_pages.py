"""Editing units and people in the web UI, and giving people a login."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from hjemmekontor.organisation.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_the_unit_tree_lists_units_in_tree_order_with_depth(staff_client: Client, org: Any) -> None:
    response = staff_client.get(reverse("organisation:units"))

    html = response.content.decode()
    names = re.findall(r'<td class="depth-(\d)"><a href="[^"]+">([^<]+)</a>', html)
    assert names == [("0", "Demo AS"), ("1", "IT"), ("1", "Økonomi"), ("2", "Lønn")]


def test_a_unit_can_be_created_and_renamed(staff_client: Client, org: Any) -> None:
    response = staff_client.post(
        reverse("organisation:unit-create"),
        {"name": "Drift", "code": " DRIFT ", "parent": org.unit_b.pk},
    )
    assert response.status_code == 302
    drift = Unit.objects.get(code="DRIFT")
    assert drift.path == "Demo AS/IT/Drift"

    staff_client.post(
        reverse("organisation:unit-edit", args=[drift.pk]),
        {"name": "Drift og nett", "code": "DRIFT", "parent": org.unit_b.pk},
    )
    drift.refresh_from_db()
    assert drift.name == "Drift og nett"


def test_moving_a_unit_below_its_own_descendant_is_refused(staff_client: Client, org: Any) -> None:
    response = staff_client.post(
        reverse("organisation:unit-edit", args=[org.unit_a.pk]),
        {"name": "Økonomi", "code": "OKO", "parent": org.unit_a1.pk},
    )

    assert response.status_code == 200
    assert "ville gi en sirkel i enhetstreet" in response.content.decode()
    org.unit_a.refresh_from_db()
    assert org.unit_a.parent_id == org.root.pk

    itself = staff_client.post(
        reverse("organisation:unit-edit", args=[org.unit_a.pk]),
        {"name": "Økonomi", "code": "OKO", "parent": org.unit_a.pk},
    )
    assert "En enhet kan ikke ligge under seg selv." in itself.content.decode()


def test_a_unit_with_people_cannot_be_deactivated_but_an_empty_one_can(
    staff_client: Client, employee: Person, org: Any
) -> None:
    refused = staff_client.post(
        reverse("organisation:unit-deactivate", args=[org.unit_a1.pk]), follow=True
    )
    assert "har aktive personer" in refused.content.decode()
    org.unit_a1.refresh_from_db()
    assert org.unit_a1.active

    staff_client.post(reverse("organisation:unit-deactivate", args=[org.unit_b.pk]))
    org.unit_b.refresh_from_db()
    assert not org.unit_b.active
    staff_client.post(reverse("organisation:unit-activate", args=[org.unit_b.pk]))
    org.unit_b.refresh_from_db()
    assert org.unit_b.active


def test_people_are_searched_filtered_by_subtree_and_paginated(
    staff_client: Client, org: Any
) -> None:
    Person.objects.bulk_create(
        [
            Person(name=f"Person {i:03}", employee_number=f"P{i:03}", unit=org.unit_a1)
            for i in range(60)
        ]
        + [Person(name="Ingrid IT", email="ingrid@demo.example", unit=org.unit_b)]
    )
    url = reverse("organisation:people")

    first = staff_client.get(url, {"unit": org.unit_a.pk}).content.decode()
    second = staff_client.get(url, {"unit": org.unit_a.pk, "page": 2}).content.decode()
    found = staff_client.get(url, {"q": "ingrid@"}).content.decode()

    assert "60 personer funnet." in first
    assert "Person 000" in first and "Person 050" not in first and "Ingrid" not in first
    assert "Person 050" in second and "Side 2 av 2" in second
    assert f"unit={org.unit_a.pk}" in first  # the next-page link keeps the filter
    assert "1 person funnet." in found and "Ingrid IT" in found


def test_a_person_needs_an_employee_number_or_an_email(staff_client: Client, org: Any) -> None:
    data = {"name": "Kari", "unit": org.unit_b.pk, "representative_role": "", "gender": ""}

    refused = staff_client.post(reverse("organisation:person-create"), data)
    assert "Fyll ut ansattnummer eller e-post" in refused.content.decode()

    created = staff_client.post(
        reverse("organisation:person-create"), {**data, "email": "Kari@Demo.example"}
    )
    kari = Person.objects.get(name="Kari")
    assert created["Location"] == reverse("organisation:person-edit", args=[kari.pk])
    assert (kari.email, kari.employee_number) == ("kari@demo.example", None)

    duplicate = staff_client.post(
        reverse("organisation:person-create"), {**data, "email": "KARI@demo.example"}
    )
    assert "En annen person har allerede denne e-postadressen." in duplicate.content.decode()


def test_deactivating_a_person_closes_their_login_and_reactivating_opens_it(
    staff_client: Client, employee: Person
) -> None:
    staff_client.post(
        reverse("organisation:person-deactivate", args=[employee.pk]), {"confirm": "yes"}
    )
    employee.refresh_from_db()
    assert not employee.active and not employee.user.is_active

    staff_client.post(reverse("organisation:person-activate", args=[employee.pk]))
    employee.refresh_from_db()
    assert employee.active and employee.user.is_active


def test_giving_access_creates_a_login_and_mails_a_working_password_link(
    staff_client: Client, org: Any
) -> None:
    kari = Person.objects.create(name="Kari", email="kari@demo.example", unit=org.unit_b)

    staff_client.post(reverse("organisation:person-access", args=[kari.pk]))

    kari.refresh_from_db()
    assert kari.user is not None
    assert kari.user.username == "kari@demo.example"
    assert not kari.user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["kari@demo.example"]
    link = re.search(r"https?://\S+/passord/ny/\S+/", message.body)
    assert link is not None

    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    visitor = Client()
    form_page = visitor.get("/" + path, follow=True)
    assert form_page.context["validlink"] is True
    # The product's own page, not the Django admin's template of the same name.
    assert "<h1>Velg passord</h1>" in form_page.content.decode()
    assert "Django" not in form_page.content.decode()
    new_password = "Hjemmekontor-er-fint-2025"
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert visitor.login(username="kari@demo.example", password=new_password)

    # A second click gives a fresh link to the same account, never a second account.
    staff_client.post(reverse("organisation:person-access", args=[kari.pk]))
    assert len(mail.outbox) == 2
    assert get_user_model().objects.filter(username="kari@demo.example").count() == 1


def test_access_is_refused_for_someone_without_email(staff_client: Client, org: Any) -> None:
    ola = Person.objects.create(name="Ola", employee_number="1002", unit=org.unit_b)

    response = staff_client.post(reverse("organisation:person-access", args=[ola.pk]), follow=True)

    assert "har ingen e-postadresse" in response.content.decode()
    assert mail.outbox == []
