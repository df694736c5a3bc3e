"""Unit-tree estimates cannot be subtracted from the total to reveal a small top unit."""

from __future__ import annotations

import polars as pl

from hjemmekontor.analysis import api


def test_a_small_top_unit_cannot_be_derived_from_the_total_and_the_other_top_units():
    units = ["A"] * 20 + ["B"] * 20 + ["C"] * 3
    frame = pl.DataFrame({"unit": units, "y": [float(i % 7) for i in range(len(units))]})
    result = api.analyze(
        frame, estimates=["mean:y"], unit_tree={"A": None, "B": None, "C": None}, k=5
    )
    rows = result.estimates.filter(pl.col("variable") == "y")
    shown = {
        (row["breakdown"], (row["by"] or {}).get("unit")): row["n"]
        for row in rows.iter_rows(named=True)
        if not row["suppressed"]
    }
    assert ("unit", "C") not in shown
    # Total minus the shown top units must not single out C's three respondents.
    if ("", None) in shown:
        remainder = shown[("", None)] - sum(n for (b, _u), n in shown.items() if b == "unit")
        assert remainder == 0 or remainder >= 5
