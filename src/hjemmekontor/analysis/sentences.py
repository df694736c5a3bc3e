"""The words of the finding sentences, in bokmål, nynorsk and English.

:mod:`hjemmekontor.analysis.findings` decides what may be said; this module
says it. Each sentence is written out whole in each language rather than put
together from translated pieces, so that each reads as written in its own
language, and all three say the same, with the same hedging. Nynorsk follows
``docs/nynorsk.md``. Numbers have a decimal comma in bokmål and nynorsk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hjemmekontor.analysis.consequences import REFERENCE_GROUP, Outcome
from hjemmekontor.analysis.language import norwegian, pick

__all__ = ["EFFECT_NAMES", "GROUP_NAMES", "Change", "Dose", "National", "number", "signed"]

GROUP_NAMES = {
    "monthly_or_less": {
        "nb": "månedlig eller sjeldnere",
        "en": "monthly or less",
        "nn": "kvar månad eller sjeldnare",
    },
    "1_2_days": {"nb": "1–2 dager i uka", "en": "1–2 days a week", "nn": "1–2 dagar i veka"},
    "3_plus_days": {
        "nb": "3 dager i uka eller mer",
        "en": "3 days a week or more",
        "nn": "3 dagar i veka eller meir",
    },
}
EFFECT_NAMES = {
    "difference": {"nb": "justert forskjell", "en": "adjusted difference", "nn": "justert skilnad"},
    "odds_ratio": {
        "nb": "justert oddsratio",
        "en": "adjusted odds ratio",
        "nn": "justert oddsratio",
    },
    "rate_ratio": {
        "nb": "justert rateratio",
        "en": "adjusted rate ratio",
        "nn": "justert rateratio",
    },
}


def number(value: float, decimals: int, lang: str) -> str:
    """``value`` rounded, with a real minus sign (and a decimal comma in nb and nn)."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-"):
        text = "−" + text[1:]
    return text.replace(".", ",") if norwegian(lang) else text


def signed(value: float, decimals: int, lang: str) -> str:
    """:func:`number` with a plus sign on a positive value."""
    return ("+" if value > 0 else "") + number(value, decimals, lang)


def _display(value: float, percent: bool, days: bool, lang: str) -> str:
    if percent:
        return number(100 * value, 0, lang)
    return number(value, 1 if days else 0, lang)


def _effect(effect_type: str, effect: tuple[float, float, float, float], lang: str) -> str:
    value, low, high, _ = effect
    name = EFFECT_NAMES[effect_type][lang]
    ci, to = ("95 % KI", "til") if norwegian(lang) else ("95 % CI", "to")
    if effect_type == "difference":
        unit = " poeng" if norwegian(lang) else " points"
        return (
            f"{name} {signed(value, 1, lang)}{unit}, {ci} "
            f"{number(low, 1, lang)} {to} {number(high, 1, lang)}"
        )
    return (
        f"{name} {number(value, 2, lang)}, {ci} {number(low, 2, lang)} {to} {number(high, 2, lang)}"
    )


@dataclass(frozen=True)
class Dose:
    """A dose–response finding: an outcome in a group against ``monthly_or_less``.

    ``trend`` says the groups follow the trend, up to ``group``; otherwise the
    sentence describes the one group difference and says the groups do not
    follow the frequency step by step.
    """

    outcome: Outcome
    trend: bool
    group: str
    reference_value: float
    group_value: float
    effect_type: str
    effect: tuple[float, float, float, float]

    def text(self, lang: str) -> str:
        """The sentence in ``lang``."""
        outcome = self.outcome
        label, unit = pick(outcome, "label", lang), pick(outcome, "unit", lang)
        days = outcome.id == "sick_days"
        v0 = _display(self.reference_value, outcome.percent, days, lang)
        v1 = _display(self.group_value, outcome.percent, days, lang)
        ref, group = GROUP_NAMES[REFERENCE_GROUP][lang], GROUP_NAMES[self.group][lang]
        size = _effect(self.effect_type, self.effect, lang)
        higher = self.group_value > self.reference_value
        if self.trend:
            return _trend(lang, label, unit, v0, v1, ref, group, higher, size)
        return _contrast(lang, label, unit, v0, v1, ref, group, higher, size)


def _trend(
    lang: str, label: str, unit: str, v0: str, v1: str, ref: str, group: str, up: bool, size: str
) -> str:
    if lang == "nb":
        return (
            f"{label} henger sammen med hvor ofte de ansatte jobber hjemmefra: "
            f"{v0} {unit} blant dem som jobber hjemme {ref}, "
            f"{v1} blant dem som jobber hjemme {group}; jo oftere hjemme, "
            f"desto {'høyere' if up else 'lavere'} ({size})."
        )
    if lang == "nn":
        return (
            f"{label} heng saman med kor ofte dei tilsette jobbar heimanfrå: "
            f"{v0} {unit} blant dei som jobbar heime {ref}, "
            f"{v1} blant dei som jobbar heime {group}; jo oftare heime, "
            f"desto {'høgare' if up else 'lågare'} ({size})."
        )
    return (
        f"{label} is associated with how often employees work from home: "
        f"{v0} {unit} among those who work from home {ref}, "
        f"{v1} among those who work from home {group}; the more often at "
        f"home, the {'higher' if up else 'lower'} ({size})."
    )


def _contrast(
    lang: str, label: str, unit: str, v0: str, v1: str, ref: str, group: str, up: bool, size: str
) -> str:
    if lang == "nb":
        return (
            f"{label} er {'høyere' if up else 'lavere'} blant dem som jobber "
            f"hjemme {group} enn blant dem som jobber hjemme {ref} "
            f"({v1} mot {v0} {unit}; {size}), "
            "men følger ikke jevnt hvor ofte de jobber hjemme."
        )
    if lang == "nn":
        return (
            f"{label} er {'høgare' if up else 'lågare'} blant dei som jobbar "
            f"heime {group} enn blant dei som jobbar heime {ref} "
            f"({v1} mot {v0} {unit}; {size}), "
            "men følgjer ikkje jamt kor ofte dei jobbar heime."
        )
    return (
        f"{label} is {'higher' if up else 'lower'} among those who work "
        f"from home {group} than among those who work from home {ref} "
        f"({v1} against {v0} {unit}; {size}), "
        "but does not follow how often they work from home step by step."
    )


@dataclass(frozen=True)
class Change:
    """A change since the compared round of an indicator or a score.

    ``subject`` has ``subject_*`` texts (an indicator) or ``label_*`` texts (a
    score); ``percent`` says the values are proportions shown in percent, and
    ``percent_words`` that the unit is per cent (also ``share_time_home``,
    which is in percent already). ``change``, ``low`` and ``high`` are on the
    shown scale.
    """

    subject: Any
    field: str
    previous: float
    current: float
    percent: bool
    percent_words: bool
    change: float
    low: float
    high: float

    def text(self, lang: str) -> str:
        """The sentence in ``lang``."""
        subject = pick(self.subject, self.field, lang)
        before = _display(self.previous, self.percent, False, lang)
        now = _display(self.current, self.percent, False, lang)
        delta = signed(self.change, 1, lang)
        low, high = number(self.low, 1, lang), number(self.high, 1, lang)
        up = self.change > 0
        if lang == "nb":
            unit, step = ("prosent", "prosentpoeng") if self.percent_words else ("poeng", "poeng")
            return (
                f"{subject} har {'økt' if up else 'sunket'} fra {before} til {now} "
                f"{unit} siden forrige runde (endring {delta} {step}, "
                f"95 % KI {low} til {high})."
            )
        if lang == "nn":
            unit, step = ("prosent", "prosentpoeng") if self.percent_words else ("poeng", "poeng")
            return (
                f"{subject} har {'auka' if up else 'gått ned'} frå {before} til {now} "
                f"{unit} sidan førre runde (endring {delta} {step}, "
                f"95 % KI {low} til {high})."
            )
        unit, step = (
            ("per cent", "percentage points") if self.percent_words else ("points", "points")
        )
        return (
            f"{subject} has {'risen' if up else 'fallen'} from {before} to {now} "
            f"{unit} since the previous round (change {delta} "
            f"{step}, 95 % CI {low} to {high})."
        )


@dataclass(frozen=True)
class National:
    """An indicator against the national reference (in percent or per cent points).

    ``row`` is the indicator row, with its ``subject_*`` and ``population_*``
    texts and ``source``.
    """

    row: Any
    ours: float
    theirs: float
    difference: float
    low: float
    high: float

    def text(self, lang: str) -> str:
        """The sentence in ``lang``."""
        row = self.row
        subject, population = pick(row, "subject", lang), pick(row, "population", lang)
        ours, theirs = number(self.ours, 0, lang), number(self.theirs, 0, lang)
        delta = signed(self.difference, 0, lang)
        low, high = number(self.low, 0, lang), number(self.high, 0, lang)
        up = self.ours > self.theirs
        source = row["source"]
        if lang == "nb":
            return (
                f"{subject} blant {population} er {'høyere' if up else 'lavere'} "
                f"enn for samme gruppe i landet som helhet ({ours} mot {theirs} prosent; "
                f"forskjell {delta} prosentpoeng, 95 % KI {low} til {high}, med "
                f"usikkerheten i begge tallene; {source})."
            )
        if lang == "nn":
            return (
                f"{subject} blant {population} er {'høgare' if up else 'lågare'} "
                f"enn for same gruppe i heile landet ({ours} mot {theirs} prosent; "
                f"skilnad {delta} prosentpoeng, 95 % KI {low} til {high}, med "
                f"uvissa i begge tala; {source})."
            )
        return (
            f"{subject} among {population} is {'higher' if up else 'lower'} "
            f"than for the same group in the country as a whole ({ours} against {theirs} "
            f"per cent; difference {delta} percentage points, 95 % CI {low} to {high}, "
            f"counting the uncertainty of both figures; {source})."
        )
