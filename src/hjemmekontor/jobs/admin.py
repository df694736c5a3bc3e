"""Jobs in Django's admin, read-only: for the operator looking into a failure."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hjemmekontor.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("kind", "key", "status", "done", "total", "attempts", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("key",)
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
