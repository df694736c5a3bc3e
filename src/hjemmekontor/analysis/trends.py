"""Change between two survey rounds.

Two rounds are independent samples, so the change of an estimate has
variance ``se_now^2 + se_before^2`` and is tested with a z test (Kish 1965,
sec. 12.4; Lumley 2010, sec. 2.5, for comparing estimates from separate
designs). Only rows shown (not suppressed) in both rounds are compared, and
the rounds are never subtracted at respondent level (docs/analysis.md, "Anonymity").
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl

from hjemmekontor.analysis.estimates import Z_95
from hjemmekontor.analysis.regression import normal_p_value

__all__ = ["TREND_KEYS", "trends"]

TREND_KEYS = ("statistic", "variable", "category", "breakdown", "by")


def _key_frame(rows: pl.DataFrame) -> pl.DataFrame:
    # "by" becomes text without its empty fields, so that rounds analysed with
    # different sets of breakdowns still match group by group.
    keys = [
        json.dumps({k: v for k, v in sorted(by.items()) if v is not None}, ensure_ascii=False)
        for by in rows["by"].to_list()
    ]
    return rows.with_columns(
        pl.Series("by_key", keys, dtype=pl.Utf8),
        pl.col("category").fill_null(""),
    )


def trends(current: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """Change of every estimate shown in both rounds.

    Parameters
    ----------
    current, previous : polars.DataFrame
        Estimate rows (as returned by
        :func:`~hjemmekontor.analysis.estimates.estimate_by`) of this round
        and of the round compared with.

    Returns
    -------
    polars.DataFrame
        ``statistic, variable, category, breakdown, by, previous, current,
        change, se, ci_low, ci_high, z, p_value, n_previous, n_current``.
    """
    keys = ["statistic", "variable", "category", "breakdown", "by_key"]
    now = _key_frame(current.filter(~pl.col("suppressed")))
    before = _key_frame(previous.filter(~pl.col("suppressed"))).select(
        *keys,
        pl.col("estimate").alias("previous"),
        pl.col("se").alias("se_previous"),
        pl.col("n").alias("n_previous"),
    )
    joined = now.join(before, on=keys, how="inner", maintain_order="left")
    change = joined["estimate"].to_numpy() - joined["previous"].to_numpy()
    se = np.sqrt(joined["se"].to_numpy() ** 2 + joined["se_previous"].to_numpy() ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = change / se
    p = normal_p_value(z)
    return joined.select(
        "statistic",
        "variable",
        pl.col("category").replace("", None),
        "breakdown",
        "by",
        "previous",
        pl.col("estimate").alias("current"),
        pl.Series("change", change),
        pl.Series("se", se),
        pl.Series("ci_low", change - Z_95 * se),
        pl.Series("ci_high", change + Z_95 * se),
        pl.Series("z", z),
        pl.Series("p_value", p),
        "n_previous",
        pl.col("n").alias("n_current"),
    )
