"""The report's own words, in bokmål and English.

A report's language is chosen for the report (``--lang``, ``?lang=``), not taken
from the reader's interface language, so these texts are looked up by code
rather than through gettext.
"""

from __future__ import annotations

__all__ = ["TEXT", "method_note", "t"]

TEXT: dict[str, dict[str, str]] = {
    "title": {"nb": "Hjemmekontor og HMS", "en": "Home office and HMS"},
    "organisation_whole": {"nb": "Hele organisasjonen", "en": "The whole organisation"},
    "organisation": {"nb": "Organisasjon", "en": "Organisation"},
    "round": {"nb": "Undersøkelse", "en": "Survey round"},
    "unit": {"nb": "Enhet", "en": "Unit"},
    "period": {"nb": "Periode", "en": "Period"},
    "generated": {"nb": "Laget", "en": "Generated"},
    "respondents": {"nb": "Antall svar (n)", "en": "Responses (n)"},
    "response_rate": {"nb": "Svarprosent", "en": "Response rate"},
    "answered_of": {
        "nb": "{n} av {invited} inviterte ({rate})",
        "en": "{n} of {invited} invited ({rate})",
    },
    "suppressed": {"nb": "færre enn {k} svar", "en": "fewer than {k} responses"},
    # Short reasons for table cells; the method note says what they mean.
    "reason_complement": {"nb": "skjult (anonymitet)", "en": "hidden (anonymity)"},
    "reason_forced": {"nb": "skjult (personvern)", "en": "hidden (privacy)"},
    "reason_no_respondents": {"nb": "ingen svar", "en": "no responses"},
    "all_hidden": {
        "nb": "{title}: ingen grupper kan vises ({reason}).",
        "en": "{title}: no group can be shown ({reason}).",
    },
    "trend_ho_freq": {"nb": "Hjemmekontor nå: {label}", "en": "Home office now: {label}"},
    "trend_wish_freq": {"nb": "Ønsket hjemmekontor: {label}", "en": "Wished home office: {label}"},
    "block_caption": {"nb": "{heading} (95 % KI)", "en": "{heading} (95% CI)"},
    "summary": {"nb": "Kort oppsummert", "en": "Summary"},
    "summary_intro": {
        "nb": "Dette sier svarene i {unit}. Bare funn som er statistisk sikre er tatt med.",
        "en": "This is what the answers in {unit} say. Only statistically reliable findings "
        "are included.",
    },
    "no_findings": {
        "nb": "Svarene gir ikke grunnlag for sikre funn i denne enheten. Det betyr ikke at alt "
        "er likt, men at forskjellene er for små eller svarene for få til å si noe sikkert.",
        "en": "The answers do not support any reliable findings for this unit. That does not "
        "mean everything is the same, only that differences are too small or answers too few "
        "to say something with confidence.",
    },
    "headline": {"nb": "Hovedtall", "en": "Headline figures"},
    "headline_caption": {
        "nb": "Hovedtall med 95 % konfidensintervall, sammenlignet med organisasjonen og Norge",
        "en": "Headline figures with 95% confidence intervals, compared with the organisation "
        "and Norway",
    },
    "indicator": {"nb": "Indikator", "en": "Indicator"},
    "this_unit": {"nb": "Enheten", "en": "This unit"},
    "whole_org": {"nb": "Organisasjonen", "en": "Organisation"},
    "national": {"nb": "Norge (AFI 2022)", "en": "Norway (AFI 2022)"},
    "national_source": {
        "nb": "Nasjonale tall: {source}.",
        "en": "National figures: {source}.",
    },
    "extent": {"nb": "Omfang av hjemmekontor", "en": "Extent of home office"},
    "extent_frequency": {
        "nb": "Hvor ofte de ansatte jobber hele dager hjemmefra, og hva de ønsker",
        "en": "How often employees work whole days from home, and what they wish",
    },
    "actual": {"nb": "Nå", "en": "Now"},
    "wished": {"nb": "Ønsket", "en": "Wished"},
    "places": {
        "nb": "Hvor de jobber når de ikke er på kontoret",
        "en": "Where they work when not at the office",
    },
    "share_col": {"nb": "Andel", "en": "Share"},
    "value_col": {"nb": "Verdi", "en": "Value"},
    "consequences": {
        "nb": "Konsekvenser etter hvor ofte man jobber hjemmefra",
        "en": "Consequences by home-office frequency",
    },
    "consequences_intro": {
        "nb": "Hvert punkt er gjennomsnittet eller andelen for en gruppe; streken viser 95 % "
        "konfidensintervall. Grupper med færre enn {k} svar vises ikke.",
        "en": "Each point is the mean or share of one group; the bar shows the 95% confidence "
        "interval. Groups with fewer than {k} responses are not shown.",
    },
    "consequences_table": {
        "nb": "Konsekvenser etter hjemmekontorgruppe (95 % KI)",
        "en": "Consequences by home-office group (95% CI)",
    },
    "outcome": {"nb": "Utfall", "en": "Outcome"},
    "chart_alt": {"nb": "{title}: {points}.", "en": "{title}: {points}."},
    "managers": {"nb": "Ledernes syn", "en": "The managers' view"},
    "representatives": {
        "nb": "Verneombudenes og de tillitsvalgtes syn",
        "en": "The safety and union representatives' view",
    },
    "digital": {"nb": "Digitale møter", "en": "Digital meetings"},
    "hms": {"nb": "HMS på hjemmekontoret", "en": "HMS at the home office"},
    "trends": {"nb": "Endring siden forrige runde", "en": "Change since the previous round"},
    "trends_caption": {
        "nb": "Endring fra {previous} til denne runden",
        "en": "Change from {previous} to this round",
    },
    "previous": {"nb": "Forrige runde", "en": "Previous round"},
    "now": {"nb": "Denne runden", "en": "This round"},
    "change": {"nb": "Endring", "en": "Change"},
    "no_trends": {
        "nb": "Det finnes ingen tidligere runde å sammenligne med.",
        "en": "There is no earlier round to compare with.",
    },
    "comments": {"nb": "Kommentarer", "en": "Comments"},
    "comments_intro": {
        "nb": "Kommentarene er gjengitt uten opplysninger om hvem som skrev dem, i tilfeldig "
        "rekkefølge.",
        "en": "Comments are shown without any information about who wrote them, in random order.",
    },
    "comments_hidden": {
        "nb": "Kommentarer vises bare når minst {k} har svart i enheten.",
        "en": "Comments are shown only when at least {k} have answered in the unit.",
    },
    "method": {"nb": "Om tallene", "en": "About the figures"},
    "no_data": {
        "nb": "Ingen tall å vise for denne delen.",
        "en": "No figures to show for this part.",
    },
    "item": {"nb": "Spørsmål", "en": "Question"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` (bokmål when the language is unknown)."""
    texts = TEXT[key]
    text = texts.get(lang) or texts["nb"]
    return text.format(**values) if values else text


def method_note(
    lang: str, *, n: int, rate: str, k: int, k_comments: int, weighting: str
) -> list[str]:
    """The method note: n, response rate, weighting, what a 95 % CI means, anonymity."""
    if lang == "en":
        return [
            f"The figures are based on {n} responses (response rate {rate}). {weighting}",
            "The answers are weighted by raking: each answer counts so much that the "
            "responses match the organisation's register by unit, gender and age group. "
            "This corrects for some groups answering more often than others.",
            "A 95% confidence interval (CI) shows how uncertain a figure is: had everyone "
            "answered, the true value would lie inside the interval in 95 of 100 such surveys. "
            "When the intervals of two groups overlap a lot, the difference between them is "
            "uncertain.",
            f"Anonymity: no figure is shown for a group with fewer than {k} responses; "
            f"instead it says \u201cfewer than {k} responses\u201d. A figure can also be hidden "
            "(\u201chidden (anonymity)\u201d) when showing it would let someone work out a "
            "smaller group by subtraction. "
            f"Free-text comments need at least {k_comments} responses.",
        ]
    return [
        f"Tallene bygger på {n} svar (svarprosent {rate}). {weighting}",
        "Svarene er vektet med raking: hvert svar teller slik at svarene stemmer med "
        "organisasjonens register når det gjelder enhet, kjønn og aldersgruppe. Det retter "
        "opp for at noen grupper svarer oftere enn andre.",
        "Et 95 % konfidensintervall (KI) viser hvor usikkert et tall er: hadde alle svart, "
        "ville den sanne verdien ligget innenfor intervallet i 95 av 100 slike undersøkelser. "
        "Når intervallene for to grupper overlapper mye, er forskjellen mellom dem usikker.",
        f"Anonymitet: ingen tall vises for grupper med færre enn {k} svar; der står det "
        f"\u00ab{t('suppressed', 'nb', k=k)}\u00bb i stedet. Et tall kan også skjules "
        "(\u00abskjult (anonymitet)\u00bb) når det ellers kunne brukes til å regne seg fram "
        "til en mindre gruppe. Kommentarer vises "
        f"bare når minst {k_comments} har svart.",
    ]
