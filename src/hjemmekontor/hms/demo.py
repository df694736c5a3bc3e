"""The HMS follow-up in the demo organisation: plans, agreements, checklists, risk assessments.

Everything goes through the HMS actions (`hjemmekontor.hms.actions`), back-dated
with `now=` to the months between the spring 2026 round and today, so that the
demo logins find the module in use: `leder`'s unit has actions in every status
(one overdue) and a signed risk assessment, `verneombud` has commented and signed,
`ansatt` has a checklist and a request to their manager. Who is in scope of the
regulation follows the spring round's answers about home-office frequency in each
unit; the findings quote that round's figures when at least k answered.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from hjemmekontor.hms import actions as hms
from hjemmekontor.hms.checklist import POINTS, POINTS_BY_KEY
from hjemmekontor.hms.demo_plans import OSLO, PLANS, Clock, finding, has_home_office
from hjemmekontor.hms.models import (
    Action,
    Agreement,
    AgreementScope,
    Checklist,
    ReminderSent,
    RiskAssessment,
    WorkplaceRequest,
)
from hjemmekontor.hms.people import managers_of, safety_representatives_of
from hjemmekontor.organisation.models import Person, Unit, UnitTree
from hjemmekontor.surveys.models import Response, Round

# Days a week for each fixed answer to `ho_freq` (docs/dev/instrument-variables.md);
# "monthly" is recorded as sporadic (below the §1 threshold), the rest not at all.
FIXED_DAYS = {
    "monthly": Decimal("0.5"),
    "1_day_week": Decimal("1"),
    "2_days_week": Decimal("2"),
    "3_4_days_week": Decimal("3.5"),
    "every_day": Decimal("5"),
}
# Chance that someone in scope has a written agreement: about the national 18 %
# (AFI 2022), higher where the demo's plans offered everyone one.
AGREEMENT_CHANCE = {"home": 0.55, "other": 0.3, "rest": 0.18}
CHECKLIST_SHARE = {"home": 0.6, "other": 0.45}
# Requests to the manager besides ansatt's; the first in leder's unit is handled.
REQUESTS = {"home": 2, "other": 1}
# (ok, partly, not_ok) per checklist point; points not listed use DEFAULT_WEIGHTS.
CHECKLIST_WEIGHTS = {
    "chair": (0.55, 0.3, 0.15),
    "desk": (0.5, 0.3, 0.2),
    "screen": (0.5, 0.2, 0.3),
    "lighting": (0.7, 0.25, 0.05),
    "breaks": (0.45, 0.4, 0.15),
    "working_time": (0.5, 0.35, 0.15),
    "security": (0.8, 0.15, 0.05),
}
DEFAULT_WEIGHTS = (0.65, 0.27, 0.08)


@dataclass(frozen=True)
class Cast:
    """The demo logins the HMS data are written by (and for)."""

    admin: Any
    leder: Any
    leder2: Any
    verneombud: Any
    ansatt: Any

    @classmethod
    def from_accounts(cls) -> Cast:
        users = get_user_model().objects.select_related("person", "person__unit")
        found = {user.username: user for user in users.filter(username__in=cls.__annotations__)}
        missing = sorted(set(cls.__annotations__) - set(found))
        if missing:
            raise ValueError(f"Demobrukerne mangler: {', '.join(missing)}. Last demoen på nytt.")
        return cls(**found)


def clear_demo_hms() -> None:
    """Delete every HMS record (for `clear_demo`, inside its transaction).

    Actions, agreements and assessments protect the people and units they belong
    to, and versions protect their predecessors, so they go first, newest link cut.
    """
    ReminderSent.objects.all().delete()
    RiskAssessment.objects.update(previous=None)
    RiskAssessment.objects.all().delete()
    Action.objects.all().delete()
    Agreement.objects.update(previous=None)
    Agreement.objects.all().delete()
    WorkplaceRequest.objects.all().delete()
    Checklist.objects.all().delete()
    AgreementScope.objects.all().delete()


def load_demo_hms(seed: int, now: dt.datetime | None = None) -> None:
    """Fill the demo organisation's HMS follow-up (after the demo logins exist).

    Parameters
    ----------
    seed
        The same seed (and day) gives the same records.
    now
        The moment the demo is loaded; default: now. Records are dated before it.

    Does nothing if any HMS record exists already, so loading twice adds nothing.
    """
    if any(
        model.objects.exists()
        for model in (Action, Agreement, AgreementScope, Checklist, RiskAssessment)
    ):
        return
    # Imported here: the generator pulls in numpy and polars (see demo/loading.py).
    from hjemmekontor.synth import ROUNDS

    cast = Cast.from_accounts()
    clock = Clock(now or timezone.now(), ROUNDS[2].closes)
    rng = random.Random(seed)
    answers = _spring_answers(ROUNDS[2].opens)
    units = _units(cast, answers)
    actions = _load_actions(cast, clock, units, answers, rng)
    _load_agreements(cast, clock, units, answers, rng)
    _load_checklists(cast, clock, units, rng)
    _load_assessments(cast, clock, units, actions)


def _spring_answers(opens: dt.date) -> dict[int, list[dict[str, Any]]]:
    """The spring round's employee answers by unit (anonymous: no person attached)."""
    start = dt.datetime.combine(opens, dt.time(0), tzinfo=OSLO)
    spring = Round.objects.filter(opens_at__gte=start, opens_at__lt=start + dt.timedelta(days=1))
    found: dict[int, list[dict[str, Any]]] = {}
    for unit_id, answers in Response.objects.filter(round__in=spring, kind="employee").values_list(
        "unit_id", "answers"
    ):
        found.setdefault(unit_id, []).append(answers)
    return found


def _units(cast: Cast, answers: dict[int, list[dict[str, Any]]]) -> dict[str, Unit]:
    """leder's unit ("home"), ansatt's ("team"), leder2's ("other"), a fourth ("far"),
    and a small team for a checklist aggregate below k ("small")."""
    home, other = cast.leder.person.unit, cast.leder2.person.unit
    team = cast.ansatt.person.unit
    tree = UnitTree()
    taken = set(tree.subtree(home.pk)) | set(tree.subtree(other.pk))
    if team.pk == home.pk:
        children = list(Unit.objects.filter(parent=home).order_by("code"))
        team = max(children, key=lambda u: u.people.count()) if children else other
    people = {unit.pk: unit.people.filter(active=True).count() for unit in Unit.objects.all()}
    rest = [unit for unit in Unit.objects.order_by("code") if unit.pk not in taken]
    # The fourth: the department elsewhere with the most spring answers from home office.
    departments = [unit for unit in rest if unit.parent_id is not None] or rest
    far = max(
        departments,
        key=lambda unit: sum(
            1 for pk in tree.subtree(unit.pk) for row in answers.get(pk, []) if has_home_office(row)
        ),
    )
    leaves = [
        unit
        for unit in rest
        if len(tree.subtree(unit.pk)) == 1 and 2 <= people[unit.pk] < 10 * settings.ANONYMITY_K
    ]
    small = min(leaves, key=lambda unit: (people[unit.pk], unit.code)) if leaves else far
    return {"home": home, "team": team, "other": other, "far": far, "small": small}


def _load_actions(
    cast: Cast,
    clock: Clock,
    units: dict[str, Unit],
    answers: dict[int, list[dict[str, Any]]],
    rng: random.Random,
) -> dict[str, list[Action]]:
    made: dict[str, list[Action]] = {}
    for plan in PLANS:
        unit = units[plan.where]
        manager = {"home": cast.leder, "team": cast.leder, "other": cast.leder2}.get(
            plan.where, cast.admin
        )
        representative = cast.verneombud if plan.where in ("home", "team") else manager
        staff = list(unit.people.filter(active=True, is_manager=False).order_by("pk"))
        heads = managers_of(unit) or staff
        # Now and then a colleague, not the manager, carries the action.
        responsible = rng.choice(staff) if staff and rng.random() < 0.3 else heads[0]
        participants = safety_representatives_of(unit)
        if plan.where in ("home", "team"):
            participants = sorted({*participants, cast.verneombud.person}, key=lambda p: p.pk)
        created = clock.at(plan.created, hour=9)
        action = hms.do_create_action(
            unit=unit,
            problem=plan.problem,
            description=plan.description,
            responsible=responsible,
            due_date=plan.due(clock, timezone.localdate(created)),
            participants=participants,
            indicator=plan.indicator,
            finding=finding(answers, unit, plan.indicator, plan.problem),
            created_by=manager,
            now=created,
        )
        for step in plan.steps:
            actor = representative if step.by_representative else manager
            when = clock.at(step.share, hour=13)
            if step.status:
                hms.do_update_action(action, actor=manager, status=step.status, now=when)
            if step.helped:
                hms.do_evaluate_action(
                    action, actor=manager, helped=step.helped, text=step.comment, now=when
                )
            elif step.comment:
                hms.do_comment_action(action, actor=actor, text=step.comment, now=when)
        made.setdefault(plan.where, []).append(action)
    return made


def _terms(days: Decimal, start: dt.date, rng: random.Random) -> hms.AgreementTerms:
    weekdays = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]
    count = min(5, max(1, int(days)))
    chosen = sorted(rng.sample(range(5), count))
    no_trial = rng.random() < 0.7
    return hms.AgreementTerms(
        start_date=start,
        extent=(
            f"Fast hjemmekontor {str(days).replace('.', ',')} dag(er) i uka "
            f"({', '.join(weekdays[i] for i in chosen)}); øvrige dager på kontoret."
        ),
        working_hours="Ordinær arbeidstid 08.00–15.45 med kjernetid 09–15, som på kontoret. "
        "Overtid avtales med leder på forhånd.",
        availability="Tilgjengelig på telefon og Teams i kjernetiden. Ingen forventning om å "
        "svare på e-post eller meldinger etter kl. 17.",
        change_and_termination="Begge parter kan endre eller si opp ordningen med fire ukers "
        "skriftlig varsel. Endres arbeidsoppgavene, vurderes avtalen på nytt.",
        equipment="Arbeidsgiver eier og vedlikeholder PC, skjerm, tastatur, mus og kontorstol; "
        "feil meldes til brukerstøtte.",
        confidentiality="Dokumenter lagres bare i virksomhetens systemer. Papir med "
        "personopplysninger tas ikke med hjem. Skjermen låses når arbeidsplassen forlates.",
        trial_period_none=no_trial,
        trial_period=""
        if no_trial
        else "Tre måneders prøvetid; ordningen evalueres i medarbeidersamtalen.",
    )


def _load_agreements(
    cast: Cast,
    clock: Clock,
    units: dict[str, Unit],
    answers: dict[int, list[dict[str, Any]]],
    rng: random.Random,
) -> None:
    tree = UnitTree()
    area = {
        **{pk: "other" for pk in tree.subtree(units["other"].pk)},
        **{pk: "home" for pk in tree.subtree(units["home"].pk)},
    }
    ansatt = cast.ansatt.person
    # Sorted: the database returns answers in no fixed order (PostgreSQL's differs
    # from SQLite's), and the same seed must give the same arrangements on both.
    everyone = sorted(str(row.get("ho_freq") or "") for rows in answers.values() for row in rows)
    in_scope: list[tuple[Person, Decimal, str]] = []
    for person in Person.objects.filter(active=True).select_related("unit").order_by("pk"):
        # Each person's arrangement is drawn from the answers given in their unit.
        pool = sorted(str(row.get("ho_freq") or "") for row in answers.get(person.unit_id, []))
        pool = pool or everyone
        days = FIXED_DAYS.get(rng.choice(pool) if pool else "")
        if person.pk == ansatt.pk:
            days = FIXED_DAYS["2_days_week"]  # as ansatt's request to the manager says
        if days is None:
            continue
        where = area.get(person.unit_id, "rest")
        manager = {"home": cast.leder, "other": cast.leder2}.get(where, cast.admin)
        if manager is not cast.admin and manager.person.pk == person.pk:
            manager = cast.admin
        hms.do_set_scope(
            person,
            days_per_week=days,
            only_home=days == FIXED_DAYS["every_day"],
            set_by=manager,
            now=clock.at(rng.uniform(0.05, 0.2)),
        )
        if days >= Decimal(str(settings.HMS_SCOPE_DAYS_PER_WEEK)):
            in_scope.append((person, days, where))
    home = [
        entry[0].pk
        for entry in in_scope
        if entry[2] == "home" and not entry[0].is_manager and entry[0].pk != ansatt.pk
    ]
    # ansatt has a current agreement to open on "Min avtale"; three colleagues show
    # an ended one, a renewed one and a temporary one about to expire.
    specials = {ansatt.pk: "mine"} | dict(zip(home, ("ended", "renewed", "expiring"), strict=False))
    for person, days, where in in_scope:
        special = specials.get(person.pk)
        if special is None and rng.random() >= AGREEMENT_CHANCE[where]:
            continue
        manager = {"home": cast.leder, "other": cast.leder2}.get(where, cast.admin)
        share = rng.uniform(0.15, 0.5) if where == "home" else rng.uniform(-0.6, 0.8)
        if special in ("ended", "renewed"):
            share = -0.5
        start = clock.day(share) if share >= 0 else clock.day(0) - dt.timedelta(days=-share * 400)
        terms = _terms(days, start, rng)
        if special in ("renewed", "expiring"):
            end = clock.day(0.55) if special == "renewed" else clock.from_today(20)
            terms = replace(terms, temporary=True, expected_end=end)
        created = dt.datetime.combine(start, dt.time(11), tzinfo=OSLO)
        agreement = hms.do_create_agreement(person, terms, created_by=manager, now=created)
        if special == "ended":
            hms.do_end_agreement(
                agreement,
                ended_on=clock.day(0.4),
                reason="Tilbake på kontoret alle dager etter eget ønske.",
                ended_by=manager,
            )
            hms.do_set_scope(person, days_per_week=Decimal(0), set_by=manager, now=clock.at(0.4))
        elif special == "renewed":
            renewed = replace(terms, start_date=clock.day(0.55), temporary=False, expected_end=None)
            hms.do_create_agreement(person, renewed, created_by=manager, now=clock.at(0.5))


def _answers(person: Person, rng: random.Random) -> dict[str, str]:
    found = {}
    for point in POINTS:
        weights = CHECKLIST_WEIGHTS.get(point.key, DEFAULT_WEIGHTS)
        found[point.key] = rng.choices(("ok", "partly", "not_ok"), weights=weights)[0]
    return found


def _load_checklists(cast: Cast, clock: Clock, units: dict[str, Unit], rng: random.Random) -> None:
    tree = UnitTree()
    ansatt = cast.ansatt.person
    # ansatt's own run: no screen at home, unclear working time; the rest is fine.
    mine = {point.key: "ok" for point in POINTS} | {"screen": "not_ok", "working_time": "partly"}
    hms.do_save_checklist(ansatt, mine, now=clock.at(0.5, hour=14))
    hms.do_send_request(
        ansatt,
        point="screen",
        text=f"{POINTS_BY_KEY['screen'].request_hint}: jobber to dager i uka hjemme med bare "
        "den bærbare skjermen.",
        now=clock.at(0.5, hour=15),
    )
    requests = {"home": 0, "other": 0}
    for where, share in CHECKLIST_SHARE.items():
        people = Person.objects.filter(
            active=True, unit_id__in=tree.subtree(units[where].pk)
        ).exclude(pk=ansatt.pk)
        for person in people.order_by("pk"):
            if rng.random() >= share:
                continue
            when = clock.at(rng.uniform(0.2, 0.9), hour=rng.randint(8, 15))
            given = _answers(person, rng)
            hms.do_save_checklist(person, given, now=when)
            weak = [key for key, value in given.items() if value == "not_ok"]
            if weak and requests[where] < REQUESTS[where] and not person.is_manager:
                request = hms.do_send_request(
                    person,
                    point=weak[0],
                    text=str(POINTS_BY_KEY[weak[0]].request_hint),
                    now=when + dt.timedelta(minutes=10),
                )
                requests[where] += 1
                if requests[where] == 1 and where == "home":
                    hms.do_handle_request(
                        request,
                        handled_by=cast.leder,
                        note="Bestilt; leveres hjem i løpet av to uker.",
                        now=min(when + dt.timedelta(days=3), clock.now),
                    )
    # A small team where fewer than k have answered: its aggregate stays hidden.
    small = units["small"].people.filter(active=True).order_by("pk")
    for person in small[: max(1, settings.ANONYMITY_K - 2)]:
        hms.do_save_checklist(person, _answers(person, rng), now=clock.at(rng.uniform(0.3, 0.9)))


def _load_assessments(
    cast: Cast, clock: Clock, units: dict[str, Unit], actions: dict[str, list[Action]]
) -> None:
    def ids(where: str, *positions: int) -> tuple[int, ...]:
        return tuple(actions[where][i].pk for i in positions)

    scores = {  # key: (probability, consequence, text)
        "ergonomics": (4, 3, "Mange mangler skjerm eller stol hjemme (sjekklisten)."),
        "isolation": (3, 3, "Noen savner kolleger; følges med felles kontordager."),
        "after_hours": (4, 4, "Over halvparten jobber utenom arbeidstid ukentlig."),
        "availability": (3, 3, "Forventninger om svar på kvelden er uklare."),
        "onboarding": (3, 4, "Nyansatte blir sent kjent med kollegaene."),
        "security": (2, 4, "Dokumenter lagres i virksomhetens systemer; lite papir."),
    }
    links = {
        "after_hours": ids("home", 0),
        "availability": ids("home", 0, 1),
        "ergonomics": ids("home", 2),
        "onboarding": ids("home", 3),
    }
    if units["team"].pk in UnitTree().subtree(units["home"].pk):
        links["isolation"] = ids("team", 0)
    changes = [
        hms.HazardChange(key, p, c, text, links.get(key, ()))
        for key, (p, c, text) in scores.items()
    ]
    # leder's unit: assessed with the verneombud and signed by both.
    home = hms.do_start_assessment(units["home"], created_by=cast.leder, now=clock.at(0.62))
    home = hms.do_save_assessment(home, changes, edited_by=cast.leder, now=clock.at(0.62))
    hms.do_sign_assessment(home, as_role="manager", signer=cast.leder, now=clock.at(0.64))
    hms.do_sign_assessment(
        home, as_role="representative", signer=cast.verneombud, now=clock.at(0.66)
    )
    # ansatt's team: signed in the spring, edited in the autumn, so a new version waits.
    team = hms.do_start_assessment(units["team"], created_by=cast.leder, now=clock.at(0.3))
    team_changes = [
        hms.HazardChange("isolation", 4, 3, "Teamet savner hverandre.", ids("team", 0)),
        hms.HazardChange("after_hours", 3, 3, "Noe kveldsarbeid i perioder med leveranser."),
    ]
    team = hms.do_save_assessment(team, team_changes, edited_by=cast.leder, now=clock.at(0.3))
    hms.do_sign_assessment(team, as_role="manager", signer=cast.leder, now=clock.at(0.32))
    hms.do_sign_assessment(
        team, as_role="representative", signer=cast.verneombud, now=clock.at(0.34)
    )
    edited = hms.HazardChange(
        "isolation", 3, 3, "Bedre etter felles onsdager; noen deltar sjelden.", ids("team", 0)
    )
    hms.do_save_assessment(team, [edited], edited_by=cast.leder, now=clock.at(0.86))
    # leder2's unit: a draft, started after the agreement work began.
    other = hms.do_start_assessment(units["other"], created_by=cast.leder2, now=clock.at(0.7))
    hms.do_save_assessment(
        other,
        [hms.HazardChange("after_hours", 4, 3, "Mye e-post på kveldene.", ids("other", 0))],
        edited_by=cast.leder2,
        now=clock.at(0.7),
    )
