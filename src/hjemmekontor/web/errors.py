"""The error pages: 400, 403, 404, 405 and 500 in the site's layout and language.

Django's own are bare English pages without a way back. These keep the header
(navigation and language switch), say in plain words what happened and what to
do, and never say more than the status: a 403 does not tell whether the thing
asked for exists. The 500 page renders without the request's context
processors, since whatever failed may be behind them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

__all__ = [
    "ErrorPageMiddleware",
    "bad_request",
    "page_not_found",
    "permission_denied",
    "server_error",
]

TEXTS = {
    400: (
        gettext_lazy("Ugyldig forespørsel"),
        gettext_lazy("Nettleseren sendte noe siden ikke kan lese. Gå tilbake og prøv igjen."),
    ),
    403: (
        gettext_lazy("Ingen tilgang"),
        gettext_lazy(
            "Du har ikke tilgang til denne siden med rollen du er logget inn med. Mener du at "
            "du skal ha tilgang, spør HMS-rådgiveren."
        ),
    ),
    404: (
        gettext_lazy("Siden finnes ikke"),
        gettext_lazy(
            "Adressen kan være skrevet feil, eller siden er flyttet eller slettet. Gå til "
            "forsiden og finn fram derfra."
        ),
    ),
    405: (
        gettext_lazy("Dette kan ikke gjøres herfra"),
        gettext_lazy(
            "Siden tar ikke imot denne typen forespørsel, for eksempel en lenke til noe som "
            "bare kan gjøres med en knapp. Gå tilbake og bruk knappen på siden."
        ),
    ),
    500: (
        gettext_lazy("Noe gikk galt"),
        gettext_lazy(
            "Feilen er skrevet i loggen, og ingenting du sendte er tatt imot. Prøv igjen om "
            "litt; skjer det igjen, si fra til HMS-rådgiveren."
        ),
    ),
}


def _page(request: HttpRequest, status: int) -> HttpResponse:
    title, text = TEXTS[status]
    return render(
        request, "web/error.html", {"status": status, "heading": title, "text": text}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    title, text = TEXTS[500]
    body = render_to_string(
        "web/error_500.html", {"status": 500, "heading": str(title), "text": str(text)}
    )
    return HttpResponse(body, status=500)


class ErrorPageMiddleware:
    """Give a bare 405 (``require_POST`` and friends) the site's error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = _page(request, 405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response
