"""The report as a document: sections of text, tables and charts, in one language.

PDF, HTML, XLSX and CSV are all rendered from one :class:`ReportDocument`, so
the four formats cannot disagree about a figure. The document only carries
figures that the results view model handed over (already suppressed where the
anonymity rules say so); nothing here computes a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Chart",
    "Figure",
    "ReportDocument",
    "Section",
    "Table",
    "format_ci",
    "format_estimate",
    "format_number",
]


@dataclass(frozen=True)
class Figure:
    """One published figure: estimate, 95 % CI and n, or the reason it is hidden.

    ``percent`` figures are proportions (0–1) shown as percent; others are shown
    on their own scale (``decimals`` places).
    """

    estimate: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int | None = None
    suppressed: bool = False
    reason: str = ""
    percent: bool = False
    decimals: int = 0
    suffix: str | None = None  # instead of "%" (e.g. " pp" for a change in shares)

    @property
    def shown(self) -> bool:
        return not self.suppressed and self.estimate is not None

    def scaled(self, value: float | None) -> float | None:
        """The value on the scale it is shown on (percent for shares)."""
        if value is None:
            return None
        return 100 * value if self.percent else value


@dataclass(frozen=True)
class Table:
    """A table with a caption; the same table becomes an XLSX sheet and CSV rows."""

    key: str
    caption: str
    columns: list[str]
    rows: list[list[str | int | float | Figure | None]]


@dataclass(frozen=True)
class Chart:
    """Points with 95 % CI bars, one per labelled category (e.g. home-office group).

    ``alt`` is the text alternative: the same figures in a sentence.
    """

    title: str
    alt: str
    points: list[tuple[str, Figure]]
    axis_label: str = ""
    axis_max: float | None = None


@dataclass
class Section:
    """A headed part of the report."""

    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    page_break_before: bool = False


@dataclass
class ReportDocument:
    """Everything a report shows, in one language."""

    lang: str
    title: str
    organisation: str
    round_name: str
    unit_name: str
    generated_on: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    suppressed_text: str

    def tables(self) -> list[Table]:
        """All tables in reading order (the export's sheets)."""
        return [table for section in self.sections for table in section.tables]


def format_number(value: float, decimals: int, lang: str) -> str:
    """A number with the decimal comma in Norwegian and a thin space between thousands."""
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "-0"
    if lang != "en":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def _scaled_text(figure: Figure, value: float | None, lang: str) -> str:
    scaled = figure.scaled(value)
    if scaled is None:
        return ""
    if figure.percent and figure.suffix is None:
        # A share cannot leave 0–100 %; a Wald interval can (Lumley 2010, 2.3), so the
        # shown bound is cut at the possible range. Exports keep the computed bound.
        scaled = min(max(scaled, 0.0), 100.0)
    decimals = 0 if figure.percent else figure.decimals
    return format_number(scaled, decimals, lang)


def format_estimate(figure: Figure, lang: str, suppressed_text: str) -> str:
    """``55 %`` / ``55%`` / ``12,3``; a suppressed figure says why instead."""
    if not figure.shown:
        return figure.reason or suppressed_text
    text = _scaled_text(figure, figure.estimate, lang)
    if figure.suffix is not None:
        text += figure.suffix
    elif figure.percent:
        text += "%" if lang == "en" else "\u00a0%"
    return text


def format_ci(figure: Figure, lang: str) -> str:
    """``48–61`` (empty when hidden or not available)."""
    if not figure.shown or figure.ci_low is None or figure.ci_high is None:
        return ""
    return (
        f"{_scaled_text(figure, figure.ci_low, lang)}–{_scaled_text(figure, figure.ci_high, lang)}"
    )
