"""Where a letter's code is typed (/kode/), and the kiosk on a shared tablet (/kiosk/).

The kiosk keeps nothing between respondents: when a respondent sends their
answers, presses «Avslutt», or leaves the tablet alone for
``HJEMMEKONTOR_KIOSK_IDLE_MINUTES``, the session is emptied and the invitation's
public id is replaced, so that every answer link the tablet's history holds stops
working (and its unsent draft, sealed under that link, is deleted). The respondent
gets a new letter from the HMS adviser if they want to go on.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hjemmekontor.surveys.codes import do_redeem_code, too_many_failures
from hjemmekontor.surveys.models import Invitation

KIOSK = "hk_kiosk"
KIOSK_INVITATION = "hk_kiosk_invitation"
KIOSK_SEEN = "hk_kiosk_seen"

REFUSALS = {
    "unknown": lambda: _(
        "Vi finner ikke den koden. Sjekk at du har skrevet den slik den står i brevet."
    ),
    "used": lambda: _(
        "Koden er allerede brukt. Har du lagret siden som bokmerke, kan du fortsette der. "
        "Ellers kan HMS-rådgiveren lage et nytt brev til deg."
    ),
    "answered": lambda: _("Du har allerede svart på denne undersøkelsen. Takk!"),
    "closed": lambda: _("Undersøkelsen er ikke åpen nå."),
}


def in_kiosk(request: HttpRequest) -> bool:
    return bool(request.session.get(KIOSK))


@transaction.atomic
def do_end_kiosk_session(request: HttpRequest) -> None:
    """Forget the respondent: new public id (old links dead, drafts gone), empty session."""
    pk = request.session.get(KIOSK_INVITATION)
    if pk is not None:
        invitation = Invitation.objects.select_for_update().filter(pk=pk).first()
        if invitation is not None and not invitation.answered:
            invitation.drafts.all().delete()
            invitation.public_id = uuid.uuid4()
            invitation.save(update_fields=["public_id"])
    request.session.flush()
    request.session[KIOSK] = True


def _entry(request: HttpRequest, kiosk: bool) -> HttpResponse:
    if kiosk and not in_kiosk(request):
        request.session[KIOSK] = True
    error = None
    status = 200
    typed = ""
    if request.method == "POST":
        address = request.META.get("REMOTE_ADDR", "")
        typed = request.POST.get("code", "")
        if too_many_failures(address):
            error = _("For mange feil koder på kort tid. Vent et kvarter og prøv igjen.")
            status = 429
        else:
            redeemed = do_redeem_code(typed, address)
            if redeemed.url is not None:
                if kiosk:
                    request.session[KIOSK_INVITATION] = redeemed.invitation_id
                    request.session[KIOSK_SEEN] = int(time.time())
                return redirect(redeemed.url)
            error = REFUSALS[redeemed.refusal or "unknown"]()
            status = 400
    return render(
        request,
        "surveys/code_entry.html",
        {"error": error, "typed": typed if status != 200 else "", "kiosk": kiosk},
        status=status,
    )


@never_cache
def code_entry(request: HttpRequest) -> HttpResponse:
    return _entry(request, kiosk=False)


@never_cache
def kiosk(request: HttpRequest) -> HttpResponse:
    return _entry(request, kiosk=True)


@never_cache
def kiosk_end(request: HttpRequest) -> HttpResponse:
    """«Avslutt», the idle refresh and the thank-you page end here."""
    if in_kiosk(request):
        do_end_kiosk_session(request)
    return _forget_language(redirect("kiosk"))


def _forget_language(response: HttpResponse) -> HttpResponse:
    """The next person at the tablet starts in the organisation's language, not in
    the one the last respondent chose (the choice is a cookie, not the session)."""
    response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


def kiosk_idle_seconds() -> int:
    return int(settings.KIOSK_IDLE_MINUTES) * 60


# The server's own limit is longer than the page's: the page knows about typing
# (kiosk.js waits while someone is busy, and asks before it resets), the server
# only sees requests. It catches a tablet that slept through the page's reset.
SERVER_IDLE_FACTOR = 3


class KioskIdleMiddleware:
    """On a kiosk, a request after a long pause starts over at the code entry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if in_kiosk(request) and request.session.get(KIOSK_INVITATION) is not None:
            now = int(time.time())
            idle = now - int(request.session.get(KIOSK_SEEN, now))
            if idle > SERVER_IDLE_FACTOR * kiosk_idle_seconds():
                do_end_kiosk_session(request)
                return _forget_language(redirect("kiosk"))
            request.session[KIOSK_SEEN] = now
        return self.get_response(request)
