"""What leaves a trace in the audit log, and that no trace holds answers."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from hjemmekontor.audit.models import AuditEntry
from hjemmekontor.organisation.models import Person
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(org):
    return get_user_model().objects.create_superuser(username="root", password=PASSWORD)


def test_a_password_set_in_the_django_admin_is_audited(superuser, employee):
    client = login(superuser)
    url = reverse("admin:auth_user_password_change", args=[employee.user.pk])
    response = client.post(
        url, {"password1": "Nytt-passord-99-x", "password2": "Nytt-passord-99-x"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="password-set")
    assert (entry.actor, entry.actor_name, entry.target) == (superuser, "root", "ansatt")
    # The new password works: this is exactly the impersonation the entry records.
    assert get_user_model().objects.get(pk=employee.user.pk).check_password("Nytt-passord-99-x")


def test_a_refused_password_form_leaves_no_entry(superuser, employee):
    url = reverse("admin:auth_user_password_change", args=[employee.user.pk])
    login(superuser).post(url, {"password1": "a", "password2": "b"})
    assert not AuditEntry.objects.exists()


def test_making_someone_staff_in_the_django_admin_is_audited(superuser, employee):
    user = employee.user
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = login(superuser).post(
        url,
        {
            "username": user.username,
            "email": "ny@demo.example",
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    privileges = AuditEntry.objects.get(action="privileges-changed")
    assert privileges.target == "ansatt" and "is_staff: False → True" in privileges.detail
    changed = AuditEntry.objects.get(action="user-changed")
    assert "email" in changed.detail


def test_a_role_changed_on_the_people_page_is_audited(admin_user, employee):
    data = {
        "name": employee.name,
        "employee_number": employee.employee_number,
        "email": employee.email,
        "unit": employee.unit_id,
        "is_manager": "on",
        "representative_role": "safety",
        "gender": employee.gender,
        "birth_year": employee.birth_year,
        "age_group": "",
    }
    response = login(admin_user).post(reverse("organisation:person-edit", args=[employee.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="role-changed")
    assert entry.actor == admin_user and entry.target == "Ansatt (E-ansatt)"
    assert "is_manager: False → True" in entry.detail
    assert "representative_role: '' → 'safety'" in entry.detail


def test_changing_a_persons_email_address_is_audited_because_their_links_go_there(
    admin_user, employee
):
    data = {
        "name": employee.name,
        "employee_number": employee.employee_number,
        "email": "annen.adresse@demo.example",
        "unit": employee.unit_id,
        "representative_role": "",
        "gender": employee.gender,
        "birth_year": employee.birth_year,
        "age_group": "",
    }
    old = employee.email
    response = login(admin_user).post(reverse("organisation:person-edit", args=[employee.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="email-changed")
    assert entry.actor == admin_user and entry.target == "Ansatt (E-ansatt)"
    assert entry.detail == f"{old} → annen.adresse@demo.example"
    assert not AuditEntry.objects.filter(action="role-changed").exists()


def test_saving_a_person_without_changing_a_role_leaves_no_entry(admin_user, employee):
    data = {
        "name": "Nytt Navn",
        "employee_number": employee.employee_number,
        "email": employee.email,
        "unit": employee.unit_id,
        "representative_role": "",
        "gender": employee.gender,
        "birth_year": employee.birth_year,
        "age_group": "",
    }
    login(admin_user).post(reverse("organisation:person-edit", args=[employee.pk]), data)
    assert not AuditEntry.objects.exists()


def test_an_amu_membership_set_in_the_django_admin_is_audited(superuser, employee):
    from hjemmekontor.organisation.admin import PersonAdmin  # noqa: F401 - registered

    url = reverse("admin:organisation_person_change", args=[employee.pk])
    page = login(superuser).get(url)
    form = page.context["adminform"].form
    # The form as shown, with the AMU box ticked (unticked boxes are not sent).
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, bool)}
    data |= {"amu_member": "on", "active": "on"}
    response = login(superuser).post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="role-changed")
    assert "amu_member: False → True" in entry.detail


def test_entries_never_hold_an_answer_link_or_an_answer(admin_user, open_round):
    Person.objects.filter(email="").delete()
    login(admin_user).get(f"/runder/{open_round.pk}/lenker.csv")
    for entry in AuditEntry.objects.all():
        text = f"{entry.target} {entry.detail}"
        assert "/svar/" not in text


def test_tying_a_login_to_a_person_in_the_django_admin_is_audited(superuser, employee, open_round):
    # A superuser who ties their own login to a colleague's register entry becomes that
    # colleague in the product (their checklist, registrations, open answer links).
    # Nothing stops it; the entry is what the safety representative can see.
    url = reverse("admin:organisation_person_change", args=[employee.pk])
    page = login(superuser).get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, bool)}
    data |= {"user": superuser.pk, "active": "on"}
    response = login(superuser).post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="user-changed")
    assert entry.actor == superuser and entry.target == employee.name
    assert "innlogging: root" in entry.detail
    home = login(superuser).get("/").content.decode()
    assert "/svar/" in home  # the impersonation the entry records: the colleague's open link
