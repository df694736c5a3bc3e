"""The codebook: one row per exported variable of an instrument."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hjemmekontor.instruments.cleaning import format_number
from hjemmekontor.instruments.text import text

if TYPE_CHECKING:
    from hjemmekontor.instruments.instrument import Instrument
    from hjemmekontor.instruments.model import Item

SCORE_SECTION = "scores"
"""The ``section`` of score rows, which belong to no questionnaire section."""


def _number_values(item: Item) -> str:
    lo = format_number(item.min) if item.min is not None else ""
    hi = format_number(item.max) if item.max is not None else ""
    unit = f" {text(item.unit)}" if item.unit else ""
    return f"{lo}–{hi}{unit}"


def _item_rows(item: Item) -> list[dict[str, Any]]:
    base = {"section": item.section_id, "item": item.id}
    if item.type == "multiple":
        return [
            {
                "name": f"{item.id}_{o.value}",
                "label_nb": f"{text(item.text, 'nb')} – {text(o.label, 'nb')}",
                "label_en": f"{text(item.text, 'en')} – {text(o.label, 'en')}",
                "label_nn": f"{text(item.text, 'nn')} – {text(o.label, 'nn')}",
                "type": "binary",
                "values": "0=ikke valgt; 1=valgt",
                **base,
            }
            for o in item.options
        ]
    if item.is_coded:
        values = "; ".join(f"{o.value}={text(o.label, 'nb')}" for o in item.options)
    elif item.type == "number":
        values = _number_values(item)
    else:
        values = f"fritekst, høyst {item.max_length} tegn"
    return [
        {
            "name": item.id,
            "label_nb": text(item.text, "nb"),
            "label_en": text(item.text, "en"),
            "label_nn": text(item.text, "nn"),
            "type": item.type,
            "values": values,
            **base,
        }
    ]


def codebook_rows(instrument: Instrument) -> list[dict[str, Any]]:
    """Rows describing every variable an export of ``instrument`` contains.

    Each row has ``name`` (the column name), ``label_nb``, ``label_en``,
    ``label_nn`` (nynorsk; the bokmål where the file has none), ``type``
    (the item type; ``binary`` for the 0/1 column of one multiple-choice option;
    ``score`` for scale scores), ``values`` (``"code=label; …"`` for coded items,
    the range for numbers), ``section`` and ``item`` (the item the column comes
    from, or the score id). Items come in questionnaire order, scores last.
    Background variables (unit, gender, age group, manager) come from the
    round's population snapshot and are described by the export, not here.
    """
    rows: list[dict[str, Any]] = []
    for item in instrument.items:
        rows.extend(_item_rows(item))
    for score in instrument.scores:
        rows.append(
            {
                "name": score.id,
                "label_nb": text(score.label, "nb"),
                "label_en": text(score.label, "en"),
                "label_nn": text(score.label, "nn"),
                "type": "score",
                "values": "0–100",
                "section": SCORE_SECTION,
                "item": score.id,
            }
        )
    return rows
