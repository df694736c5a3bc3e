"""The PDF of the demo organisation, read back with pdftotext, against the stored results.

Figures are parsed from the PDF's text and compared with the results view model
(what the pages show) and, for the organisation, with the stored analysis JSON
(``ResultSet.payload``, schema hjemmekontor.analysis/1) that the view reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hjemmekontor.organisation.models import UnitTree
from hjemmekontor.reports.service import ReportUnavailable, render_report
from hjemmekontor.results.models import ResultSet
from hjemmekontor.results.pages import unit_view
from hjemmekontor.surveys.models import Response
from tests.reports.conftest import Demo, pdf_text, unit_at

NUMBER = r"(\d+(?:,\d+)?)"
FIGURE = re.compile(NUMBER + r"[\s\u00a0]*%?[\s\u00a0]*\(" + NUMBER + "–" + NUMBER + r"\)")
SECTIONS_NB = [
    "Kort oppsummert",
    "Hovedtall",
    "Omfang av hjemmekontor",
    "Konsekvenser etter hvor ofte man jobber hjemmefra",
    "Ledernes syn",
    "Verneombudenes og de tillitsvalgtes syn",
    "Digitale møter",
    "HMS på hjemmekontoret",
    "Endring siden forrige runde",
    "Om tallene",
]


def shown(value: float, statistic: str) -> tuple[float, float]:
    """The value as the PDF prints it, and the rounding tolerance."""
    if statistic == "share":
        return min(max(100 * value, 0.0), 100.0), 0.5
    return value, 0.05


def headline_figures(text: str) -> list[tuple[float, float, float]]:
    block = text[text.index("Hovedtall med 95 %") : text.index("Nasjonale tall")]
    return [
        tuple(float(x.replace(",", ".")) for x in match.groups())  # type: ignore[misc]
        for match in FIGURE.finditer(block)
    ]


def assert_figures_match(parsed: list[tuple[float, float, float]], expected: list[tuple]) -> None:
    assert len(parsed) == len(expected) > 0
    for got, (statistic, estimate, low, high) in zip(parsed, expected, strict=True):
        for value, want in zip(got, (estimate, low, high), strict=True):
            target, tolerance = shown(want, statistic)
            assert abs(value - target) <= tolerance + 1e-9, (got, estimate, low, high)


def assert_headings_in_order(text: str, headings: list[str]) -> None:
    """Each heading on a line of its own, in this order."""
    positions = []
    for heading in headings:
        match = re.search(r"^\s*" + re.escape(heading) + r"\s*$", text, re.M)
        assert match, heading
        positions.append(match.start())
    assert positions == sorted(positions)


def title_n(text: str) -> int:
    match = re.search(r"Antall svar \(n\)\s+(\d+)", text)
    assert match, text[:500]
    return int(match.group(1))


def test_the_unit_pdf_has_every_section_in_order_and_its_figures_are_the_results_view(
    demo: Demo, tmp_path: Path
) -> None:
    unit = unit_at("IT og digitalisering/Drift")
    text = pdf_text(render_report(demo.closed, unit, fmt="pdf"), tmp_path)
    assert_headings_in_order(text, SECTIONS_NB)
    assert "IT og digitalisering/Drift" in text and demo.closed.name in text
    view = unit_view(demo.closed, unit)
    expected = []
    for indicator in view.indicators:
        for figure in (indicator.figure, indicator.organisation):
            if figure is not None and not figure.suppressed:
                expected.append((figure.statistic, figure.estimate, figure.ci_low, figure.ci_high))
            elif figure is not None:
                assert "færre enn 5 svar" in text or "skjult" in text
    assert_figures_match(headline_figures(text), expected)
    # n on the title page: the view's count, and the employee answers stored for the subtree.
    subtree = UnitTree().subtree(unit.pk)
    stored = Response.objects.filter(round=demo.closed, kind="employee", unit__in=subtree).count()
    assert title_n(text) == view.response_rate.answered == stored
    for finding in view.findings:
        assert " ".join(finding.text_nb.split()) in " ".join(text.split())
    assert "raking" in text and "95 % konfidensintervall" in text


def test_the_organisation_pdf_figures_are_the_stored_analysis_json(
    demo: Demo, tmp_path: Path
) -> None:
    text = pdf_text(render_report(demo.closed, None, fmt="pdf"), tmp_path)
    assert "Hele organisasjonen" in text
    payload = ResultSet.objects.get(round=demo.closed, kind="employee").payload
    rows = {row["variable"]: row for row in payload["indicators"]}
    view = unit_view(demo.closed, None)
    expected = []
    for indicator in view.indicators:
        row = rows.get(indicator.id)
        if row is None or row["suppressed"]:
            continue  # the managers' indicator comes from the managers' result set
        expected.append((row["statistic"], row["estimate"], row["ci_low"], row["ci_high"]))
    parsed = headline_figures(text)
    employee_rows = [i for i, ind in enumerate(view.indicators) if ind.id in rows]
    assert_figures_match([parsed[i] for i in employee_rows], expected)
    stored = Response.objects.filter(round=demo.closed, kind="employee").count()
    assert title_n(text) == stored


def test_the_english_pdf_is_english(demo: Demo, tmp_path: Path) -> None:
    unit = unit_at("IT og digitalisering/Drift")
    text = pdf_text(render_report(demo.closed, unit, fmt="pdf", lang="en"), tmp_path)
    for english in ("Summary", "Headline figures", "The managers' view", "About the figures"):
        assert english in text
    for bokmal in [*SECTIONS_NB, "Antall svar", "færre enn", "Side 1"]:
        assert bokmal not in text
    assert re.search(r"Responses \(n\)\s+\d+", text)


def test_a_unit_below_the_threshold_shows_no_figure_of_its_own_only_why(
    demo: Demo, tmp_path: Path
) -> None:
    unit = unit_at("Økonomi og administrasjon/Lønn/Team Øst")
    view = unit_view(demo.closed, unit)
    assert view.respondents < view.k
    text = pdf_text(render_report(demo.closed, unit, fmt="pdf"), tmp_path)
    assert re.search(r"Antall svar \(n\)\s+færre enn 5 svar", text)
    block = text[text.index("Hovedtall med 95 %") : text.index("Nasjonale tall")]
    for line in block.splitlines()[3:]:
        cells = re.split(r"\s{3,}", line.strip())
        if len(cells) >= 4:  # indicator, unit, organisation, Norway
            assert cells[1] == "færre enn 5 svar", line


def test_an_open_round_has_no_report(demo: Demo) -> None:
    with pytest.raises(ReportUnavailable, match="resultater finnes først når runden er stengt"):
        render_report(demo.open, None, fmt="pdf")


def test_the_organisation_report_of_the_demo_shows_consequence_groups(demo) -> None:
    from hjemmekontor.results.pages import unit_view

    view = unit_view(demo.closed, None).to_dict()
    shown = [
        group
        for block in view["consequences"]
        for group in block["groups"]
        if not group["figure"]["suppressed"]
    ]
    # With about 200 respondents the organisation's four home-office groups are large
    # enough to show for every outcome.
    assert len(shown) == 4 * len(view["consequences"])
