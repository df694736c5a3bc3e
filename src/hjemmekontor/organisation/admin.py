"""The register in Django's technical admin (for troubleshooting; daily work is /organisasjon/)."""

from django.contrib import admin

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
