"""Sessions end after a time without activity, and after a fixed time in any case.

ASVS V3.3: an idle timeout (default 30 minutes) and an absolute lifetime (default
12 hours) for every logged-in session. The last activity is written at most once
a minute, so a page view is not a database write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

STARTED = "_hk_login_at"
SEEN = "_hk_seen_at"
# Seconds between writes of the last activity.
TOUCH_EVERY = 60
# The answer pages: the link, not the login, opens the questionnaire.
ANSWER_PREFIX = "/svar/"


@receiver(user_logged_in)
def _mark_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._ended(request)
            if ended:
                logout(request)
                if request.path_info.startswith(ANSWER_PREFIX):
                    # The session ends all the same, but the page the respondent
                    # sends is kept: sending it to the login page would lose it
                    # (WCAG 2.2.1), and the link alone may answer.
                    return self.get_response(request)
                messages.info(request, ended)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _ended(self, request: HttpRequest) -> str | None:
        now = int(time.time())
        session = request.session
        idle = int(settings.SESSION_IDLE_SECONDS)
        started = int(session.get(STARTED, now))
        seen = int(session.get(SEEN, now))
        if now - seen > idle:
            return _("Du ble logget ut etter %(minutes)s minutter uten aktivitet.") % {
                "minutes": idle // 60
            }
        if now - started > int(settings.SESSION_MAX_SECONDS):
            return _("Du ble logget ut fordi økten var %(hours)s timer gammel. Logg inn igjen.") % {
                "hours": int(settings.SESSION_MAX_SECONDS) // 3600
            }
        if now - seen >= TOUCH_EVERY or STARTED not in session:
            session.setdefault(STARTED, now)
            session[SEEN] = now
        return None
