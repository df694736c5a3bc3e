"""The employee's own checklist, their requests, and the unit aggregate under k.

A checklist is fetched only through the logged-in person (`person=own`), so no
URL, id or role reaches someone else's answers: other ids simply do not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hjemmekontor.hms import access
from hjemmekontor.hms.actions import HmsError, do_handle_request, do_save_checklist, do_send_request
from hjemmekontor.hms.aggregates import checklist_aggregate, percent
from hjemmekontor.hms.checklist import ANSWERS, POINTS, POINTS_BY_KEY
from hjemmekontor.hms.forms import ChecklistForm, HandleRequestForm, RequestForm
from hjemmekontor.hms.models import Checklist, WorkplaceRequest
from hjemmekontor.hms.people import managers_of
from hjemmekontor.hms.views.common import own_person
from hjemmekontor.organisation.models import Person, Unit, UnitTree


@login_required
def checklist(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    latest = Checklist.objects.filter(person=person).first()
    form = ChecklistForm(request.POST or None, initial=latest.answers if latest else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = do_save_checklist(person, form.cleaned_data)
        except HmsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, gettext("Sjekklisten er lagret. Bare du kan se svarene dine.")
            )
            return redirect("hms:checklist-detail", pk=saved.pk)
    return render(
        request,
        "hms/checklist.html",
        {
            "form": form,
            "history": Checklist.objects.filter(person=person)[:10],
            "requests": WorkplaceRequest.objects.filter(person=person).order_by("-created_at"),
        },
    )


@login_required
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = own_person(request.user)
    saved = get_object_or_404(Checklist, pk=pk, person=person)
    weak = [
        {
            "point": point,
            "answer": ANSWERS[saved.answers[point.key]],
            "form": RequestForm(initial={"point": point.key, "text": point.request_hint}),
        }
        for point in POINTS
        if saved.answers.get(point.key) in ("partly", "not_ok")
    ]
    managers = managers_of(person.unit, exclude=person)
    return render(
        request,
        "hms/checklist_detail.html",
        {
            "checklist": saved,
            "answers": [(point, ANSWERS[saved.answers[point.key]]) for point in POINTS],
            "weak": weak,
            "managers": managers,
            # "Kari og Ola": the conjunction is translated, the names are not.
            "manager_names": f" {gettext('og')} ".join(manager.name for manager in managers),
        },
    )


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = own_person(request.user)
    saved = get_object_or_404(Checklist, pk=pk, person=person)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            do_send_request(
                person, point=form.cleaned_data["point"], text=form.cleaned_data["text"]
            )
        except HmsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Forespørselen er sendt til lederen din."))
    else:
        messages.error(request, gettext("Skriv hva du trenger før du sender."))
    return redirect("hms:checklist-detail", pk=saved.pk)


def _visible_requests(user: object) -> list[WorkplaceRequest]:
    ids = access.manageable_unit_ids(user)
    if ids is not None and not ids:
        raise PermissionDenied
    own = own_person(user) if ids is not None else None
    found = WorkplaceRequest.objects.select_related("person", "person__unit")
    if ids is not None:
        # Addressed by the person's current unit: after a move the new manager sees it.
        found = found.filter(person__unit_id__in=ids).exclude(person=own)
    return list(found)


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    items = _visible_requests(request.user)
    return render(
        request,
        "hms/requests.html",
        {
            "open": [item for item in items if item.handled_at is None],
            "handled": [item for item in items if item.handled_at is not None][:50],
            "points": POINTS_BY_KEY,
            "form": HandleRequestForm(),
        },
    )


@login_required
@require_POST
def request_handle(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WorkplaceRequest.objects.select_related("person"), pk=pk)
    access.require(access.can_manage_person(request.user, item.person))
    form = HandleRequestForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        do_handle_request(item, handled_by=request.user, note=note)
    except HmsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            gettext("Forespørselen fra %(name)s er markert som behandlet.")
            % {"name": item.person.name},
        )
    return redirect("hms:requests")


@login_required
def checklist_aggregate_view(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk)
    access.require(access.sees_everything(request.user) or access.can_manage(request.user, unit.pk))
    aggregate = checklist_aggregate(unit)
    rows = []
    if not aggregate.suppressed:
        rows = [
            (
                point,
                percent(aggregate.not_ok_share[point.key]),
                percent(aggregate.partly_share[point.key]),
            )
            for point in POINTS
        ]
    people = Person.objects.filter(unit_id__in=UnitTree().subtree(unit.pk), active=True).count()
    return render(
        request,
        "hms/checklist_aggregate.html",
        {"unit": unit, "aggregate": aggregate, "rows": rows, "people": people},
    )
