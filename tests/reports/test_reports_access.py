"""Who may download which report, for every demo persona, unit and format.

What each persona may see, derived here from the register (not from the app's
own access function), mirroring the results pages:

* admin (HMS adviser): the organisation and every unit;
* ``leder`` and ``leder2`` (managers): the organisation, their unit and below;
* ``verneombud`` and ``tillitsvalgt`` (representatives): the organisation and
  the subtree of the unit they sit in;
* ``ansatt`` (employee): the organisation and their own unit only;
* anonymous: nothing (sent to the login page).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.results.pages import unit_view
from tests.reports.conftest import Demo, demo_login, pdf_text, unit_at

PERSONAS = ("admin", "leder", "leder2", "verneombud", "tillitsvalgt", "ansatt")
FORMATS = ("pdf", "html", "xlsx", "csv")


def allowed_units(username: str) -> set[int]:
    user = get_user_model().objects.get(username=username)
    if user.is_staff:
        return set(Unit.objects.values_list("pk", flat=True))
    person = Person.objects.get(user=user)
    if person.is_manager or person.representative_role:
        return set(UnitTree().subtree(person.unit_id))
    return {person.unit_id}


def test_every_persona_gets_exactly_the_units_they_may_see(demo: Demo) -> None:
    units = list(Unit.objects.all())
    checked = 0
    for username in PERSONAS:
        client = demo_login(username)
        allowed = allowed_units(username)
        assert 0 < len(allowed) <= len(units)
        response = client.get(f"/rapporter/{demo.closed.pk}/organisasjon.csv")
        assert response.status_code == 200, username
        for unit in units:
            url = f"/rapporter/{demo.closed.pk}/enhet/{unit.pk}.csv"
            status = client.get(url).status_code
            assert status == (200 if unit.pk in allowed else 403), (username, unit.path, status)
            checked += 1
    assert checked == len(PERSONAS) * len(units)


def test_editing_the_url_never_opens_another_units_report_in_any_format(demo: Demo) -> None:
    employee = demo_login("ansatt")
    own = Person.objects.get(user__username="ansatt").unit
    other = unit_at("Kundeservice/Kundesenter")
    parent = own.parent
    assert parent is not None
    for fmt in FORMATS:
        assert employee.get(f"/rapporter/{demo.closed.pk}/enhet/{own.pk}.{fmt}").status_code == 200
        for unit in (other, parent):
            response = employee.get(f"/rapporter/{demo.closed.pk}/enhet/{unit.pk}.{fmt}")
            assert response.status_code == 403, (fmt, unit.path)
            assert unit.name.encode() not in response.content
    assert employee.get(f"/rapporter/{demo.closed.pk}/enhet/{own.pk}.exe").status_code == 404
    assert employee.get(f"/rapporter/999999/enhet/{own.pk}.pdf").status_code == 404
    assert employee.get(f"/rapporter/{demo.open.pk}/organisasjon.pdf").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(demo: Demo) -> None:
    unit = unit_at("IT og digitalisering/Drift")
    for url in (
        f"/rapporter/{demo.closed.pk}/organisasjon.pdf",
        f"/rapporter/{demo.closed.pk}/enhet/{unit.pk}.xlsx",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def test_downloads_are_files_not_cached_and_html_is_shown_with_the_stylesheet(demo: Demo) -> None:
    admin = demo_login("admin")
    pdf = admin.get(f"/rapporter/{demo.closed.pk}/organisasjon.pdf?lang=en")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert "no-store" in pdf["Cache-Control"]
    page = admin.get(f"/rapporter/{demo.closed.pk}/organisasjon.html")
    assert page.status_code == 200 and "Content-Disposition" not in page
    assert b'href="/static/reports/report.css"' in page.content and b"<style>" not in page.content
    stylesheet = admin.get("/static/reports/report.css")
    assert stylesheet.status_code == 200
    download = admin.get(f"/rapporter/{demo.closed.pk}/organisasjon.html?download=1")
    assert b"<style>" in download.content and download["Content-Disposition"].startswith("attach")


def figure_groups(header: list[str]) -> list[int]:
    """Start columns of each exported figure (estimate, CI low, CI high, n, note)."""
    return [i - 4 for i, name in enumerate(header) if name.endswith((": merknad", ": note"))]


@pytest.mark.parametrize(
    "path", ["Økonomi og administrasjon/Lønn/Team Øst", "IT og digitalisering/Drift"]
)
def test_exports_carry_no_number_for_a_hidden_figure(demo: Demo, path: str) -> None:
    unit = unit_at(path)
    admin = demo_login("admin")
    data = admin.get(f"/rapporter/{demo.closed.pk}/enhet/{unit.pk}.csv").content
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    hidden = 0
    header: list[str] = []
    for row in rows:
        if row[0] == "tabell":
            header = row
            continue
        for start in figure_groups(header):
            if row[start + 4]:
                hidden += 1
                assert row[start : start + 4] == ["", "", "", ""], (row, header)
    view = unit_view(demo.closed, unit)
    suppressed = sum(i.figure.suppressed for i in view.indicators)
    assert hidden >= suppressed
    book = openpyxl.load_workbook(
        io.BytesIO(admin.get(f"/rapporter/{demo.closed.pk}/enhet/{unit.pk}.xlsx").content)
    )
    for sheet in book.worksheets:
        values = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
        for row in values[1:]:
            for start in figure_groups([str(v) for v in values[0]]):
                if row[start + 4]:
                    assert row[start : start + 4] == [None, None, None, None], (sheet.title, row)


def test_every_results_page_links_to_its_reports_in_every_language(demo: Demo) -> None:
    # Nothing needs typing: the organisation page, a unit page and the heat map
    # each link to the twelve downloads of the report they show, and each works.
    admin = demo_login("admin")
    unit = Unit.objects.filter(parent__isnull=False).order_by("pk").first()
    assert unit is not None
    pages = {
        f"/resultater/{demo.closed.pk}/": f"/rapporter/{demo.closed.pk}/organisasjon.",
        f"/resultater/{demo.closed.pk}/enhet/{unit.pk}/": (
            f"/rapporter/{demo.closed.pk}/enhet/{unit.pk}."
        ),
        f"/resultater/{demo.closed.pk}/sammenlign/": f"/rapporter/{demo.closed.pk}/organisasjon.",
    }
    for page, prefix in pages.items():
        html = admin.get(page).content.decode()
        links = sorted(set(re.findall(r'href="(/rapporter/[^"]+)"', html)))
        expected = sorted(
            f"{prefix}{fmt}?lang={lang}" for fmt in FORMATS for lang in ("nb", "nn", "en")
        )
        assert links == expected, page
    for link in expected:
        response = admin.get(link)
        assert response.status_code == 200, link


def test_a_report_file_name_keeps_the_norwegian_letters(demo: Demo) -> None:
    demo.closed.name = "Hjemmekontor vår 2026"
    demo.closed.save(update_fields=["name"])
    response = demo_login("admin").get(f"/rapporter/{demo.closed.pk}/organisasjon.csv")
    disposition = response["Content-Disposition"]
    assert 'filename="hjemmekontor-hjemmekontor-var-2026-organisasjon.csv"' in disposition
    assert (
        "filename*=UTF-8''hjemmekontor-hjemmekontor-v%C3%A5r-2026-organisasjon.csv" in disposition
    )


def test_a_nynorsk_report_is_nynorsk_from_the_title_to_the_findings(
    demo: Demo, tmp_path: Path
) -> None:
    from tests.web.test_nynorsk import bokmal_words, data_strings, interface_text

    admin = demo_login("admin")
    pdf = admin.get(f"/rapporter/{demo.closed.pk}/organisasjon.pdf?lang=nn")
    assert pdf.status_code == 200
    text = " ".join(pdf_text(pdf.content, tmp_path, layout=False).split())
    for nynorsk in ("Heimekontor og HMS", "Hovudtal", "Om tala", "Side 2", "Delen som"):
        assert nynorsk in text, nynorsk
    assert bokmal_words(interface_text(text, data_strings())) == []
    html = admin.get(f"/rapporter/{demo.closed.pk}/organisasjon.html?lang=nn").content.decode()
    assert '<html lang="nn">' in html
