"""The parts of a questionnaire: options, items, sections and scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hjemmekontor.instruments import cleaning
from hjemmekontor.instruments.condition import Condition

ItemType = Literal["single", "scale", "number", "multiple", "text"]
ITEM_TYPES: tuple[ItemType, ...] = ("single", "scale", "number", "multiple", "text")
CODED_TYPES: frozenset[str] = frozenset({"single", "scale", "multiple"})


@dataclass(frozen=True)
class Option:
    """One response option: the stored code and its label."""

    value: str | int
    label: dict[str, str] = field(hash=False)


@dataclass(frozen=True)
class Item:
    """One question.

    ``options`` is resolved from the named ``scale`` when the file gives one, so
    callers never need to look scales up. ``when`` is the item's own condition;
    the section's condition applies in addition (see ``Instrument.is_visible``).
    """

    id: str
    type: ItemType
    text: dict[str, str] = field(hash=False)
    section_id: str
    help: dict[str, str] | None = field(default=None, hash=False)
    options: tuple[Option, ...] = ()
    scale: str | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: dict[str, str] | None = field(default=None, hash=False)
    max_length: int | None = None
    when: Condition | None = None
    source: str | None = None

    @property
    def codes(self) -> tuple[str | int, ...]:
        """The option codes, in the options' order (empty for number and text)."""
        return tuple(o.value for o in self.options)

    @property
    def is_coded(self) -> bool:
        """Whether answers are option codes (single, scale, multiple)."""
        return self.type in CODED_TYPES

    @property
    def integer(self) -> bool:
        """Whether a number item takes whole numbers (integer step and minimum)."""
        step = self.step if self.step is not None else 1
        origin = self.min if self.min is not None else 0
        return float(step).is_integer() and float(origin).is_integer()

    @property
    def scale_range(self) -> tuple[int, int]:
        """Lowest and highest code of a ``scale`` item, the ends of its 0–100 mapping."""
        numeric = [o.value for o in self.options if isinstance(o.value, int)]
        if self.type != "scale" or not numeric:
            raise ValueError(f"item {self.id!r} is not a numeric scale item")
        return min(numeric), max(numeric)

    def option(self, value: str | int) -> Option:
        """The option with code ``value`` (compared as text, so ``"4"`` finds ``4``)."""
        for o in self.options:
            if str(o.value) == str(value):
                return o
        raise KeyError(f"item {self.id!r} has no option {value!r}")

    def export_columns(self) -> list[str]:
        """Variable names this item produces in an export: one 0/1 column per option
        for multiple choice (``ho_place_cabin``), otherwise the item id."""
        if self.type == "multiple":
            return [f"{self.id}_{o.value}" for o in self.options]
        return [self.id]

    def clean(self, raw: object) -> str | int | float | list[str] | None:
        """Turn a raw answer into its typed value.

        Parameters
        ----------
        raw : object
            What a web form or data file gives: a string, or a list of strings for
            multiple choice. Numbers from spreadsheets are accepted too.

        Returns
        -------
        str, int, float, list of str or None
            The option code (``str``, or ``int`` for agreement scales); ``int`` for
            number items with an integer step, ``float`` otherwise; the chosen codes
            in the options' order for multiple choice; the stripped text with control
            characters (except newline and tab) removed; None when empty.

        Raises
        ------
        AnswerError
            On an unknown option, a number out of range or not numeric, or a text
            longer than ``max_length``.
        """
        if cleaning.is_empty(raw):
            return None
        if self.type in ("single", "scale"):
            return cleaning.clean_choice(self, raw)
        if self.type == "multiple":
            return cleaning.clean_multiple(self, raw) or None
        if self.type == "number":
            return cleaning.clean_number(self, raw)
        return cleaning.clean_text(self, raw)


@dataclass(frozen=True)
class Section:
    """A page or group of questions, shown when ``when`` applies."""

    id: str
    title: dict[str, str] = field(hash=False)
    items: tuple[Item, ...]
    intro: dict[str, str] | None = field(default=None, hash=False)
    when: Condition | None = None


@dataclass(frozen=True)
class Score:
    """A scale score: the mean of its items mapped to 0–100.

    ``reverse`` items count as ``100 - x``. The score is missing unless at least
    ``min_answered`` (a fraction) of ``items`` are answered.
    """

    id: str
    label: dict[str, str] = field(hash=False)
    items: tuple[str, ...]
    reverse: tuple[str, ...] = ()
    min_answered: float = 0.5
    source: str = ""
