"""Trend test for the OSMI example: mental-health disorder across remote-work groups.

Cochran–Armitage test for trend in proportions over the ordered groups never <
sometimes < always, scores 1, 2, 3 (Agresti 2013, *Categorical Data
Analysis*, 3rd ed., sec. 5.3.5). The data are unweighted, so the classical
test applies. Run from the repository root::

    python examples/osmi_trend.py
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
from scipy import stats

from hjemmekontor.analysis.codebook import load_codebook
from hjemmekontor.analysis.io import read_survey

HERE = Path(__file__).parent


def cochran_armitage(
    successes: list[int], totals: list[int], scores: list[float]
) -> tuple[float, float]:
    """Return (z, two-sided p) of the Cochran–Armitage trend test."""
    n = sum(totals)
    p = sum(successes) / n
    mean_score = sum(t * s for t, s in zip(totals, scores, strict=True)) / n
    numerator = sum(x * (s - mean_score) for x, s in zip(successes, scores, strict=True))
    variance = (
        p * (1 - p) * sum(t * (s - mean_score) ** 2 for t, s in zip(totals, scores, strict=True))
    )
    z = numerator / math.sqrt(variance)
    return z, float(2 * stats.norm.sf(abs(z)))


def osmi_trend(
    data: Path = HERE / "data" / "osmi_mental_health_in_tech_2016.csv.gz",
) -> dict[str, object]:
    """Group shares and the trend test on the OSMI file."""
    frame = load_codebook(HERE / "osmi.codebook.yaml").apply(read_survey(data).frame)
    groups = (
        frame.filter(pl.col("mental_disorder_yes").is_not_null())
        .group_by("remote_work")
        .agg(pl.len().alias("n"), pl.col("mental_disorder_yes").sum().alias("yes"))
        .sort("remote_work")
    )
    z, p = cochran_armitage(groups["yes"].to_list(), groups["n"].to_list(), [1.0, 2.0, 3.0])
    return {"groups": groups.rows(named=True), "z": z, "p_value": p}


if __name__ == "__main__":
    result = osmi_trend()
    for row in result["groups"]:  # type: ignore[attr-defined]
        print(f"{row['remote_work']:<12} n = {row['n']:4d}  ja = {row['yes'] / row['n']:.1%}")
    print(f"Cochran–Armitage: z = {result['z']:.3f}, p = {result['p_value']:.3f}")
