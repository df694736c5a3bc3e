"""Logins with a password, which an organisation on single sign-on may switch off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class LocalPasswordBackend(ModelBackend):
    """Django's own password check, while ``HJEMMEKONTOR_LOCAL_LOGIN`` is on."""

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not settings.LOCAL_LOGIN:
            return None
        return super().authenticate(request, *args, **kwargs)
