"""The reports' CSV writes round and unit names as text a spreadsheet never runs."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

from hjemmekontor.reports.content import build_document
from hjemmekontor.reports.tables import render_csv
from hjemmekontor.results.pages import UnitView

EVIL = '=HYPERLINK("http://evil.example","Klikk")'


def test_a_round_and_unit_named_like_a_formula_are_inert_in_the_reports_csv(
    made_view: UnitView, today: dt.date
) -> None:
    view = dataclasses.replace(made_view, round_name=EVIL, unit_path=EVIL)
    document = build_document(view, organisation=EVIL, today=today)
    # A row labelled with a unit's name, as the subunit tables have.
    table = document.tables()[0]
    table.rows.append([EVIL, *[None] * (len(table.columns) - 1)])
    body = render_csv(document).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    assert "'" + EVIL in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
