"""The HMS follow-up in the demo organisation: every part in realistic states, visible to the logins.

The demo is loaded once for this module (outside the per-test transactions) and
deleted again at the end, as in tests/demo. Expected states are those the demo
story sets up (hms/demo_plans.py); the figures are recomputed from the database.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from hjemmekontor.demo import DEMO_PASSWORD, clear_demo, load_demo
from hjemmekontor.hms.aggregates import agreement_indicator, agreement_rows, checklist_aggregate
from hjemmekontor.hms.demo import clear_demo_hms, load_demo_hms
from hjemmekontor.hms.models import (
    Action,
    ActionEvent,
    Agreement,
    AgreementScope,
    Checklist,
    Hazard,
    RiskAssessment,
    WorkplaceRequest,
)
from hjemmekontor.hms.models.plans import OPEN_STATUSES, STATUS_CHOICES
from hjemmekontor.organisation.models import Person, Unit, UnitTree

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HMS_MODELS = (Action, ActionEvent, Agreement, AgreementScope, Checklist, WorkplaceRequest,
              RiskAssessment, Hazard)  # fmt: skip


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo()
        yield
        clear_demo()
        get_user_model().objects.filter(username="admin").delete()


def person(username: str) -> Person:
    return get_user_model().objects.get(username=username).person


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in HMS_MODELS}


def test_the_plans_have_actions_in_every_status_and_exactly_one_overdue(
    demo: None, db: Any
) -> None:
    actions = Action.objects.all()
    assert 8 <= actions.count() <= 12
    assert {a.status for a in actions} == {code for code, _label in STATUS_CHOICES}
    today = timezone.localdate()
    overdue = actions.filter(status__in=OPEN_STATUSES, due_date__lt=today)
    assert overdue.count() == 1
    # Overdue and back-dated: created before its due date, through the same action.
    late = overdue.get()
    assert late.created_at.date() <= late.due_date < today
    assert len({a.unit_id for a in actions}) >= 4
    for action in actions.filter(status="done"):
        assert action.evaluation_helped and action.evaluation_text and action.evaluated_at
    assert {"after_hours_weekly", "written_agreement"} <= {a.indicator for a in actions}
    assert all(a.finding for a in actions)


def test_the_history_is_back_dated_in_order_and_has_the_verneombud_comments(
    demo: None, db: Any
) -> None:
    now = timezone.now()
    for action in Action.objects.prefetch_related("events"):
        moments = [event.at for event in action.events.order_by("pk")]
        assert moments == sorted(moments) and moments[-1] < now
        assert action.events.order_by("pk").first().kind == "created"  # type: ignore[union-attr]
    verneombud = get_user_model().objects.get(username="verneombud")
    comments = ActionEvent.objects.filter(kind="comment", actor=verneombud)
    assert comments.count() >= 3
    assert {c.actor_name for c in comments} == {verneombud.person.name}
    leder_unit = person("leder").unit_id
    tree = UnitTree()
    assert {c.action.unit_id for c in comments} <= set(tree.subtree(leder_unit))
    assert ActionEvent.objects.filter(kind="changed", changes__status__1="dropped").exists()


def test_a_fifth_to_two_fifths_of_those_in_scope_have_a_valid_agreement(
    demo: None, db: Any
) -> None:
    today = timezone.localdate()
    tops = Unit.objects.filter(parent__isnull=True)
    rows = [row for top in tops for row in agreement_rows(top, today)]
    in_scope = [row for row in rows if row.in_scope]
    assert len(in_scope) >= 50
    share = sum(row.valid for row in in_scope) / len(in_scope)
    assert 0.2 <= share <= 0.4
    # Out-of-scope arrangements (sporadic) are registered too.
    assert any(row.scope is not None and not row.in_scope for row in rows)
    ended = Agreement.objects.get(status="ended")
    assert ended.ended_on is not None and ended.end_reason
    renewed = Agreement.objects.get(version=2)
    assert renewed.status == "active" and renewed.previous is not None
    assert renewed.previous.status == "superseded" and renewed.previous.temporary
    # The manager's register shows the indicator beside the national 18 %.
    leder_unit = person("leder").unit
    indicator = agreement_indicator(leder_unit, today)
    assert not indicator.suppressed and indicator.share is not None
    page = client_for("leder").get(reverse("hms:agreement-unit", args=[leder_unit.pk]))
    assert page.status_code == 200 and "18 %" in page.content.decode()


def test_checklist_aggregates_are_shown_from_k_and_hidden_below(demo: None, db: Any) -> None:
    k = django_settings.ANONYMITY_K
    leder_unit = person("leder").unit
    shown = checklist_aggregate(leder_unit)
    assert shown.n >= k and not shown.suppressed
    page = client_for("leder").get(reverse("hms:checklist-aggregate", args=[leder_unit.pk]))
    assert f"{shown.n} av " in page.content.decode()
    with_checklists = Person.objects.filter(hms_checklists__isnull=False).values("unit_id")
    hidden = [
        unit
        for unit in Unit.objects.filter(pk__in=with_checklists)
        # A hidden unit's count is not published at all, only that it is hidden.
        if checklist_aggregate(unit).reason == "small_n"
    ]
    assert hidden
    page = client_for("admin").get(reverse("hms:checklist-aggregate", args=[hidden[0].pk]))
    assert page.status_code == 200 and f"Færre enn {k}" in page.content.decode()


def test_ansatt_has_a_checklist_a_request_and_sees_the_units_plan(demo: None, db: Any) -> None:
    ansatt = person("ansatt")
    mine = Checklist.objects.get(person=ansatt)
    assert "not_ok" in mine.answers.values()
    request = WorkplaceRequest.objects.get(person=ansatt)
    assert request.point == "screen" and request.handled_at is None
    client = client_for("ansatt")
    assert client.get(reverse("hms:checklist-detail", args=[mine.pk])).status_code == 200
    plans = client.get(reverse("hms:plans")).content.decode()
    visible = Action.objects.filter(
        unit_id__in=[u.pk for u in ansatt.unit.ancestors_and_self()], status__in=OPEN_STATUSES
    )
    assert visible.exists()
    assert all(action.description in plans for action in visible)
    agreement = Agreement.objects.get(person=ansatt, status="active")
    own = client.get(reverse("hms:my-agreements")).content.decode()
    assert reverse("hms:agreement-detail", args=[agreement.pk]) in own
    # The manager sees the request; one request in the demo has been handled.
    requests = client_for("leder").get(reverse("hms:requests")).content.decode()
    assert request.text in requests
    assert WorkplaceRequest.objects.filter(handled_at__isnull=False).count() == 1


def test_the_demo_managers_hms_page_lists_their_units_actions(demo: None, db: Any) -> None:
    tree = UnitTree()
    own = tree.subtree(person("leder").unit_id)
    page = client_for("leder").get(reverse("hms:plans"), {"status": "all"}).content.decode()
    mine = Action.objects.filter(unit_id__in=own)
    assert mine.count() >= 4
    assert all(action.description in page for action in mine)
    others = Action.objects.exclude(unit_id__in=own)
    assert others.exists() and not any(action.description in page for action in others)


def test_assessments_are_signed_by_both_in_draft_and_in_a_new_version(demo: None, db: Any) -> None:
    leder_unit = person("leder").unit
    signed = RiskAssessment.objects.get(unit=leder_unit)
    assert signed.status == "signed" and signed.version == 1
    assert signed.manager_signed_by == person("leder").name
    assert signed.representative_signed_by == person("verneombud").name
    assert signed.hazards.filter(actions__isnull=False).exists()
    newer = RiskAssessment.objects.get(version=2)
    old = newer.previous
    assert old is not None and old.status == "superseded"
    assert old.manager_signed_at and old.representative_signed_at
    assert newer.status == "draft" and not newer.manager_signed_at
    assert newer.hazards.count() == old.hazards.count()
    drafts = RiskAssessment.objects.filter(status="draft", version=1)
    assert drafts.exists()
    page = client_for("verneombud").get(reverse("hms:assessment-detail", args=[signed.pk]))
    assert page.status_code == 200 and person("verneombud").name in page.content.decode()


def test_loading_again_adds_no_hms_records(demo: None, db: Any) -> None:
    before = counts()
    assert all(before.values())
    load_demo()
    load_demo_hms(2026)
    assert counts() == before


def snapshot() -> dict[str, list[Any]]:
    """Every HMS record by what it says, without database ids."""
    return {
        "actions": sorted(
            Action.objects.values_list("unit__code", "description", "status", "due_date",
                                       "responsible__employee_number", "finding")
        ),
        "events": sorted(ActionEvent.objects.values_list("action__description", "at", "kind",
                                                         "actor_name", "text")),
        "scopes": sorted(AgreementScope.objects.values_list("person__employee_number",
                                                            "days_per_week", "set_at")),
        "agreements": sorted(Agreement.objects.values_list("person__employee_number", "version",
                                                           "status", "start_date", "extent")),
        "checklists": sorted(
            (number, sorted(answers.items()), at)
            for number, answers, at in Checklist.objects.values_list(
                "person__employee_number", "answers", "completed_at"
            )
        ),
        "requests": sorted(WorkplaceRequest.objects.values_list("person__employee_number",
                                                                "text", "handled_at")),
        "assessments": sorted(RiskAssessment.objects.values_list("unit__code", "version",
                                                                 "status", "created_at")),
        "hazards": sorted(Hazard.objects.values_list("assessment__unit__code",
                                                     "assessment__version", "key", "probability",
                                                     "consequence")),
    }  # fmt: skip


def test_the_same_seed_gives_the_same_hms_records_and_another_seed_others(
    demo: None, db: Any
) -> None:
    before = snapshot()
    clear_demo_hms()
    assert not any(counts().values())
    load_demo_hms(2026)
    assert snapshot() == before
    clear_demo_hms()
    load_demo_hms(7)
    other = snapshot()
    assert other["checklists"] != before["checklists"]
    assert other["agreements"] != before["agreements"]


def test_the_hms_settings_come_from_the_environment(tmp_path: Any) -> None:
    script = (
        "import runpy, sys\n"
        "ns = runpy.run_module('hjemmekontor.settings')\n"
        "print(repr(ns['HMS_SCOPE_DAYS_PER_WEEK']), ns['HMS_REMINDER_DAYS_BEFORE'])\n"
    )

    def run(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script],
            env={"HJEMMEKONTOR_DATA_DIR": str(tmp_path), "PATH": "", **env},
            capture_output=True,
            text=True,
            check=False,
        )

    assert run().stdout.split() == ["Decimal('1')", "7"]
    given = run(
        HJEMMEKONTOR_HMS_SCOPE_DAYS_PER_WEEK="0,5", HJEMMEKONTOR_HMS_REMINDER_DAYS_BEFORE="3"
    )
    assert given.stdout.split() == ["Decimal('0.5')", "3"]
    wrong = run(HJEMMEKONTOR_HMS_SCOPE_DAYS_PER_WEEK="en")
    assert wrong.returncode != 0
    assert "HJEMMEKONTOR_HMS_SCOPE_DAYS_PER_WEEK='en'" in wrong.stderr
    assert (
        "HJEMMEKONTOR_HMS_REMINDER_DAYS_BEFORE"
        in run(HJEMMEKONTOR_HMS_REMINDER_DAYS_BEFORE="-1").stderr
    )


def test_the_demo_clock_gives_the_same_moments_all_day() -> None:
    # Loaded twice on one day (the fixture, then the test above), the demo must
    # date everything alike; measured to the second, a moment near midnight
    # moved to the next day between two loads a minute apart.
    import datetime as dt

    from hjemmekontor.hms.demo_plans import OSLO, Clock

    early = Clock(dt.datetime(2026, 12, 4, 0, 1, tzinfo=OSLO), dt.date(2026, 4, 20))
    late = Clock(dt.datetime(2026, 12, 4, 23, 59, tzinfo=OSLO), dt.date(2026, 4, 20))
    shares = [i / 997 for i in range(998)]
    assert [early.at(s) for s in shares] == [late.at(s) for s in shares]
    assert max(early.at(s) for s in shares) <= dt.datetime(2026, 12, 4, 10, tzinfo=OSLO)
