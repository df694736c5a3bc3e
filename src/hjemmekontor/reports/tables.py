"""The report's tables as XLSX (one sheet per table) and CSV (one file, blocks in a column).

Every figure is exported as estimate, CI bounds and n in separate columns, so a
reader can compute with them; a suppressed figure exports no number at all,
only the reason ("færre enn 5 svar"). Text cells are never read as formulas
(``strings_to_formulas=False``): a unit named ``=HYPERLINK(…)`` stays text.
"""

from __future__ import annotations

import io
import re

import xlsxwriter

from hjemmekontor import spreadsheets
from hjemmekontor.reports.document import Figure, ReportDocument, Table
from hjemmekontor.reports.text import t

__all__ = ["export_rows", "render_csv", "render_xlsx"]

_HEADERS = {
    "nb": ("estimat", "KI nedre", "KI øvre", "n", "merknad"),
    "en": ("estimate", "CI lower", "CI upper", "n", "note"),
}


def _figure_cells(figure: Figure, suppressed_text: str) -> list[str | float | int | None]:
    if not figure.shown:
        return [None, None, None, None, figure.reason or suppressed_text]
    return [
        _round(figure.scaled(figure.estimate)),
        _round(figure.scaled(figure.ci_low)),
        _round(figure.scaled(figure.ci_high)),
        figure.n,
        "",
    ]


def _round(value: float | None) -> float | None:
    # Six significant places: enough to check against the analysis JSON, no float noise.
    return None if value is None else float(f"{value:.6g}")


def export_rows(table: Table, report: ReportDocument) -> list[list[str | float | int | None]]:
    """Header and rows with every figure spread over estimate/CI/n/note columns."""
    figure_columns = {
        i for row in table.rows for i, value in enumerate(row) if isinstance(value, Figure)
    }
    # Nynorsk writes the headers as bokmål does.
    names = _HEADERS["en" if report.lang == "en" else "nb"]
    header: list[str | float | int | None] = []
    for i, column in enumerate(table.columns):
        if i in figure_columns:
            header += [f"{column}: {name}" for name in names]
        else:
            header.append(column)
    rows: list[list[str | float | int | None]] = [header]
    for row in table.rows:
        cells: list[str | float | int | None] = []
        for i, value in enumerate(row):
            if i in figure_columns:
                if isinstance(value, Figure):
                    cells += _figure_cells(value, report.suppressed_text)
                else:
                    cells += [None, None, None, None, "" if value is None else str(value)]
            else:
                cells.append(value if not isinstance(value, Figure) else None)
        rows.append(cells)
    return rows


def _sheet_name(caption: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique (case-insensitive).
    base = re.sub(r"[\[\]:*?/\\]", " ", caption).strip()[:31] or "Ark"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name


def render_xlsx(report: ReportDocument) -> bytes:
    """One sheet per table, with the caption and source line above the header."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True})
    header_format = book.add_format({"bold": True, "bg_color": "#F0F4F8", "text_wrap": True})
    used: set[str] = set()
    source = f"{report.organisation} · {report.round_name} · {report.unit_name}"
    for table in report.tables():
        sheet = book.add_worksheet(_sheet_name(table.caption, used))
        sheet.write(0, 0, table.caption, bold)
        sheet.write(1, 0, source)
        rows = export_rows(table, report)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                sheet.write(3 + r, c, value, header_format if r == 0 else None)
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, max(1, len(rows[0]) - 1), 14)
        sheet.freeze_panes(4, 1)
    book.set_properties({"title": report.title, "subject": source, "author": report.organisation})
    book.close()
    return buffer.getvalue()


def render_csv(report: ReportDocument) -> bytes:
    """All tables in one CSV: UTF-8 with BOM and ``;`` so Norwegian Excel opens it right.

    The first column names the table each row belongs to.
    """
    text = io.StringIO()
    writer = spreadsheets.writer(text, delimiter=";", lineterminator="\r\n")
    table_word = t("table", report.lang)
    for table in report.tables():
        for number, row in enumerate(export_rows(table, report)):
            first = table_word if number == 0 else table.caption
            writer.writerow([first, *[_csv_value(v, report.lang) for v in row]])
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _csv_value(value: str | float | int | None, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(value)
        return text if lang == "en" else text.replace(".", ",")
    # The writer makes a cell that starts like a formula inert (hjemmekontor.spreadsheets).
    return str(value)
