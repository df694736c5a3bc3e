"""Building registrations for the tests: short rows of local wall-clock times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import polars as pl

from hjemmekontor.worktime import RuleConfig, check

Row = tuple[str, str | None, str | None, float | None, str]


def registrations(rows: Iterable[Sequence[object]]) -> pl.DataFrame:
    """Rows ``(person, start, end, break_minutes[, location])`` with ISO local times."""
    people, starts, ends, breaks, places = [], [], [], [], []
    for row in rows:
        people.append(row[0])
        starts.append(dt.datetime.fromisoformat(row[1]) if row[1] else None)  # type: ignore[arg-type]
        ends.append(dt.datetime.fromisoformat(row[2]) if row[2] else None)  # type: ignore[arg-type]
        breaks.append(row[3])
        places.append(row[4] if len(row) > 4 else "home")
    return pl.DataFrame(
        {
            "person": people,
            "start": starts,
            "end": ends,
            "break_minutes": breaks,
            "location": places,
        },
        schema={
            "person": pl.String,
            "start": pl.Datetime("us"),
            "end": pl.Datetime("us"),
            "break_minutes": pl.Float64,
            "location": pl.String,
        },
    )


def basis(**fields: object) -> pl.DataFrame:
    """A basis frame for person ``p`` with the given fields."""
    return pl.DataFrame({"person": ["p"], **{k: [v] for k, v in fields.items()}})


def breaches(
    rows: Iterable[Sequence[object]],
    basis_frame: pl.DataFrame | None = None,
    config: RuleConfig | None = None,
) -> pl.DataFrame:
    """All breaches for the rows."""
    return check(registrations(rows), basis_frame, config).breaches


def week(first_day: str, start: str, end: str, days: int = 5, brk: float = 0.0) -> list[Row]:
    """The same shift on ``days`` consecutive dates from ``first_day``."""
    day0 = dt.date.fromisoformat(first_day)
    out: list[Row] = []
    for k in range(days):
        day = day0 + dt.timedelta(days=k)
        s = dt.datetime.combine(day, dt.time.fromisoformat(start))
        e = dt.datetime.combine(day, dt.time.fromisoformat(end))
        if e <= s:
            e += dt.timedelta(days=1)
        out.append(("p", s.isoformat(), e.isoformat(), brk, "home"))
    return out


def weeks(first_monday: str, start: str, end: str, n: int, days: int = 5) -> list[Row]:
    """``n`` weeks of the same shift on the first ``days`` days of each week."""
    monday = dt.date.fromisoformat(first_monday)
    out: list[Row] = []
    for k in range(n):
        out += week((monday + dt.timedelta(weeks=k)).isoformat(), start, end, days)
    return out
