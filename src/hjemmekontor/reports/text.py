"""The report's own words, in bokmål, nynorsk and English, through gettext.

A report's language is chosen for the report (``--lang``, ``?lang=``), not taken
from the reader's interface language, so :func:`t` renders a text under
``translation.override(lang)``. The texts carry the context "report", so a
report's wording never changes a page's translation of the same bokmål words.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

from hjemmekontor.web.language import CODES

__all__ = ["TEXT", "method_note", "t"]

TEXT: dict[str, Promise] = {
    "title": pgettext_lazy("report", "Hjemmekontor og HMS"),
    "organisation_whole": pgettext_lazy("report", "Hele organisasjonen"),
    "organisation": pgettext_lazy("report", "Organisasjon"),
    "round": pgettext_lazy("report", "Undersøkelse"),
    "unit": pgettext_lazy("report", "Enhet"),
    "period": pgettext_lazy("report", "Periode"),
    "generated": pgettext_lazy("report", "Laget"),
    "respondents": pgettext_lazy("report", "Antall svar (n)"),
    "response_rate": pgettext_lazy("report", "Svarprosent"),
    "answered_of": pgettext_lazy("report", "{n} av {invited} inviterte ({rate})"),
    "suppressed": pgettext_lazy("report", "færre enn {k} svar"),
    "reason_complement": pgettext_lazy("report", "skjult (anonymitet)"),
    "reason_forced": pgettext_lazy("report", "skjult (personvern)"),
    "reason_no_respondents": pgettext_lazy("report", "ingen svar"),
    "all_hidden": pgettext_lazy("report", "{title}: ingen grupper kan vises ({reason})."),
    "trend_ho_freq": pgettext_lazy("report", "Hjemmekontor nå: {label}"),
    "trend_wish_freq": pgettext_lazy("report", "Ønsket hjemmekontor: {label}"),
    "block_caption": pgettext_lazy("report", "{heading} (95 % KI)"),
    "summary": pgettext_lazy("report", "Kort oppsummert"),
    "summary_intro": pgettext_lazy(
        "report",
        "Dette sier svarene i {unit}. Bare funn som er statistisk sikre er tatt med.",
    ),
    "no_findings": pgettext_lazy(
        "report",
        "Svarene gir ikke grunnlag for sikre funn i denne enheten. Det betyr ikke at alt er likt, men at forskjellene er for små eller svarene for få til å si noe sikkert.",
    ),
    "headline": pgettext_lazy("report", "Hovedtall"),
    "headline_caption": pgettext_lazy(
        "report",
        "Hovedtall med 95 % konfidensintervall, sammenlignet med organisasjonen og Norge",
    ),
    "indicator": pgettext_lazy("report", "Indikator"),
    "this_unit": pgettext_lazy("report", "Enheten"),
    "whole_org": pgettext_lazy("report", "Organisasjonen"),
    "national": pgettext_lazy("report", "Norge (AFI 2022)"),
    "national_source": pgettext_lazy("report", "Nasjonale tall: {source}."),
    "extent": pgettext_lazy("report", "Omfang av hjemmekontor"),
    "extent_frequency": pgettext_lazy(
        "report",
        "Hvor ofte de ansatte jobber hele dager hjemmefra, og hva de ønsker",
    ),
    "actual": pgettext_lazy("report", "Nå"),
    "wished": pgettext_lazy("report", "Ønsket"),
    "places": pgettext_lazy("report", "Hvor de jobber når de ikke er på kontoret"),
    "share_col": pgettext_lazy("report", "Andel"),
    "value_col": pgettext_lazy("report", "Verdi"),
    "consequences": pgettext_lazy("report", "Konsekvenser etter hvor ofte man jobber hjemmefra"),
    "consequences_intro": pgettext_lazy(
        "report",
        "Hvert punkt er gjennomsnittet eller andelen for en gruppe; streken viser 95 % konfidensintervall. Grupper med færre enn {k} svar vises ikke.",
    ),
    "consequences_table": pgettext_lazy(
        "report",
        "Konsekvenser etter hjemmekontorgruppe (95 % KI)",
    ),
    "outcome": pgettext_lazy("report", "Utfall"),
    "chart_alt": pgettext_lazy("report", "{title}: {points}."),
    "managers": pgettext_lazy("report", "Ledernes syn"),
    "representatives": pgettext_lazy("report", "Verneombudenes og de tillitsvalgtes syn"),
    "digital": pgettext_lazy("report", "Digitale møter"),
    "hms": pgettext_lazy("report", "HMS på hjemmekontoret"),
    "trends": pgettext_lazy("report", "Endring siden forrige runde"),
    "trends_caption": pgettext_lazy("report", "Endring fra {previous} til denne runden"),
    "previous": pgettext_lazy("report", "Forrige runde"),
    "now": pgettext_lazy("report", "Denne runden"),
    "change": pgettext_lazy("report", "Endring"),
    "no_trends": pgettext_lazy("report", "Det finnes ingen tidligere runde å sammenligne med."),
    "comments": pgettext_lazy("report", "Kommentarer"),
    "comments_intro": pgettext_lazy(
        "report",
        "Kommentarene er gjengitt uten opplysninger om hvem som skrev dem, i tilfeldig rekkefølge.",
    ),
    "comments_hidden": pgettext_lazy(
        "report",
        "Kommentarer vises bare når minst {k} har svart i enheten.",
    ),
    "method": pgettext_lazy("report", "Om tallene"),
    "no_data": pgettext_lazy("report", "Ingen tall å vise for denne delen."),
    "item": pgettext_lazy("report", "Spørsmål"),
    "organisation_scope": pgettext_lazy(
        "report", "For få svar i enheten; tallene gjelder hele organisasjonen."
    ),
    "unavailable": pgettext_lazy("report", "resultater finnes først når runden er stengt"),
    "page": pgettext_lazy("report", "Side"),
    "table": pgettext_lazy("report", "tabell"),
    "print_hint": pgettext_lazy(
        "report", "Skriv ut siden (Ctrl+P) eller lagre den som PDF for å dele rapporten."
    ),
}


def _language(lang: str) -> str:
    return lang if lang in CODES else "nb"


def t(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` (bokmål when the language is unknown)."""
    with translation.override(_language(lang)):
        text = str(TEXT[key])
    return text.format(**values) if values else text


def method_note(
    lang: str, *, n: int, rate: str, k: int, k_comments: int, weighting: str
) -> list[str]:
    """The method note: n, response rate, weighting, what a 95 % CI means, anonymity."""
    suppressed = t("suppressed", lang, k=k)
    with translation.override(_language(lang)):
        return [
            pgettext("report", "Tallene bygger på %(n)s svar (svarprosent %(rate)s). %(weighting)s")
            % {"n": n, "rate": rate, "weighting": weighting},
            pgettext(
                "report",
                "Svarene er vektet med raking: hvert svar teller slik at svarene stemmer med "
                "organisasjonens register når det gjelder enhet, kjønn og aldersgruppe. Det "
                "retter opp for at noen grupper svarer oftere enn andre.",
            ),
            pgettext(
                "report",
                "Et 95 % konfidensintervall (KI) viser hvor usikkert et tall er: hadde alle "
                "svart, ville den sanne verdien ligget innenfor intervallet i 95 av 100 slike "
                "undersøkelser. Når intervallene for to grupper overlapper mye, er forskjellen "
                "mellom dem usikker.",
            ),
            pgettext(
                "report",
                "Anonymitet: ingen tall vises for grupper med færre enn %(k)s svar; der står det "
                "«%(suppressed)s» i stedet. Et tall kan også skjules («skjult (anonymitet)») når "
                "det ellers kunne brukes til å regne seg fram til en mindre gruppe. Kommentarer "
                "vises bare når minst %(k_comments)s har svart.",
            )
            % {"k": k, "suppressed": suppressed, "k_comments": k_comments},
        ]
