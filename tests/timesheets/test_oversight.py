"""What managers, the safety representative and the admin see: breaches and aggregates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from hjemmekontor.hms.evidence import evidence_for
from hjemmekontor.timesheets import oversight
from hjemmekontor.timesheets.actions import do_save_basis
from hjemmekontor.timesheets.aggregates import unit_figures, unit_worktime_evidence
from hjemmekontor.timesheets.checking import Period, breaches_for
from tests.timesheets.conftest import add, colleagues, long_evening, recent_weekday

pytestmark = pytest.mark.django_db


def evening_weeks(person, first: dt.date, days: int = 5) -> None:
    """Days of office work, each followed by an hour at home after 21:00."""
    for i in range(days):
        day = first + dt.timedelta(days=i)
        add(person, f"{day} 08:00", f"{day} 16:00", 30, "office")
        add(person, f"{day} 21:00", f"{day} 22:00", 0, "home")


def test_breaches_are_shown_to_the_manager_of_the_unit_but_not_to_another_manager(
    persona_clients, employee, org
):
    registration = long_evening(employee, recent_weekday())
    url = reverse("timesheets:breaches")
    page = persona_clients["manager_a"].get(url).content.decode()
    assert employee.name in page and "RT-TOT-D" in page and "Økonomi/Lønn" in page
    # The breach page never shows where or how the work was registered.
    assert ">Hjemme<" not in page
    assert reverse("timesheets:edit", args=[registration.pk]) not in page
    other = persona_clients["manager_b"].get(url).content.decode()
    assert employee.name not in other and "RT-TOT-D" not in other
    assert employee.name in persona_clients["admin"].get(url).content.decode()
    assert persona_clients["representative"].get(url).status_code == 403
    assert persona_clients["employee"].get(url).status_code == 403


def test_breaches_outside_the_period_are_not_reported_but_history_counts(employee):
    day = recent_weekday(weeks_back=4)
    long_evening(employee, day)
    inside = Period(day, day)
    assert {b.rule for b in breaches_for([employee.pk], inside)} >= {"RT-TOT-D", "RT-NIGHT"}
    later = Period(day + dt.timedelta(days=10), day + dt.timedelta(days=20))
    assert breaches_for([employee.pk], later) == []


def test_the_52_week_overtime_rule_sees_the_history_before_the_period(employee):
    # 11 weeks of 50-hour weeks (10 h overtime a week under the 40-hour default):
    # 220 h of overtime in the 52 weeks up to the last week, over the 200 h limit.
    last_monday = recent_weekday() - dt.timedelta(days=1)
    for week in range(22):
        monday = last_monday - dt.timedelta(weeks=week)
        for d in range(5):
            day = monday + dt.timedelta(days=d)
            add(employee, f"{day} 07:00", f"{day} 17:30", 30, "office")
    period = Period(last_monday, last_monday + dt.timedelta(days=6))
    rules = {b.rule for b in breaches_for([employee.pk], period)}
    assert "RT-OT-52W" in rules


def test_an_evening_agreement_in_the_basis_removes_the_night_work_breach(employee):
    day = recent_weekday()
    add(employee, f"{day} 13:00", f"{day} 22:30", 30, "home")
    period = Period(day, day)
    assert "RT-NIGHT" in {b.rule for b in breaches_for([employee.pk], period)}
    do_save_basis(employee, {"evening_agreement": True})
    assert "RT-NIGHT" not in {b.rule for b in breaches_for([employee.pk], period)}


def test_unit_patterns_are_suppressed_below_the_anonymity_threshold(persona_clients, employee, org):
    evening_weeks(employee, recent_weekday())
    figures = {f.unit.code: f for f in unit_figures(None)}
    assert figures["LONN"].suppressed and figures["LONN"].values == {}
    page = persona_clients["representative"].get(reverse("timesheets:patterns")).content.decode()
    assert "Vises ikke" in page and "100 %" not in page
    assert "Økonomi/Lønn" in page and ">Demo AS/IT<" not in page  # only their area


def test_unit_patterns_are_shown_from_k_people_and_hidden_against_subtraction(
    persona_clients, org, manager_a, settings
):
    settings.ANONYMITY_K = 5
    people = colleagues(org.unit_a1, 5)
    for person in people:
        evening_weeks(person, recent_weekday(), days=2)
    figures = {f.unit.code: f for f in unit_figures(None)}
    lonn = figures["LONN"]
    assert not lonn.suppressed and lonn.persons == 5
    assert lonn.values["share_evening_days"] == pytest.approx(1.0)
    assert lonn.values["share_evening_days_home"] == pytest.approx(1.0)
    before = persona_clients["manager_a"].get(reverse("timesheets:patterns")).content.decode()
    assert "5 personer" in before and "100 %" in before
    # The manager of Økonomi registers too: Økonomi 6 beside Lønn 5 would single them
    # out, and so would Økonomi before and after. Their change waits for k others.
    evening_weeks(manager_a, recent_weekday(), days=1)
    after = persona_clients["manager_a"].get(reverse("timesheets:patterns")).content.decode()
    assert after[after.index("<h1>") :] == before[before.index("<h1>") :]
    figures = {f.unit.code: f for f in unit_figures(None)}
    shown = [figures[code].persons for code in ("OKO", "LONN") if not figures[code].suppressed]
    assert len(shown) < 2 or shown[0] - shown[1] in {0} | set(range(5, 100))


def test_the_risk_assessment_gets_the_units_working_time_as_evidence(org, settings):
    settings.ANONYMITY_K = 3
    assert unit_worktime_evidence(org.unit_a1)[0]["suppressed"]
    for person in colleagues(org.unit_a1, 3):
        evening_weeks(person, recent_weekday(), days=2)
    items = unit_worktime_evidence(org.unit_a1)
    assert items and not any(i["suppressed"] for i in items)
    assert any("etter kl. 21" in i["label"] and i["value"] == "100 %" for i in items)
    evidence = [e for e in evidence_for(org.unit_a1, "after_hours") if e.source == "worktime"]
    assert [e.value for e in evidence] == [i["value"] for i in items]
    assert all(e.n == 3 for e in evidence)
    assert not [e for e in evidence_for(org.unit_a1, "ergonomics") if e.source == "worktime"]


def test_many_breaches_are_paged_and_can_be_filtered_by_rule_unit_and_person(
    persona_clients, employee, org, monkeypatch
):
    monkeypatch.setattr(oversight, "BREACHES_PER_PAGE", 2)
    evening_weeks(employee, recent_weekday(weeks_back=3), days=5)
    long_evening(employee, recent_weekday())
    url = reverse("timesheets:breaches")
    admin = persona_clients["admin"]
    first = admin.get(url).content.decode()
    total = int(re.search(r"<strong>(\d+)</strong> brudd", first).group(1))
    assert total > 2
    assert first.count(f">{employee.name}</a>") == 2
    assert "Side 1 av" in first and 'rel="next"' in first
    last_page = -(-total // 2)
    last = admin.get(url, {"side": last_page}).content.decode()
    assert f"Side {last_page} av {last_page}" in last and 'rel="next"' not in last
    rules = set(re.findall(r"<code>(RT-[A-Z0-9-]+)</code></td>", first))
    rule = sorted(rules)[0]
    only = admin.get(url, {"regel": rule}).content.decode()
    rows = re.findall(r"<code>(RT-[A-Z0-9-]+)</code></td>", only)
    assert rows and set(rows) == {rule}
    nobody = admin.get(url, {"person": "ingen-heter-slik"}).content.decode()
    assert "Ingen brudd passer filteret." in nobody
    assert admin.get(url, {"enhet": str(employee.unit_id)}).status_code == 200
