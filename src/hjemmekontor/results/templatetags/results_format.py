"""Template filters that write stored figures as text (never compute them)."""

from __future__ import annotations

from typing import Any

from django import template

from hjemmekontor.results.charts import format_change, format_value
from hjemmekontor.results.pages import Figure, reason_text
from hjemmekontor.web.language import localized, page_language

register = template.Library()


_lang = page_language


def _percent(figure: Figure, statistic: str | None = None) -> bool:
    return (statistic or figure.statistic) == "share"


@register.filter
def value(figure: Figure | None) -> str:
    """``68 %`` (a share) or ``5,9`` (a mean); the reason in words when hidden."""
    if figure is None:
        return ""
    if figure.suppressed or figure.estimate is None:
        return reason_text(figure.reason, _lang())
    return format_value(figure.estimate, _percent(figure), _lang())


@register.filter
def interval(figure: Figure | None) -> str:
    """``59–77 %``: the 95 % confidence interval, empty when hidden."""
    if figure is None or figure.suppressed or figure.ci_low is None or figure.ci_high is None:
        return ""
    percent = _percent(figure)
    low_value, high_value = figure.ci_low, figure.ci_high
    if percent:
        # A Wald interval can pass 0 or 100 %; a share cannot, so the display stops there.
        low_value, high_value = max(0.0, low_value), min(1.0, high_value)
    low = format_value(low_value, percent, _lang())
    high = format_value(high_value, percent, _lang())
    return f"{low.removesuffix(' %')}–{high}"


@register.filter
def reference(indicator: Any) -> str:
    """The national reference value of an indicator, formatted like its figure."""
    return format_value(indicator.reference, indicator.figure.statistic == "share", _lang())


@register.filter
def number(value_: float | None, percent: bool = False) -> str:
    return format_value(value_, bool(percent), _lang())


@register.filter
def change(trend: Any) -> str:
    """A trend row's change with its interval: ``+3 p.p. (1 til 5)``, ``−1,2 (−2,0 til −0,4)``."""
    percent = trend.statistic == "share"
    lang = _lang()
    shown = format_change(trend.change, percent, lang)
    if trend.ci_low is None or trend.ci_high is None:
        return shown
    low = format_change(trend.ci_low, percent, lang, sign=False).removesuffix(" p.p.")
    high = format_change(trend.ci_high, percent, lang, sign=False).removesuffix(" p.p.")
    return f"{shown} ({low} {'to' if lang == 'en' else 'til'} {high})"


@register.filter
def pvalue(p: float | None) -> str:
    if p is None:
        return "–"
    if p < 0.001:
        return "< 0.001" if _lang() == "en" else "< 0,001"
    text = f"{p:.3f}"
    return text if _lang() == "en" else text.replace(".", ",")


@register.filter
def label(obj: Any) -> str:
    """``label_nb``, ``label_nn`` or ``label_en`` by the page language."""
    return localized(obj, "label", _lang())


@register.filter
def in_language(obj: Any, name: str) -> str:
    """``obj.<name>_nb``, ``_nn`` or ``_en`` by the page language (bokmål if empty)."""
    return localized(obj, name, _lang())


@register.filter
def text(obj: Any) -> str:
    return localized(obj, "text", _lang())
