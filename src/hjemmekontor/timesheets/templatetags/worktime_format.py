"""Numbers as Norwegian text on the working-time pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def nb_number(value: float | int | None, decimals: int = 1) -> str:
    """``7.5`` -> ``7,5``; whole numbers without decimals; None -> an en dash."""
    if value is None:
        return "–"
    rounded = round(float(value), decimals)
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.{decimals}f}".replace(".", ",")


@register.filter
def nb_percent(value: float | None) -> str:
    """A share (0-1) as a whole percentage, ``"35 %"``."""
    if value is None:
        return "–"
    return f"{round(100 * float(value))} %"
