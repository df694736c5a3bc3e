"""The unit checklist figures: read, save, read shows nothing; no subtraction of a small unit."""

from __future__ import annotations

from django.urls import reverse

from hjemmekontor.hms.actions import do_save_checklist
from hjemmekontor.hms.aggregates import checklist_aggregate
from hjemmekontor.hms.checklist import POINTS
from hjemmekontor.hms.evidence import evidence_for
from hjemmekontor.organisation.models import Person


def all_ok(**overrides: str) -> dict[str, str]:
    return {**{point.key: "ok" for point in POINTS}, **overrides}


def colleagues(unit, count, prefix="k"):
    return [
        Person.objects.create(name=f"{prefix}{n}", email=f"{prefix}{n}@demo.example", unit=unit)
        for n in range(count)
    ]


def page_figures(client, unit) -> str:
    text = client.get(reverse("hms:checklist-aggregate", args=[unit.pk])).content.decode()
    return text[text.index("<h1>") :]


def test_a_manager_who_reads_before_and_after_one_employee_saves_sees_the_same_page(
    clients, org, employee, settings
):
    settings.ANONYMITY_K = 5
    for person in colleagues(org.unit_a1, 15):
        do_save_checklist(person, all_ok(screen="not_ok"))
    before = page_figures(clients["manager_a"], org.unit_a)
    assert "15 av" in before
    evidence = evidence_for(org.unit_a, "ergonomics")
    do_save_checklist(employee, all_ok())
    assert page_figures(clients["manager_a"], org.unit_a) == before
    assert evidence_for(org.unit_a, "ergonomics") == evidence
    # Four more changes make five: now the figures move, by five people at once.
    for person in colleagues(org.unit_a1, 4, prefix="m"):
        do_save_checklist(person, all_ok())
    after = checklist_aggregate(org.unit_a)
    assert after.n == 20 and page_figures(clients["manager_a"], org.unit_a) != before


def test_the_employee_still_sees_their_own_answers_at_once(clients, employee, settings):
    settings.ANONYMITY_K = 5
    saved = do_save_checklist(employee, all_ok(screen="not_ok"))
    own = clients["employee"].get(reverse("hms:checklist-detail", args=[saved.pk]))
    assert own.status_code == 200 and "Ikke OK" in own.content.decode()


def test_a_parent_minus_a_shown_child_never_leaves_fewer_than_k(org, settings):
    settings.ANONYMITY_K = 5
    for person in colleagues(org.unit_a1, 6):
        do_save_checklist(person, all_ok())
    direct = colleagues(org.unit_a, 5, prefix="d")
    for person in direct:
        do_save_checklist(person, all_ok(screen="not_ok"))
    parent, child = checklist_aggregate(org.unit_a), checklist_aggregate(org.unit_a1)
    assert (parent.n, child.n) == (11, 6)
    # Four of the five placed directly on Økonomi leave and the fifth saves again:
    # five changes, so the figures move, but Økonomi 7 beside Lønn 6 would show one person.
    Person.objects.filter(pk__in=[p.pk for p in direct[:4]]).update(active=False)
    do_save_checklist(direct[4], all_ok(screen="partly"))
    parent, child = checklist_aggregate(org.unit_a), checklist_aggregate(org.unit_a1)
    assert parent.suppressed or child.suppressed
    assert "complement" in {parent.reason, child.reason}
