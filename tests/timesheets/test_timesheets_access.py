"""Every working-time URL against every persona.

tests/surveys/test_access_matrix.py treats the `timesheets` namespace as classified
here; a new URL without an entry in ALLOWED fails the first test.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from hjemmekontor.timesheets.models import TimesheetImport
from tests.surveys.test_access_matrix import all_urls
from tests.timesheets.conftest import long_evening, recent_weekday

pytestmark = pytest.mark.django_db

# The employee comes last: their POST to "delete" removes the registration.
PERSONAS = ["manager_a", "manager_b", "representative", "admin", "employee"]
PEOPLE = {"employee", "manager_a", "manager_b", "representative"}

# name -> personas allowed (every other logged-in persona: 403 or 404).
ALLOWED: dict[str, set[str]] = {
    # The admin has no person: redirected to the breaches.
    "mine": PEOPLE | {"admin"},
    "create": PEOPLE,
    "edit": {"employee"},
    "delete": {"employee"},
    "breaches": {"manager_a", "manager_b", "admin"},
    "patterns": {"manager_a", "manager_b", "representative", "admin"},
    "basis": {"admin"},
    "import": {"admin"},
    "import-preview": {"admin"},
    "import-confirm": {"admin"},
}
POST_ONLY = {"delete", "import-confirm"}


@pytest.fixture
def world(employee: Any, persona_clients: Any) -> dict[str, Any]:
    registration = long_evening(employee, recent_weekday())
    batch = TimesheetImport.objects.create(filename="tom.csv")
    return {"registration": registration, "batch": batch, "person": employee}


def url_for(name: str, world: dict[str, Any]) -> str:
    pk = {
        "edit": world["registration"].pk,
        "delete": world["registration"].pk,
        "basis": world["person"].pk,
        "import-preview": world["batch"].pk,
        "import-confirm": world["batch"].pk,
    }
    return reverse(f"timesheets:{name}", kwargs={"pk": pk[name]} if name in pk else {})


def test_every_timesheets_url_has_an_access_rule():
    names = {n.split(":", 1)[1] for n, _ in all_urls() if n.startswith("timesheets:")}
    assert names == set(ALLOWED)


def test_every_timesheets_url_answers_each_persona_as_its_rule_says(persona_clients, world):
    checked = 0
    for name, allowed in ALLOWED.items():
        url = url_for(name, world)
        method = "post" if name in POST_ONLY else "get"
        anonymous = getattr(persona_clients["anonymous"], method)(url)
        assert anonymous.status_code == 302 and "/logg-inn/" in anonymous["Location"], url
        for persona in PERSONAS:
            response = getattr(persona_clients[persona], method)(url)
            status = response.status_code
            where = f"{persona} {method.upper()} {url} ({name}) -> {status}"
            if persona in allowed:
                assert status in (200, 302), where
                assert "/logg-inn/" not in response.get("Location", ""), where
            else:
                assert status in (403, 404), where
            checked += 1
        if name in POST_ONLY:
            assert persona_clients["admin"].get(url).status_code in (403, 404, 405), url
    assert checked == len(ALLOWED) * len(PERSONAS)


def test_no_other_role_reaches_an_employees_registration_by_changing_the_id(
    persona_clients, employee
):
    registration = long_evening(employee, recent_weekday())
    before = (registration.start, registration.end, registration.location)
    own = reverse("timesheets:edit", args=[registration.pk])
    assert persona_clients["employee"].get(own).status_code == 200
    change = {
        "start": "2026-01-05T08:00",
        "end": "2026-01-05T09:00",
        "break_minutes": "0",
        "location": "office",
    }
    for persona in ("manager_a", "manager_b", "representative", "admin"):
        client = persona_clients[persona]
        for pk in range(max(1, registration.pk - 2), registration.pk + 3):
            assert client.get(reverse("timesheets:edit", args=[pk])).status_code in (403, 404)
        assert client.post(own, change).status_code in (403, 404), persona
        delete = reverse("timesheets:delete", args=[registration.pk])
        assert client.post(delete, {"confirm": "yes"}).status_code in (403, 404), persona
    registration.refresh_from_db()
    assert (registration.start, registration.end, registration.location) == before
    # The manager's own page lists only the manager's registrations, the breach page no links.
    manager_page = persona_clients["manager_a"].get(reverse("timesheets:mine")).content.decode()
    assert own not in manager_page
    breaches = persona_clients["manager_a"].get(reverse("timesheets:breaches")).content.decode()
    assert own not in breaches and "Ansatt" in breaches
