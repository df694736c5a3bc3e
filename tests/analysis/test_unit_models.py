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
    assert compared > 500
