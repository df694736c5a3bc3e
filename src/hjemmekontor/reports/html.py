"""The report as one printable, accessible HTML page.

Served by the app, the page links the package's print stylesheet
(``static/reports/report.css``), as the Content Security Policy forbids inline
styles. A downloaded or command-line file is standalone: the same stylesheet is
embedded, so it can be opened, mailed and printed without the server.
Charts are the results app's server-rendered SVGs; each has a caption that says
the same figures in words, and every figure is also in a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.template.loader import render_to_string

from hjemmekontor.reports.document import (
    Chart,
    Figure,
    ReportDocument,
    Section,
    format_ci,
    format_estimate,
    format_number,
)
from hjemmekontor.reports.text import t

__all__ = ["render_html", "stylesheet"]


@dataclass(frozen=True)
class _Cell:
    text: str
    ci: str = ""
    suppressed: bool = False


def stylesheet() -> str:
    """The report's print stylesheet (the file the app serves as a static file)."""
    path = resources.files("hjemmekontor.reports").joinpath("static/reports/report.css")
    return path.read_text("utf-8")


def _cell(value: Any, report: ReportDocument) -> _Cell:
    if isinstance(value, Figure):
        return _Cell(
            format_estimate(value, report.lang, report.suppressed_text),
            format_ci(value, report.lang),
            not value.shown,
        )
    if isinstance(value, float):
        return _Cell(format_number(value, 1, report.lang))
    return _Cell("" if value is None else str(value))


def _svg(chart: Chart, report: ReportDocument) -> str:
    """The results pages' own SVG chart for the same points."""
    from hjemmekontor.results.charts import ChartRow, ci_chart

    rows = [
        ChartRow(
            label,
            figure.estimate if figure.shown else None,
            figure.ci_low if figure.shown else None,
            figure.ci_high if figure.shown else None,
            "" if figure.shown else (figure.reason or report.suppressed_text),
        )
        for label, figure in chart.points
    ]
    percent = any(figure.percent for _, figure in chart.points)
    return str(
        ci_chart(rows, title=chart.title, description=chart.alt, percent=percent, lang=report.lang)
    )


def _section(section: Section, report: ReportDocument) -> dict[str, Any]:
    return {
        "key": section.key,
        "heading": section.heading,
        "paragraphs": section.paragraphs,
        "bullets": section.bullets,
        "charts": [
            {"title": chart.title, "alt": chart.alt, "svg": _svg(chart, report)}
            for chart in section.charts
        ],
        "notes": section.notes,
        "tables": [
            {
                "caption": table.caption,
                "columns": table.columns,
                "rows": [[_cell(value, report) for value in row] for row in table.rows],
            }
            for table in section.tables
        ],
    }


def render_html(report: ReportDocument, *, standalone: bool = True) -> str:
    """The report as an HTML document.

    Parameters
    ----------
    report : ReportDocument
    standalone : bool
        Embed the stylesheet (for a file); otherwise link the app's static file.
    """
    context = {
        "report": report,
        "sections": [_section(section, report) for section in report.sections],
        "embedded_css": stylesheet() if standalone else "",
        "print_hint": t("print_hint", report.lang),
    }
    return render_to_string("reports/report.html", context)
