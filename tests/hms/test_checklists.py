"""The employee's checklist: advice, requests to the manager, aggregates under k."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hjemmekontor.hms.actions import HmsError, do_save_checklist
from hjemmekontor.hms.aggregates import checklist_aggregate, live_checklists
from hjemmekontor.hms.checklist import POINTS, POINTS_BY_KEY
from hjemmekontor.hms.models import Checklist, WorkplaceRequest
from hjemmekontor.organisation.models import Person
from tests.hms.conftest import all_ok

pytestmark = pytest.mark.django_db


def test_an_incomplete_checklist_is_refused_naming_the_missing_points(employee):
    answers = all_ok()
    del answers["screen"]
    with pytest.raises(HmsError, match="Skjerm"):
        do_save_checklist(employee, answers)
    assert not Checklist.objects.exists()


def test_the_employee_gets_advice_for_each_weak_point_only(clients, employee):
    data = all_ok(screen="not_ok", noise="partly")
    response = clients["employee"].post(reverse("hms:checklist"), data, follow=True)
    page = response.content.decode()
    assert (
        str(POINTS_BY_KEY["screen"].advice) in page and str(POINTS_BY_KEY["noise"].advice) in page
    )
    assert str(POINTS_BY_KEY["chair"].advice) not in page


def test_a_request_goes_to_the_manager_and_can_be_marked_handled(clients, world, employee):
    url = reverse("hms:request-create", args=[world.checklist.pk])
    clients["employee"].post(url, {"point": "chair", "text": "Trenger kontorstol"})
    assert WorkplaceRequest.objects.filter(person=employee, point="chair").exists()
    page = clients["manager_a"].get(reverse("hms:requests")).content.decode()
    assert "Trenger kontorstol" in page
    assert (
        "Trenger kontorstol"
        not in clients["manager_b"].get(reverse("hms:requests")).content.decode()
    )
    item = WorkplaceRequest.objects.get(point="chair")
    clients["manager_a"].post(reverse("hms:request-handle", args=[item.pk]), {"note": "Bestilt."})
    item.refresh_from_db()
    assert item.handled_at is not None and item.handled_note == "Bestilt."


def test_after_a_move_requests_go_to_the_new_manager_and_the_checklist_follows(
    clients, org, world, employee
):
    employee.unit = org.unit_b
    employee.save()
    assert "Trenger skjerm" in clients["manager_b"].get(reverse("hms:requests")).content.decode()
    assert (
        "Trenger skjerm" not in clients["manager_a"].get(reverse("hms:requests")).content.decode()
    )
    # The employee's own history is intact.
    own = clients["employee"].get(reverse("hms:checklist-detail", args=[world.checklist.pk]))
    assert own.status_code == 200
    # The checklist counts in the new unit (published once k changes are waiting).
    assert live_checklists()[employee.pk].unit == org.unit_b.pk


def test_the_aggregate_is_hidden_below_k_and_counts_each_persons_latest_checklist(
    clients, org, world, employee, settings
):
    settings.ANONYMITY_K = 3
    url = reverse("hms:checklist-aggregate", args=[org.unit_a.pk])
    assert "Færre enn 3" in clients["manager_a"].get(url).content.decode()
    # A second run by the same person replaces, not adds.
    do_save_checklist(employee, all_ok(screen="ok"))
    for number in range(2):
        person = Person.objects.create(
            name=f"Kollega {number}", email=f"c{number}@demo.example", unit=org.unit_a1
        )
        do_save_checklist(person, all_ok(screen="not_ok"))
    aggregate = checklist_aggregate(org.unit_a)
    assert aggregate.n == 3
    assert aggregate.not_ok_share["screen"] == pytest.approx(2 / 3)
    assert aggregate.not_ok_share["chair"] == 0
    page = clients["amu"].get(url).content.decode()
    assert "67 %" in page and page.count('<td class="num">0 %</td>') == 2 * len(POINTS) - 1
