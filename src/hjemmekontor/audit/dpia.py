"""A starting point for the DPIA (personvernkonsekvensvurdering), in bokmål Markdown.

Built from what the installation knows: its settings, the register's size and
roles, the questionnaires and rounds, and the threat model (`audit.threats`). The
headings follow Datatilsynet's outline of a DPIA (systematic description, purpose,
necessity and proportionality, risks to the data subjects, measures). What only
the organisation can decide (legal basis, retention, processors, who was
consulted) is left as «[fyll inn]» rather than guessed: a filled-in guess reads as
a decision nobody made.

Only counts leave the database here, never a name: the draft is meant to be
circulated to the safety representatives and the data protection officer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from hjemmekontor import __version__
from hjemmekontor.audit.threats import THREATS
from hjemmekontor.instruments import available_instruments
from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.surveys.models import Invitation, Response, Round

FILL_IN = "[fyll inn]"
Add = Callable[[str], None]
STATUS_NB = {"scheduled": "planlagt", "open": "åpen", "closed": "stengt"}


@dataclass(frozen=True)
class RoundFacts:
    name: str
    status: str
    opens: dt.date
    closes: dt.date
    instruments: tuple[str, ...]
    invited: int
    responses: int


@dataclass(frozen=True)
class Facts:
    organisation: str
    today: dt.date
    k: int
    k_comments: int
    session_idle_minutes: int
    session_max_hours: int
    login_failure_limit: int
    login_cooloff_minutes: int
    database: str
    mail: str
    mail_tls: bool
    mail_folder: bool
    https: bool
    units: int
    people: int
    logins: int
    managers: int
    safety_representatives: int
    union_representatives: int
    amu_members: int
    advisers: int
    superusers: int
    questionnaires: tuple[str, ...]
    rounds: tuple[RoundFacts, ...]


def gather_facts() -> Facts:
    people = Person.objects.filter(active=True)
    users = get_user_model().objects.filter(is_active=True)
    engine = connection.vendor
    backend = settings.EMAIL_BACKEND
    return Facts(
        organisation=settings.ORGANISATION_NAME,
        today=timezone.localdate(),
        k=settings.ANONYMITY_K,
        k_comments=settings.ANONYMITY_K_COMMENTS,
        session_idle_minutes=settings.SESSION_IDLE_SECONDS // 60,
        session_max_hours=settings.SESSION_MAX_SECONDS // 3600,
        login_failure_limit=settings.LOGIN_FAILURE_LIMIT,
        login_cooloff_minutes=settings.LOGIN_COOLOFF_MINUTES,
        database={"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(engine, engine),
        mail=backend,
        mail_tls=bool(getattr(settings, "EMAIL_USE_TLS", False)),
        mail_folder=backend.endswith("MailFolderBackend"),
        https=bool(getattr(settings, "HTTPS", False)),
        units=Unit.objects.filter(active=True).count(),
        people=people.count(),
        logins=people.filter(user__isnull=False).count(),
        managers=people.filter(is_manager=True).count(),
        safety_representatives=people.filter(representative_role__in=["safety", "both"]).count(),
        union_representatives=people.filter(representative_role__in=["union", "both"]).count(),
        amu_members=people.filter(amu_member=True).count(),
        advisers=users.filter(is_staff=True).count(),
        superusers=users.filter(is_superuser=True).count(),
        questionnaires=tuple(
            f"{instrument.key} – {instrument.title.get('nb', instrument.id)} "
            f"({len(instrument.items)} spørsmål)"
            for instrument in available_instruments()
        ),
        rounds=tuple(_round_facts(r) for r in Round.objects.order_by("opens_at")),
    )


def _round_facts(survey_round: Round) -> RoundFacts:
    keys = (
        survey_round.employee_instrument,
        survey_round.manager_instrument,
        survey_round.representative_instrument,
    )
    return RoundFacts(
        name=survey_round.name,
        status=STATUS_NB.get(survey_round.status(), survey_round.status()),
        opens=timezone.localdate(survey_round.opens_at),
        closes=timezone.localdate(survey_round.effective_close),
        instruments=tuple(key for key in keys if key),
        invited=Invitation.objects.filter(round=survey_round).count(),
        responses=Response.objects.filter(round=survey_round).count(),
    )


def _yes(flag: bool) -> str:
    return "ja" if flag else "nei"


def render(facts: Facts) -> str:
    """The DPIA draft as Markdown."""
    out: list[str] = []
    add = out.append
    add(f"# Vurdering av personvernkonsekvenser (DPIA) – {facts.organisation}")
    add("")
    add(
        f"*Utkast laget {facts.today:%d.%m.%Y} av `hjemmekontor manage dpia` (versjon "
        f"{__version__}) fra innstillingene og registeret i denne installasjonen. Det er et "
        f"utgangspunkt, ikke en ferdig vurdering: alt merket {FILL_IN} må virksomheten "
        "skrive selv, og vurderingen skal gjøres sammen med verneombud, tillitsvalgte og "
        "personvernombudet (personvernforordningen artikkel 35).*"
    )
    add("")
    _description(add, facts)
    _purpose(add)
    _necessity(add, facts)
    _risks(add)
    _measures(add, facts)
    _approval(add)
    return "\n".join(out) + "\n"


def _description(add: Add, facts: Facts) -> None:
    add("## 1. Systematisk beskrivelse av behandlingen")
    add("")
    add("### Behandlingsansvarlig og roller")
    add("")
    add(f"- Behandlingsansvarlig: {facts.organisation} (organisasjonsnummer, kontakt: {FILL_IN})")
    add(f"- Personvernombud: {FILL_IN}")
    add(f"- Databehandlere (drift, e-post, sikkerhetskopi): {FILL_IN}")
    add(
        f"- Roller i systemet nå: {facts.advisers} HMS-rådgiver(e) (administratorer), "
        f"hvorav {facts.superusers} superbruker(e); {facts.managers} ledere; "
        f"{facts.safety_representatives} verneombud; {facts.union_representatives} "
        f"tillitsvalgte; {facts.amu_members} medlemmer av arbeidsmiljøutvalget."
    )
    add("")
    add("### De registrerte og opplysningene")
    add("")
    add(
        f"- {facts.people} aktive ansatte i {facts.units} aktive enheter; {facts.logins} av "
        "dem har innlogging."
    )
    add(
        "- Personregisteret: navn, e-post, ansattnummer, enhet, leder, tillitsverv, "
        "AMU-medlemskap, kjønn og fødselsår eller aldersgruppe (fra HR-systemet)."
    )
    add(
        "- Undersøkelser: at en person er invitert, når invitasjon og påminnelser ble sendt, "
        "og om (ikke når) personen har svart. Svarene lagres uten kobling til personen, "
        "med enhet, kjønn, aldersgruppe, leder og innsendingsdato."
    )
    add(
        "- HMS-oppfølging: hjemmekontoravtaler, egen sjekkliste for hjemmearbeidsplassen, "
        "forespørsler om utstyr, handlingsplaner og risikovurderinger."
    )
    add(
        "- Arbeidstid: registreringer den ansatte gjør selv eller som importeres, og brudd "
        "på arbeidsmiljølovens arbeidstidsregler. Ingen opplysninger hentes fra utstyr "
        "eller programmer (FOR-2018-07-02-1108)."
    )
    add(
        "- Revisjonslogg: hvem som eksporterte lenker eller svar, endret roller, satte "
        "passord eller ga innlogging."
    )
    add("")
    add("### Spørreskjemaer og runder")
    add("")
    for questionnaire in facts.questionnaires:
        add(f"- {questionnaire}")
    add("")
    if facts.rounds:
        add("| runde | status | periode | skjemaer | invitasjoner | svar |")
        add("|---|---|---|---|---|---|")
        for r in facts.rounds:
            add(
                f"| {r.name} | {r.status} | {r.opens:%d.%m.%Y}–{r.closes:%d.%m.%Y} | "
                f"{', '.join(r.instruments)} | {r.invited} | {r.responses} |"
            )
    else:
        add("Ingen runder er opprettet ennå.")
    add("")
    add("### Teknisk oppsett")
    add("")
    add(f"- Database: {facts.database}.")
    mail = (
        "skrives som filer i datamappen (e-postmappen), ikke sendt"
        if facts.mail_folder
        else f"`{facts.mail}`, TLS: {_yes(facts.mail_tls)}"
    )
    add(f"- E-post: {mail}.")
    add(f"- HTTPS (`HJEMMEKONTOR_HTTPS`): {_yes(facts.https)}.")
    add(
        f"- Innlogging: avsluttes etter {facts.session_idle_minutes} minutter uten aktivitet "
        f"og etter {facts.session_max_hours} timer uansett; sperres i "
        f"{facts.login_cooloff_minutes} minutter etter {facts.login_failure_limit} feil "
        "passord for samme brukernavn fra samme adresse."
    )
    add(f"- Drift, plassering av tjener og sikkerhetskopier: {FILL_IN}")
    add("")


def _purpose(add: Add) -> None:
    add("## 2. Formål")
    add("")
    add(
        "- Kartlegge hjemmekontor og annet fjernarbeid og hva det betyr for helse, "
        "arbeidstid og arbeidsmiljø, som del av det systematiske HMS-arbeidet "
        "(internkontrollforskriften § 5, arbeidsmiljøloven § 3-1)."
    )
    add(
        "- Følge opp hjemmekontorforskriften: skriftlige avtaler (§ 2), kartlegging og "
        "risikovurdering av hjemmearbeidsplassen sammen med verneombudet (§ 5)."
    )
    add("- Følge med på at arbeidstidsreglene i arbeidsmiljøloven kapittel 10 holdes.")
    add(f"- Andre formål: {FILL_IN}")
    add("")


def _necessity(add: Add, facts: Facts) -> None:
    add("## 3. Nødvendighet og proporsjonalitet")
    add("")
    add(f"- Behandlingsgrunnlag (artikkel 6 og eventuelt 9): {FILL_IN}")
    add(
        "- Frivillighet: det er frivillig å svare, og hvert spørsmål kan hoppes over "
        "(står på startsiden og i personvernerklæringen, `/personvern/`)."
    )
    add(
        f"- Dataminimering: ingen tall vises fra færre enn {facts.k} personer "
        f"(`HJEMMEKONTOR_ANONYMITY_K`), fritekst først fra {facts.k_comments} "
        "(`HJEMMEKONTOR_ANONYMITY_K_COMMENTS`); grove bakgrunnsopplysninger; bare dato for "
        "innsending, og eksporten viser uke eller periode; ingen IP-adresse eller "
        "nettleser lagres."
    )
    add(
        "- Lagringstid – det systemet gjør selv: utkast slettes når svaret sendes inn og når "
        "runden stenges; svarene stokkes og får nye ID-er når runden stenges. Det systemet "
        "ikke gjør: personregister, invitasjoner, svar, avtaler, registreringer og "
        "revisjonslogg slettes ikke automatisk."
    )
    add(f"- Lagringstid – virksomhetens beslutning og rutine for sletting: {FILL_IN}")
    add(
        "- De registrertes rettigheter: innsyn i og retting av personregisteret; et "
        "innsendt svar kan ikke finnes igjen, og dermed heller ikke rettes eller slettes."
    )
    add("")


def _risks(add: Add) -> None:
    add("## 4. Risiko for de registrertes rettigheter og friheter")
    add("")
    add(
        "Per aktør: hva den kan og ikke kan få vite om en enkelt person, og hva som hindrer "
        "det. Testene i systemets kildekode angriper hvert løfte; «Ikke beskyttet» er risiko "
        "systemet ikke fjerner, og som tiltakene i del 5 må ta."
    )
    add("")
    for threat in THREATS:
        add(f"### {threat.actor_nb}")
        add("")
        add(f"- **Kan få vite:** {threat.can_nb}")
        add(f"- **Kan ikke få vite:** {threat.cannot_nb}")
        add(f"- **Slik hindres det:** {threat.how_nb}")
        add(f"- **Tester i kildekoden:** {', '.join(f'`{test}`' for test in threat.tests)}")
        add(f"- **Sannsynlighet og konsekvens:** {FILL_IN}")
        add("")


def _measures(add: Add, facts: Facts) -> None:
    add("## 5. Tiltak")
    add("")
    add("### I systemet")
    add("")
    add(
        "- Tilgang etter rolle og enhet; alle sider er prøvd mot alle roller; den enkeltes "
        "sjekkliste og arbeidstidsregistreringer ser bare den ansatte selv."
    )
    add(
        f"- Terskel k = {facts.k} for alle tall, uten at grupper kan trekkes fra hverandre, "
        "heller ikke mellom to tidspunkter."
    )
    add(
        "- Utkast kryptert med en nøkkel som bare finnes i lenken; svar uten kobling til "
        "invitasjonen, stokket med nye ID-er når runden stenges; slettet innhold "
        "overskrives i SQLite."
    )
    add("- Datamappen og e-postmappen kan bare leses av brukeren som kjører systemet.")
    add("- Revisjonslogg som verneombud og AMU kan lese, og som ikke kan endres fra sidene.")
    add("")
    add("### Virksomhetens ansvar")
    add("")
    todo = []
    if not facts.https:
        todo.append(
            "**HTTPS er ikke slått på.** Sett `HJEMMEKONTOR_HTTPS=true` bak en "
            "TLS-proxy før systemet brukes over nettverk: ellers går lenker, utkast og "
            "passord i klartekst."
        )
    if facts.mail_folder:
        todo.append(
            "**E-post skrives til filer i datamappen.** Filene inneholder alle svarlenker og "
            "gir tilgang til utkastene; sett opp SMTP med TLS før en ekte runde."
        )
    elif not facts.mail_tls:
        todo.append(
            "**E-post sendes uten TLS** (`HJEMMEKONTOR_EMAIL_USE_TLS`): svarlenkene kan "
            "leses underveis."
        )
    if facts.database == "PostgreSQL":
        todo.append(
            "PostgreSQL beholder slettede rader til `VACUUM`: la autovacuum stå på, og "
            "beskytt sikkerhetskopier som selve databasen."
        )
    else:
        todo.append(
            "Beskytt sikkerhetskopier av datamappen som selve databasen, og krypter disken."
        )
    todo.extend(
        [
            "Gi administrator- og superbrukertilgang til så få som mulig; la verneombudet "
            "lese revisjonsloggen jevnlig.",
            "Begrens hvem som har skalltilgang til tjeneren og databasen: de kan koble et svar "
            "til en person når bakgrunnen er sjelden (se del 4).",
            "Gi lenker fra lenkefila bare til personen selv.",
            f"Andre tiltak: {FILL_IN}",
        ]
    )
    for item in todo:
        add(f"- {item}")
    add("")


def _approval(add: Add) -> None:
    add("## 6. Medvirkning og konklusjon")
    add("")
    add(f"- Verneombud og tillitsvalgte er hørt: {FILL_IN}")
    add(f"- Personvernombudets råd: {FILL_IN}")
    add(f"- Restrisiko og konklusjon (eventuell forhåndsdrøfting med Datatilsynet): {FILL_IN}")
    add(f"- Ny vurdering innen: {FILL_IN}")
