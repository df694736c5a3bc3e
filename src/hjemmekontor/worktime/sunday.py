"""Sunday and holiday work (aml. § 10-10, lov om 1. og 17. mai) and § 10-8 (4)."""

from __future__ import annotations

import numpy as np

from .calendar import HOUR
from .context import Context, rolling_sum


def check_sunday(ctx: Context) -> None:
    """RT-SUNDAY: any work inside a protected period (§ 10-10 (1), (2)).

    The engine cannot know whether "the nature of the work requires it" or
    whether a § 10-10 (4)/(5) agreement covers it, so each episode is flagged
    for the employer to justify.
    """
    tl = ctx.tl
    if tl.start.size == 0:
        return
    protected = ctx.protected
    seconds = protected.overlap(tl.start, tl.end)
    hit = seconds > 0
    start, end = protected.clip(tl.start[hit], tl.end[hit])
    work = seconds[hit] * tl.rate[hit] / HOUR
    ctx.sink.add(
        "RT-SUNDAY", tl.person[hit], start, end, work, np.zeros(work.size), "t", merge=False
    )


def check_next_sunday(ctx: Context) -> None:
    """RT-SUN-NEXT: who worked a Sunday/holiday shall have the next one off.

    § 10-8 (4). With a written rotation agreement (basis ``sunday_rotation``)
    the alternative applies instead: at most every second Sunday/holiday
    worked on average over 26 weeks, and one off at least every fourth week.
    """
    grid = ctx.grid
    holidays = np.flatnonzero(grid.is_holiday[: grid.n_days])
    if holidays.size < 2 or ctx.tl.start.size == 0:
        return
    hours = ctx.work_hours[:, holidays]
    worked = hours > 0
    rotation = ctx.limits.sunday_rotation
    strict = worked[:, :-1] & worked[:, 1:] & ~rotation[:, None]
    p, k = np.nonzero(strict)
    d = holidays[k + 1]
    ctx.sink.add(
        "RT-SUN-NEXT",
        p,
        grid.midnight[d],
        grid.midnight[d + 1],
        hours[p, k + 1],
        np.zeros(p.size),
        "t",
        merge=False,
    )
    if not rotation.any():
        return
    # Rotation agreement: counts over windows of 26 and 4 weeks of dates.
    is_h = grid.is_holiday[: grid.n_days].astype(np.float64)
    worked_day = (ctx.work_hours > 0) & grid.is_holiday[None, : grid.n_days]
    worked_days = worked_day.astype(np.float64)
    starts = ctx.window_starts(7)
    for weeks, template in (
        (26, "Arbeid på {} søn-/helgedager over 26 uker, høyst halvparten ({}) er tillatt"),
        (4, "Fri bare {} søn-/helgedager over fire uker, kravet er minst {}"),
    ):
        n = weeks * 7
        total = rolling_sum(is_h[None, :], n)[0, starts]
        done = rolling_sum(worked_days, n)[:, starts]
        if weeks == 26:
            value, limit = done, np.broadcast_to(total / 2, done.shape)
            over = (value > limit) & rotation[:, None]
        else:
            value = total[None, :] - done
            limit = np.ones_like(value)
            full = starts + n <= grid.n_days
            over = (value < 1) & rotation[:, None] & full[None, :]
        p, k = np.nonzero(over)
        d = starts[k]
        ctx.sink.add(
            "RT-SUN-NEXT",
            p,
            grid.midnight[d],
            grid.midnight[np.minimum(d + n, grid.n_days)],
            value[p, k],
            limit[p, k],
            "dager",
            template=template,
            worst="max" if weeks == 26 else "min",
        )
