"""The unit's risk assessment for home office (internkontrollforskriften §5 nr. 6)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hjemmekontor.accounts.roles import managed_unit_ids, represented_unit_ids
from hjemmekontor.hms import access
from hjemmekontor.hms.actions import (
    HazardChange,
    HmsError,
    do_save_assessment,
    do_sign_assessment,
    do_start_assessment,
)
from hjemmekontor.hms.actions.assessments import current_assessment
from hjemmekontor.hms.evidence import assessment_evidence
from hjemmekontor.hms.models import Action, RiskAssessment
from hjemmekontor.hms.pdf import assessment_pdf
from hjemmekontor.hms.views.common import tree_rows
from hjemmekontor.organisation.models import Unit, UnitTree


def _readable_unit_ids(user: Any) -> set[int] | None:
    if access.sees_everything(user):
        return None
    ids = managed_unit_ids(user) | represented_unit_ids(user)
    if not ids:
        raise PermissionDenied
    return ids


@login_required
def assessments(request: HttpRequest) -> HttpResponse:
    """Status of every unit the user may follow: none, draft or signed, with the date."""
    ids = _readable_unit_ids(request.user)
    latest: dict[int, RiskAssessment] = {}
    for assessment in RiskAssessment.objects.exclude(status="superseded"):
        latest[assessment.unit_id] = assessment
    rows = [(depth, unit, latest.get(unit.pk)) for depth, unit in tree_rows(ids)]
    return render(request, "hms/assessments.html", {"rows": rows})


@login_required
def assessment_unit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk)
    access.require(access.can_read_assessment(request.user, unit.pk))
    current = current_assessment(unit)
    if current is not None:
        return redirect("hms:assessment-detail", pk=current.pk)
    return render(
        request,
        "hms/assessment_none.html",
        {"unit": unit, "can_manage": access.can_manage(request.user, unit.pk)},
    )


@login_required
@require_POST
def assessment_start(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk)
    access.require(access.can_manage(request.user, unit.pk))
    try:
        assessment = do_start_assessment(unit, created_by=request.user)
    except HmsError as error:
        messages.error(request, str(error))
        return redirect("hms:assessment-unit", unit_pk=unit.pk)
    messages.success(request, gettext("Risikovurderingen er opprettet med standardfarene."))
    return redirect("hms:assessment-edit", pk=assessment.pk)


def _readable(request: HttpRequest, pk: int) -> RiskAssessment:
    assessment = get_object_or_404(RiskAssessment.objects.select_related("unit"), pk=pk)
    access.require(access.can_read_assessment(request.user, assessment.unit_id))
    return assessment


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _readable(request, pk)
    unit = assessment.unit
    hazards = [
        {
            "hazard": hazard,
            "evidence": assessment_evidence(assessment, hazard.key),
            "actions": list(hazard.actions.all()),
        }
        for hazard in assessment.hazards.all()
    ]
    can_manage = access.can_manage(request.user, unit.pk)
    return render(
        request,
        "hms/assessment_detail.html",
        {
            "assessment": assessment,
            "hazards": hazards,
            "matrix": risk_matrix([row["hazard"] for row in hazards]),
            "can_manage": can_manage,
            # A signature is given once: the button goes when it is given.
            "can_sign_manager": can_manage
            and assessment.status != "superseded"
            and assessment.manager_signed_at is None,
            "can_sign_representative": access.is_safety_representative_for(request.user, unit.pk)
            and assessment.status != "superseded"
            and assessment.representative_signed_at is None,
            "versions": RiskAssessment.objects.filter(unit=unit).order_by("-version"),
        },
    )


def risk_matrix(hazards: list[Any]) -> list[dict[str, Any]]:
    """The 5 × 5 matrix: a row per consequence (5 at the top), a cell per
    probability, each cell the numbers of the hazards in it (their order on the
    page, from 1) and its level by the same banding as ``Hazard.level``."""
    rows = []
    for consequence in range(5, 0, -1):
        cells = []
        for probability in range(1, 6):
            risk = probability * consequence
            level = "high" if risk >= 15 else "medium" if risk >= 6 else "low"
            numbers = [
                str(number)
                for number, hazard in enumerate(hazards, start=1)
                if hazard.probability == probability and hazard.consequence == consequence
            ]
            cells.append({"level": level, "risk": risk, "numbers": ", ".join(numbers)})
        rows.append({"consequence": consequence, "cells": cells})
    return rows


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(RiskAssessment.objects.select_related("unit"), pk=pk)
    access.require(access.can_manage(request.user, assessment.unit_id))
    hazards = list(assessment.hazards.prefetch_related("actions"))
    unit_actions = list(
        Action.objects.filter(unit_id__in=UnitTree().subtree(assessment.unit_id)).order_by(
            "due_date"
        )
    )
    errors: list[str] = []
    if request.method == "POST":
        changes = []
        for hazard in hazards:
            prefix = f"hazard-{hazard.key}-"
            changes.append(
                HazardChange(
                    key=hazard.key,
                    probability=_int(request.POST.get(prefix + "probability"), 0),
                    consequence=_int(request.POST.get(prefix + "consequence"), 0),
                    assessment_text=request.POST.get(prefix + "text", ""),
                    action_ids=[
                        _int(value, 0) for value in request.POST.getlist(prefix + "actions")
                    ],
                )
            )
        try:
            saved = do_save_assessment(assessment, changes, edited_by=request.user)
        except HmsError as error:
            errors.append(str(error))
        else:
            if saved.pk != assessment.pk:
                messages.success(
                    request,
                    gettext(
                        "Versjon %(old)s var signert og er beholdt. Endringene er lagret som "
                        "versjon %(new)s, som må signeres på nytt."
                    )
                    % {"old": assessment.version, "new": saved.version},
                )
            else:
                messages.success(request, gettext("Risikovurderingen er lagret."))
            return redirect("hms:assessment-detail", pk=saved.pk)
    rows = [
        {"hazard": hazard, "linked": {action.pk for action in hazard.actions.all()}}
        for hazard in hazards
    ]
    return render(
        request,
        "hms/assessment_form.html",
        {
            "assessment": assessment,
            "rows": rows,
            "unit_actions": unit_actions,
            "scale": range(1, 6),
            "errors": errors,
            "signed": bool(assessment.manager_signed_at or assessment.representative_signed_at),
        },
    )


@login_required
@require_POST
def assessment_sign(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(RiskAssessment, pk=pk)
    as_role = request.POST.get("as_role", "")
    if as_role == "manager":
        access.require(access.can_manage(request.user, assessment.unit_id))
    elif as_role == "representative":
        access.require(access.is_safety_representative_for(request.user, assessment.unit_id))
    else:
        access.require(False)
    try:
        do_sign_assessment(assessment, as_role=as_role, signer=request.user)
    except HmsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Risikovurderingen er signert."))
    return redirect("hms:assessment-detail", pk=assessment.pk)


@login_required
def assessment_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _readable(request, pk)
    # A signed version is served as it was signed (hms.models.RiskAssessment.signed_pdf).
    document = bytes(assessment.signed_pdf) if assessment.signed_pdf else assessment_pdf(assessment)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="risikovurdering-{assessment.unit.code}-v{assessment.version}.pdf"'
    )
    return response
