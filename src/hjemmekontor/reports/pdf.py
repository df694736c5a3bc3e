"""The report as an A4 PDF, laid out with ReportLab's platypus and drawn charts.

Fonts: DejaVu Sans when the system has it (Debian's ``fonts-dejavu-core``), so
the PDF carries an embedded font that covers every Norwegian letter and symbol;
otherwise ReportLab's built-in Helvetica, whose Latin-1 encoding covers æ, ø, å.
"""

from __future__ import annotations

import io
import logging
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hjemmekontor.reports import document as doc
from hjemmekontor.reports.document import ReportDocument, format_ci, format_estimate
from hjemmekontor.reports.text import t
from hjemmekontor.results.charts import nice_axis

__all__ = ["render_pdf"]

logger = logging.getLogger(__name__)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#1d4e89")  # 9.4:1 on white
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#cbd2d9")
BAND = colors.HexColor("#f0f4f8")
WIDTH = A4[0] - 40 * mm


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans if installed, else Helvetica."""
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        try:
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        except Exception as error:  # a broken font file must not stop a report
            logger.warning("DejaVu Sans kunne ikke lastes (%s); bruker Helvetica.", error)
        else:
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


@cache
def styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=9.5, leading=13, textColor=INK, alignment=TA_LEFT
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=8.5, leading=10.5),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=bold,
            fontSize=15,
            leading=19,
            spaceBefore=12,
            spaceAfter=8,
            textColor=ACCENT,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=bold,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=bold,
            fontSize=26,
            leading=32,
            textColor=ACCENT,
            spaceAfter=14,
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=19),
    }


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), styles()[style])


def _cell(value: object, lang: str, suppressed_text: str) -> str:
    if isinstance(value, doc.Figure):
        text = format_estimate(value, lang, suppressed_text)
        ci = format_ci(value, lang)
        return f"{text} ({ci})" if ci else text
    if isinstance(value, float):
        return doc.format_number(value, 1, lang)
    if value is None:
        return ""
    return str(value)


def table_flowables(table: doc.Table, lang: str, suppressed_text: str) -> list[Flowable]:
    """A table with its caption above, header row repeated on each page."""
    header = [Paragraph(escape(c), styles()["head"]) for c in table.columns]
    body = [
        [Paragraph(escape(_cell(v, lang, suppressed_text)), styles()["cell"]) for v in row]
        for row in table.rows
    ]
    first = 0.42 if len(table.columns) > 2 else 0.6
    rest = (1 - first) / max(1, len(table.columns) - 1)
    widths = [WIDTH * first] + [WIDTH * rest] * (len(table.columns) - 1)
    grid = Table([header, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return [_p(table.caption, "h2"), grid, Spacer(1, 4 * mm)]


def chart_drawing(chart: doc.Chart, lang: str, suppressed_text: str) -> Drawing:
    """Horizontal point-and-interval chart: one row per category, 95 % CI as a bar."""
    regular, bold = fonts()
    row_height, label_width, top, bottom = 17.0, 150.0, 6.0, 26.0
    height = top + bottom + row_height * len(chart.points)
    drawing = Drawing(WIDTH, height)
    plot_left, plot_right = label_width, WIDTH - 70
    highs = [
        f.scaled(f.ci_high if f.ci_high is not None else f.estimate) or 0.0
        for _, f in chart.points
        if f.shown
    ]
    axis_max, step = nice_axis(chart.axis_max or max(highs, default=1.0))

    def x_of(value: float) -> float:
        clipped = min(max(value, 0.0), axis_max)
        return plot_left + (plot_right - plot_left) * clipped / axis_max

    axis_y = bottom - 6
    drawing.add(Line(plot_left, axis_y, plot_right, axis_y, strokeColor=MUTED, strokeWidth=0.6))
    for i in range(round(axis_max / step) + 1):
        tick = step * i
        x = x_of(tick)
        drawing.add(Line(x, axis_y, x, height - top, strokeColor=RULE, strokeWidth=0.3))
        label = doc.format_number(tick, 0 if step >= 1 else (1 if step * 10 >= 1 else 2), lang)
        drawing.add(
            String(
                x,
                axis_y - 9,
                label,
                fontName=regular,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    if chart.axis_label:
        drawing.add(
            String(
                plot_right,
                axis_y - 19,
                chart.axis_label,
                fontName=regular,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    for index, (label, figure) in enumerate(chart.points):
        y = height - top - row_height * (index + 0.5)
        drawing.add(String(0, y - 3, label, fontName=regular, fontSize=8, fillColor=INK))
        if not figure.shown:
            drawing.add(
                Rect(plot_left, y - 5, plot_right - plot_left, 10, fillColor=BAND, strokeColor=None)
            )
            drawing.add(
                String(
                    plot_left + 4,
                    y - 3,
                    figure.reason or suppressed_text,
                    fontName=regular,
                    fontSize=7.5,
                    fillColor=MUTED,
                )
            )
            continue
        estimate = figure.scaled(figure.estimate) or 0.0
        low, high = figure.scaled(figure.ci_low), figure.scaled(figure.ci_high)
        if low is not None and high is not None:
            drawing.add(Line(x_of(low), y, x_of(high), y, strokeColor=ACCENT, strokeWidth=1.4))
            for end in (low, high):
                drawing.add(
                    Line(x_of(end), y - 3, x_of(end), y + 3, strokeColor=ACCENT, strokeWidth=1.0)
                )
        drawing.add(
            Circle(
                x_of(estimate), y, 3.2, fillColor=ACCENT, strokeColor=colors.white, strokeWidth=0.6
            )
        )
        drawing.add(
            String(
                plot_right + 6,
                y - 3,
                format_estimate(figure, lang, suppressed_text),
                fontName=bold,
                fontSize=8,
                fillColor=INK,
            )
        )
    return drawing


def _story(report: ReportDocument) -> list[Flowable]:
    s = report.suppressed_text
    story: list[Flowable] = [
        Spacer(1, 45 * mm),
        _p(report.title, "title"),
        _p(report.unit_name, "subtitle"),
        Spacer(1, 3 * mm),
        _p(report.round_name, "subtitle"),
        Spacer(1, 12 * mm),
    ]
    facts = Table(
        [[_p(k, "head"), _p(v, "body")] for k, v in report.facts],
        colWidths=[55 * mm, WIDTH - 55 * mm],
        hAlign="LEFT",
    )
    facts.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)]))
    story += [facts, PageBreak()]
    for number, section in enumerate(report.sections):
        if section.page_break_before and number > 0:
            story.append(PageBreak())
        # Blocks are kept together on a page; KeepTogether is never nested, as a
        # nested one reports an infinite height to force a split (ReportLab's
        # KeepTogether.wrap) and would push every section onto a page of its own.
        blocks: list[list[Flowable]] = [[_p(text, "body")] for text in section.paragraphs]
        blocks += [
            [Paragraph(escape(text), styles()["bullet"], bulletText="•")]
            for text in section.bullets
        ]
        if section.paragraphs or section.bullets:
            blocks.append([Spacer(1, 3 * mm)])
        for chart in section.charts:
            blocks.append(
                [
                    _p(chart.title, "h2"),
                    chart_drawing(chart, report.lang, s),
                    _p(chart.alt, "small"),
                    Spacer(1, 3 * mm),
                ]
            )
        blocks += [table_flowables(t, report.lang, s) for t in section.tables]
        blocks += [[_p(text, "small")] for text in section.notes]
        # A heading never ends a page alone: it travels with the first block under it.
        first = blocks[0] if blocks else []
        story.append(KeepTogether([_p(section.heading, "h1"), *first]))
        story += [KeepTogether(block) if len(block) > 1 else block[0] for block in blocks[1:]]
    return story


def render_pdf(report: ReportDocument) -> bytes:
    """The report as PDF bytes (A4, page numbers in the footer)."""
    buffer = io.BytesIO()
    regular, _ = fonts()
    footer = f"{report.organisation} · {report.round_name} · {report.unit_name}"
    page_word = t("page", report.lang)

    def decorate(canvas: Canvas, template: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(20 * mm, 12 * mm, footer)
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"{page_word} {canvas.getPageNumber()}")
        canvas.restoreState()

    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{report.title} – {report.unit_name}",
        author=report.organisation,
        subject=report.round_name,
        lang=report.lang,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
    )
    template.build(_story(report), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
