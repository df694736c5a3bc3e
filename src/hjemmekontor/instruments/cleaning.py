"""Turn one raw answer (from a web form or a data file) into its typed value.

Raw answers are what a browser or a CSV cell gives: a string, or a list of
strings for multiple choice. Spreadsheet readers may also hand over numbers,
so those are accepted where they make sense. Every rejection raises
:class:`AnswerError` with a message for the respondent in bokmål and English
that quotes the offending value.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from hjemmekontor.instruments.errors import AnswerError

if TYPE_CHECKING:
    from hjemmekontor.instruments.model import Item

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates
# (which cannot be stored as UTF-8). Carriage returns are turned into newlines
# before this runs.
_UNWANTED_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# Spaces that Norwegian spreadsheets put between thousands ("1 000").
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_QUOTE_LIMIT = 40


def _quote(value: object) -> str:
    """A short, printable rendering of a rejected value for an error message."""
    s = str(value)
    s = _UNWANTED_CHARS.sub("", s)
    return s if len(s) <= _QUOTE_LIMIT else s[: _QUOTE_LIMIT - 1] + "…"


def format_number(x: float) -> str:
    """``100.0`` as ``100``, ``2.5`` as ``2,5`` (Norwegian decimal comma)."""
    if float(x).is_integer():
        return str(int(x))
    return repr(float(x)).replace(".", ",")


def is_empty(raw: object) -> bool:
    """Whether ``raw`` means "not answered"."""
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple | set | frozenset):
        return all(is_empty(v) for v in raw)
    return False


def _single_value(item: Item, raw: object) -> object:
    """Unwrap a one-element list (a web form's ``getlist``) for one-answer items."""
    if isinstance(raw, list | tuple):
        values = [v for v in raw if not is_empty(v)]
        if len(values) > 1:
            raise AnswerError(
                item.id,
                "Velg bare ett svar.",
                "Choose only one answer.",
                message_nn="Vel berre eitt svar.",
            )
        return values[0]
    return raw


def _unknown_option(item: Item, value: object) -> AnswerError:
    return AnswerError(
        item.id,
        f"«{_quote(value)}» er ikke et av svaralternativene.",
        f"'{_quote(value)}' is not one of the options.",
        message_nn=f"«{_quote(value)}» er ikkje eitt av svaralternativa.",
    )


def _parse_number(item: Item, raw: object) -> float:
    if isinstance(raw, bool):
        raise AnswerError(
            item.id,
            f"«{raw}» er ikke et tall.",
            f"'{raw}' is not a number.",
            message_nn=f"«{raw}» er ikkje eit tal.",
        )
    if isinstance(raw, int | float):
        x = float(raw)
    else:
        s = _SPACES.sub("", str(raw))
        if "," in s and "." not in s:
            s = s.replace(",", ".")
        if not _NUMBER.fullmatch(s):
            raise AnswerError(
                item.id,
                f"«{_quote(raw)}» er ikke et tall.",
                f"'{_quote(raw)}' is not a number.",
                message_nn=f"«{_quote(raw)}» er ikkje eit tal.",
            )
        x = float(s)
    if not math.isfinite(x):
        raise AnswerError(
            item.id,
            f"«{_quote(raw)}» er ikke et tall.",
            f"'{_quote(raw)}' is not a number.",
            message_nn=f"«{_quote(raw)}» er ikkje eit tal.",
        )
    return x


def clean_choice(item: Item, raw: object) -> str | int:
    """A ``single`` or ``scale`` answer: one of the item's option codes."""
    value = _single_value(item, raw)
    by_text = {str(o.value): o.value for o in item.options}
    if isinstance(value, float) and value.is_integer():
        # Spreadsheet readers give whole numbers as floats (4.0).
        value = int(value)
    key = str(value).strip()
    if key not in by_text and item.type == "scale":
        try:
            as_float = float(key.replace(",", "."))
        except ValueError:
            as_float = math.nan
        if as_float.is_integer():
            key = str(int(as_float))
    if key not in by_text:
        raise _unknown_option(item, value)
    return by_text[key]


def clean_multiple(item: Item, raw: object) -> list[str]:
    """A ``multiple`` answer: the chosen codes, once each, in the options' order.

    A single string is split on ``;`` or ``,`` so that a data file may hold all
    chosen codes in one cell.
    """
    if isinstance(raw, str):
        parts: list[object] = list(re.split(r"[;,]", raw))
    elif isinstance(raw, list | tuple | set | frozenset):
        parts = list(raw)
    else:
        parts = [raw]
    chosen = {str(p).strip() for p in parts if not is_empty(p)}
    codes = [str(o.value) for o in item.options]
    unknown = sorted(chosen - set(codes))
    if unknown:
        raise _unknown_option(item, ", ".join(unknown))
    return [c for c in codes if c in chosen]


def clean_number(item: Item, raw: object) -> int | float:
    """A ``number`` answer within ``min``..``max`` and on the item's step."""
    value = _single_value(item, raw)
    x = _parse_number(item, value)
    lo = item.min if item.min is not None else -math.inf
    hi = item.max if item.max is not None else math.inf
    if not lo <= x <= hi:
        raise AnswerError(
            item.id,
            f"Svaret må være mellom {format_number(lo)} og {format_number(hi)}, "
            f"men er {format_number(x)}.",
            f"The answer must be between {lo:g} and {hi:g}, but is {x:g}.",
            message_nn=f"Svaret må vere mellom {format_number(lo)} og {format_number(hi)}, "
            f"men er {format_number(x)}.",
        )
    step = item.step if item.step is not None else 1
    if item.integer and not x.is_integer():
        raise AnswerError(
            item.id,
            f"Svaret må være et helt tall, men er {format_number(x)}.",
            f"The answer must be a whole number, but is {x:g}.",
            message_nn=f"Svaret må vere eit heilt tal, men er {format_number(x)}.",
        )
    origin = item.min if item.min is not None else 0
    steps = (x - origin) / step
    if abs(steps - round(steps)) > 1e-9:
        raise AnswerError(
            item.id,
            f"Svaret må gå opp i trinn på {format_number(step)}, men er {format_number(x)}.",
            f"The answer must be in steps of {step:g}, but is {x:g}.",
            message_nn=f"Svaret må gå opp i steg på {format_number(step)}, men er "
            f"{format_number(x)}.",
        )
    return int(x) if item.integer else x


def clean_text(item: Item, raw: object) -> str | None:
    """A ``text`` answer: kept as written, minus control characters, within max_length.

    The text is never HTML-escaped here; escaping belongs to the page or report
    that shows it, so an export holds exactly what the respondent wrote.
    """
    value = _single_value(item, raw)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
    s = _UNWANTED_CHARS.sub("", s).strip()
    if not s:
        return None
    if item.max_length is not None and len(s) > item.max_length:
        raise AnswerError(
            item.id,
            f"Teksten er {len(s)} tegn lang. Den kan være høyst {item.max_length} tegn.",
            f"The text is {len(s)} characters long. It may be at most "
            f"{item.max_length} characters.",
            message_nn=f"Teksten er {len(s)} teikn lang. Han kan vere på høgst "
            f"{item.max_length} teikn.",
        )
    return s
