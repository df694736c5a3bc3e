"""Make a report of a round for a unit (or the whole organisation) in one format.

The web views and the ``hjemmekontor report`` command both come here, so the two
cannot differ. Access is the results app's: pass the ``viewer`` and
:func:`hjemmekontor.results.pages.unit_view` refuses a unit they may not see.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from hjemmekontor.reports.content import build_document
from hjemmekontor.reports.document import ReportDocument
from hjemmekontor.reports.text import t

__all__ = ["CONTENT_TYPES", "ReportUnavailable", "render_report", "report_document"]

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class ReportUnavailable(Exception):
    """The round has no results yet (it is open or scheduled, or nobody answered)."""


def report_document(
    survey_round: Any, unit: Any = None, *, lang: str = "nb", viewer: Any = None
) -> ReportDocument:
    """The report document, from the results view model.

    Raises
    ------
    ReportUnavailable
        The round is not closed, or has no stored results.
    django.core.exceptions.PermissionDenied
        ``viewer`` may not see ``unit``.
    """
    from hjemmekontor.results.pages import NoResults, unit_view

    if survey_round.status() != "closed":
        raise ReportUnavailable(t("unavailable", lang))
    try:
        view = unit_view(survey_round, unit, viewer=viewer, lang=lang)
    except NoResults as error:
        raise ReportUnavailable(str(error)) from error
    return build_document(view, lang=lang, organisation=settings.ORGANISATION_NAME)


def render_report(
    survey_round: Any,
    unit: Any = None,
    *,
    fmt: str = "pdf",
    lang: str = "nb",
    viewer: Any = None,
    standalone: bool = True,
) -> bytes:
    """The report as bytes in ``fmt`` (pdf, html, xlsx or csv)."""
    document = report_document(survey_round, unit, lang=lang, viewer=viewer)
    return render_document(document, fmt, standalone=standalone)


def render_document(document: ReportDocument, fmt: str, *, standalone: bool = True) -> bytes:
    """Render an already built document (one view model, several formats)."""
    if fmt == "pdf":
        from hjemmekontor.reports.pdf import render_pdf

        return render_pdf(document)
    if fmt == "html":
        from hjemmekontor.reports.html import render_html

        return render_html(document, standalone=standalone).encode("utf-8")
    if fmt == "xlsx":
        from hjemmekontor.reports.tables import render_xlsx

        return render_xlsx(document)
    if fmt == "csv":
        from hjemmekontor.reports.tables import render_csv

        return render_csv(document)
    raise ValueError(f"Ukjent format «{fmt}»: bruk pdf, html, xlsx eller csv.")
