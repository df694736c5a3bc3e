"""The one-pass computation of every unit stores what the per-unit path stored.

``tests/results/oracle.py`` keeps the per-unit path (one ``api.analyze`` per
unit); these tests run both on a synthetic organisation from
``hjemmekontor.synth`` (60 units, many of them below k, two rounds so that
the trends are compared too) and compare every stored figure.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from tests.results.oracle import reference_results

from hjemmekontor.results.compute import do_compute_results
from hjemmekontor.results.models import ORGANISATION, ResultSet, ResultUnit
from hjemmekontor.surveys.models import Round
from hjemmekontor.testing.synthrounds import synthetic_rounds

pytestmark = pytest.mark.django_db

TOLERANCE = 1e-12
# The adjusted regressions of a unit are fitted on cell sums that the one-pass
# computation adds up in another order (own units into subtrees) than the
# per-unit path (row by row); an iterative fit multiplies that rounding by its
# condition number, so their effects agree to 1e-10, not 1e-12 (seen: 1.4e-12
# on a small unit's odds-ratio bound; everything else stays within 1e-12).
EFFECT_TOLERANCE = 1e-10


def _differences(new: Any, old: Any, path: str, found: list[str]) -> None:
    """Every place where two stored JSON values differ (numbers beyond the tolerance)."""
    if isinstance(new, bool) or isinstance(old, bool) or isinstance(new, str):
        if new != old:
            found.append(f"{path}: {new!r} != {old!r}")
    elif isinstance(new, float) or isinstance(old, float):
        if (
            not isinstance(new, int | float)
            or not isinstance(old, int | float)
            or abs(new - old)
            > (EFFECT_TOLERANCE if "/effects[" in path else TOLERANCE)
            * max(1.0, abs(new), abs(old))
        ):
            found.append(f"{path}: {new!r} != {old!r}")
    elif isinstance(new, dict) and isinstance(old, dict):
        if set(new) != set(old):
            found.append(f"{path}: keys {sorted(set(new) ^ set(old))}")
        for key in set(new) & set(old):
            _differences(new[key], old[key], f"{path}/{key}", found)
    elif isinstance(new, list) and isinstance(old, list):
        if len(new) != len(old):
            found.append(f"{path}: {len(new)} items != {len(old)}")
        for i, (a, b) in enumerate(zip(new, old, strict=False)):
            _differences(a, b, f"{path}[{i}]", found)
    elif new != old:
        found.append(f"{path}: {new!r} != {old!r}")


def _compare_round(survey_round: Round) -> tuple[list[str], int]:
    oracle = reference_results(survey_round)
    found: list[str] = []
    units = 0
    for kind, (expected_set, expected_units) in oracle.items():
        stored = ResultSet.objects.get(round=survey_round, kind=kind)
        payload, expected = dict(stored.payload), dict(expected_set.payload)
        # When the analysis ran is no figure.
        for data in (payload, expected):
            if data.get("metadata"):
                data["metadata"] = {k: v for k, v in data["metadata"].items() if k != "created"}
        _differences(payload, expected, f"{kind}/payload", found)
        _differences(stored.heatmap, expected_set.heatmap, f"{kind}/heatmap", found)
        _differences(stored.weighting, expected_set.weighting, f"{kind}/weighting", found)
        rows = {u.code: u for u in ResultUnit.objects.filter(result_set=stored)}
        assert set(rows) == {u.code for u in expected_units}
        for unit in expected_units:
            _differences(rows[unit.code].payload, unit.payload, f"{kind}/{unit.code}", found)
            _differences(rows[unit.code].comments, unit.comments, f"{kind}/{unit.code}/c", found)
            units += 1
    return found, units


def test_every_stored_figure_of_the_one_pass_equals_the_per_unit_oracle() -> None:
    first, second = synthetic_rounds(1500, seed=11)
    reported: list[tuple[int, int]] = []
    do_compute_results(first)
    do_compute_results(second, progress=lambda done, total: reported.append((done, total)))
    # Both rounds: the first without, the second with trends against the first.
    for survey_round in (first, second):
        found, units = _compare_round(survey_round)
        assert found == [], "\n".join(found[:20])
        assert units > 100
    employee = ResultSet.objects.get(round=second, kind="employee")
    slices = {u.code: u.payload for u in ResultUnit.objects.filter(result_set=employee)}
    k = int(settings.ANONYMITY_K)
    small = [c for c in employee.tree if slices[c]["respondents"] < k]
    analysed = [c for c in employee.tree if slices[c]["consequences"]]
    # The comparison covers what it should: units below k (no analysis of their
    # own), units with consequences and filter groups, hidden filter groups,
    # unit trends and unit findings.
    assert small and len(analysed) > 10
    assert any(r["suppressed"] for c in analysed for r in slices[c]["filters"])
    assert any(not r["suppressed"] for c in analysed for r in slices[c]["filters"])
    assert any(slices[c]["trends"] for c in analysed)
    assert any(slices[c]["findings"] for c in analysed)
    assert slices[ORGANISATION]["consequences"]
    # Progress counts units and ends with all of them done, never going back.
    total = len(employee.tree)
    assert reported[-1] == (total, total)
    assert {t for _, t in reported} == {total}
    assert [d for d, _ in reported] == sorted(d for d, _ in reported)
