"""The results across units: the heat map and the response rates, read from the
stored results for a viewer, like :mod:`hjemmekontor.results.pages` for one unit.

    from hjemmekontor.results.comparison import heatmap, response_rates
    grid = heatmap(survey_round, viewer)

``viewer`` None checks nothing (command line, reports); with a viewer only the
units ``hjemmekontor.results.access`` allows are listed.
"""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext

from hjemmekontor.results import catalogue
from hjemmekontor.results.access import visible_unit_codes
from hjemmekontor.results.errors import NoResults
from hjemmekontor.results.models import ORGANISATION, ResultSet, ResultUnit
from hjemmekontor.results.pagemodel import (
    Figure,
    Heatmap,
    HeatmapCell,
    HeatmapRow,
    ResponseRate,
    UnitResponseRate,
)
from hjemmekontor.results.pages import result_sets
from hjemmekontor.results.pending import require_results
from hjemmekontor.results.stored import HeatmapData, UnitSlice
from hjemmekontor.surveys.models import Round

__all__ = ["heatmap", "response_rates"]


def response_rates(survey_round: Round, viewer: Any = None) -> list[UnitResponseRate]:
    """The response rate of the organisation and of every unit the viewer may see,
    as stored (answered and rate hidden where the pages hide them).

    Raises
    ------
    NoResults
        The round is not closed (an open round's rate per unit would change with
        each answer, and tell who answered between two looks).
    """
    sets = result_sets(survey_round)
    employee = sets.get("employee")
    if employee is None:
        raise NoResults(gettext("Runden har ingen resultater for ansattskjemaet."))
    tree: dict[str, dict[str, Any]] = employee.tree
    visible = visible_unit_codes(viewer, tree) if viewer is not None else {ORGANISATION, *tree}
    stored = {
        unit.code: cast(UnitSlice, unit.payload).get("response_rate") or {}
        for unit in ResultUnit.objects.filter(result_set=employee, code__in=visible)
        .defer("comments")
        .iterator(chunk_size=100)
    }
    found = []
    for code in [ORGANISATION, *tree]:
        if code not in visible:
            continue
        info = tree.get(code)
        found.append(
            UnitResponseRate(
                info["pk"] if info else None,
                code or None,
                info["path"] if info else None,
                ResponseRate.from_stored(
                    stored.get(code, {"invited": 0, "suppressed": True, "reason": "no_respondents"})
                ),
            )
        )
    return found


def heatmap(survey_round: Round, viewer: Any = None) -> Heatmap:
    """Units the viewer may see × the employee headline indicators.

    Figures are the stored unit rows of the organisation-level analysis (every
    unit = its subtree), suppressed as the analysis decided them across the
    whole tree, so no two cells can be subtracted to reveal a small group.

    Raises
    ------
    NoResults
        The round is not closed.
    """
    require_results(survey_round)
    result_set = ResultSet.objects.filter(round=survey_round, kind="employee").first()
    if result_set is None:
        raise NoResults(gettext("Runden har ingen resultater for ansattskjemaet."))
    tree: dict[str, dict[str, Any]] = result_set.tree
    visible = visible_unit_codes(viewer, tree) if viewer is not None else None
    grid = cast(HeatmapData, result_set.heatmap)
    rows = []
    for code, info in tree.items():
        if visible is not None and code not in visible:
            continue
        cells = grid.get("units", {}).get(code, {})
        rows.append(
            HeatmapRow(
                info["pk"],
                code,
                info["path"],
                int(info.get("depth", 0)),
                int(grid.get("respondents", {}).get(code, 0)),
                [
                    HeatmapCell(i.id, Figure.from_row(cells.get(i.id), i.statistic))
                    for i in catalogue.HEATMAP_INDICATORS
                ],
            )
        )
    org_cells = grid.get("organisation", {})
    return Heatmap(
        survey_round.pk,
        survey_round.name,
        [
            {
                "id": i.id,
                "label_nb": i.label_nb,
                "label_en": i.label_en,
                "label_nn": i.label_nn,
                "statistic": i.statistic,
                "reference": i.reference,
                "better": i.better,
            }
            for i in catalogue.HEATMAP_INDICATORS
        ],
        [
            HeatmapCell(i.id, Figure.from_row(org_cells.get(i.id), i.statistic))
            for i in catalogue.HEATMAP_INDICATORS
        ],
        rows,
    )
