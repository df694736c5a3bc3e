"""Night work (aml. § 10-11).

Night is 21:00-06:00 local time (§ 10-11 (1)). With a written agreement under
§ 10-11 (3) the employee may work 21:00-23:00 on their own initiative; that
time is still night work (it counts for RT-NIGHT-AVG) but is not flagged.
"""

from __future__ import annotations

import numpy as np

from .calendar import HOUR
from .context import Context, rolling_sum

NIGHT_FROM = 21 * 60
AGREED_UNTIL = 23 * 60
NIGHT_TO = 6 * 60


def check_night(ctx: Context) -> None:
    """RT-NIGHT: work between 21:00 (23:00 with an agreement) and 06:00."""
    tl = ctx.tl
    if tl.start.size == 0:
        return
    evening = ctx.limits.evening[tl.person]
    for agreed, begin, section in (
        (False, NIGHT_FROM, "aml. § 10-11 (1), (2)"),
        (True, AGREED_UNTIL, "aml. § 10-11 (2), (3)"),
    ):
        who = evening == agreed
        if not who.any():
            continue
        nights = ctx.nightly(begin, NIGHT_TO)
        everyone = bool(who.all())
        s = tl.start if everyone else tl.start[who]
        e = tl.end if everyone else tl.end[who]
        seconds = nights.overlap(s, e)
        hit = seconds > 0
        start, end = nights.clip(s[hit], e[hit])
        rate = tl.rate if everyone else tl.rate[who]
        person = tl.person if everyone else tl.person[who]
        value = seconds[hit] * rate[hit] / HOUR
        ctx.sink.add(
            "RT-NIGHT",
            person[hit],
            start,
            end,
            value,
            np.zeros(value.size),
            "t",
            section=section,
        )


def night_hours(ctx: Context) -> np.ndarray:
    """Hours of night work per (person, night), night d starting at 21:00 on date d."""
    p = ctx.pieces
    grid = ctx.grid
    late = np.maximum(0, p.end - np.maximum(p.start, grid.local(p.day, NIGHT_FROM)))
    early = np.maximum(0, np.minimum(p.end, grid.local(p.day, NIGHT_TO)) - p.start)
    n_persons, n_days = ctx.tl.n_persons, grid.n_days
    flat_late = p.person.astype(np.int64) * n_days + p.day
    flat_early = p.person.astype(np.int64) * n_days + np.maximum(p.day - 1, 0)
    total = np.bincount(flat_late, weights=late * p.rate, minlength=n_persons * n_days)
    total += np.bincount(flat_early, weights=early * p.rate, minlength=n_persons * n_days)
    return total.reshape(n_persons, n_days) / HOUR


def check_night_average(ctx: Context) -> None:
    """RT-NIGHT-AVG: regular night workers average at most 8 h per working day.

    § 10-11 (6): who regularly works more than three hours at night may
    not have normal hours above eight per 24 hours on average over four
    weeks. "Regularly" is ``config.night_regular_nights`` such nights in the
    four weeks (default 1, the conservative reading). The average is taken
    over the dates on which work periods start. § 10-11 (7) (special risk) needs facts about the
    work that registrations do not hold and is not checked.
    """
    if ctx.tl.start.size == 0:
        return
    long_nights = night_hours(ctx) > 3.0
    # Only persons with a long night can be regular night workers.
    who = np.flatnonzero(long_nights.any(axis=1))
    if who.size == 0:
        return
    starts = ctx.window_starts(28)
    counted = rolling_sum(long_nights[who].astype(np.float64), 28)[:, starts]
    regular = counted >= ctx.config.night_regular_nights
    # A night shift belongs to the date it starts on, so 22:00-07:00 is one
    # nine-hour working day rather than two short ones.
    tl = ctx.tl
    n_days = ctx.grid.n_days
    mine = np.isin(tl.person, who)
    rank = np.zeros(tl.n_persons, dtype=np.int64)
    rank[who] = np.arange(who.size)
    flat = rank[tl.person[mine]] * n_days + tl.start_day[mine]
    size = who.size * n_days
    work = (tl.end[mine] - tl.start[mine]) * tl.rate[mine] / HOUR
    by_start = np.bincount(flat, weights=work, minlength=size).reshape(who.size, n_days)
    started = np.bincount(flat, minlength=size).reshape(who.size, n_days) > 0
    hours = rolling_sum(by_start, 28)[:, starts]
    days = rolling_sum(started.astype(np.float64), 28)[:, starts]
    average = hours / np.maximum(days, 1.0)
    over = regular & (average > 8.0 + 1e-9)
    row, k = np.nonzero(over)
    p = who[row]
    d = starts[k]
    grid = ctx.grid
    ctx.sink.add(
        "RT-NIGHT-AVG",
        p,
        grid.midnight[d],
        grid.midnight[np.minimum(d + 28, grid.n_days)],
        average[row, k],
        np.full(p.size, 8.0),
        "t",
    )
