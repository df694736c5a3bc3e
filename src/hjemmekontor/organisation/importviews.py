"""The people import: upload, preview, confirm, result and the rejected lines as CSV."""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemmekontor import spreadsheets
from hjemmekontor.accounts.roles import admin_required
from hjemmekontor.jobs.actions import do_enqueue_job, job_key
from hjemmekontor.jobs.models import ACTIVE, Job
from hjemmekontor.jobs.status import describe
from hjemmekontor.organisation.actions import (
    ImportRefused,
    do_create_import_batch,
    do_import_people,
)
from hjemmekontor.organisation.forms import ImportUploadForm
from hjemmekontor.organisation.importing import CODECS
from hjemmekontor.organisation.models import (
    GENDER_CHOICES,
    REPRESENTATIVE_CHOICES,
    ImportBatch,
)

# A preview lists at most this many people per section; counts are always complete.
PREVIEW_LIMIT = 500
# Spreadsheet programs run cells that start with these as formulas (CSV injection).


@admin_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = do_create_import_batch(
            form.parsed, request.user, form.cleaned_data["deactivate_missing"]
        )
        return redirect("organisation:import-preview", pk=batch.pk)
    recent = ImportBatch.objects.order_by("-created_at")[:10]
    return render(request, "organisation/import_upload.html", {"form": form, "recent": recent})


def _labels() -> dict[str, str]:
    return {
        "name": _("Navn"),
        "employee_number": _("Ansattnummer"),
        "email": _("E-post"),
        "is_manager": _("Leder"),
        "representative_role": _("Verv"),
        "gender": _("Kjønn"),
        "birth_year": _("Fødselsår"),
        "age_group": _("Aldersgruppe"),
    }


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if name == "representative_role":
        return str(dict(REPRESENTATIVE_CHOICES).get(value, value))
    if name == "gender":
        return str(dict(GENDER_CHOICES).get(value, value))
    return str(value)


def _preview_context(batch: ImportBatch) -> dict[str, Any]:
    plan = batch.plan
    labels = _labels()
    creates = [entry for entry in plan["people"] if entry["action"] == "create"]
    updates = [entry for entry in plan["people"] if entry["action"] == "update"]
    changed = [
        {
            "line": entry["line"],
            "name": entry["name"],
            "changes": [
                {"label": labels[name], "old": _shown(name, old), "new": _shown(name, new)}
                for name, (old, new) in entry["changes"].items()
            ],
            "reactivate": entry["reactivate"],
        }
        for entry in updates
        if entry["changes"] or entry["reactivate"]
    ]
    moved = [entry for entry in updates if entry["moved"]]
    new_people = [
        {
            "line": entry["line"],
            "name": entry["name"],
            "employee_number": entry["set"].get("employee_number") or "",
            "email": entry["set"].get("email") or "",
            "unit_path": entry["unit_path"],
        }
        for entry in creates
    ]
    return {
        "batch": batch,
        "plan": plan,
        "columns": [header for header, _name in batch.header],
        "new_people": new_people[:PREVIEW_LIMIT],
        "changed": changed[:PREVIEW_LIMIT],
        "moved": moved[:PREVIEW_LIMIT],
        "deactivate": plan["deactivate"][:PREVIEW_LIMIT],
        "counts": {
            "rows": len(batch.rows),
            "accepted": len(plan["people"]),
            "rejected": len(batch.problems),
            "new_units": len(plan["new_units"]),
            "changed_units": len(plan["changed_units"]),
            "created": len(creates),
            "changed": len(changed),
            "moved": len(moved),
            "unchanged": sum(1 for entry in plan["people"] if entry["action"] == "same"),
            "deactivate": len(plan["deactivate"]),
        },
        "limit": PREVIEW_LIMIT,
    }


@admin_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.applied_at is not None or _import_job(batch, active_only=True) is not None:
        return redirect("organisation:import-result", pk=batch.pk)
    return render(request, "organisation/import_preview.html", _preview_context(batch))


def _import_job(batch: ImportBatch, active_only: bool = False) -> Job | None:
    jobs = Job.objects.filter(key=job_key("import_people", suffix=str(batch.pk)))
    if active_only:
        jobs = jobs.filter(status__in=ACTIVE)
    return jobs.first()


@admin_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if len(batch.rows) >= settings.IMPORT_BACKGROUND_ROWS:
        # A large register is written by the worker; the result page follows it.
        do_enqueue_job(
            "import_people",
            key=job_key("import_people", suffix=str(batch.pk)),
            params={"batch": batch.pk},
            requested_by=request.user,
        )
        return redirect("organisation:import-result", pk=batch.pk)
    try:
        do_import_people(batch)
    except ImportRefused as error:
        messages.error(request, str(error))
        batch.refresh_from_db()
        if batch.applied_at is None:
            return redirect("organisation:import-preview", pk=batch.pk)
    else:
        messages.success(request, _("Importen er gjennomført."))
    return redirect("organisation:import-result", pk=batch.pk)


@admin_required
def import_result(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.applied_at is None:
        job = _import_job(batch)
        if job is None or job.status == "done":
            return redirect("organisation:import-preview", pk=batch.pk)
        line = describe(job)
        return render(
            request,
            "organisation/import_pending.html",
            {
                "batch": batch,
                "job_lines": [line],
                "can_retry": True,
                "job_refresh": 3 if line.active else None,
            },
        )
    return render(request, "organisation/import_result.html", {"batch": batch})


@admin_required
def import_rejected(request: HttpRequest, pk: int) -> HttpResponse:
    """The rejected lines in the file's own separator and columns, plus a `feil` column."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    reasons = {problem["line"]: problem["reasons"] for problem in batch.problems}
    names = [name for _header, name in batch.header]
    buffer = io.StringIO()
    writer = spreadsheets.writer(buffer, delimiter=batch.delimiter or ";", lineterminator="\r\n")
    writer.writerow([header for header, _name in batch.header] + [_("feil")])
    for row in batch.rows:
        if row["line"] in reasons:
            cells = [row["cells"].get(name, "") for name in names]
            explanation = _("linje %(line)s: %(reasons)s") % {
                "line": row["line"],
                "reasons": " ".join(reasons[row["line"]]),
            }
            writer.writerow([*cells, explanation])
    codec = CODECS.get(batch.encoding, "utf-8-sig")
    if codec in {"utf-8", "utf-16"}:
        # Excel reads UTF-8 correctly only with a byte-order mark.
        codec = "utf-8-sig"
    content = buffer.getvalue().encode(codec, errors="replace")
    stem = PurePath(batch.filename).stem or "import"
    charset = "windows-1252" if codec == "cp1252" else "utf-8"
    response = HttpResponse(content, content_type=f"text/csv; charset={charset}")
    disposition = content_disposition_header(True, f"avviste-linjer-{stem}.csv")
    response["Content-Disposition"] = disposition or "attachment"
    return response
