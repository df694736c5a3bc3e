"""Server-rendered SVG charts: a point with its 95 % confidence interval per group.

Readable without colour and without a mouse: every group has its label and its
number written beside the point, a suppressed group says why in words, the chart
has ``role="img"`` with a ``<title>`` and ``<desc>`` (the figures in a sentence),
and the page puts the same figures in a table beside it. Ink is ``#1b1f24`` on
white (contrast 16:1), grid lines ``#6b7785`` (4.6:1, above the 3:1 for graphics).
No inline style: presentation attributes only (the site's CSP forbids styles).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["ChartRow", "ci_chart", "format_value"]

INK = "#1b1f24"
GRID = "#6b7785"
BRAND = "#1f4e79"
_ids = itertools.count(1)


@dataclass(frozen=True)
class ChartRow:
    """One group: its label, the estimate and CI (None when hidden), and a note."""

    label: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    note: str = ""


def format_value(value: float | None, percent: bool, lang: str = "nb", decimals: int = 0) -> str:
    """A number as the page writes it: ``68 %`` for shares, ``5,9`` for means."""
    if value is None:
        return "–"
    text = f"{100 * value:.{decimals}f} %" if percent else f"{value:.{max(decimals, 1)}f}"
    return text if lang == "en" else text.replace(".", ",")


def tick_label(value: float, decimals: int, lang: str = "nb") -> str:
    """An axis tick of a mean: ``15`` or ``2,5``, as few decimals as its step needs."""
    text = f"{value:.{decimals}f}"
    return text if lang == "en" else text.replace(".", ",")


def format_change(value: float | None, percent: bool, lang: str = "nb", sign: bool = True) -> str:
    """A change as the page writes it: ``+3 p.p.`` for shares, ``−1,2`` for means.

    Never ``-0`` or ``+0``: a change that rounds to nothing is ``0``.
    """
    if value is None:
        return "–"
    scaled = 100 * value if percent else value
    decimals = 0 if percent else 1
    text = f"{scaled:{'+' if sign else ''}.{decimals}f}"
    if float(text) == 0:
        text = f"{0:.{decimals}f}"
    text = text.replace("-", "−")
    if lang != "en":
        text = text.replace(".", ",")
    return f"{text} p.p." if percent else text


def nice_axis(high: float) -> tuple[float, float]:
    """``(top, step)`` of an axis from 0 that reaches ``high``: the step is 1, 2,
    2.5 or 5 times a power of ten, three to five steps in all, so the ticks
    read 0, 5, 10, 15 rather than 0; 21,9; 43,8 (the web and the PDF use it)."""
    if not high > 0:
        return 1.0, 0.25
    magnitude = 10.0 ** math.floor(math.log10(high / 4))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = factor * magnitude
        if high <= step * 5 + 1e-12:
            break
    top = math.ceil(high / step - 1e-9) * step
    if top / step < 3:
        top = 3 * step
    return round(top, 12), step


def _scale(
    rows: Sequence[ChartRow], percent: bool, top: float | None
) -> tuple[float, float, float]:
    """``(low, high, step)``: shares on 0–100 %, means from 0 to a nice top (or
    the scale's own top, e.g. 100 for a percent of working time)."""
    if percent:
        return 0.0, 1.0, 0.25
    if top is not None:
        return 0.0, top, nice_axis(top)[1]
    values = [v for r in rows for v in (r.ci_low, r.ci_high, r.estimate) if v is not None]
    high, step = nice_axis(max(values, default=1.0))
    return 0.0, high, step


def ci_chart(
    rows: Sequence[ChartRow],
    *,
    title: str,
    description: str,
    percent: bool,
    lang: str = "nb",
    reference: float | None = None,
    reference_label: str = "",
    scale_top: float | None = None,
) -> SafeString:
    """An SVG of points with CI bars, one row per group.

    Parameters
    ----------
    rows : sequence of ChartRow
        Groups from top to bottom.
    title, description : str
        Text alternative (``<title>``, ``<desc>``).
    percent : bool
        Shares (0–1, axis 0–100 %) or means on their own scale.
    reference : float, optional
        A dashed vertical line (e.g. the national value), labelled.
    scale_top : float, optional
        The scale's own top for a mean (100 for a percent of working time), so
        that a 0–100 scale is drawn whole.
    """
    chart_id = f"chart-{next(_ids)}"
    label_width, value_width, plot_width = 190, 150, 300
    row_height, top = 34, 28
    width = label_width + plot_width + value_width
    height = top + row_height * len(rows) + 30
    low, high, step = _scale(rows, percent, scale_top)

    def x(value: float) -> float:
        return label_width + (value - low) / (high - low) * plot_width

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="ci-chart" '
        f'font-family="system-ui, sans-serif" font-size="14">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    # Axis: a tick at every step, labelled.
    decimals = 0 if step >= 1 else (1 if step * 10 >= 1 else 2)
    for i in range(round((high - low) / step) + 1):
        value = low + step * i
        px = x(value)
        parts.append(
            f'<line x1="{px:.1f}" y1="{top - 6}" x2="{px:.1f}" y2="{height - 26}" '
            f'stroke="{GRID}" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        parts.append(
            f'<text x="{px:.1f}" y="{height - 8}" text-anchor="middle" fill="{INK}">'
            f"{escape(format_value(value, True, lang) if percent else tick_label(value, decimals, lang))}"
            "</text>"
        )
    if reference is not None and low <= reference <= high:
        px = x(reference)
        parts.append(
            f'<line x1="{px:.1f}" y1="{top - 10}" x2="{px:.1f}" y2="{height - 26}" '
            f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{px:.1f}" y="{top - 14}" text-anchor="middle" fill="{INK}">'
            f"{escape(reference_label)}</text>"
        )
    for index, row in enumerate(rows):
        cy = top + row_height * index + row_height / 2
        parts.append(
            f'<text x="{label_width - 10}" y="{cy + 5:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(row.label)}</text>"
        )
        if row.estimate is None:
            parts.append(
                f'<text x="{label_width + 6}" y="{cy + 5:.1f}" fill="{INK}" font-style="italic">'
                f"{escape(row.note)}</text>"
            )
            continue
        if row.ci_low is not None and row.ci_high is not None:
            x1, x2 = x(max(low, row.ci_low)), x(min(high, row.ci_high))
            parts.append(
                f'<line x1="{x1:.1f}" y1="{cy:.1f}" x2="{x2:.1f}" y2="{cy:.1f}" '
                f'stroke="{BRAND}" stroke-width="3"/>'
            )
            for end in (x1, x2):
                parts.append(
                    f'<line x1="{end:.1f}" y1="{cy - 7:.1f}" x2="{end:.1f}" y2="{cy + 7:.1f}" '
                    f'stroke="{BRAND}" stroke-width="3"/>'
                )
        parts.append(
            f'<circle cx="{x(row.estimate):.1f}" cy="{cy:.1f}" r="7" fill="{INK}" '
            f'stroke="#ffffff" stroke-width="2"/>'
        )
        shown = format_value(row.estimate, percent, lang)
        if row.ci_low is not None and row.ci_high is not None:
            shown += (
                f" ({format_value(max(low, row.ci_low), percent, lang)}–"
                f"{format_value(min(high, row.ci_high), percent, lang)})"
            )
        parts.append(
            f'<text x="{label_width + plot_width + 10}" y="{cy + 5:.1f}" fill="{INK}">'
            f"{escape(shown)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
