"""Benchmark: the working-time rules engine on 10 million registrations.

About 40,000 people x 250 working days of 2026, generated vectorised (numpy):
day shifts starting 07:00-09:00 lasting 6-10 hours, with one registration in
twenty moved to the evening, one in fifty long and one in a hundred moved to
the weekend, so that every rule has work to do.
Reports wall time of ``check`` (all rules) and of ``patterns``, and the peak
resident memory of the process.

    .venv/bin/python benchmarks/worktime.py [--people 40000] [--days 250]

Results go to docs/benchmarks.md, section "Working time".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import time

import numpy as np
import polars as pl

from hjemmekontor.worktime import check
from hjemmekontor.worktime.calendar import DayGrid, protected_periods
from hjemmekontor.worktime.patterns import person_patterns


def generate(people: int, days: int, seed: int = 7) -> pl.DataFrame:
    """``people * days`` registrations as a frame with aware Europe/Oslo times."""
    rng = np.random.default_rng(seed)
    grid = DayGrid(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    weekdays = np.flatnonzero(grid.weekday[: grid.n_days] < 5)
    first = (dt.date(2026, 1, 1) - grid.first).days
    weekdays = weekdays[weekdays >= first][:days]
    n = people * days
    person = np.repeat(np.arange(people, dtype=np.int32), days)
    day = np.tile(weekdays, people)
    # Ordinary days: start 07:00-09:00, 7.5-8.75 h with a 30-minute lunch.
    start_min = rng.integers(7 * 60, 9 * 60, n)
    length_min = rng.integers(450, 525, n)
    # Two in a hundred days are long (10-11 h).
    long_day = rng.random(n) < 0.02
    length_min = np.where(long_day, rng.integers(600, 660, n), length_min)
    # One in twenty registrations is an evening session at home instead.
    odd = rng.random(n) < 0.05
    start_min = np.where(odd, rng.integers(19 * 60, 21 * 60, n), start_min)
    length_min = np.where(odd, rng.integers(60, 180, n), length_min)
    # One in a hundred is moved to the weekend.
    weekend = rng.random(n) < 0.01
    day = np.where(weekend, day + 5, day)
    start = grid.local(day, start_min)
    end = start + length_min * 60
    brk = np.where(length_min > 330, 30.0, 0.0)
    location = np.array(["home", "office", "other"])[rng.integers(0, 3, n)]
    return pl.DataFrame(
        {
            "person": pl.Series(person).cast(pl.String),
            "start": pl.from_epoch(pl.Series(start), time_unit="s").dt.replace_time_zone("UTC"),
            "end": pl.from_epoch(pl.Series(end), time_unit="s").dt.replace_time_zone("UTC"),
            "break_minutes": brk,
            "location": location,
        }
    ).with_columns(
        pl.col("start").dt.convert_time_zone("Europe/Oslo"),
        pl.col("end").dt.convert_time_zone("Europe/Oslo"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=40_000)
    parser.add_argument("--days", type=int, default=250)
    args = parser.parse_args()
    # Import the holiday tables once before timing: `holidays` loads every
    # country's module on first use (about a second of start-up, not checking).
    protected_periods(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    t0 = time.perf_counter()
    frame = generate(args.people, args.days)
    t1, c1 = time.perf_counter(), time.process_time()
    result = check(frame)
    t2, c2 = time.perf_counter(), time.process_time()
    person_patterns(result.context)
    t3, c3 = time.perf_counter(), time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = result.breaches.group_by("rule").len().sort("rule")
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} CPUs, python {platform.python_version()}, "
        f"polars {pl.__version__}, numpy {np.__version__}"
    )
    print(f"load average during run (1/5/15 min): {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    print(f"registrations: {frame.height:,} ({args.people:,} people x {args.days} days)")
    print(f"generate: {t1 - t0:.1f} s")
    print(
        f"check (all rules): {t2 - t1:.1f} s wall, {c2 - c1:.1f} s CPU, "
        f"{result.breaches.height:,} breaches"
    )
    print(f"patterns: {t3 - t2:.1f} s wall, {c3 - c2:.1f} s CPU")
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")
    for rule, n in counts.iter_rows():
        print(f"  {rule:<13} {n:>10,}")


if __name__ == "__main__":
    main()
