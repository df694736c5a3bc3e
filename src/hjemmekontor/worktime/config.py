"""Configurable choices of the working-time rules.

Where the specification (norwegian-rules.md) leaves a point open or marks it
VERIFY, the default is the conservative reading: the one that reports a
possible breach rather than hiding it. ``docs/worktime/README.md`` lists each
choice with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleConfig:
    """Choices that change what the engine reports.

    Attributes
    ----------
    windows : {"rolling", "calendar"}
        "rolling": "24 hours" and "7 days" are any 24 real hours and any seven
        consecutive days; "calendar": local calendar days and Monday-Sunday
        weeks. The law does not say; rolling finds every breach a calendar
        window finds and more, so it is the default.
    apply_tariff_extensions : bool
        Let ``tariff_bound`` persons use the limits a tariff agreement may set
        (overtime 20/50/300 h, 16 h total per 24 h, rest floors 8 h/28 h).
        Off by default: being bound by a tariff agreement does not show that
        the agreement extends these limits.
    average_total_week : bool
        Average the 48-hour total over eight weeks (aml. § 10-6 (8)); off by
        default, so every seven days must stay within 48 hours.
    average_normal_week : bool
        With a § 10-5 agreement, average the 48 normal hours over eight weeks
        with a single-week cap of 50 h (individual) / 54 h (tariff); off by
        default (VERIFY in the specification).
    may_eve_hour : int
        Hour at which the protected period starts on the day before 1 and 17
        May when that day is an ordinary working day (lov om 1. og 17. mai § 2).
    night_regular_nights : int
        Nights with more than three hours of night work within four weeks
        that make a person a regular night worker (aml. § 10-11 (6)).
    fragment_gap_minutes : int
        A gap of at least this long splits a day into two work periods (patterns).
    record_exempt : bool
        Check RT-REG for employees exempt under § 10-12; sources disagree, so yes.
    """

    windows: str = "rolling"
    apply_tariff_extensions: bool = False
    average_total_week: bool = False
    average_normal_week: bool = False
    may_eve_hour: int = 22
    night_regular_nights: int = 1
    fragment_gap_minutes: int = 60
    record_exempt: bool = True

    def __post_init__(self) -> None:
        if self.windows not in {"rolling", "calendar"}:
            raise ValueError(f"windows must be 'rolling' or 'calendar', not {self.windows!r}")
