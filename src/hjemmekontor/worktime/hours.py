"""Hours per 24 hours and per 7 days, normal and total, and overtime.

aml. § 10-4 (1) and § 10-5 (normal hours), § 10-6 (2), (4), (5) (overtime)
and § 10-6 (8) (total hours). Registrations do not say which hours are
overtime, so § 10-6 (2) decides: hours beyond the normal-hours limit *are*
overtime (RT-OT-DEF). RT-NORM-D/W therefore flag that overtime was worked
(allowed only for a special, time-limited need, § 10-6 (1)); RT-OT-* check the
amount; RT-TOT-* check the total.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .calendar import HOUR
from .context import Context, rolling_sum
from .intervals import window_sums

EPS = 1e-9


def _rolling_windows(
    ctx: Context, rule: str, hours: int, limit: np.ndarray, section: str | Sequence[str] | None
) -> None:
    """Breaches of ``limit`` (per person) by any ``hours``-long window of work."""
    tl = ctx.tl
    if tl.start.size == 0:
        return
    window = hours * HOUR
    # NORM and TOT share their windows; compute each window length once.
    sums = ctx.cache.get(("window_sums", window))
    if sums is None:
        sums = window_sums(tl.key_s, tl.key_e, tl.rate, window)
        ctx.cache[("window_sums", window)] = sums
    # One limit for everyone is the common case; skip the per-row gather then.
    lim = limit[0] if bool(np.all(limit == limit[0])) else limit[tl.person]
    # Windows trimmed to the work inside them, so coalesced episodes stay tight.
    j, i = sums.last, sums.first
    fwd = sums.forward > (lim + EPS) * HOUR
    bwd = sums.backward > (lim + EPS) * HOUR
    if not (fwd.any() or bwd.any()):
        return
    person = np.concatenate((tl.person[fwd], tl.person[bwd]))
    start = np.concatenate((tl.start[fwd], np.maximum(tl.end[bwd] - window, tl.start[i[bwd]])))
    end = np.concatenate((np.minimum(tl.start[fwd] + window, tl.end[j[fwd]]), tl.end[bwd]))
    value = np.concatenate((sums.forward[fwd], sums.backward[bwd])) / HOUR
    ctx.sink.add(rule, person, start, end, value, limit[person], "t", section=section)


def _grid_windows(
    ctx: Context,
    rule: str,
    per_day: np.ndarray,
    n_days: int,
    limit: np.ndarray,
    section: str | Sequence[str] | None,
    *,
    per_week: bool = False,
    template: str | None = None,
    persons: np.ndarray | None = None,
) -> None:
    """Breaches by sums over ``n_days`` dates of a (person, date) grid."""
    starts = ctx.window_starts(n_days)
    summed = ctx.work_sum(n_days) if per_day is ctx.work_hours else rolling_sum(per_day, n_days)
    sums = summed if ctx.rolling else summed[:, starts]
    if per_week:
        sums = sums / (n_days / 7)
    over = sums > limit[:, None] + EPS
    if persons is not None:
        over &= persons[:, None]
    p, k = np.nonzero(over)
    d = starts[k]
    grid = ctx.grid
    start = grid.midnight[d]
    end = grid.midnight[np.minimum(d + n_days, grid.n_days)]
    ctx.sink.add(
        rule,
        p,
        start,
        end,
        sums[p, k],
        limit[p],
        "t",
        section=section,
        template=template,
    )


def check_hours(ctx: Context) -> None:
    """RT-NORM-D, RT-NORM-W, RT-TOT-D, RT-TOT-W."""
    lim = ctx.limits
    norm_section = lim.norm_section
    # "24 timer" is any 24 real hours (rolling) or a local date (calendar);
    # "sju dager" is any seven consecutive local dates (rolling) or a
    # Monday-Sunday week (calendar).
    if ctx.rolling:
        _rolling_windows(ctx, "RT-NORM-D", 24, lim.norm_day, norm_section)
        _rolling_windows(ctx, "RT-TOT-D", 24, lim.tot_day, None)
    else:
        _grid_windows(ctx, "RT-NORM-D", ctx.work_hours, 1, lim.norm_day, norm_section)
        _grid_windows(ctx, "RT-TOT-D", ctx.work_hours, 1, lim.tot_day, None)
    _grid_windows(ctx, "RT-NORM-W", ctx.work_hours, 7, lim.norm_week, norm_section)
    # Averaged normal hours: 40 h a week on average over the agreed period.
    for weeks in np.unique(lim.norm_avg_weeks[lim.norm_avg_weeks > 0]):
        who = lim.norm_avg_weeks == weeks
        _grid_windows(
            ctx,
            "RT-NORM-W",
            ctx.work_hours,
            int(weeks) * 7,
            np.full(who.shape, 40.0),
            norm_section,
            per_week=True,
            persons=who,
            template=f"Alminnelig arbeidstid {{}} t per uke i snitt over {weeks} uker, grensen er {{}} t",
        )
    if ctx.config.average_normal_week:
        who = lim.norm_avg_weeks > 0
        _grid_windows(
            ctx,
            "RT-NORM-W",
            ctx.work_hours,
            56,
            np.full(who.shape, 48.0),
            norm_section,
            per_week=True,
            persons=who,
            template="Alminnelig arbeidstid {} t per uke i snitt over åtte uker, grensen er {} t",
        )
    if ctx.config.average_total_week:
        _grid_windows(
            ctx,
            "RT-TOT-W",
            ctx.work_hours,
            56,
            lim.tot_week,
            "aml. § 10-6 (8)",
            per_week=True,
            template="Samlet arbeidstid {} t per uke i snitt over åtte uker, grensen er {} t",
        )
        capped = np.isfinite(lim.tot_week_cap)
        if capped.any():
            cap = np.where(capped, lim.tot_week_cap, 1e12)
            _grid_windows(ctx, "RT-TOT-W", ctx.work_hours, 7, cap, "aml. § 10-6 (8)")
    else:
        _grid_windows(ctx, "RT-TOT-W", ctx.work_hours, 7, lim.tot_week, None)
    # The window sums are large (four arrays per registration); free them.
    for key in [k for k in ctx.cache if isinstance(k, tuple) and k[0] == "window_sums"]:
        del ctx.cache[key]


def overtime_per_week(ctx: Context) -> np.ndarray:
    """Overtime in the seven dates starting at each date (RT-OT-DEF).

    By § 10-6 (2), hours beyond the normal-hours limit per 24 hours or per
    seven days are overtime; counting both would count some hours twice, so
    a seven-day block's overtime is the larger of the daily excesses summed
    and the block's excess over the weekly limit.
    """
    w = ctx.work_hours
    lim = ctx.limits
    daily_excess = np.maximum(0.0, w - lim.norm_day[:, None])
    weekly = ctx.work_sum(7) - lim.norm_week[:, None]
    return np.maximum(rolling_sum(daily_excess, 7), weekly)


def check_overtime(ctx: Context) -> None:
    """RT-OT-7D, RT-OT-4W, RT-OT-52W (aml. § 10-6 (4), (5))."""
    if ctx.tl.start.size == 0:
        return
    lim = ctx.limits
    ot7 = overtime_per_week(ctx)
    # Only persons with some overtime can break an overtime limit.
    who = np.flatnonzero((ot7 > EPS).any(axis=1))
    if who.size == 0:
        return
    ot7 = ot7[who]
    n = ot7.shape[1]
    blocks = {"RT-OT-7D": (1, lim.ot_7d), "RT-OT-4W": (4, lim.ot_4w), "RT-OT-52W": (52, lim.ot_52w)}
    # Sum whole seven-day blocks: block k of the window starting at d is d + 7k.
    # Dates with the same weekday form columns of a (person, week, weekday)
    # array, so a cumulative sum down each column sums any run of blocks.
    persons = ot7.shape[0]
    padded = np.zeros((persons, n + 52 * 7))
    padded[:, :n] = ot7
    cols = np.zeros((persons, padded.shape[1] // 7 + 1, 7))
    np.cumsum(padded.reshape(persons, -1, 7), axis=1, out=cols[:, 1:, :])
    starts = ctx.window_starts(7)
    week, weekday = starts // 7, starts % 7
    grid = ctx.grid
    for rule, (count, limit) in blocks.items():
        total = cols[:, week + count, weekday] - cols[:, week, weekday]
        cap = limit[who]
        over = total > cap[:, None] + EPS
        row, k_idx = np.nonzero(over)
        d = starts[k_idx]
        p = who[row]
        ctx.sink.add(
            rule,
            p,
            grid.midnight[d],
            grid.midnight[np.minimum(d + 7 * count, grid.n_days)],
            total[row, k_idx],
            cap[row],
            "t",
            section=lim.ot_section,
        )
