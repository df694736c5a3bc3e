"""The audit log page, per role: the HMS adviser, the AMU and safety representatives read it."""

from __future__ import annotations

import pytest

from hjemmekontor.audit.actions import do_audit
from hjemmekontor.organisation.models import Person
from tests.conftest import _person_with_login, login

pytestmark = pytest.mark.django_db

URL = "/revisjon/"


def test_the_audit_log_is_for_the_adviser_and_the_safety_representative_only(
    persona_clients, admin_user
):
    do_audit(admin_user, "password-set", "ansatt")
    expected = {
        "employee": 403,
        "manager_a": 403,
        "manager_b": 403,
        "representative": 200,
        "admin": 200,
    }
    for persona, status in expected.items():
        response = persona_clients[persona].get(URL)
        assert response.status_code == status, persona
    anonymous = persona_clients["anonymous"].get(URL)
    assert anonymous.status_code == 302 and "/logg-inn/" in anonymous["Location"]
    for persona in ("employee", "representative", "admin"):
        assert persona_clients[persona].post(URL).status_code in (403, 405), persona


def test_an_amu_member_reads_the_audit_log_and_a_union_only_representative_does_not(org):
    amu = _person_with_login("amu", org.unit_b, amu_member=True)
    union = _person_with_login("tillitsvalgt", org.unit_b, representative_role="union")
    assert login(amu.user).get(URL).status_code == 200
    assert login(union.user).get(URL).status_code == 403


def test_the_navigation_links_to_the_audit_log_for_its_readers_only(persona_clients):
    assert "/revisjon/" in persona_clients["representative"].get("/").content.decode()
    assert "/revisjon/" in persona_clients["admin"].get("/").content.decode()
    assert "/revisjon/" not in persona_clients["employee"].get("/").content.decode()


def test_the_audit_log_is_paginated_newest_first(representative, admin_user):
    for n in range(55):
        do_audit(admin_user, "user-changed", f"bruker{n:02d}")
    client = login(representative.user)
    first = client.get(URL).content.decode()
    assert "bruker54" in first and "bruker04" not in first
    assert "Side 1 av 2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert "bruker04" in second and "bruker54" not in second


def test_a_deactivated_safety_representative_no_longer_reads_it(representative):
    client = login(representative.user)
    Person.objects.filter(pk=representative.pk).update(active=False)
    assert client.get(URL).status_code == 403
