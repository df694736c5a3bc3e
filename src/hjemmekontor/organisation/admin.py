"""The register in Django's technical admin (for troubleshooting; daily work is /organisasjon/)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hjemmekontor.audit.actions import do_audit
from hjemmekontor.organisation.actions import audit_role_changes, roles_before
from hjemmekontor.organisation.models import Person, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "employee_number", "email", "unit", "is_manager", "active"]
    list_filter = ["active", "is_manager", "representative_role"]
    search_fields = ["name", "employee_number", "email", "unit__name", "unit__code"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "user"]

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        # A role changed here is audited like one changed on /organisasjon/.
        before = roles_before(obj)
        super().save_model(request, obj, form, change)
        audit_role_changes(request.user, obj, before)
        if "user" in form.changed_data:
            # Tying a login to another person gives that login the person's own data.
            login = obj.user.get_username() if obj.user else "–"
            do_audit(request.user, "user-changed", obj.name, f"innlogging: {login}")
