"""The admin's retry of a failed job."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemmekontor.accounts.roles import admin_required
from hjemmekontor.jobs.actions import JobError, do_retry_job
from hjemmekontor.jobs.models import Job


@admin_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk)
    try:
        do_retry_job(job, requested_by=request.user)
    except JobError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Jobben er satt i kø igjen."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    if job.round_id is not None:
        return redirect("surveys:round", pk=job.round_id)
    return redirect("home")
