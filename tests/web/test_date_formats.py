"""One date format per language: text and tables (hjemmekontor.formats)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

SOURCE = Path(__file__).resolve().parents[2] / "src" / "hjemmekontor"
WHEN = dt.date(2026, 12, 2)


def _render(lang: str, fmt: str) -> str:
    with translation.override(lang):
        return Template(f'{{{{ when|date:"{fmt}" }}}}').render(Context({"when": WHEN}))


def test_dates_read_naturally_in_each_language_and_alike_in_tables():
    assert _render("nb", "DATE_FORMAT") == "2. des. 2026"
    assert _render("en", "DATE_FORMAT") == "2 Dec 2026"
    assert _render("nb", "SHORT_DATE_FORMAT") == "02.12.2026"
    assert _render("en", "SHORT_DATE_FORMAT") == _render("nb", "SHORT_DATE_FORMAT") == "02.12.2026"


def test_no_template_spells_out_a_month_name_format():
    # "j. F Y" gave "20. December 2026" in English; templates name a format instead.
    offenders = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.html")
        if '|date:"j.' in path.read_text(encoding="utf-8")
        or 'F Y"' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
