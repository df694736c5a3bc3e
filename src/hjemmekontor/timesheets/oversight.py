"""What the employer's side sees: breaches of their employees and unit aggregates.

Breaches are shown because the employer must keep working time within
chapter 10 and keep records of it (aml. § 10-7): person, rule and window, never
the registrations behind them. Patterns are shown per unit only, under the
anonymity threshold. The admin also sets each person's working-time basis.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from hjemmekontor.accounts.roles import admin_required, is_admin
from hjemmekontor.organisation.models import Person, UnitTree
from hjemmekontor.timesheets.access import breach_person_ids, pattern_unit_ids
from hjemmekontor.timesheets.actions import BASIS_FIELDS, TimesheetError, do_save_basis
from hjemmekontor.timesheets.aggregates import HOME_SHARES, SHARES, pattern_snapshot, unit_figures
from hjemmekontor.timesheets.checking import breaches_for
from hjemmekontor.timesheets.forms import BasisForm, PeriodForm
from hjemmekontor.timesheets.models import WorkingTimeBasis
from hjemmekontor.web.language import localized
from hjemmekontor.web.paging import paged
from hjemmekontor.worktime import RULES

BREACHES_PER_PAGE = 100


@login_required
def breaches(request: HttpRequest) -> HttpResponse:
    people = breach_person_ids(request.user)
    period_form = PeriodForm(request.GET or None)
    period = period_form.period(timezone.localdate())
    found = breaches_for(people, period)
    tree = UnitTree()
    by_rule = Counter(b.rule for b in found)
    # Thousands of breaches do not fit one page: filter by rule, unit and person,
    # and show them BREACHES_PER_PAGE at a time.
    rule = request.GET.get("regel", "")
    unit = request.GET.get("enhet", "")
    who = request.GET.get("person", "").strip().casefold()
    shown = [
        b
        for b in found
        if (not rule or b.rule == rule)
        and (not unit or str(b.person.unit_id) == unit)
        and (not who or who in b.person.name.casefold())
    ]
    page, page_links = paged(request, shown, BREACHES_PER_PAGE)
    units = sorted({b.person.unit_id for b in found if b.person.unit_id}, key=tree.path)
    return render(
        request,
        "timesheets/breaches.html",
        {
            "period_form": period_form,
            "period": period,
            "breaches": [(b, tree.path(b.person.unit_id)) for b in page.object_list],
            "page": page,
            "page_links": page_links,
            "total": len(found),
            "shown_count": len(shown),
            "filters": {"regel": rule, "enhet": unit, "person": request.GET.get("person", "")},
            "units": [(str(pk), tree.path(pk)) for pk in units],
            "by_rule": [
                (rule_, localized(RULES[rule_], "title"), n) for rule_, n in sorted(by_rule.items())
            ],
            "people_with_breaches": len({b.person.pk for b in shown}),
            "is_admin": is_admin(request.user),
        },
    )


@login_required
def patterns(request: HttpRequest) -> HttpResponse:
    units = pattern_unit_ids(request.user)
    # The snapshot's own period: a period of one's choosing would let two
    # readings a day apart be subtracted (docs/privacy-aggregates.md).
    period, _published = pattern_snapshot()
    return render(
        request,
        "timesheets/patterns.html",
        {
            "period": period,
            "cards": [
                {
                    "f": f,
                    "shares": [(label, f.values.get(key)) for key, label in SHARES],
                    "home": [(label, f.values.get(key)) for key, label in HOME_SHARES],
                }
                for f in unit_figures(units)
            ],
        },
    )


@admin_required
def basis(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    current = WorkingTimeBasis.objects.filter(person=person).first() or WorkingTimeBasis(
        person=person
    )
    form = BasisForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            do_save_basis(person, {name: form.cleaned_data[name] for name in BASIS_FIELDS})
        except TimesheetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                gettext("Arbeidstidsgrunnlaget for %(name)s er lagret.") % {"name": person.name},
            )
            return redirect("timesheets:breaches")
    return render(request, "timesheets/basis_form.html", {"form": form, "person": person})
