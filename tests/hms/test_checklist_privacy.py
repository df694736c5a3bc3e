"""The unit checklist figures: read, save, read shows nothing; no subtraction of a small unit."""

from __future__ import annotations

from django.urls import reverse

from hjemmekontor.hms.actions import do_save_checklist
from hjemmekontor.hms.aggregates import checklist_aggregate
from hjemmekontor.hms.checklist import POINTS
from hjemmekontor.hms.evidence import evidence_for
from hjemmekontor.organisation.models import Person, Unit


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


def test_moving_a_one_person_unit_to_another_department_does_not_show_that_person_by_difference(
    org, settings
):
    settings.ANONYMITY_K = 5
    small = Unit.objects.create(code="INN", name="Innkjøp", parent=org.unit_a)
    buyers = colleagues(small, 6, prefix="s")
    do_save_checklist(buyers[0], all_ok(screen="not_ok"))
    for person in [*buyers[1:], *colleagues(org.unit_a, 6, prefix="d")]:
        do_save_checklist(person, all_ok())
    it = colleagues(org.unit_b, 6, prefix="i")
    for person in it:
        do_save_checklist(person, all_ok())
    assert checklist_aggregate(org.unit_a).n == 12
    # Five buyers leave together (five changes: published); one is left in Innkjøp.
    Person.objects.filter(pk__in=[p.pk for p in buyers[1:]]).update(active=False)
    before = checklist_aggregate(org.unit_a)
    assert before.n == 7 and checklist_aggregate(small).suppressed
    # Innkjøp moves to IT, and five in IT save again, so the snapshot refreshes. Under
    # the new tree Økonomi would lose exactly the one person in Innkjøp, answers and all.
    small.parent = org.unit_b
    small.save()
    for person in it[:5]:
        do_save_checklist(person, all_ok(screen="partly"))
    after = checklist_aggregate(org.unit_a)
    assert (after.n, after.not_ok_share, after.partly_share) == (
        before.n,
        before.not_ok_share,
        before.partly_share,
    )
    # IT's five saves are published all the same.
    assert checklist_aggregate(org.unit_b).partly_share["screen"] > 0


def test_a_unit_of_k_people_moved_to_another_department_is_counted_there_at_the_next_read(
    org, settings
):
    settings.ANONYMITY_K = 5
    moving = Unit.objects.create(code="INN", name="Innkjøp", parent=org.unit_a)
    for person in [*colleagues(moving, 5, prefix="s"), *colleagues(org.unit_b, 5, prefix="i")]:
        do_save_checklist(person, all_ok())
    assert checklist_aggregate(org.unit_b).n == 5
    moving.parent = org.unit_b
    moving.save()
    # All five move together: every difference that shows the move shows all five.
    assert checklist_aggregate(org.unit_b).n == 10
