"""What the start command prints about the demo, rebuilt from the database each time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hjemmekontor.demo.personas import DEMO_PASSWORD, PERSONAS, USERNAMES
from hjemmekontor.organisation.models import Person, UnitTree
from hjemmekontor.surveys.links import token_for
from hjemmekontor.surveys.models import Invitation, Response, Round


@dataclass(frozen=True)
class DemoLogin:
    """One demo login and the password the demo gave it."""

    username: str
    password: str
    role: str
    name: str
    unit: str

    @property
    def description(self) -> str:
        if not self.unit:
            return self.role
        return f"{self.role} {self.unit} ({self.name})"


@dataclass(frozen=True)
class DemoRound:
    name: str
    status: str
    invitations: int
    answered: int


@dataclass(frozen=True)
class DemoSummary:
    """The demo as it is in the database: counts, rounds, logins and a link to answer.

    `loaded_now` says whether this call loaded it (and `seconds` how long that took)
    or found it already there.
    """

    loaded_now: bool
    seconds: float | None
    units: int
    people: int
    responses: int
    rounds: tuple[DemoRound, ...]
    logins: tuple[DemoLogin, ...]
    respondent_path: str | None
    respondent_name: str

    def respondent_link(self, base_url: str | None = None) -> str | None:
        """The personal answer link, on `base_url` (default: the configured BASE_URL)."""
        if self.respondent_path is None:
            return None
        return (base_url or settings.BASE_URL).rstrip("/") + self.respondent_path

    def lines(self, base_url: str | None = None) -> list[str]:
        """The text the start command prints, in bokmål."""
        base = (base_url or settings.BASE_URL).rstrip("/")
        status = {"open": "åpen", "closed": "stengt", "scheduled": "planlagt"}
        if self.loaded_now:
            head = f"Demo-organisasjonen er lastet inn på {self.seconds or 0:.1f} s".replace(
                ".", ","
            )
        else:
            head = "Demo-organisasjonen er allerede lastet inn"
        lines = [
            f"{head}: {self.people} ansatte i {self.units} enheter, "
            f"{len(self.rounds)} runder, {self.responses} svar.",
        ]
        for item in self.rounds:
            share = item.answered / item.invitations if item.invitations else 0.0
            lines.append(
                f"  {item.name} ({status.get(item.status, item.status)}): "
                f"{item.answered} av {item.invitations} invitasjoner besvart "
                f"({share:.0%})".replace("%", " %")
            )
        sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        where = "en lokal SQLite-database" if sqlite else "databasen"
        lines += [
            f"Alt er oppdiktet demodata i {where}. Passordene under er offentlig kjent: "
            "bruk dem aldri i en ekte installasjon.",
            f"Logg inn på {base}{reverse('login')} som",
        ]
        width = max(len(login.username) for login in self.logins) if self.logins else 0
        for login in self.logins:
            lines.append(
                f"  brukernavn {login.username:<{width}}  passord {login.password}"
                f"  – {login.description}"
            )
        lines.append("  (Har du endret et passord etter at demoen ble lastet, gjelder ditt eget.)")
        link = self.respondent_link(base)
        if link:
            lines.append(f"Svar på undersøkelsen som {self.respondent_name}: {link}")
        else:
            lines.append(
                "Demoens åpne runde er stengt eller besvart av alle; "
                "start med --reset-demo for en ny demo."
            )
        lines.append("Last inn demoen på nytt (alt slettes): bin/start --reset-demo")
        return lines


def _logins(tree: UnitTree) -> tuple[DemoLogin, ...]:
    user_model: Any = get_user_model()
    users = {user.username: user for user in user_model.objects.filter(username__in=USERNAMES)}
    people = {
        person.user_id: person for person in Person.objects.filter(user__username__in=USERNAMES)
    }
    logins = []
    for persona in PERSONAS:
        user = users.get(persona.username)
        if user is None:
            continue
        person = people.get(user.pk)
        logins.append(
            DemoLogin(
                username=persona.username,
                # Not verified: an Argon2 check costs a quarter of a second per login,
                # on every start. The printed note covers a changed password.
                password=DEMO_PASSWORD,
                role=persona.role,
                name=person.name if person else "",
                unit=tree.path(person.unit_id) if person else "",
            )
        )
    return tuple(logins)


def _respondent(open_round: Round | None) -> tuple[str | None, str]:
    """The `ansatt` login's open invitation, else anyone's who has not answered."""
    if open_round is None:
        return None, ""
    waiting = Invitation.objects.filter(
        round=open_round, kind="employee", answered=False, person__isnull=False
    ).select_related("person")
    invitation = (
        waiting.filter(person__user__username="ansatt").first() or waiting.order_by("pk").first()
    )
    if invitation is None or invitation.person is None:
        return None, ""
    path = reverse("answer-start", args=[token_for(invitation.public_id)])
    return path, invitation.person.name


def demo_summary(loaded_now: bool = False, seconds: float | None = None) -> DemoSummary:
    """Describe the demo in the database (call only when it is loaded)."""
    now = timezone.now()
    rounds = list(
        Round.objects.annotate(
            n_invited=Count("invitations"),
            n_answered=Count("invitations", filter=Q(invitations__answered=True)),
        ).order_by("opens_at")
    )
    open_round = next((r for r in reversed(rounds) if r.is_open(now)), None)
    path, name = _respondent(open_round)
    tree = UnitTree()
    return DemoSummary(
        loaded_now=loaded_now,
        seconds=seconds,
        units=len(tree.units),
        people=Person.objects.filter(active=True).count(),
        responses=Response.objects.count(),
        rounds=tuple(DemoRound(r.name, r.status(now), r.n_invited, r.n_answered) for r in rounds),
        logins=_logins(tree),
        respondent_path=path,
        respondent_name=name,
    )


__all__ = ["DemoLogin", "DemoRound", "DemoSummary", "demo_summary"]
