"""Every HMS URL against every persona, the AMU member included.

The URL list comes from the URL configuration (tests/surveys/test_access_matrix.py
treats the `hms` namespace as classified here), so a new HMS URL without an entry
in ALLOWED fails `test_every_hms_url_has_an_access_rule`.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.surveys.test_access_matrix import all_urls

pytestmark = pytest.mark.django_db

PERSONAS = ["employee", "manager_a", "manager_b", "representative", "admin", "amu"]
EVERYONE = set(PERSONAS)
PEOPLE = EVERYONE - {"admin"}  # pages about "me" need a person in the register

# name -> personas allowed (everyone else logged in: 403 or 404).
ALLOWED: dict[str, set[str]] = {
    "index": EVERYONE,
    "plans": EVERYONE,
    "action-create": {"manager_a", "manager_b", "admin"},
    "overdue": {"admin", "amu"},
    # action_a is in Lønn: its employee, Økonomi's manager and verneombud, admin, AMU.
    "action-detail": {"employee", "manager_a", "representative", "admin", "amu"},
    "action-edit": {"manager_a", "admin"},
    "action-comment": {"manager_a", "representative", "admin"},
    "action-evaluate": {"manager_a", "admin"},
    "agreements": {"manager_a", "manager_b", "admin"},
    "agreement-unit": {"manager_a", "admin"},
    "agreement-scope": {"manager_a", "admin"},
    "agreement-create": {"manager_a", "admin"},
    "agreement-detail": {"employee", "manager_a", "admin"},
    "agreement-pdf": {"employee", "manager_a", "admin"},
    "agreement-end": {"manager_a", "admin"},
    "my-agreements": PEOPLE,
    "checklist": PEOPLE,
    "checklist-detail": {"employee"},
    "request-create": {"employee"},
    "checklist-aggregate": {"manager_a", "admin", "amu"},
    "requests": {"manager_a", "manager_b", "admin"},
    "request-handle": {"manager_a", "admin"},
    "assessments": {"manager_a", "manager_b", "representative", "admin", "amu"},
    "assessment-unit": {"manager_a", "representative", "admin", "amu"},
    "assessment-start": {"manager_a", "admin"},
    "assessment-detail": {"manager_a", "representative", "admin", "amu"},
    "assessment-edit": {"manager_a", "admin"},
    "assessment-sign": {"manager_a", "admin"},
    "assessment-pdf": {"manager_a", "representative", "admin", "amu"},
}
POST_ONLY = {
    "action-comment": {"text": "Bra."},
    "agreement-scope": {"days_per_week": "2"},
    "agreement-end": {},
    "request-create": {},
    "request-handle": {},
    "assessment-start": {},
    "assessment-sign": {"as_role": "manager"},
}


def url_for(name: str, world: Any, org: Any) -> str:
    ids: dict[str, Any] = {
        "pk": {
            "action": world.action_a.pk,
            "agreement": world.agreement.pk,
            "checklist": world.checklist.pk,
            "request": world.request.pk,
            "assessment": world.assessment.pk,
        },
        "unit_pk": org.unit_a.pk,
        "person_pk": world.agreement.person_id,
    }
    route = dict(all_urls())[f"hms:{name}"]
    kwargs: dict[str, int] = {}
    if "<int:pk>" in route:
        kind = name.split("-")[0]
        kind = {"request": "checklist" if name == "request-create" else "request"}.get(kind, kind)
        kwargs["pk"] = ids["pk"][kind]
    if "<int:unit_pk>" in route:
        kwargs["unit_pk"] = ids["unit_pk"]
    if "<int:person_pk>" in route:
        kwargs["person_pk"] = ids["person_pk"]
    return reverse(f"hms:{name}", kwargs=kwargs)


def test_every_hms_url_has_an_access_rule():
    names = {name.split(":", 1)[1] for name, _ in all_urls() if name.startswith("hms:")}
    assert names == set(ALLOWED)


def test_every_hms_url_answers_each_persona_as_its_rule_says(clients, world, org):
    checked = 0
    for name, allowed in ALLOWED.items():
        url = url_for(name, world, org)
        method = "post" if name in POST_ONLY else "get"
        data = POST_ONLY.get(name, {})
        anonymous = getattr(clients["anonymous"], method)(url, data)
        assert anonymous.status_code == 302 and "/logg-inn/" in anonymous["Location"], url
        for persona in PERSONAS:
            response = getattr(clients[persona], method)(url, data)
            status = response.status_code
            where = f"{persona} {method.upper()} {url} ({name}) -> {status}"
            if persona in allowed:
                assert status in (200, 302), where
                assert "/logg-inn/" not in response.get("Location", ""), where
            else:
                assert status in (403, 404), where
            checked += 1
        if name in POST_ONLY:
            assert clients["manager_a"].get(url).status_code in (403, 404, 405), url
    assert checked == len(ALLOWED) * len(PERSONAS)


def test_no_other_role_reaches_an_individual_checklist_by_changing_the_id(clients, world, org):
    own = reverse("hms:checklist-detail", args=[world.checklist.pk])
    assert clients["employee"].get(own).status_code == 200
    for persona in ("manager_a", "manager_b", "representative", "amu"):
        assert clients[persona].get(own).status_code == 404, persona
        # Nor through the request form, nor by guessing neighbouring ids.
        for pk in range(max(1, world.checklist.pk - 2), world.checklist.pk + 3):
            page = clients[persona].get(reverse("hms:checklist-detail", args=[pk]))
            assert page.status_code == 404, (persona, pk)
    assert clients["admin"].get(own).status_code == 403
    # The requests page shows what was asked for, never the answers.
    page = clients["manager_a"].get(reverse("hms:requests")).content.decode()
    assert "Trenger skjerm" in page and "Ikke OK" not in page


def test_the_employee_reads_their_own_and_parent_units_plans_but_not_other_units(
    clients, world, org, manager_a
):
    from hjemmekontor.hms.actions import do_create_action

    parent = do_create_action(
        unit=org.unit_a,
        problem="Uklar tilgjengelighet.",
        description="Skriv ned forventninger om svartid.",
        responsible=manager_a,
        due_date=world.action_a.due_date,
    )
    page = clients["employee"].get(reverse("hms:plans")).content.decode()
    assert world.action_a.description in page and parent.description in page
    assert world.action_b.description not in page
    everything = clients["amu"].get(reverse("hms:plans")).content.decode()
    assert world.action_b.description in everything and world.action_a.description in everything
    b_page = clients["manager_b"].get(reverse("hms:plans")).content.decode()
    assert world.action_a.description not in b_page
