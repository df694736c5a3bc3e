"""The employee's own working time: registrations by week, own breaches and patterns.

Only the employee reaches these pages for their own registrations; a registration
of someone else answers 404 whoever asks (see access.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hjemmekontor.accounts.roles import is_admin, person_for
from hjemmekontor.timesheets.access import can_see_breaches, can_see_patterns, own_person
from hjemmekontor.timesheets.actions import (
    TimesheetError,
    do_delete_registration,
    do_save_registration,
)
from hjemmekontor.timesheets.aggregates import SHARES
from hjemmekontor.timesheets.checking import breaches_for, own_patterns
from hjemmekontor.timesheets.forms import PeriodForm, RegistrationForm
from hjemmekontor.timesheets.localtime import OSLO, form_value, local
from hjemmekontor.timesheets.models import TimeRegistration
from hjemmekontor.web.confirmation import confirmed

WEEKDAYS = [
    _("mandag"),
    _("tirsdag"),
    _("onsdag"),
    _("torsdag"),
    _("fredag"),
    _("lørdag"),
    _("søndag"),
]


def _monday(text: str | None, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(text) if text else today
    except ValueError:
        day = today
    return day - dt.timedelta(days=day.weekday())


def _net_hours(registration: TimeRegistration) -> float:
    seconds = (registration.end - registration.start).total_seconds()
    return (seconds - 60 * (registration.break_minutes or 0)) / 3600


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    if person_for(request.user) is None and is_admin(request.user):
        return redirect("timesheets:breaches")
    person = own_person(request.user)
    today = timezone.localdate()
    monday = _monday(request.GET.get("uke"), today)
    week_start = dt.datetime.combine(monday, dt.time(0), tzinfo=OSLO)
    week_end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0), tzinfo=OSLO)
    registrations = TimeRegistration.objects.filter(
        person=person, start__gte=week_start, start__lt=week_end
    ).order_by("start")
    days: list[dict[str, Any]] = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        items = [
            {"registration": r, "hours": _net_hours(r), "end_day": local(r.end).date() != day}
            for r in registrations
            if local(r.start).date() == day
        ]
        days.append({"date": day, "name": WEEKDAYS[offset], "items": items})
    period_form = PeriodForm(request.GET or None)
    period = period_form.period(today)
    own = own_patterns(person, period)
    return render(
        request,
        "timesheets/mine.html",
        {
            "person": person,
            "days": days,
            "week_hours": sum(_net_hours(r) for r in registrations),
            "iso_week": monday.isocalendar().week,
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "previous": (monday - dt.timedelta(days=7)).isoformat(),
            "next": (monday + dt.timedelta(days=7)).isoformat(),
            "period_form": period_form,
            "period": period,
            "breaches": breaches_for([person.pk], period),
            "patterns": own,
            "pattern_rows": _pattern_rows(own) if own else [],
            "sees_breaches": can_see_breaches(request.user),
            "sees_patterns": can_see_patterns(request.user),
        },
    )


def _pattern_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The person's own patterns as labelled rows (counts and shares)."""
    counts = {
        "share_evening_days": "evening_days",
        "share_weekend_days": "weekend_days",
        "share_holiday_days": "holiday_days",
        "share_fragmented_days": "fragmented_days",
    }
    rows = []
    for key, label in SHARES:
        count_key = counts.get(key)
        rows.append(
            {
                "label": label,
                "share": values.get(key),
                "count": values[count_key] if count_key else None,
                "hours": values["outside_hours"] if key == "share_outside_hours" else None,
            }
        )
    return rows


def _week_url(moment: dt.datetime) -> str:
    day = local(moment).date()
    return f"{reverse('timesheets:mine')}?uke={day.isoformat()}"


@login_required
def create(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = do_save_registration(
                person,
                form.start_at,
                form.end_at,
                form.cleaned_data["break_minutes"],
                form.cleaned_data["location"],
            )
        except TimesheetError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, gettext("Registreringen er lagret."))
            return redirect(_week_url(registration.start))
    return render(request, "timesheets/registration_form.html", {"form": form, "creating": True})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = own_person(request.user)
    # Someone else's registration is not found, whoever asks: nobody learns it exists.
    registration = get_object_or_404(TimeRegistration, pk=pk, person=person)
    initial = {
        "start": form_value(registration.start),
        "end": form_value(registration.end),
        "break_minutes": registration.break_minutes,
        "location": registration.location,
    }
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_save_registration(
                person,
                form.start_at,
                form.end_at,
                form.cleaned_data["break_minutes"],
                form.cleaned_data["location"],
                registration=registration,
            )
        except TimesheetError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, gettext("Registreringen er endret."))
            return redirect(_week_url(registration.start))
    return render(
        request,
        "timesheets/registration_form.html",
        {"form": form, "creating": False, "registration": registration},
    )


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = own_person(request.user)
    registration = get_object_or_404(TimeRegistration, pk=pk, person=person)
    back = _week_url(registration.start)
    if not confirmed(request):
        return redirect("timesheets:edit", pk=registration.pk)
    do_delete_registration(registration)
    messages.success(request, gettext("Registreringen er slettet."))
    return redirect(back)
