"""Template context shared by every page: the navigation the user's roles allow."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hjemmekontor.accounts.roles import roles_of
from hjemmekontor.accounts.sso import enabled as sso_enabled
from hjemmekontor.audit.access import can_read_audit
from hjemmekontor.surveys.codeentry import kiosk_idle_seconds


def navigation(request: HttpRequest) -> dict[str, Any]:
    roles = roles_of(request.user) if hasattr(request, "user") else set()
    return {
        "roles": roles,
        "reads_audit": hasattr(request, "user") and can_read_audit(request.user),
        "organisation_name": settings.ORGANISATION_NAME,
        "anonymity_k": settings.ANONYMITY_K,
        "sso_enabled": sso_enabled(),
        "sso_name": settings.OIDC_NAME,
        "local_login": settings.LOCAL_LOGIN,
        "kiosk_idle_seconds": kiosk_idle_seconds(),
        # HJEMMEKONTOR_LANGUAGE: what letters and documents are written in unless chosen.
        "organisation_language": settings.LANGUAGE_CODE,
    }
