"""The home-workplace checklist: points, questions and advice.

The advice follows Arbeidstilsynet's themes for home office (2021 press release
"Arbeidstilsynets råd til deg som har ansatte på hjemmekontor"; heimekontor page):
ergonomics (adjustable chair, lighting, screen; otherwise more breaks and varied
posture), isolation and contact (regular contact, digital meeting points), working
time (flexible hours, clear agreements), plus information security. Wording is ours.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    key: str
    title: str
    question: str
    advice: str
    request_hint: str


POINTS: list[Point] = [
    Point(
        "chair",
        "Stol",
        "Har du en stol som kan stilles inn i høyde, med støtte for korsryggen?",
        "Still setet slik at føttene står flatt og lårene er vannrette. Mangler du en "
        "justerbar stol, be lederen om en, og legg inn flere pauser og skift stilling oftere.",
        "Trenger kontorstol",
    ),
    Point(
        "desk",
        "Bord",
        "Har du et bord i riktig høyde med plass til tastatur, mus og underarmer?",
        "Bordet bør være i albuehøyde når skuldrene er avslappet. Et kjøkkenbord er ofte for "
        "høyt: bruk en høyere stol og en fotskammel, eller be om et hev-senk-bord.",
        "Trenger skrivebord",
    ),
    Point(
        "screen",
        "Skjerm",
        "Jobber du med en egen skjerm i riktig høyde, ikke bare på den bærbare PC-en?",
        "Overkanten av skjermen bør være i øyehøyde, en armlengde unna. Bruk ekstern skjerm, "
        "tastatur og mus i stedet for å jobbe lenge på den bærbare skjermen.",
        "Trenger skjerm",
    ),
    Point(
        "lighting",
        "Lys",
        "Er arbeidsplassen godt opplyst uten blending eller gjenskinn på skjermen?",
        "Plasser skjermen vinkelrett på vinduet og bruk en arbeidslampe. Unngå å sitte med "
        "ryggen eller ansiktet mot et lyst vindu.",
        "Trenger arbeidslampe",
    ),
    Point(
        "noise",
        "Støy",
        "Kan du jobbe konsentrert og ha samtaler uten å bli forstyrret av støy?",
        "Velg et rom der du kan lukke døren, og bruk hodetelefoner med mikrofon. Avtal med "
        "lederen hvilke oppgaver som passer best hjemme og på kontoret.",
        "Trenger hodetelefoner med mikrofon",
    ),
    Point(
        "climate",
        "Inneklima",
        "Er temperatur, luft og trekk på arbeidsplassen greit gjennom dagen?",
        "Luft jevnlig, hold rommet rundt 19–22 grader og unngå å sitte i trekk. Er rommet ikke "
        "egnet til arbeid over tid, snakk med lederen om hvor mye du skal jobbe hjemme.",
        "Ønsker å snakke om inneklima",
    ),
    Point(
        "breaks",
        "Pauser og variasjon",
        "Tar du pauser og varierer arbeidsstillingen i løpet av dagen?",
        "Legg inn korte pauser, reis deg minst én gang i timen og ta telefonmøter stående "
        "eller gående. Unngå møter rett etter hverandre uten pause.",
        "Ønsker å snakke om pauser og møtebelastning",
    ),
    Point(
        "contact",
        "Kontakt med kolleger",
        "Har du jevnlig kontakt med kolleger og lederen din, også uformelt?",
        "Avtal faste, korte samtaler med lederen og faste digitale møteplasser med kolleger. "
        "Nye medarbeidere trenger ekstra oppfølging og bør ha en fast kontaktperson.",
        "Ønsker fast oppfølgingssamtale",
    ),
    Point(
        "working_time",
        "Arbeidstid og tilgjengelighet",
        "Er det tydelig når du skal være tilgjengelig, og klarer du å avslutte arbeidsdagen?",
        "Avtal skriftlig når du skal være tilgjengelig (hjemmekontorforskriften § 2). Skru av "
        "varsler etter arbeidstid, og husk at arbeidsmiljølovens regler om hvile gjelder hjemme.",
        "Ønsker avklaring av arbeidstid og tilgjengelighet",
    ),
    Point(
        "security",
        "Informasjonssikkerhet",
        "Kan du jobbe uten at andre ser eller hører fortrolig informasjon, og lagre dokumenter "
        "trygt?",
        "Lås skjermen når du går fra, bruk virksomhetens lagring (ikke private disker) og ta "
        "fortrolige samtaler der ingen andre hører. Avtalen bør si hvordan dokumenter oppbevares.",
        "Trenger låsbart skap eller bedre løsning for dokumenter",
    ),
]
POINTS_BY_KEY = {point.key: point for point in POINTS}
ANSWERS = {"ok": "OK", "partly": "Delvis", "not_ok": "Ikke OK"}
