"""Every unit's adjusted regressions, fitted as stacks, equal each unit fitted on its own."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from hjemmekontor.analysis import unitmodels, unitpass
from hjemmekontor.analysis.unitpass import unit_analyses

DATA = Path(__file__).parent / "data"


def _analyses() -> tuple[pl.DataFrame, dict[str, str | None]]:
    data = pl.read_csv(DATA / "synthetic_employees.csv")
    tree = dict(pl.read_csv(DATA / "synthetic_units.csv").iter_rows())
    return data, tree


def _effects(found: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        code: analysis.consequences.effects.to_dicts()
        for code, analysis in found.items()
        if analysis is not None and analysis.consequences is not None
    }


def test_stacked_fits_equal_fitting_each_unit_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, tree = _analyses()
    rounds: list[int] = []
    fit_round = unitmodels._fit_round

    def counted(pending: Any, family: Any) -> Any:
        rounds.append(len(pending))
        return fit_round(pending, family)

    monkeypatch.setattr(unitmodels, "_fit_round", counted)
    stacked = _effects(unit_analyses(data, tree, list(tree), k=3))
    # More rounds than outcomes: some units' models were separated and fitted
    # again without their edge cells, so that path is compared too.
    assert len(rounds) > 7
    monkeypatch.setattr(unitpass, "subsets_exact", lambda frame: False)
    alone = _effects(unit_analyses(data, tree, list(tree), k=3))
    assert set(stacked) == set(alone) and len(alone) == len(tree)
    assert _compare(stacked, alone) > 500


def test_an_outcome_where_the_groups_answered_all_yes_and_all_no_has_no_effects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, tree = _analyses()
    # In one unit everyone in the reference group works after hours every
    # day and nobody else ever does: the groups separate the answers
    # perfectly, every cell is on the edge and nothing is left to fit.
    reference = pl.col("ho_freq").is_in(["less_than_monthly", "monthly"])
    data = data.with_columns(
        pl.when((pl.col("unit") == "d1u1") & pl.col("after_hours_freq").is_not_null())
        .then(pl.when(reference).then(pl.lit("daily")).otherwise(pl.lit("never")))
        .otherwise(pl.col("after_hours_freq"))
        .alias("after_hours_freq")
    )
    stacked = _effects(unit_analyses(data, tree, list(tree), k=3))
    variables = {row["variable"] for row in stacked["d1u1"]}
    assert "after_hours_weekly" not in variables
    assert {"burnout", "meaning", "sick_days"} <= variables
    # Alone in its stack, the unit's refit has no cells at all.
    alone_in_stack = _effects(unit_analyses(data, tree, ["d1u1"], k=3))
    assert _compare(alone_in_stack, {"d1u1": stacked["d1u1"]}) > 10
    monkeypatch.setattr(unitpass, "subsets_exact", lambda frame: False)
    alone = _effects(unit_analyses(data, tree, list(tree), k=3))
    assert _compare(stacked, alone) > 500


def _compare(
    stacked: dict[str, list[dict[str, Any]]], alone: dict[str, list[dict[str, Any]]]
) -> int:
    """Assert equal rows (numbers to 1e-10); return how many numbers were compared."""
    assert set(stacked) == set(alone)
    compared = 0
    for code, rows in alone.items():
        assert [(r["variable"], r["term"]) for r in stacked[code]] == [
            (r["variable"], r["term"]) for r in rows
        ], code
        for new, old in zip(stacked[code], rows, strict=True):
            for key, value in old.items():
                other = new[key]
                if isinstance(value, float) and isinstance(other, float):
                    if math.isnan(value):
                        assert math.isnan(other)
                    else:
                        assert abs(other - value) <= 1e-10 * max(1.0, abs(value)), (code, key)
                        compared += 1
                else:
                    assert other == value, (code, new["variable"], new["term"], key)
    return compared
