"""Daily and weekly rest (aml. § 10-8 (1)-(3)) and rest after evening work.

"24 hours" and "7 days" are counted from the start of each work period: a
window anchored at *any* moment would make every working day of more than
two hours a breach (the free time on both sides of it is split), which is
not what the law means. In calendar mode the same anchoring is used, since
a calendar day with work in it never holds 11 free hours in one piece at
both ends; the choice is documented on the rule pages.
"""

from __future__ import annotations

import numpy as np

from .calendar import DAY, HOUR
from .context import Context
from .intervals import longest_free

EVENING_FROM = 21 * 60
EVENING_TO = 23 * 60


def _rest(ctx: Context, rule: str, window: int, limit_hours: np.ndarray) -> None:
    tl = ctx.tl
    if tl.start.size == 0:
        return
    threshold = np.round(limit_hours * HOUR).astype(np.int64)
    short = np.zeros(tl.start.size, dtype=bool)
    longest = np.zeros(tl.start.size, dtype=np.int64)
    # Rest limits differ only between tariff-extended persons and the rest.
    for value in np.unique(threshold):
        who = threshold[tl.person] == value
        s, lng = longest_free(tl.key_s, tl.key_e, window, int(value))
        short[who] = s[who]
        longest[who] = lng[who]
    person = tl.person[short]
    start = tl.start[short]
    ctx.sink.add(
        rule,
        person,
        start,
        start + window,
        longest[short] / HOUR,
        limit_hours[person],
        "t",
        worst="min",
    )


def check_rest(ctx: Context) -> None:
    """RT-REST-D (11 h per 24 h) and RT-REST-W (35 h per 7 days)."""
    _rest(ctx, "RT-REST-D", DAY, ctx.limits.rest_day)
    _rest(ctx, "RT-REST-W", 7 * DAY, ctx.limits.rest_week)


def check_evening_rest(ctx: Context) -> None:
    """RT-EVE-REST: work that ends 21:00-23:00 needs 11 h before the next start.

    Only the last work before 23:00 that evening counts, so a short task at
    22:30 after work ending at 21:30 is judged by its own end. The rule is
    checked for everyone, not only those with a § 10-11 (3) agreement.
    """
    tl = ctx.tl
    n = tl.start.size
    if n < 2:
        return
    grid = ctx.grid
    day = grid.date_index(tl.end - 1)
    evening_from = grid.local(day, EVENING_FROM)
    evening_to = grid.local(day, EVENING_TO)
    next_start = np.full(n, np.iinfo(np.int64).max // 4, dtype=np.int64)
    same = tl.person[1:] == tl.person[:-1]
    next_start[:-1] = np.where(same, tl.start[1:], next_start[:-1])
    in_evening = (tl.end >= evening_from) & (tl.end <= evening_to) & (next_start >= evening_to)
    limit = ctx.limits.rest_day[tl.person]
    rest = (next_start - tl.end) / HOUR
    bad = in_evening & (rest < limit)
    ctx.sink.add(
        "RT-EVE-REST",
        tl.person[bad],
        tl.end[bad],
        next_start[bad],
        rest[bad],
        limit[bad],
        "t",
        worst="min",
        merge=False,
    )
