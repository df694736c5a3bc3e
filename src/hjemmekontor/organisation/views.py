"""The admin's pages for units and people. All of them are for HMS advisers only."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemmekontor.accounts.roles import admin_required
from hjemmekontor.organisation.actions import (
    OrganisationError,
    do_grant_access,
    do_save_person,
    do_save_unit,
    do_set_person_active,
    do_set_unit_active,
)
from hjemmekontor.organisation.forms import PeopleFilterForm, PersonForm, UnitForm
from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.web.confirmation import confirmed

PEOPLE_PER_PAGE = 50
MAX_TREE_DEPTH_CLASS = 4  # site.css indents .depth-1 … .depth-4


@admin_required
def units(request: HttpRequest) -> HttpResponse:
    tree = UnitTree()
    counts = dict(
        Person.objects.filter(active=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    rows = [
        {
            "unit": unit,
            "depth": min(depth, MAX_TREE_DEPTH_CLASS),
            "people": counts.get(unit.pk, 0),
        }
        for depth, unit in tree.depth_first()
    ]
    return render(request, "organisation/units.html", {"rows": rows})


@admin_required
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk) if pk is not None else Unit()
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = do_save_unit(form.save(commit=False))
        except OrganisationError as error:
            form.add_error("parent", str(error))
        else:
            messages.success(request, _("Enheten «%(name)s» er lagret.") % {"name": saved.name})
            return redirect("organisation:units")
    return render(request, "organisation/unit_form.html", {"form": form, "unit": unit})


@admin_required
@require_POST
def unit_set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    try:
        do_set_unit_active(unit, active)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        text = _("«%(name)s» er aktivert.") if active else _("«%(name)s» er deaktivert.")
        messages.success(request, text % {"name": unit.name})
    return redirect("organisation:units")


@admin_required
def people(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    found = Person.objects.select_related("user").order_by("name", "pk")
    tree = UnitTree()
    status = "active"
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            found = found.filter(
                Q(name__icontains=query)
                | Q(email__icontains=query)
                | Q(employee_number__icontains=query)
            )
        unit = form.cleaned_data["unit"]
        if unit is not None:
            found = found.filter(unit__in=tree.subtree(unit))
        status = form.cleaned_data["status"] or "active"
    if status == "active":
        found = found.filter(active=True)
    elif status == "inactive":
        found = found.filter(active=False)
    page = Paginator(found, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"person": person, "unit_path": tree.path(person.unit_id)} for person in page]
    return render(request, "organisation/people.html", {"form": form, "page": page, "rows": rows})


@admin_required
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk) if pk is not None else Person()
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        saved = do_save_person(form.save(commit=False), actor=request.user)
        messages.success(request, _("«%(name)s» er lagret.") % {"name": saved.name})
        return redirect("organisation:person-edit", pk=saved.pk)
    return render(request, "organisation/person_form.html", {"form": form, "person": person})


@admin_required
@require_POST
def person_set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not active and not confirmed(request):
        return redirect("organisation:person-edit", pk=person.pk)
    do_set_person_active(person, active)
    text = _("«%(name)s» er aktivert.") if active else _("«%(name)s» er deaktivert.")
    messages.success(request, text % {"name": person.name})
    return redirect("organisation:person-edit", pk=person.pk)


@admin_required
@require_POST
def person_access(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    try:
        user = do_grant_access(person, actor=request.user)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s kan logge inn som %(username)s; en lenke for å velge passord er sendt.")
            % {"name": person.name, "username": user.get_username()},
        )
    return redirect("organisation:person-edit", pk=person.pk)
