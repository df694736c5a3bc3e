"""The four formats rendered from one hand-made results view: content, accessibility, safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl

from hjemmekontor.reports.content import build_document
from hjemmekontor.reports.html import render_html
from hjemmekontor.reports.pdf import render_pdf
from hjemmekontor.reports.tables import render_csv, render_xlsx
from hjemmekontor.results.pages import UnitView
from tests.reports.conftest import pdf_text


def test_the_pdf_draws_each_group_with_its_value_and_says_why_one_is_hidden(
    made_view: UnitView, today: dt.date, tmp_path: Path
) -> None:
    text = pdf_text(
        render_pdf(build_document(made_view, organisation="Demo AS", today=today)), tmp_path
    )
    chart = text[text.index("Opplevd mening (poeng") :]
    # The chart's value labels and its text alternative, in the order of the groups.
    assert re.search(r"Aldri\s+48,5", chart)
    assert re.search(r"3 dager i uka eller mer\s+41,2", chart)
    assert re.search(r"1–2 dager i uka\s+færre enn 5 svar", chart)
    assert "Aldri 48,5 (95 % KI 44,5–52,5)" in " ".join(chart.split())
    for heading in ("Kort oppsummert", "Hovedtall", "Ledernes syn", "Kommentarer", "Om tallene"):
        assert heading in text
    assert "Savner kollegene." in text
    assert "01.04.2026" in text


def test_the_english_report_uses_the_english_labels(
    made_view: UnitView, today: dt.date, tmp_path: Path
) -> None:
    document = build_document(made_view, lang="en", organisation="Demo AS", today=today)
    text = pdf_text(render_pdf(document), tmp_path)
    for english in (
        "Summary",
        "Meaning falls.",
        "Experienced meaning",
        "About the figures",
        "Page 2",
    ):
        assert english in text
    for bokmal in ("Kort oppsummert", "Opplevd mening", "Side 2", "færre enn"):
        assert bokmal not in text
    assert "63% (55–71)" in text


def test_comments_are_left_out_when_the_view_does_not_show_them(
    made_view: UnitView, today: dt.date, tmp_path: Path
) -> None:
    assert made_view.comments is not None
    made_view.comments.shown = False
    text = pdf_text(render_pdf(build_document(made_view, today=today)), tmp_path)
    assert not re.search(r"^\s*Kommentarer\s*$", text, re.M)
    assert "Savner kollegene." not in text


def test_the_html_report_is_accessible_and_reuses_the_results_charts(
    made_view: UnitView, today: dt.date
) -> None:
    document = build_document(made_view, organisation="Demo AS", today=today)
    page = render_html(document)
    assert page.startswith("<!doctype html>") and '<html lang="nb">' in page
    assert page.count("<h1>") == 1 and "<h2 " in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "<desc" in page and "Aldri 48,5 (95 % KI 44,5–52,5)" in page
    assert page.count("<caption>") == len(document.tables())
    assert '<th scope="col">' in page and '<th scope="row">' in page
    # The unit's name is text, never markup.
    assert "=HYPERLINK(&quot;http://x&quot;)/Drift" in page
    # Standalone: the print stylesheet inside; served: linked (the CSP forbids inline style).
    assert "<style>" in page and "@media print" in page
    served = render_html(document, standalone=False)
    assert "<style>" not in served and 'href="/static/reports/report.css"' in served


def test_the_xlsx_has_a_sheet_per_table_with_numbers_and_no_formulas(
    made_view: UnitView, today: dt.date
) -> None:
    document = build_document(made_view, organisation="Demo AS", today=today)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(document)))
    assert len(book.sheetnames) == len(document.tables())
    headline = book[book.sheetnames[0]]
    rows = [[c.value for c in row] for row in headline.iter_rows()]
    assert rows[1][0] == 'Demo AS · Runde 2026 · =HYPERLINK("http://x")/Drift'
    assert headline.cell(2, 1).data_type == "s"
    header, values = rows[3], rows[4]
    assert header[1:6] == [
        "Enheten: estimat",
        "Enheten: KI nedre",
        "Enheten: KI øvre",
        "Enheten: n",
        "Enheten: merknad",
    ]
    assert values[1:5] == [63.4, 55.4, 71.4, 50]
    consequences = book[next(n for n in book.sheetnames if n.startswith("Konsekvenser"))]
    hidden = next([c.value for c in row] for row in consequences.iter_rows(min_row=5))
    # The hidden group: no estimate, no CI and no n, only the reason.
    start = 1 + 2 * 5
    assert hidden[start : start + 5] == [None, None, None, None, "færre enn 5 svar"]


def test_the_csv_opens_in_norwegian_excel_and_keeps_hidden_figures_hidden(
    made_view: UnitView, today: dt.date
) -> None:
    data = render_csv(build_document(made_view, organisation="Demo AS", today=today))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    meaning = next(r for r in rows if r[1] == "Opplevd mening")
    assert meaning[2:7] == ["48,5", "44,5", "52,5", "40", ""]
    assert meaning[12:17] == ["", "", "", "", "færre enn 5 svar"]
    assert all(len(r) >= 2 for r in rows)


def test_a_reports_words_follow_the_reports_language_not_the_readers():
    from django.utils import translation

    from hjemmekontor.reports.text import TEXT, method_note, t

    with translation.override("nb"):
        assert t("method", "en") == "About the figures"
        note = method_note("en", n=120, rate="55 %", k=5, k_comments=10, weighting="")
        assert note[0].startswith("The figures are based on 120 responses (response rate 55 %).")
        assert "fewer than 5 responses" in note[3]
    with translation.override("en"):
        assert t("method", "nb") == "Om tallene"
        assert (
            t("suppressed", "nb", k=5)
            in method_note("nb", n=1, rate="", k=5, k_comments=10, weighting="")[3]
        )
    # Every text has its English (a missing translation would fall back to bokmål).
    # ("chart_alt" is "{title}: {points}." in both.)
    untranslated = [key for key in TEXT if t(key, "en") == t(key, "nb") and key != "chart_alt"]
    assert untranslated == []
