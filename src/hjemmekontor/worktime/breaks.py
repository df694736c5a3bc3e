"""Breaks (aml. § 10-9).

A pause is either a registered break or a gap between two work periods on
the same date. Where inside a registration its break was taken is not
recorded, so the break is spread evenly over the registration: the same
assumption the hour sums use.
"""

from __future__ import annotations

import numpy as np

from .calendar import HOUR
from .context import Context


def _per_day(ctx: Context, flat: np.ndarray, values: np.ndarray) -> np.ndarray:
    size = ctx.tl.n_persons * ctx.grid.n_days
    return np.bincount(flat, weights=values, minlength=size).reshape(
        ctx.tl.n_persons, ctx.grid.n_days
    )


def check_breaks(ctx: Context) -> None:
    """RT-BREAK: > 5.5 h a day needs a pause; >= 8 h needs 30 min in all (§ 10-9 (1))."""
    p = ctx.pieces
    if p.start.size == 0:
        return
    n_days = ctx.grid.n_days
    flat = p.person.astype(np.int64) * n_days + p.day
    registered = (p.end - p.start) * (1.0 - p.rate)
    gap = np.zeros(p.start.size)
    same = flat[1:] == flat[:-1]
    gap[1:] = np.where(same, p.start[1:] - p.end[:-1], 0)
    pause_minutes = _per_day(ctx, flat, registered + gap) / 60
    pauses = _per_day(ctx, flat, ((registered > 0) | (gap > 0)).astype(np.float64))
    work = ctx.work_hours
    grid = ctx.grid
    none = (work > 5.5 + 1e-9) & (work < 8.0) & (pauses == 0)
    short = (work >= 8.0) & (pause_minutes < 30 - 1e-9)
    for mask, value, limit, unit, template in (
        (
            none,
            pauses,
            1.0,
            "pauser",
            "Ingen pause ({}) på en arbeidsdag over 5,5 timer, kravet er minst {} pause",
        ),
        (short, pause_minutes, 30.0, "min", None),
    ):
        pi, d = np.nonzero(mask)
        ctx.sink.add(
            "RT-BREAK",
            pi,
            grid.midnight[d],
            grid.midnight[d + 1],
            value[pi, d],
            np.full(pi.size, limit),
            unit,
            template=template,
            merge=False,
        )


def check_overtime_break(ctx: Context) -> None:
    """RT-BREAK-OT: > 2 h beyond the end of normal hours needs a 30-min pause.

    § 10-9 (2). Checked on working days (Monday-Friday, not a Sunday or
    holiday) on which the person worked before the end of normal hours and
    still worked two hours after it.
    """
    p = ctx.pieces
    if p.start.size == 0:
        return
    grid = ctx.grid
    n_days = grid.n_days
    weekday = (grid.weekday[p.day] < 5) & ~grid.is_holiday[p.day]
    t_end = grid.local(p.day, ctx.limits.normal_end[p.person])
    flat = p.person.astype(np.int64) * n_days + p.day
    before = _per_day(ctx, flat, (p.start < t_end).astype(np.float64)) > 0
    late = _per_day(ctx, flat, (p.end > t_end + 2 * HOUR).astype(np.float64)) > 0
    gap = np.zeros(p.start.size)
    same = flat[1:] == flat[:-1]
    gap[1:] = np.where(same, np.maximum(0, p.start[1:] - np.maximum(p.end[:-1], t_end[1:])), 0)
    after = np.maximum(0, p.end - np.maximum(p.start, t_end))
    pause = _per_day(ctx, flat, gap + after * (1.0 - p.rate)) / 60
    working_day = _per_day(ctx, flat, weekday.astype(np.float64)) > 0
    bad = before & late & working_day & (pause < 30 - 1e-9)
    pi, d = np.nonzero(bad)
    end_normal = grid.local(d, ctx.limits.normal_end[pi])
    ctx.sink.add(
        "RT-BREAK-OT",
        pi,
        end_normal,
        grid.midnight[d + 1],
        pause[pi, d],
        np.full(pi.size, 30.0),
        "min",
        merge=False,
    )
