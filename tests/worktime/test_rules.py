"""Table-driven tests: one case per edge of each rule, the section in its id.

Every expected value is worked out by hand from the case (hours on the wall
clock, with the daylight-saving change added where it applies), never taken
from the engine.
"""

from __future__ import annotations

import pytest

from hjemmekontor.worktime import RuleConfig

from .build import basis, breaches, week, weeks

MON = "2026-03-02"  # an ordinary week: Monday 2 to Sunday 8 March 2026


def case(id_: str, rows, rule, value, *, basis_kw=None, config=None):  # type: ignore[no-untyped-def]
    return pytest.param(rows, rule, value, basis_kw, config, id=id_)


def p(start: str, end: str, brk: float = 0.0, place: str = "home") -> tuple:  # type: ignore[type-arg]
    return ("p", start, end, brk, place)


CASES = [
    # aml. § 10-4 (1) / § 10-5: normal hours per 24 hours.
    case(
        "10-4(1) 9 h in a day is within the limit",
        [p("2026-03-02T08:00", "2026-03-02T17:00")],
        "RT-NORM-D",
        None,
    ),
    case(
        "10-4(1) 9.5 h in a day breaks 9 h",
        [p("2026-03-02T08:00", "2026-03-02T17:30")],
        "RT-NORM-D",
        9.5,
    ),
    case(
        "10-4(1) rolling 24 h across midnight",
        [p("2026-03-02T14:00", "2026-03-02T22:00"), p("2026-03-03T06:00", "2026-03-03T14:00")],
        "RT-NORM-D",
        16.0,
    ),
    case(
        "10-4(1) calendar days do not join an evening and the next morning",
        [p("2026-03-02T14:00", "2026-03-02T22:00"), p("2026-03-03T06:00", "2026-03-03T14:00")],
        "RT-NORM-D",
        None,
        config=RuleConfig(windows="calendar"),
    ),
    case(
        "10-5(1) individual averaging allows 10 h",
        [p("2026-03-02T08:00", "2026-03-02T17:30")],
        "RT-NORM-D",
        None,
        basis_kw={"averaging": "individual"},
    ),
    case(
        "10-5(2) tariff averaging allows 12.5 h",
        [p("2026-03-02T07:00", "2026-03-02T19:30")],
        "RT-NORM-D",
        None,
        basis_kw={"averaging": "tariff", "tariff_bound": True},
    ),
    # Normal hours per 7 days.
    case(
        "10-4(1) 40 h in a week is within the limit", week(MON, "08:00", "16:00"), "RT-NORM-W", None
    ),
    case("10-4(1) 42.5 h in a week breaks 40 h", week(MON, "08:00", "16:30"), "RT-NORM-W", 42.5),
    case(
        "10-5(1) individual averaging caps 7 days at 48 h",
        week(MON, "08:00", "18:00"),
        "RT-NORM-W",
        50.0,
        basis_kw={"averaging": "individual"},
    ),
    case(
        "10-5(1) averaged over 52 weeks 40 h a week",
        weeks(MON, "08:00", "17:00", 52),
        "RT-NORM-W",
        45.0,
        basis_kw={"averaging": "individual"},
    ),
    # aml. § 10-6 (4): overtime.
    case(
        "10-6(4) 10 h overtime in 7 days is within the limit",
        week(MON, "08:00", "18:00"),
        "RT-OT-7D",
        None,
    ),
    case(
        "10-6(4) 12.5 h overtime in 7 days breaks 10 h",
        week(MON, "08:00", "18:30"),
        "RT-OT-7D",
        12.5,
    ),
    case(
        "10-6(4) 24 h overtime in 4 weeks is within 25 h",
        weeks(MON, "08:00", "17:12", 4),
        "RT-OT-4W",
        None,
    ),
    case(
        "10-6(4) 28 h overtime in 4 weeks breaks 25 h",
        weeks(MON, "08:00", "17:24", 4),
        "RT-OT-4W",
        28.0,
    ),
    case(
        "10-6(4) 200 h overtime in 52 weeks is within the limit",
        weeks(MON, "08:00", "18:00", 20),
        "RT-OT-52W",
        None,
    ),
    case(
        "10-6(4) 210 h overtime in 52 weeks breaks 200 h",
        weeks(MON, "08:00", "18:00", 21),
        "RT-OT-52W",
        210.0,
    ),
    case(
        "10-6(5) tariff extension allows 20 h in 7 days",
        week(MON, "08:00", "18:30"),
        "RT-OT-7D",
        None,
        basis_kw={"tariff_bound": True},
        config=RuleConfig(apply_tariff_extensions=True),
    ),
    case(
        "10-6(5) tariff-bound alone does not extend the limit",
        week(MON, "08:00", "18:30"),
        "RT-OT-7D",
        12.5,
        basis_kw={"tariff_bound": True},
    ),
    # aml. § 10-6 (8): total hours.
    case(
        "10-6(8) 13 h in 24 h is within the limit",
        [p("2026-03-02T06:00", "2026-03-02T19:00")],
        "RT-TOT-D",
        None,
    ),
    case(
        "10-6(8) 13.5 h in 24 h breaks 13 h",
        [p("2026-03-02T06:00", "2026-03-02T19:30")],
        "RT-TOT-D",
        13.5,
    ),
    case(
        "10-6(8) 48 h in 7 days is within the limit",
        week(MON, "08:00", "16:00", days=6),
        "RT-TOT-W",
        None,
    ),
    case(
        "10-6(8) 51 h in 7 days breaks 48 h", week(MON, "08:00", "16:30", days=6), "RT-TOT-W", 51.0
    ),
    # aml. § 10-8 (1): daily rest.
    case(
        "10-8(1) exactly 11 h rest is enough",
        [p("2026-03-02T08:00", "2026-03-02T16:00"), p("2026-03-03T03:00", "2026-03-03T11:00")],
        "RT-REST-D",
        None,
    ),
    case(
        "10-8(1) 10 h 59 min rest is too short",
        [p("2026-03-02T08:00", "2026-03-02T16:00"), p("2026-03-03T02:59", "2026-03-03T11:00")],
        "RT-REST-D",
        10 + 59 / 60,
    ),
    case(
        "10-8(1) evening e-mail breaks the daily rest",
        [
            p("2026-03-02T08:00", "2026-03-02T16:00"),
            p("2026-03-02T23:00", "2026-03-02T23:15"),
            p("2026-03-03T08:00", "2026-03-03T16:00"),
        ],
        "RT-REST-D",
        8.75,
    ),
    case(
        "10-8(3) tariff extension lowers the floor to 8 h",
        [p("2026-03-02T08:00", "2026-03-02T16:00"), p("2026-03-03T02:00", "2026-03-03T10:00")],
        "RT-REST-D",
        None,
        basis_kw={"tariff_bound": True},
        config=RuleConfig(apply_tariff_extensions=True),
    ),
    # aml. § 10-8 (2): weekly rest.
    case(
        "10-8(2) exactly 35 h weekly rest is enough",
        [
            *week(MON, "08:00", "16:00"),
            p("2026-03-07T08:00", "2026-03-07T21:00"),
            p("2026-03-09T08:00", "2026-03-09T16:00"),
        ],
        "RT-REST-W",
        None,
    ),
    case(
        "10-8(2) 34 h 59 min weekly rest is too short",
        [
            *week(MON, "08:00", "16:00"),
            p("2026-03-07T08:00", "2026-03-07T21:01"),
            p("2026-03-09T08:00", "2026-03-09T16:00"),
        ],
        "RT-REST-W",
        35 - 1 / 60,
    ),
    case(
        "10-8(2) seven working days leave 16 h at most",
        week(MON, "08:00", "16:00", days=8),
        "RT-REST-W",
        16.0,
    ),
    # aml. § 10-8 (4): the next Sunday off.
    case(
        "10-8(4) two Sundays in a row",
        [p("2026-03-08T10:00", "2026-03-08T12:00"), p("2026-03-15T10:00", "2026-03-15T13:00")],
        "RT-SUN-NEXT",
        3.0,
    ),
    case(
        "10-8(4) every second Sunday is allowed",
        [p("2026-03-08T10:00", "2026-03-08T12:00"), p("2026-03-22T10:00", "2026-03-22T12:00")],
        "RT-SUN-NEXT",
        None,
    ),
    case(
        "10-8(4) Maundy Thursday then Good Friday (2026)",
        [p("2026-04-02T10:00", "2026-04-02T12:00"), p("2026-04-03T10:00", "2026-04-03T11:00")],
        "RT-SUN-NEXT",
        1.0,
    ),
    case(
        "10-8(4) rotation agreement allows two Sundays in a row",
        [p("2026-03-08T10:00", "2026-03-08T12:00"), p("2026-03-15T10:00", "2026-03-15T12:00")],
        "RT-SUN-NEXT",
        None,
        basis_kw={"sunday_rotation": True},
    ),
    case(
        "10-8(4) rotation agreement still needs one Sunday off in four weeks",
        [p(f"2026-03-{d:02d}T10:00", f"2026-03-{d:02d}T12:00") for d in (1, 8, 15, 22, 29)],
        "RT-SUN-NEXT",
        0.0,
        basis_kw={"sunday_rotation": True},
    ),
    # aml. § 10-9 (1): breaks.
    case(
        "10-9(1) 5.5 h without a break is allowed",
        [p("2026-03-02T08:00", "2026-03-02T13:30")],
        "RT-BREAK",
        None,
    ),
    case(
        "10-9(1) 6 h without a break", [p("2026-03-02T08:00", "2026-03-02T14:00")], "RT-BREAK", 0.0
    ),
    case(
        "10-9(1) 8 h with a 20 min break",
        [p("2026-03-02T08:00", "2026-03-02T16:20", 20)],
        "RT-BREAK",
        20.0,
    ),
    case(
        "10-9(1) 8 h with a 30 min break",
        [p("2026-03-02T08:00", "2026-03-02T16:30", 30)],
        "RT-BREAK",
        None,
    ),
    case(
        "10-9(1) a 30 min gap between registrations is a break",
        [p("2026-03-02T08:00", "2026-03-02T12:00"), p("2026-03-02T12:30", "2026-03-02T16:30")],
        "RT-BREAK",
        None,
    ),
    # aml. § 10-9 (2): break during overtime.
    case(
        "10-9(2) working to 18:30 without a pause after 16:00",
        [p("2026-03-02T08:00", "2026-03-02T12:00"), p("2026-03-02T12:30", "2026-03-02T18:30")],
        "RT-BREAK-OT",
        0.0,
    ),
    case(
        "10-9(2) a 30 min pause after normal hours",
        [
            p("2026-03-02T08:00", "2026-03-02T12:00"),
            p("2026-03-02T12:30", "2026-03-02T16:00"),
            p("2026-03-02T16:30", "2026-03-02T18:30"),
        ],
        "RT-BREAK-OT",
        None,
    ),
    case(
        "10-9(2) exactly two hours after normal hours",
        [p("2026-03-02T08:00", "2026-03-02T12:00"), p("2026-03-02T12:30", "2026-03-02T18:00")],
        "RT-BREAK-OT",
        None,
    ),
    # aml. § 10-10 with the Easter 2026 periods: Wed 1 Apr 18:00 - Fri 3 Apr 22:00,
    # Sat 4 Apr 15:00 - Mon 6 Apr 22:00.
    case(
        "10-10(1) Wednesday before Maundy Thursday until 17:59",
        [p("2026-04-01T16:00", "2026-04-01T17:59")],
        "RT-SUNDAY",
        None,
    ),
    case(
        "10-10(1) Wednesday before Maundy Thursday after 18:00",
        [p("2026-04-01T16:00", "2026-04-01T18:30")],
        "RT-SUNDAY",
        0.5,
    ),
    case(
        "10-10(1) Easter Eve from 15:00",
        [p("2026-04-04T14:00", "2026-04-04T16:00")],
        "RT-SUNDAY",
        1.0,
    ),
    case(
        "10-10(1) Good Friday evening after 22:00 is free of the rule",
        [p("2026-04-03T22:00", "2026-04-03T23:00")],
        "RT-SUNDAY",
        None,
    ),
    case(
        "10-10(1) Easter Monday until 22:00",
        [p("2026-04-06T21:00", "2026-04-06T23:00")],
        "RT-SUNDAY",
        1.0,
    ),
    case(
        "10-10(1) Whitsun Eve from 15:00 (23 May 2026)",
        [p("2026-05-23T14:00", "2026-05-23T16:00")],
        "RT-SUNDAY",
        1.0,
    ),
    case(
        "10-10(1) Christmas Eve from 15:00 (2026)",
        [p("2026-12-24T13:00", "2026-12-24T15:30")],
        "RT-SUNDAY",
        0.5,
    ),
    case(
        "10-10(1) ordinary Saturday from 18:00",
        [p("2026-03-07T17:00", "2026-03-07T19:00")],
        "RT-SUNDAY",
        1.0,
    ),
    case(
        "1947 law §2 Friday before 17 May on a Saturday (2025) is free until 22:00",
        [p("2025-05-16T20:00", "2025-05-16T22:00")],
        "RT-SUNDAY",
        None,
    ),
    case(
        "1947 law §2 Friday before 17 May on a Saturday (2025) from 22:00",
        [p("2025-05-16T21:00", "2025-05-16T22:30")],
        "RT-SUNDAY",
        0.5,
    ),
    case(
        "1947 law §1 17 May on a Saturday (2025) is protected",
        [p("2025-05-17T10:00", "2025-05-17T12:00")],
        "RT-SUNDAY",
        2.0,
    ),
    case(
        "1947 law §2 Friday before 1 May on a Saturday (2027) from 22:00",
        [p("2027-04-30T18:00", "2027-04-30T22:30")],
        "RT-SUNDAY",
        0.5,
    ),
    case(
        "1947 law §2 18:00 rule when the day before 17 May is a Saturday (2026)",
        [p("2026-05-16T17:00", "2026-05-16T19:00")],
        "RT-SUNDAY",
        1.0,
    ),
    case(
        "1947 law §2 configurable 18:00 before 1 May (2026)",
        [p("2026-04-30T17:00", "2026-04-30T19:00")],
        "RT-SUNDAY",
        1.0,
        config=RuleConfig(may_eve_hour=18),
    ),
    # aml. § 10-11: night work.
    case(
        "10-11(1) work until 21:00 is day work",
        [p("2026-03-02T19:00", "2026-03-02T21:00")],
        "RT-NIGHT",
        None,
    ),
    case("10-11(1) work until 21:30", [p("2026-03-02T19:00", "2026-03-02T21:30")], "RT-NIGHT", 0.5),
    case(
        "10-11(1) early morning before 06:00",
        [p("2026-03-02T05:00", "2026-03-02T07:00")],
        "RT-NIGHT",
        1.0,
    ),
    case(
        "10-11(3) evening agreement: ending 22:59",
        [p("2026-03-02T21:00", "2026-03-02T22:59")],
        "RT-NIGHT",
        None,
        basis_kw={"evening_agreement": True},
    ),
    case(
        "10-11(3) evening agreement: ending 23:01",
        [p("2026-03-02T21:00", "2026-03-02T23:01")],
        "RT-NIGHT",
        1 / 60,
        basis_kw={"evening_agreement": True},
    ),
    case(
        "10-11(6) regular nights of 9 h average above 8 h",
        weeks(MON, "22:00", "07:00", 4),
        "RT-NIGHT-AVG",
        9.0,
    ),
    case(
        "10-11(6) regular nights of 8 h are within the limit",
        weeks(MON, "22:00", "06:00", 4),
        "RT-NIGHT-AVG",
        None,
    ),
    case(
        "10-11(6) long day shifts are not night work",
        weeks(MON, "07:00", "17:00", 4),
        "RT-NIGHT-AVG",
        None,
    ),
    # aml. § 10-8 (1) with § 10-11 (3): rest after evening work.
    case(
        "10-11(3) work to 23:00, next start 10:00",
        [p("2026-03-02T21:00", "2026-03-02T23:00"), p("2026-03-03T10:00", "2026-03-03T16:00")],
        "RT-EVE-REST",
        None,
        basis_kw={"evening_agreement": True},
    ),
    case(
        "10-11(3) work to 23:00, next start 09:59",
        [p("2026-03-02T21:00", "2026-03-02T23:00"), p("2026-03-03T09:59", "2026-03-03T16:00")],
        "RT-EVE-REST",
        10 + 59 / 60,
        basis_kw={"evening_agreement": True},
    ),
    case(
        "10-11(3) work to 22:59, next start 09:00",
        [p("2026-03-02T21:00", "2026-03-02T22:59"), p("2026-03-03T09:00", "2026-03-03T16:00")],
        "RT-EVE-REST",
        10 + 1 / 60,
        basis_kw={"evening_agreement": True},
    ),
    # aml. § 10-7: the record.
    case(
        "10-7 a missing break is an incomplete record",
        [p("2026-03-02T08:00", "2026-03-02T12:00", None)],
        "RT-REG",
        1.0,
    ),  # type: ignore[arg-type]
    case(
        "10-7 a missing end is an incomplete record",
        [("p", "2026-03-02T08:00", None, 0.0, "home")],
        "RT-REG",
        1.0,
    ),
    case("10-7 a complete record", [p("2026-03-02T08:00", "2026-03-02T12:00")], "RT-REG", None),
    # Daylight saving (Europe/Oslo): 25 October 2026 has 25 hours.
    case(
        "10-4(1) a night shift over the clocks going back is an hour longer",
        [p("2026-10-24T21:00", "2026-10-25T06:00")],
        "RT-NORM-D",
        10.0,
    ),
    case(
        "10-4(1) the same wall-clock shift on an ordinary night",
        [p("2026-10-17T21:00", "2026-10-17T23:00"), p("2026-10-17T23:00", "2026-10-18T06:00")],
        "RT-NORM-D",
        None,
    ),
    case(
        "10-11(1) night hours over the clocks going back",
        [p("2026-10-24T22:00", "2026-10-25T06:00")],
        "RT-NIGHT",
        9.0,
    ),
    case(
        "10-11(1) night hours over the clocks going forward",
        [p("2026-03-28T22:00", "2026-03-29T06:00")],
        "RT-NIGHT",
        7.0,
    ),
]


@pytest.mark.parametrize(("rows", "rule", "value", "basis_kw", "config"), CASES)
def test_rule_case(rows, rule, value, basis_kw, config):  # type: ignore[no-untyped-def]
    found = breaches(rows, basis(**basis_kw) if basis_kw else None, config)
    hits = found.filter(found["rule"] == rule)
    if value is None:
        assert hits.height == 0, hits.to_dicts()
    else:
        assert hits.height >= 1, found.select("rule", "value").to_dicts()
        assert any(v == pytest.approx(value, abs=1e-6) for v in hits["value"]), hits.to_dicts()


def test_every_breach_rule_has_a_case():
    from hjemmekontor.worktime import BREACH_RULES

    covered = {c.values[1] for c in CASES}
    assert set(BREACH_RULES) <= covered
