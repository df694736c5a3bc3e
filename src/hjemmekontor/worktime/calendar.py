"""Norwegian days and clock times on a grid of local dates.

The engine works in UTC seconds; rules speak in local clock times ("18:00 the
day before", "21:00-06:00"). :class:`DayGrid` bridges the two: one row per
local date in Europe/Oslo with the UTC instant of its midnight and its UTC
offsets, so that "local clock time on date d" becomes an array lookup that is
correct on the 23- and 25-hour days of the daylight-saving changes.

Public holidays come from the ``holidays`` package (pinned in pyproject.toml)
with ``include_sundays=False`` passed explicitly; Sundays are added here
(helligdagsfredloven § 2 a) and so are the three eves that the package does not
carry (aml. § 10-10 (1)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import holidays
import numpy as np

OSLO = ZoneInfo("Europe/Oslo")
EPOCH_DATE = dt.date(1970, 1, 1)
DAY = 86_400
HOUR = 3_600


def holiday_dates(years: range | list[int]) -> dict[dt.date, str]:
    """Sundays, statutory holidays and 1/17 May, with Norwegian names.

    ``holidays.NO`` returns the twelve dated days of helligdagsfredloven § 2 and
    lov om 1. og 17. mai § 1; Sundays come from the calendar.
    """
    return dict(_holiday_dates(tuple(years)))


@lru_cache(maxsize=64)
def _holiday_dates(years: tuple[int, ...]) -> dict[dt.date, str]:
    found: dict[dt.date, str] = dict(
        holidays.NO(years=list(years), include_sundays=False, language="no").items()
    )
    for year in years:
        day = dt.date(year, 1, 1)
        day += dt.timedelta(days=(6 - day.weekday()) % 7)
        while day.year == year:
            found.setdefault(day, "Søndag")
            day += dt.timedelta(days=7)
    return found


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus 1991, ch. 8)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def eves(years: range | list[int]) -> set[dt.date]:
    """Christmas Eve, Easter Eve and Whitsun Eve: the 15:00 days of § 10-10 (1)."""
    out: set[dt.date] = set()
    for year in years:
        easter = easter_sunday(year)
        out |= {
            dt.date(year, 12, 24),
            easter - dt.timedelta(days=1),
            easter + dt.timedelta(days=48),
        }
    return out


@dataclass(frozen=True)
class ProtectedPeriod:
    """One period of Sunday/holiday rest under aml. § 10-10 (1)."""

    start: dt.datetime
    end: dt.datetime


@lru_cache(maxsize=64)
def protected_periods(
    first: dt.date, last: dt.date, *, may_eve_hour: int = 22
) -> list[ProtectedPeriod]:
    """Protected periods that touch the dates ``first`` to ``last``.

    Algorithm of norwegian-rules.md section 3: each run of consecutive
    Sunday/holiday dates is protected from a start time on the day before the
    run to 22:00 on the run's last day. The start is 15:00 when the day before
    is Christmas, Easter or Whitsun Eve; ``may_eve_hour`` (22:00 by lov om 1.
    og 17. mai § 2) when the run starts on 1 or 17 May and the day before is
    neither a Saturday nor the day before Ascension; 18:00 otherwise.
    """
    years = list(range(first.year - 1, last.year + 2))
    days = holiday_dates(years)
    eve_days = eves(years)
    ascension = {easter_sunday(y) + dt.timedelta(days=39) for y in years}
    ordered = sorted(days)
    periods: list[ProtectedPeriod] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] - ordered[j] == dt.timedelta(days=1):
            j += 1
        run_start, run_end = ordered[i], ordered[j]
        before = run_start - dt.timedelta(days=1)
        if before in eve_days:
            hour = 15
        elif (
            (run_start.month, run_start.day) in {(5, 1), (5, 17)}
            and before.weekday() != 5
            and run_start not in ascension
        ):
            # Lov om 1. og 17. mai § 2: the day before is an ordinary working day.
            hour = may_eve_hour
        else:
            hour = 18
        start = dt.datetime.combine(before, dt.time(hour), tzinfo=OSLO)
        end = dt.datetime.combine(run_end, dt.time(22), tzinfo=OSLO)
        if end.date() >= first - dt.timedelta(days=1) and start.date() <= last + dt.timedelta(
            days=1
        ):
            periods.append(ProtectedPeriod(start, end))
        i = j + 1
    return periods


class DayGrid:
    """Local dates ``first`` .. ``first + n_days - 1`` (Europe/Oslo) as arrays.

    ``first`` is moved back to a Monday so that calendar weeks are whole rows
    of seven; ``midnight[k]`` is the UTC second at which date k starts and has
    ``n_days + 1`` entries, so ``midnight[k + 1] - midnight[k]`` is 82,800 s or
    90,000 s on the daylight-saving days.
    """

    def __init__(self, first: dt.date, last: dt.date) -> None:
        first = first - dt.timedelta(days=first.weekday())
        n_days = (last - first).days + 1
        n_days += (-n_days) % 7
        self.first = first
        self.n_days = n_days
        self.dates = [first + dt.timedelta(days=k) for k in range(n_days + 1)]
        naive = np.array([(d - EPOCH_DATE).days * DAY for d in self.dates], dtype=np.int64)
        self._naive = naive
        # Offsets at 00:00 and at 12:00 local: clock times before 02:00 use the
        # first, times after 03:00 the second (the change happens in between).
        self._offset_midnight = np.array(
            [self._offset(d, dt.time(0)) for d in self.dates], dtype=np.int64
        )
        self._offset_noon = np.array(
            [self._offset(d, dt.time(12)) for d in self.dates], dtype=np.int64
        )
        self.midnight = naive - self._offset_midnight
        self._base_noon = naive - self._offset_noon

    @staticmethod
    def _offset(day: dt.date, clock: dt.time) -> int:
        off = dt.datetime.combine(day, clock, tzinfo=OSLO).utcoffset()
        assert off is not None
        return int(off.total_seconds())

    def date_index(self, t: np.ndarray) -> np.ndarray:
        """Index of the local date that contains UTC second ``t``."""
        return np.searchsorted(self.midnight, t, side="right") - 1

    def local(self, day: np.ndarray | int, minute: np.ndarray | int) -> np.ndarray:
        """UTC second of local clock time ``minute`` (minutes after 00:00) on ``day``."""
        day = np.asarray(day)
        if np.ndim(minute) == 0:
            # One clock time for all: one lookup instead of three.
            base = self._base_noon if int(minute) >= 180 else self.midnight
            return base[day] + int(minute) * 60
        minute = np.asarray(minute, dtype=np.int64)
        offset = np.where(minute >= 180, self._offset_noon[day], self._offset_midnight[day])
        return self._naive[day] + minute * 60 - offset

    @cached_property
    def weekday(self) -> np.ndarray:
        """Monday = 0 .. Sunday = 6 for each date."""
        return np.arange(self.n_days + 1) % 7

    @cached_property
    def is_holiday(self) -> np.ndarray:
        """True for Sundays, statutory holidays and 1/17 May."""
        days = holiday_dates(range(self.first.year, self.dates[-1].year + 1))
        return np.array([d in days for d in self.dates], dtype=bool)

    def date_of(self, index: int) -> dt.date:
        """The local date at ``index``."""
        return self.dates[index]
