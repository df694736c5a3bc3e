"""Login throttling: django-axes, wired to this product's login page.

After LOGIN_FAILURE_LIMIT wrong passwords for one user name from one address the
login is refused for LOGIN_COOLOFF_MINUTES, even with the right password; a
successful login clears the count (settings.py, docs/security.md).
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lock check, for logins that come with a request.

    Every login over HTTP (the login page, Django's admin) passes the request.
    A call without one comes from code on the server — a management command, the
    test client — where nobody can guess passwords at scale; axes would refuse it
    outright, so it is passed on to the next backend instead.
    """

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, saying why and for how long (HTTP 429)."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username")})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next", "") if request.method == "POST" else "",
            "locked_out": True,
            "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
        },
        status=429,
    )
