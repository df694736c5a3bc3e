"""The demo's action plans: what each unit does about the spring 2026 round, step by step.

Used by `hjemmekontor.hms.demo`. Times are shares of the period from a fortnight
after the spring round closed up to today (`Clock`), so that the story keeps its
order whatever day the demo is loaded. The findings quote the unit's own spring
figures when at least k answered (the indicators of docs/analysis.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from hjemmekontor.organisation.models import Unit, UnitTree

OSLO = ZoneInfo("Europe/Oslo")
AFTER_HOURS_WEEKLY = {"daily", "several_times_week", "weekly"}


class Clock:
    """Moments from a fortnight after the spring 2026 round closed up to today."""

    def __init__(self, now: dt.datetime, round_closed: dt.date) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        # Shares run up to the start of today, not to this very moment: the
        # demo loaded twice on one day gets the same dates (measured to the
        # second, a moment near midnight moved to the next day between two
        # loads a minute apart).
        self.end = dt.datetime.combine(self.today, dt.time(0), tzinfo=OSLO)
        closed = dt.datetime.combine(round_closed, dt.time(16), tzinfo=OSLO)
        # At least 120 days back, so that back-dated steps keep their order.
        self.start = min(closed + dt.timedelta(days=14), self.end - dt.timedelta(days=120))

    def at(self, share: float, hour: int = 10) -> dt.datetime:
        moment = self.start + (self.end - self.start) * share
        return dt.datetime.combine(timezone.localdate(moment), dt.time(hour), tzinfo=OSLO)

    def day(self, share: float) -> dt.date:
        return timezone.localdate(self.at(share))

    def from_today(self, days: int) -> dt.date:
        return self.today + dt.timedelta(days=days)


@dataclass(frozen=True)
class Step:
    """Something that happens to an action later: a status, a comment or an evaluation."""

    share: float
    status: str = ""
    comment: str = ""
    helped: str = ""
    by_representative: bool = False


@dataclass(frozen=True)
class PlannedAction:
    where: str  # "home" (leder's unit), "team" (ansatt's), "other" (leder2's), "far"
    indicator: str
    problem: str
    description: str
    created: float
    due: Callable[[Clock, dt.date], dt.date]
    steps: tuple[Step, ...] = ()


def _after(days: int) -> Callable[[Clock, dt.date], dt.date]:
    return lambda clock, created: created + dt.timedelta(days=days)


def _from_today(days: int) -> Callable[[Clock, dt.date], dt.date]:
    return lambda clock, created: clock.from_today(days)


PLANS: tuple[PlannedAction, ...] = (
    PlannedAction(
        "home",
        "after_hours_weekly",
        "Jobber mye utenom arbeidstid fra hjemmekontoret",
        "Innføre kjernetid 09–15 og en skriftlig avtale om tilgjengelighet i hvert team",
        0.10,
        _from_today(45),
        (
            Step(0.14, status="in_progress"),
            Step(
                0.2,
                by_representative=True,
                comment="Verneombudet støtter kjernetid. Husk at "
                "reglene om hvile i arbeidsmiljøloven § 10-8 gjelder på hjemmekontoret også.",
            ),
            Step(0.7, comment="Kjernetid er innført. Gjenstår: tilgjengelighet inn i avtalene."),
        ),
    ),
    PlannedAction(
        "home",
        "written_agreement",
        "Ikke alle med fast hjemmekontor har skriftlig avtale",
        "Tilby alle med fast hjemmekontor en skriftlig avtale etter hjemmekontorforskriften § 2",
        0.08,
        _after(100),
        (
            Step(0.12, status="in_progress"),
            Step(0.45, status="done"),
            Step(
                0.5,
                by_representative=True,
                comment="Fint at alle har fått tilbud. Sjekk at "
                "avtalene også sier noe om utstyr og oppbevaring av dokumenter.",
            ),
            Step(
                0.9,
                helped="yes",
                comment="Alle med fast ordning har fått tilbud, og de fleste "
                "har signert. Andelen sammenlignes med høstens runde.",
            ),
        ),
    ),
    PlannedAction(
        "home",
        "equip_screen",
        "Noen mangler egen skjerm og kontorstol hjemme",
        "Kartlegge utstyrsbehov med sjekklisten og låne ut skjerm og kontorstol",
        0.45,
        _from_today(-12),
        (
            Step(0.5, status="in_progress"),
            Step(
                0.62,
                by_representative=True,
                comment="Flere har meldt behov for skjerm via "
                "sjekklisten. Har vi nok skjermer på lager til å holde fristen?",
            ),
        ),
    ),
    PlannedAction(
        "home",
        "onboarding",
        "Nyansatte blir sent kjent med kollegaene når mange er hjemme",
        "Fadder for alle nyansatte og faste kontordager de tre første månedene",
        0.6,
        _from_today(75),
        (
            Step(
                0.66, by_representative=True, comment="Ta gjerne med tillitsvalgt i planleggingen."
            ),
        ),
    ),
    PlannedAction(
        "team",
        "social_community",
        "Det sosiale fellesskapet i teamet er svakere enn før",
        "Felles kontordag hver onsdag med lunsj for hele teamet",
        0.10,
        _after(60),
        (
            Step(0.12, status="in_progress"),
            Step(0.4, status="done"),
            Step(
                0.85,
                helped="partly",
                comment="Flere møtes på onsdager, men de som jobber "
                "mest hjemme deltar sjelden. Følges opp i høstens runde.",
            ),
        ),
    ),
    PlannedAction(
        "team",
        "back_to_back",
        "Mange digitale møter rett etter hverandre",
        "Møtefri fredag for hele teamet",
        0.15,
        _after(90),
        (
            Step(
                0.2,
                by_representative=True,
                comment="Bra tiltak; pausene er viktige for ergonomien også.",
            ),
            Step(
                0.35,
                status="dropped",
                comment="Droppet: kundeleveranser krever møter på "
                "fredager. I stedet er 25-minuttersmøter standard i kalenderen.",
            ),
        ),
    ),
    PlannedAction(
        "other",
        "after_hours_weekly",
        "Jobber mye utenom arbeidstid fra hjemmekontoret",
        "Ikke sende e-post og meldinger etter kl. 17; bruk planlagt sending",
        0.55,
        _from_today(30),
    ),
    PlannedAction(
        "other",
        "written_agreement",
        "Få har skriftlig hjemmekontoravtale",
        "Skriftlig avtale for alle med fast hjemmekontor innen nyttår",
        0.3,
        _from_today(35),
        (Step(0.35, status="in_progress"),),
    ),
    PlannedAction(
        "other",
        "knowledge_sharing",
        "Lite uformell erfaringsdeling mellom kollegaer",
        "Ukentlig faglunsj der én deler erfaringer fra en kundesak",
        0.10,
        _after(60),
        (
            Step(0.15, status="in_progress"),
            Step(0.45, status="done"),
            Step(
                0.8,
                helped="no",
                comment="Få deltok etter sommeren; vi prøver korte "
                "erfaringsrunder i teammøtene i stedet.",
            ),
        ),
    ),
    PlannedAction(
        "far",
        "equip_chair",
        "Flere sitter ved kjøkkenbordet på hjemmekontoret",
        "Tilby hev-senk-bord og kontorstol til alle med fast hjemmekontor",
        0.65,
        _from_today(90),
    ),
    PlannedAction(
        "far",
        "loneliness",
        "Flere føler seg ensomme i arbeidet",
        "Faste digitale kaffepauser og en månedlig samling på kontoret",
        0.2,
        _from_today(20),
        (Step(0.25, status="in_progress"),),
    ),
)


def _share(
    answers: dict[int, list[dict[str, Any]]],
    unit: Unit,
    counted: Callable[[dict[str, Any]], bool],
    hit: Callable[[dict[str, Any]], bool],
) -> tuple[float, int] | None:
    """A share among the spring round's answers in the unit's subtree, if n ≥ k."""
    population = [
        row for unit_id in UnitTree().subtree(unit.pk) for row in answers.get(unit_id, [])
    ]
    population = [row for row in population if counted(row)]
    if len(population) < settings.ANONYMITY_K:
        return None
    return sum(1 for row in population if hit(row)) / len(population), len(population)


def has_home_office(row: dict[str, Any]) -> bool:
    return row.get("ho_freq") not in (None, "never")


def finding(
    answers: dict[int, list[dict[str, Any]]], unit: Unit, indicator: str, problem: str
) -> str:
    """The finding behind an action, with the unit's spring figure where there is one."""
    measures: dict[str, tuple[Callable[[dict[str, Any]], bool], Callable[..., bool], str]] = {
        "after_hours_weekly": (
            has_home_office,
            lambda row: row.get("after_hours_freq") in AFTER_HOURS_WEEKLY,
            "jobber hjemmefra utenom vanlig arbeidstid minst ukentlig (landet: 55 %)",
        ),
        "written_agreement": (
            has_home_office,
            lambda row: row.get("written_agreement") == "yes",
            "har skriftlig hjemmekontoravtale (landet: 18 %)",
        ),
        "equip_screen": (
            lambda row: row.get("equip_screen") is not None,
            lambda row: row.get("equip_screen") == "no",
            "mangler egen skjerm hjemme",
        ),
        "equip_chair": (
            lambda row: row.get("equip_chair") is not None,
            lambda row: row.get("equip_chair") == "no",
            "mangler en god kontorstol hjemme",
        ),
        "loneliness": (  # often5: 4 often, 5 always
            lambda row: row.get("loneliness") is not None,
            lambda row: int(row["loneliness"]) >= 4,
            "føler seg ofte eller alltid ensomme i arbeidet",
        ),
        "onboarding": (  # agree5: 1-2 disagree
            lambda row: row.get("onboarding") is not None,
            lambda row: int(row["onboarding"]) <= 2,
            "er uenige i at nye kolleger blir godt tatt imot",
        ),
    }
    if indicator in measures:
        counted, hit, text = measures[indicator]
        found = _share(answers, unit, counted, hit)
        if found is not None:
            share, n = found
            return f"Vårundersøkelsen 2026 ({n} svar i enheten): {round(share * 100)} % {text}."
    return f"Vårundersøkelsen 2026 og samtaler i enheten: {problem.lower()}."
