"""Download a report of a closed round, for the whole organisation or one unit.

``?lang=nb|en`` chooses the report's language (default: the interface's).
HTML is shown in the browser with the app's print stylesheet; ``?download=1``
gives a standalone file with the stylesheet embedded. Who may download what is
decided by :func:`hjemmekontor.results.pages.unit_view` with the viewer, exactly
as for the results pages: a unit the user may not see answers 403.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from hjemmekontor.organisation.models import Unit
from hjemmekontor.reports.service import CONTENT_TYPES, ReportUnavailable, render_report
from hjemmekontor.results.errors import NoResults
from hjemmekontor.results.pending import ResultsPending, require_results
from hjemmekontor.results.views import results_pending
from hjemmekontor.surveys.models import Round
from hjemmekontor.web.language import CODES, page_language


def _lang(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    if asked in CODES:
        return asked
    return page_language()


def _slug(text: str) -> str:
    """Letters (æ, ø and å included), digits and single hyphens."""
    return re.sub(r"[^\w]+|_", "-", text.lower()).strip("-") or "rapport"


def _ascii(name: str) -> str:
    """The file name for browsers that ignore ``filename*``: æøå spelled out."""
    spelled = name.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9.-]+", "-", spelled)


def _report(request: HttpRequest, round_pk: int, unit_pk: int | None, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Ukjent format.")
    survey_round = get_object_or_404(Round, pk=round_pk)
    unit = get_object_or_404(Unit, pk=unit_pk) if unit_pk is not None else None
    download = fmt != "html" or request.GET.get("download") == "1"
    try:
        require_results(survey_round, request.user)
    except ResultsPending as pending:
        # Never computed in a request: the page follows the worker's job instead.
        return results_pending(request, survey_round, pending.job)
    except NoResults:
        pass  # render_report says why there is no report
    try:
        content = render_report(
            survey_round,
            unit,
            fmt=fmt,
            lang=_lang(request),
            viewer=request.user,
            standalone=download,
        )
    except ReportUnavailable as error:
        raise Http404(str(error)) from error
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"hjemmekontor-{_slug(survey_round.name)}-{_slug(unit.code) if unit else 'organisasjon'}"
    if download:
        # RFC 6266: the UTF-8 name keeps «vår» as it is; the plain one is a fallback.
        response["Content-Disposition"] = (
            f"attachment; filename=\"{_ascii(name)}.{fmt}\"; filename*=UTF-8''{quote(name)}.{fmt}"
        )
    # Results of a unit are for the people allowed to see them: never in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def organisation_report(request: HttpRequest, round_pk: int, fmt: str) -> HttpResponse:
    """The whole organisation's report (every role with a login may see it)."""
    return _report(request, round_pk, None, fmt)


@login_required
def unit_report(request: HttpRequest, round_pk: int, unit_pk: int, fmt: str) -> HttpResponse:
    """One unit's report (its subtree), for those who may see the unit's results."""
    return _report(request, round_pk, unit_pk, fmt)
