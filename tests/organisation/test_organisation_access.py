"""Every organisation URL is for HMS advisers only: others get 403, visitors the login page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.organisation.urls import urlpatterns
from tests.organisation.org_files import batch_for

pytestmark = pytest.mark.django_db

# name -> (method, needs an object of kind)
URLS: dict[str, tuple[str, str | None]] = {
    "units": ("get", None),
    "unit-create": ("get", None),
    "unit-edit": ("get", "unit"),
    "unit-deactivate": ("post", "unit"),
    "unit-activate": ("post", "unit"),
    "people": ("get", None),
    "person-create": ("get", None),
    "person-edit": ("get", "person"),
    "person-deactivate": ("post", "person"),
    "person-activate": ("post", "person"),
    "person-access": ("post", "person"),
    "import": ("get", None),
    "import-preview": ("get", "batch"),
    "import-confirm": ("post", "batch"),
    "import-result": ("get", "batch"),
    "import-rejected": ("get", "batch"),
}


def test_the_access_table_covers_every_organisation_url() -> None:
    assert {pattern.name for pattern in urlpatterns} == set(URLS)


def _urls(employee: Person) -> dict[str, tuple[str, str]]:
    """name -> (method, url) with real objects behind every argument."""
    batch = batch_for([["navn", "epost", "enhet"], ["Kari", "kari@demo.example", "Demo AS/IT"]])
    objects = {"unit": Unit.objects.get(code="IT").pk, "person": employee.pk, "batch": batch.pk}
    return {
        name: (method, reverse(f"organisation:{name}", args=[objects[kind]] if kind else []))
        for name, (method, kind) in URLS.items()
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, employee: Person) -> None:
    login = reverse("login") + "?next="
    for name, (method, url) in _urls(employee).items():
        response = getattr(client, method)(url)

        assert response.status_code == 302, name
        assert response["Location"].startswith(login), name


@pytest.mark.parametrize("persona", ["employee", "manager_a", "representative"])
def test_people_who_are_not_staff_are_refused(persona: str, request: Any, employee: Person) -> None:
    someone: Person = request.getfixturevalue(persona)
    client = Client()
    client.force_login(someone.user)
    for name, (method, url) in _urls(employee).items():
        response = getattr(client, method)(url)

        assert response.status_code == 403, name
    employee.refresh_from_db()
    assert employee.active  # the refused POSTs changed nothing
    assert not Person.objects.filter(user__isnull=False, user__username__contains="@").exists()


def test_staff_can_open_every_page(staff_client: Client, employee: Person) -> None:
    for name, (method, url) in _urls(employee).items():
        if method == "get":
            response = staff_client.get(url, follow=True)

            assert response.status_code == 200, name
