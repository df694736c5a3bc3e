"""The admin's import of time registrations: upload, preview with problem lines, confirm."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hjemmekontor.accounts.roles import admin_required
from hjemmekontor.timesheets.actions import (
    TimesheetError,
    do_confirm_import,
    do_create_timesheet_import,
)
from hjemmekontor.timesheets.forms import ImportForm
from hjemmekontor.timesheets.importing import ImportFileError, parse_upload
from hjemmekontor.timesheets.localtime import local
from hjemmekontor.timesheets.models import LOCATION_CHOICES, TimesheetImport

LOCATIONS = dict(LOCATION_CHOICES)

# A preview lists at most this many rows of each kind; the counts are always complete.
PREVIEW_LIMIT = 500


@admin_required
def upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"]
        mapping = form.cleaned_data.get("mapping")
        try:
            parsed = parse_upload(
                data.read(),
                data.name,
                mapping.read() if mapping else None,
                mapping.name if mapping else "",
            )
        except ImportFileError as error:
            form.add_error(error.field, str(error))
        else:
            batch = do_create_timesheet_import(
                data.name, parsed.rows, parsed.problems, parsed.total_lines, request.user
            )
            return redirect("timesheets:import-preview", pk=batch.pk)
    recent = TimesheetImport.objects.order_by("-created_at")[:10]
    return render(request, "timesheets/import_upload.html", {"form": form, "recent": recent})


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    start = local(dt.datetime.fromisoformat(row["start"]))
    end = local(dt.datetime.fromisoformat(row["end"]))
    return {
        **row,
        "start_local": f"{start:%d.%m.%Y %H:%M}",
        "end_local": f"{end:%d.%m.%Y %H:%M}",
        "location_label": LOCATIONS.get(row["location"], row["location"]),
    }


@admin_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(TimesheetImport, pk=pk)
    return render(
        request,
        "timesheets/import_preview.html",
        {
            "batch": batch,
            "rows": [_shown(row) for row in batch.rows[:PREVIEW_LIMIT]],
            "problems": batch.problems[:PREVIEW_LIMIT],
            "limit": PREVIEW_LIMIT,
            "problem_lines": len({p["line"] for p in batch.problems}),
        },
    )


@admin_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(TimesheetImport, pk=pk)
    try:
        count = do_confirm_import(batch)
    except TimesheetError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d registrering er importert.",
                "%(count)d registreringer er importert.",
                count,
            )
            % {"count": count},
        )
    return redirect("timesheets:import-preview", pk=batch.pk)
