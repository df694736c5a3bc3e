"""The home-workplace checklist: points, questions and advice.

The advice follows Arbeidstilsynet's themes for home office (2021 press release
"Arbeidstilsynets råd til deg som har ansatte på hjemmekontor"; heimekontor page):
ergonomics (adjustable chair, lighting, screen; otherwise more breaks and varied
posture), isolation and contact (regular contact, digital meeting points), working
time (flexible hours, clear agreements), plus information security. Wording is ours.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hjemmekontor.web.language import CODES


@dataclass(frozen=True)
class Point:
    key: str
    # Translated lazily: shown in the reader's language (bokmål msgids).
    title: str | Promise
    question: str | Promise
    advice: str | Promise
    request_hint: str | Promise


POINTS: list[Point] = [
    Point(
        "chair",
        _("Stol"),
        _("Har du en stol som kan stilles inn i høyde, med støtte for korsryggen?"),
        _(
            "Still setet slik at føttene står flatt og lårene er vannrette. Mangler du en "
            "justerbar stol, be lederen om en, og legg inn flere pauser og skift stilling oftere."
        ),
        _("Trenger kontorstol"),
    ),
    Point(
        "desk",
        _("Bord"),
        _("Har du et bord i riktig høyde med plass til tastatur, mus og underarmer?"),
        _(
            "Bordet bør være i albuehøyde når skuldrene er avslappet. Et kjøkkenbord er ofte for "
            "høyt: bruk en høyere stol og en fotskammel, eller be om et hev-senk-bord."
        ),
        _("Trenger skrivebord"),
    ),
    Point(
        "screen",
        _("Skjerm"),
        _("Jobber du med en egen skjerm i riktig høyde, ikke bare på den bærbare PC-en?"),
        _(
            "Overkanten av skjermen bør være i øyehøyde, en armlengde unna. Bruk ekstern skjerm, "
            "tastatur og mus i stedet for å jobbe lenge på den bærbare skjermen."
        ),
        _("Trenger skjerm"),
    ),
    Point(
        "lighting",
        _("Lys"),
        _("Er arbeidsplassen godt opplyst uten blending eller gjenskinn på skjermen?"),
        _(
            "Plasser skjermen vinkelrett på vinduet og bruk en arbeidslampe. Unngå å sitte med "
            "ryggen eller ansiktet mot et lyst vindu."
        ),
        _("Trenger arbeidslampe"),
    ),
    Point(
        "noise",
        _("Støy"),
        _("Kan du jobbe konsentrert og ha samtaler uten å bli forstyrret av støy?"),
        _(
            "Velg et rom der du kan lukke døren, og bruk hodetelefoner med mikrofon. Avtal med "
            "lederen hvilke oppgaver som passer best hjemme og på kontoret."
        ),
        _("Trenger hodetelefoner med mikrofon"),
    ),
    Point(
        "climate",
        _("Inneklima"),
        _("Er temperatur, luft og trekk på arbeidsplassen greit gjennom dagen?"),
        _(
            "Luft jevnlig, hold rommet rundt 19–22 grader og unngå å sitte i trekk. Er rommet ikke "
            "egnet til arbeid over tid, snakk med lederen om hvor mye du skal jobbe hjemme."
        ),
        _("Ønsker å snakke om inneklima"),
    ),
    Point(
        "breaks",
        _("Pauser og variasjon"),
        _("Tar du pauser og varierer arbeidsstillingen i løpet av dagen?"),
        _(
            "Legg inn korte pauser, reis deg minst én gang i timen og ta telefonmøter stående "
            "eller gående. Unngå møter rett etter hverandre uten pause."
        ),
        _("Ønsker å snakke om pauser og møtebelastning"),
    ),
    Point(
        "contact",
        _("Kontakt med kolleger"),
        _("Har du jevnlig kontakt med kolleger og lederen din, også uformelt?"),
        _(
            "Avtal faste, korte samtaler med lederen og faste digitale møteplasser med kolleger. "
            "Nye medarbeidere trenger ekstra oppfølging og bør ha en fast kontaktperson."
        ),
        _("Ønsker fast oppfølgingssamtale"),
    ),
    Point(
        "working_time",
        _("Arbeidstid og tilgjengelighet"),
        _("Er det tydelig når du skal være tilgjengelig, og klarer du å avslutte arbeidsdagen?"),
        _(
            "Avtal skriftlig når du skal være tilgjengelig (hjemmekontorforskriften § 2). Skru av "
            "varsler etter arbeidstid, og husk at arbeidsmiljølovens regler om hvile gjelder hjemme."
        ),
        _("Ønsker avklaring av arbeidstid og tilgjengelighet"),
    ),
    Point(
        "security",
        _("Informasjonssikkerhet"),
        _(
            "Kan du jobbe uten at andre ser eller hører fortrolig informasjon, og lagre dokumenter "
            "trygt?"
        ),
        _(
            "Lås skjermen når du går fra, bruk virksomhetens lagring (ikke private disker) og ta "
            "fortrolige samtaler der ingen andre hører. Avtalen bør si hvordan dokumenter oppbevares."
        ),
        _("Trenger låsbart skap eller bedre løsning for dokumenter"),
    ),
]
POINTS_BY_KEY = {point.key: point for point in POINTS}
ANSWERS = {"ok": _("OK"), "partly": _("Delvis"), "not_ok": _("Ikke OK")}


def as_read(standard: str | Promise, stored: str) -> str:
    """A standard text in the reader's language where ``stored`` is that text as
    it was saved (in either language: a title copied when a hazard was made, a
    request left as suggested); what the person wrote otherwise."""
    for language in CODES:
        with translation.override(language):
            same = stored == str(standard)
        if same:
            return str(standard)
    return stored
