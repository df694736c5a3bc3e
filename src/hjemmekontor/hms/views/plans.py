"""Action plan pages: the plans a user may read, creating, editing, commenting, evaluating."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hjemmekontor.accounts.roles import roles_of
from hjemmekontor.hms import access
from hjemmekontor.hms.actions import (
    HmsError,
    do_comment_action,
    do_create_action,
    do_evaluate_action,
    do_update_action,
)
from hjemmekontor.hms.forms import ActionForm, CommentForm, EvaluationForm
from hjemmekontor.hms.indicators import indicator_label
from hjemmekontor.hms.models import Action
from hjemmekontor.hms.models.plans import OPEN_STATUSES
from hjemmekontor.hms.people import safety_representatives_of
from hjemmekontor.hms.views.common import people_in, units_in
from hjemmekontor.organisation.models import Unit, UnitTree
from hjemmekontor.web.paging import paged

ACTIONS_PER_PAGE = 100


def _require_some_role(user: Any) -> None:
    if not roles_of(user):
        raise PermissionDenied


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    _require_some_role(request.user)
    visible = access.plan_unit_ids(request.user)
    actions = Action.objects.select_related("unit", "responsible").order_by("due_date")
    if visible is not None:
        actions = actions.filter(unit_id__in=visible)
    status = request.GET.get("status", "open")
    if status == "open":
        actions = actions.filter(status__in=OPEN_STATUSES)
    tree = UnitTree()
    listed = list(actions)
    # A plan of years grows past what one page holds: filter by unit (with the
    # units below it) and show ACTIONS_PER_PAGE at a time, in the tree's order.
    units = sorted({action.unit_id for action in listed}, key=tree.path)
    unit = request.GET.get("enhet", "")
    if unit.isdigit() and int(unit) in tree.units:
        below = set(tree.subtree(int(unit)))
        listed = [action for action in listed if action.unit_id in below]
    listed.sort(key=lambda action: tree.path(action.unit_id))
    page, page_links = paged(request, listed, ACTIONS_PER_PAGE)
    by_unit: dict[int, list[Action]] = defaultdict(list)
    for action in page.object_list:
        by_unit[action.unit_id].append(action)
    groups = [
        {"unit": tree.units[unit_id], "path": tree.path(unit_id), "actions": items}
        for unit_id, items in by_unit.items()
    ]
    manageable = access.manageable_unit_ids(request.user)
    return render(
        request,
        "hms/plans.html",
        {
            "groups": groups,
            "status": status,
            "page": page,
            "page_links": page_links,
            "units": [(str(pk), tree.path(pk)) for pk in units],
            "unit": unit,
            "today": timezone.localdate(),
            "can_create": manageable is None or bool(manageable),
            "sees_everything": access.sees_everything(request.user),
        },
    )


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    access.require(access.sees_everything(request.user))
    today = timezone.localdate()
    actions = (
        Action.objects.filter(status__in=OPEN_STATUSES, due_date__lt=today)
        .select_related("unit", "responsible")
        .order_by("due_date")
    )
    return render(request, "hms/overdue.html", {"actions": actions, "today": today})


def _form_querysets(user: Any) -> tuple[Any, Any]:
    ids = access.manageable_unit_ids(user)
    if ids is not None and not ids:
        raise PermissionDenied
    if ids is None:
        return units_in(ids), people_in(None)
    # The people of the units one manages, and the safety representatives above
    # them (the verneombud often sits in a parent unit): not the whole organisation.
    representatives = {
        person.pk
        for unit in Unit.objects.filter(pk__in=ids)
        for person in safety_representatives_of(unit)
    }
    people = people_in(None).filter(Q(unit_id__in=ids) | Q(pk__in=representatives))
    return units_in(ids), people


@login_required
def action_create(request: HttpRequest) -> HttpResponse:
    units, people = _form_querysets(request.user)
    initial: dict[str, Any] = {"status": "planned"}
    # The results pages link here: ?unit=<pk>&indicator=<id>&finding=<text> (docs/hms.md).
    unit_param = request.GET.get("unit", "")
    if unit_param.isdigit() and units.filter(pk=int(unit_param)).exists():
        unit = Unit.objects.get(pk=int(unit_param))
        initial["unit"] = unit
        initial["participants"] = safety_representatives_of(unit)
    initial["indicator"] = request.GET.get("indicator", "")[:64]
    initial["finding"] = request.GET.get("finding", "")[:2000]
    if initial["finding"]:
        initial["problem"] = initial["finding"]
    form = ActionForm(request.POST or None, initial=initial, units=units, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = list(data["participants"])
        try:
            action = do_create_action(
                unit=data["unit"],
                problem=data["problem"],
                description=data["description"],
                responsible=data["responsible"],
                due_date=data["due_date"],
                # An empty choice means "the default": the unit's safety representative.
                participants=chosen or None,
                indicator=data["indicator"],
                finding=data["finding"],
                status=data["status"],
                created_by=request.user,
            )
        except HmsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Tiltaket er lagt til i handlingsplanen."))
            return redirect("hms:action-detail", pk=action.pk)
    return render(request, "hms/action_form.html", {"form": form, "action": None})


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("unit", "responsible"), pk=pk)
    access.require(access.can_read_plan(request.user, action.unit_id))
    return render(
        request,
        "hms/action_detail.html",
        {
            "action": action,
            "events": action.events.all(),
            "participants": action.participants.all(),
            "can_edit": access.can_manage(request.user, action.unit_id),
            "can_comment": access.can_comment(request.user, action.unit_id),
            "comment_form": CommentForm(),
            "overdue": action.is_overdue(timezone.localdate()),
            "indicator_label": indicator_label(action.indicator) if action.indicator else "",
        },
    )


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    access.require(access.can_manage(request.user, action.unit_id))
    units, people = _form_querysets(request.user)
    initial = {
        name: getattr(action, name)
        for name in (
            "unit",
            "problem",
            "description",
            "responsible",
            "due_date",
            "status",
            "indicator",
            "finding",
        )
    }
    initial["participants"] = list(action.participants.all())
    # Whoever the action already names stays a choice, even from outside the scope.
    named = [action.responsible_id, *(p.pk for p in initial["participants"])]
    people = people | people_in(None).filter(pk__in=named)
    form = ActionForm(request.POST or None, initial=initial, units=units, people=people)
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_update_action(
                action,
                actor=request.user,
                participants=list(data["participants"]),
                **{
                    name: data[name]
                    for name in (
                        "problem",
                        "description",
                        "responsible",
                        "due_date",
                        "status",
                        "indicator",
                        "finding",
                    )
                },
            )
        except HmsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Endringene er lagret."))
            return redirect("hms:action-detail", pk=action.pk)
    return render(request, "hms/action_form.html", {"form": form, "action": action})


@login_required
@require_POST
def action_comment(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    access.require(access.can_comment(request.user, action.unit_id))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            do_comment_action(action, actor=request.user, text=form.cleaned_data["text"])
        except HmsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Kommentaren er lagt til."))
    else:
        messages.error(request, gettext("Kommentaren er tom."))
    return redirect("hms:action-detail", pk=action.pk)


@login_required
def action_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    access.require(access.can_manage(request.user, action.unit_id))
    form = EvaluationForm(
        request.POST or None,
        initial={
            "helped": action.evaluation_helped,
            "text": action.evaluation_text,
            "indicator": action.indicator,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_evaluate_action(
                action,
                actor=request.user,
                helped=data["helped"],
                text=data["text"],
                indicator=data["indicator"],
            )
        except HmsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Evalueringen er lagret."))
            return redirect("hms:action-detail", pk=action.pk)
    return render(request, "hms/action_evaluate.html", {"form": form, "action": action})
