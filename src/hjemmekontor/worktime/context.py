"""What every check needs: the timeline, the limits, the choices, the sink."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import polars as pl

from .basis import Limits
from .breaches import BreachSink
from .calendar import HOUR, DayGrid, protected_periods
from .config import RuleConfig
from .intervals import IntervalSet
from .timeline import Pieces, Timeline


@dataclass
class Context:
    """Shared state of one engine run; day grids are built once, on demand."""

    tl: Timeline
    limits: Limits
    config: RuleConfig
    sink: BreachSink
    basis: pl.DataFrame
    cache: dict[object, Any] = field(default_factory=dict)

    @property
    def grid(self) -> DayGrid:
        return self.tl.grid

    @property
    def pieces(self) -> Pieces:
        return self.tl.pieces

    @property
    def rolling(self) -> bool:
        return self.config.windows == "rolling"

    @cached_property
    def work_hours(self) -> np.ndarray:
        """Hours worked per (person, local date)."""
        p = self.pieces
        return p.per_day(p.work, self.tl.n_persons, self.grid.n_days) / HOUR

    @cached_property
    def protected(self) -> IntervalSet:
        """Protected Sunday/holiday periods (aml. § 10-10 (1)) as UTC seconds."""
        grid = self.grid
        periods = protected_periods(
            grid.first, grid.dates[-1], may_eve_hour=self.config.may_eve_hour
        )
        start = np.array([int(p.start.timestamp()) for p in periods], dtype=np.int64)
        end = np.array([int(p.end.timestamp()) for p in periods], dtype=np.int64)
        return IntervalSet(start, end)

    def work_sum(self, n_days: int) -> np.ndarray:
        """Hours worked in ``n_days`` consecutive dates from each date (cached)."""
        key = ("work_sum", n_days)
        if key not in self.cache:
            self.cache[key] = rolling_sum(self.work_hours, n_days)
        return self.cache[key]

    def nightly(self, from_minute: int, to_minute: int) -> IntervalSet:
        """Every night from ``from_minute`` on date d to ``to_minute`` on d + 1."""
        days = np.arange(self.grid.n_days)
        return IntervalSet(self.grid.local(days, from_minute), self.grid.local(days + 1, to_minute))

    def window_starts(self, n_days: int) -> np.ndarray:
        """Dates at which day-grid windows start: all (rolling) or Mondays (calendar)."""
        days = np.arange(self.grid.n_days)
        return days if self.rolling else days[self.grid.weekday[days] == 0]


def rolling_sum(values: np.ndarray, n_days: int) -> np.ndarray:
    """Sum over ``n_days`` consecutive dates starting at each date (zeros past the end)."""
    n = values.shape[1]
    cum = np.zeros((values.shape[0], n + 1))
    np.cumsum(values, axis=1, out=cum[:, 1:])
    out = np.empty(values.shape)
    k = min(n_days, n)
    # Slices, not gathers: windows that fit, then windows cut off at the end.
    np.subtract(cum[:, k:n], cum[:, : n - k], out=out[:, : n - k])
    np.subtract(cum[:, n : n + 1], cum[:, n - k : n], out=out[:, n - k :])
    return out
