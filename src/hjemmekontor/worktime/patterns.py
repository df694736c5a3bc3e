"""Patterns of the flexibility paradox, per person and per unit (RT-10-2).

aml. § 10-2 (1) sets no number: working-time arrangements must not cause
harmful strain. These indicators show where strain may build up - evening
work, weekend work, work in protected holiday periods, hours outside the
person's normal hours, fragmented days - and how much of it happens at home.
They are computed for everyone, including employees exempt under § 10-12.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from .calendar import HOUR
from .config import RuleConfig
from .context import Context
from .engine import prepare
from .timeline import LOCATIONS, Normalised

HOME = LOCATIONS.index("home")
OFFICE = LOCATIONS.index("office")
DAY_PATTERNS = ("evening", "weekend", "holiday", "fragmented")


def _day_flags(ctx: Context, flag: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
    """Number of dates per person on which some piece has ``flag`` (and ``where``)."""
    p = ctx.pieces
    keep = flag if where is None else flag & where
    n_days = ctx.grid.n_days
    marked = np.zeros(ctx.tl.n_persons * n_days, dtype=bool)
    marked[p.person[keep].astype(np.int64) * n_days + p.day[keep]] = True
    return marked.reshape(ctx.tl.n_persons, n_days).sum(axis=1)


def person_patterns(ctx: Context) -> pl.DataFrame:
    """One row per person with counts, hours and shares; see the module docstring."""
    p = ctx.pieces
    grid = ctx.grid
    lim = ctx.limits
    n = ctx.tl.n_persons
    work = p.work
    evening = p.end > grid.local(p.day, 21 * 60)
    weekend = grid.weekday[p.day] >= 5
    holiday = ctx.protected.overlap(p.start, p.end) > 0
    # Fragmented: a gap of fragment_gap_minutes or more between two pieces of a date.
    n_days = grid.n_days
    flat = p.person.astype(np.int64) * n_days + p.day
    gap_start = np.zeros(p.start.size, dtype=bool)
    gap_start[1:] = (flat[1:] == flat[:-1]) & (
        p.start[1:] - p.end[:-1] >= ctx.config.fragment_gap_minutes * 60
    )
    fragmented = np.zeros(p.start.size, dtype=bool)
    fragmented[1:] |= gap_start[1:]
    fragmented[:-1] |= gap_start[1:]
    # Outside normal hours: everything on weekends and holidays, else outside the window.
    normal_day = (grid.weekday[p.day] < 5) & ~grid.is_holiday[p.day]
    w_from = grid.local(p.day, lim.normal_start[p.person])
    w_to = grid.local(p.day, lim.normal_end[p.person])
    inside = np.maximum(0, np.minimum(p.end, w_to) - np.maximum(p.start, w_from))
    outside = np.where(normal_day, (p.end - p.start) - inside, p.end - p.start) * p.rate
    home = p.location == HOME
    office = p.location == OFFICE

    def hours(values: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        v = values if where is None else np.where(where, values, 0.0)
        return np.bincount(p.person, weights=v, minlength=n) / HOUR

    columns: dict[str, object] = {
        "person": ctx.tl.persons,
        "days_worked": _day_flags(ctx, np.ones(p.start.size, dtype=bool)),
        "hours": hours(work),
        "hours_home": hours(work, home),
        "hours_office": hours(work, office),
    }
    for name, flag in zip(DAY_PATTERNS, (evening, weekend, holiday, fragmented), strict=True):
        columns[f"{name}_days"] = _day_flags(ctx, flag)
        columns[f"{name}_days_home"] = _day_flags(ctx, flag, home)
        columns[f"{name}_days_office"] = _day_flags(ctx, flag, office)
    columns["outside_hours"] = hours(outside)
    columns["outside_hours_home"] = hours(outside, home)
    columns["outside_hours_office"] = hours(outside, office)
    # Hours beyond the agreed week (normal_hours_week) in calendar weeks.
    week = ctx.work_hours.reshape(n, -1, 7).sum(axis=2)
    agreed = ctx.basis["normal_hours_week"].to_numpy().astype(np.float64)
    columns["extra_hours"] = np.maximum(0.0, week - agreed[:, None]).sum(axis=1)
    frame = pl.DataFrame(columns)
    days = pl.col("days_worked")
    shares = [
        pl.when(days > 0).then(pl.col(f"{name}_days") / days).alias(f"share_{name}_days")
        for name in DAY_PATTERNS
    ]
    shares.append(
        pl.when(pl.col("hours") > 0)
        .then(pl.col("outside_hours") / pl.col("hours"))
        .alias("share_outside_hours")
    )
    return frame.with_columns(shares)


def patterns(
    registrations: pl.DataFrame | Normalised,
    basis: pl.DataFrame | None = None,
    config: RuleConfig | None = None,
) -> pl.DataFrame:
    """Flexibility-paradox indicators per person.

    Parameters
    ----------
    registrations, basis, config
        As for :func:`hjemmekontor.worktime.check`.

    Returns
    -------
    polars.DataFrame
        Per person: ``days_worked``, ``hours`` (and ``_home``/``_office``),
        for each of evening (work after 21:00), weekend, holiday (work in a
        protected period) and fragmented (two or more work periods): the
        number of days, split by home and office, and the share of days
        worked; ``outside_hours`` (hours outside the person's normal working
        window) with its split and share.
    """
    ctx, _ = prepare(registrations, basis, config)
    return person_patterns(ctx)


SUMMED = ("days_worked", "hours", "hours_home", "hours_office", "extra_hours")


def unit_patterns(
    person_rows: pl.DataFrame, units: Mapping[str, str], *, k: int = 5
) -> pl.DataFrame:
    """Aggregate person patterns per unit, suppressed below ``k`` persons.

    Each share is the mean of the persons' shares (every person weighs the
    same); ``share_*_home`` is the part of the pattern's days that had the
    pattern at home. Units with fewer than ``k`` persons keep only their
    ``persons`` count and ``suppressed = True``; ``k`` below 3 is refused.
    """
    if k < 3:
        raise ValueError("k kan ikke være under 3")
    mapping = pl.DataFrame(
        {"person": list(units), "unit": list(units.values())},
        schema={"person": pl.String, "unit": pl.String},
    )
    rows = person_rows.join(mapping, on="person", how="inner")
    aggs: list[pl.Expr] = [pl.len().alias("persons")]
    aggs += [pl.col(c).sum().alias(c) for c in SUMMED]
    for name in DAY_PATTERNS:
        aggs.append(pl.col(f"share_{name}_days").mean().alias(f"share_{name}_days"))
        total = pl.col(f"{name}_days").sum()
        aggs.append(
            pl.when(total > 0)
            .then(pl.col(f"{name}_days_home").sum() / total)
            .alias(f"share_{name}_days_home")
        )
        aggs.append(
            pl.when(total > 0)
            .then(pl.col(f"{name}_days_office").sum() / total)
            .alias(f"share_{name}_days_office")
        )
    aggs.append(pl.col("share_outside_hours").mean().alias("share_outside_hours"))
    out = pl.col("outside_hours").sum()
    aggs.append(
        pl.when(out > 0)
        .then(pl.col("outside_hours_home").sum() / out)
        .alias("share_outside_hours_home")
    )
    table = rows.group_by("unit").agg(aggs).sort("unit")
    hidden = pl.col("persons") < k
    values = [c for c in table.columns if c not in {"unit", "persons"}]
    return table.with_columns(
        [pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in values]
    ).with_columns(hidden.alias("suppressed"))
