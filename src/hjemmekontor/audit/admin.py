"""Django's technical admin, audited where it can give one person another's access.

A superuser can set an employee's password there, log in as them and read their
checklist and registrations; or make someone staff. Such changes are possible
(troubleshooting needs them) but never silent: each leaves an entry that the AMU
and the safety representatives can read on /revisjon/. The audit log itself is
not registered here, so it cannot be edited through the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse

from hjemmekontor.audit.actions import do_audit

User = get_user_model()
# Fields that widen what an account may do.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "is_active", "groups", "user_permissions")


def _privileges(user: Any) -> dict[str, Any]:
    return {
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


# What a new account starts with, to compare a created user against.
_NEW_ACCOUNT = {
    "is_staff": False,
    "is_superuser": False,
    "is_active": True,
    "groups": [],
    "user_permissions": [],
}


class AuditedUserAdmin(UserAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Read what the account could do before anything of this form is saved;
        # groups and permissions follow in save_related, where they are compared.
        before = _privileges(User.objects.get(pk=obj.pk)) if change else dict(_NEW_ACCOUNT)
        request._audit_privileges_before = before  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
        if not change:
            do_audit(request.user, "user-created", obj.get_username())
        else:
            fields = [name for name in form.changed_data if name not in PRIVILEGE_FIELDS]
            if fields:
                do_audit(request.user, "user-changed", obj.get_username(), ", ".join(fields))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_audit_privileges_before", None)
        if before is None:
            return
        after = _privileges(form.instance)
        changes = [
            f"{name}: {before[name]!r} → {after[name]!r}"
            for name in PRIVILEGE_FIELDS
            if before[name] != after[name]
        ]
        if changes:
            do_audit(
                request.user, "privileges-changed", form.instance.get_username(), "; ".join(changes)
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        # Only a valid form redirects; a form with errors is shown again (200).
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            detail = "" if user.has_usable_password() else "passordinnlogging slått av"
            do_audit(request.user, "password-set", user.get_username(), detail)
        return response

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        do_audit(request.user, "user-deleted", obj.get_username())
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            do_audit(request.user, "user-deleted", user.get_username())
        super().delete_queryset(request, queryset)


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
