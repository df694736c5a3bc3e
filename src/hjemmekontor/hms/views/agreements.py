"""The home-office agreement register (hjemmekontorforskriften §§1–2)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hjemmekontor.accounts.roles import person_for
from hjemmekontor.hms import access
from hjemmekontor.hms.actions import (
    AgreementTerms,
    HmsError,
    do_create_agreement,
    do_end_agreement,
    do_set_scope,
)
from hjemmekontor.hms.actions.agreements import POINT_HEADINGS
from hjemmekontor.hms.aggregates import agreement_indicator, agreement_rows, percent
from hjemmekontor.hms.forms import AgreementForm, EndAgreementForm, ScopeForm
from hjemmekontor.hms.models import Agreement
from hjemmekontor.hms.models.agreements import scope_threshold
from hjemmekontor.hms.pdf import agreement_pdf
from hjemmekontor.hms.views.common import own_person, tree_rows
from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.web.confirmation import confirmed


def _require_manager(user: Any) -> set[int] | None:
    ids = access.manageable_unit_ids(user)
    if ids is not None and not ids:
        raise PermissionDenied
    return ids


@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    ids = _require_manager(request.user)
    return render(request, "hms/agreements.html", {"rows": tree_rows(ids)})


@login_required
def agreement_unit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk)
    access.require(access.can_manage(request.user, unit.pk))
    today = timezone.localdate()
    rows = agreement_rows(unit, today)
    own = person_for(request.user)
    indicator = agreement_indicator(unit, today)
    return render(
        request,
        "hms/agreement_unit.html",
        {
            "unit": unit,
            "rows": [row for row in rows if own is None or row.person.pk != own.pk],
            "indicator": indicator,
            "share": percent(indicator.share) if indicator.share is not None else None,
            "national": percent(indicator.national),
            "threshold": scope_threshold(),
            "scope_form": ScopeForm(),
        },
    )


@login_required
@require_POST
def agreement_scope(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_pk)
    access.require(access.can_manage_person(request.user, person))
    form = ScopeForm(request.POST)
    if form.is_valid():
        try:
            do_set_scope(
                person,
                days_per_week=form.cleaned_data["days_per_week"],
                only_home=form.cleaned_data["only_home"],
                set_by=request.user,
            )
        except HmsError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Hjemmekontoromfanget for %(name)s er lagret.") % {"name": person.name},
            )
    else:
        messages.error(
            request,
            gettext("Dager per uke for %(name)s må være et tall mellom 0 og 7.")
            % {"name": person.name},
        )
    return redirect("hms:agreement-unit", unit_pk=person.unit_id)


def _terms(data: dict[str, Any]) -> AgreementTerms:
    return AgreementTerms(
        start_date=data["start_date"],
        extent=data["extent"],
        working_hours=data["working_hours"],
        availability=data["availability"],
        change_and_termination=data["change_and_termination"],
        equipment=data["equipment"],
        confidentiality=data["confidentiality"],
        temporary=data["temporary"],
        expected_end=data["expected_end"],
        trial_period_none=data["trial_period_none"],
        trial_period=data["trial_period"],
    )


_FIELD_FOR_POINT = {"duration": "expected_end"}


@login_required
def agreement_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    """A new agreement, or a renewal: the form starts from the current version."""
    person = get_object_or_404(Person, pk=person_pk)
    access.require(access.can_manage_person(request.user, person))
    current = Agreement.objects.filter(person=person).order_by("-version").first()
    initial: dict[str, Any] = {"start_date": timezone.localdate()}
    if current is not None:
        for name in (
            "extent",
            "working_hours",
            "availability",
            "temporary",
            "expected_end",
            "change_and_termination",
            "trial_period_none",
            "trial_period",
            "equipment",
            "confidentiality",
        ):
            initial[name] = getattr(current, name)
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        terms = _terms(form.cleaned_data)
        problems = terms.problems()
        for point, message in problems.items():
            form.add_error(_FIELD_FOR_POINT.get(point, point), message)
        if not problems:
            try:
                agreement = do_create_agreement(person, terms, created_by=request.user)
            except HmsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "Avtale versjon %(version)s for %(name)s er lagret. "
                        "Last ned PDF-en for signering."
                    )
                    % {"version": agreement.version, "name": person.name},
                )
                return redirect("hms:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "hms/agreement_form.html",
        {"form": form, "person": person, "current": current},
    )


def _readable_agreement(request: HttpRequest, pk: int) -> Agreement:
    agreement = get_object_or_404(Agreement.objects.select_related("person__unit"), pk=pk)
    own = person_for(request.user)
    if not (
        (own is not None and own.pk == agreement.person_id)
        or access.can_manage_person(request.user, agreement.person)
    ):
        raise PermissionDenied
    return agreement


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _readable_agreement(request, pk)
    trial = gettext("Ingen prøvetid") if agreement.trial_period_none else agreement.trial_period
    duration = (
        gettext("Midlertidig, til og med %(end)s") % {"end": f"{agreement.expected_end:%d.%m.%Y}"}
        if agreement.temporary and agreement.expected_end
        else gettext("Ikke midlertidig")
    )
    points = [
        (POINT_HEADINGS["extent"], agreement.extent),
        (POINT_HEADINGS["working_hours"], agreement.working_hours),
        (POINT_HEADINGS["availability"], agreement.availability),
        (POINT_HEADINGS["duration"], duration),
        (POINT_HEADINGS["change_and_termination"], agreement.change_and_termination),
        (POINT_HEADINGS["trial_period"], trial),
        (POINT_HEADINGS["equipment"], agreement.equipment),
        (POINT_HEADINGS["confidentiality"], agreement.confidentiality),
    ]
    can_manage = access.can_manage_person(request.user, agreement.person)
    return render(
        request,
        "hms/agreement_detail.html",
        {
            "agreement": agreement,
            "points": points,
            "valid": agreement.is_valid(timezone.localdate()),
            "versions": Agreement.objects.filter(person=agreement.person).order_by("-version"),
            "can_manage": can_manage,
            "end_form": EndAgreementForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@login_required
def agreement_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _readable_agreement(request, pk)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="hjemmekontoravtale-{agreement.person_id}-v{agreement.version}.pdf"'
    )
    return response


@login_required
@require_POST
def agreement_end(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("person"), pk=pk)
    access.require(access.can_manage_person(request.user, agreement.person))
    if not confirmed(request):
        return redirect("hms:agreement-detail", pk=agreement.pk)
    form = EndAgreementForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Oppgi siste dag for ordningen (dato)."))
    else:
        try:
            do_end_agreement(
                agreement,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
                ended_by=request.user,
            )
        except HmsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext("Avtalen er avsluttet. Den er beholdt i registeret."))
    return redirect("hms:agreement-detail", pk=agreement.pk)


@login_required
def my_agreements(request: HttpRequest) -> HttpResponse:
    person = own_person(request.user)
    return render(
        request,
        "hms/my_agreements.html",
        {
            "agreements": Agreement.objects.filter(person=person).order_by("-version"),
            "today": timezone.localdate(),
        },
    )
