"""The audit log page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hjemmekontor.audit.access import audit_reader_required
from hjemmekontor.audit.models import AuditEntry

ENTRIES_PER_PAGE = 50


@audit_reader_required
@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(AuditEntry.objects.all(), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"page": page})
