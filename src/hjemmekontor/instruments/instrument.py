"""A versioned questionnaire and what can be done with its answers."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from hjemmekontor.instruments.errors import AnswerError
from hjemmekontor.instruments.model import Item, Option, Score, Section


@dataclass(frozen=True)
class Instrument:
    """One version of one questionnaire, loaded from ``files/<id>-<version>.yaml``."""

    id: str
    version: int
    title: dict[str, str] = field(hash=False)
    intro: dict[str, str] = field(hash=False)
    sections: tuple[Section, ...]
    scales: dict[str, tuple[Option, ...]] = field(default_factory=dict, hash=False, repr=False)
    scores: tuple[Score, ...] = ()
    sources: dict[str, str] = field(default_factory=dict, hash=False, repr=False)
    file: str = field(default="", compare=False)
    languages: tuple[str, ...] = field(default=("nb", "en"), compare=False)

    @property
    def key(self) -> str:
        """``"<id>@<version>"``, e.g. ``"employee@1"``: how a survey round names it."""
        return f"{self.id}@{self.version}"

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """All items, in questionnaire order."""
        return tuple(item for section in self.sections for item in section.items)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def _sections_by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections}

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id``; ``KeyError`` naming the instrument if absent."""
        try:
            return self._items_by_id[item_id]
        except KeyError:
            raise KeyError(f"{self.key} has no item {item_id!r}") from None

    def section(self, section_id: str) -> Section:
        """The section with id ``section_id``."""
        try:
            return self._sections_by_id[section_id]
        except KeyError:
            raise KeyError(f"{self.key} has no section {section_id!r}") from None

    def score_definition(self, score_id: str) -> Score:
        """The score with id ``score_id``."""
        for s in self.scores:
            if s.id == score_id:
                return s
        raise KeyError(f"{self.key} has no score {score_id!r}")

    # Visibility -----------------------------------------------------------

    def is_visible(self, item: Item, answers: Mapping[str, object]) -> bool:
        """Whether ``item`` is shown, given its section's and its own condition."""
        section = self._sections_by_id[item.section_id]
        if section.when is not None and not section.when.applies(answers):
            return False
        return item.when is None or item.when.applies(answers)

    def visible_items(self, section: Section, answers: Mapping[str, object]) -> list[Item]:
        """Items of ``section`` that are shown for ``answers`` (raw or clean)."""
        return [item for item in section.items if self.is_visible(item, answers)]

    def visible_sections(self, answers: Mapping[str, object]) -> list[Section]:
        """Sections whose condition applies and that show at least one item."""
        return [s for s in self.sections if self.visible_items(s, answers)]

    # Answers --------------------------------------------------------------

    def clean_answers(
        self, raw: Mapping[str, object]
    ) -> tuple[dict[str, object], dict[str, AnswerError]]:
        """Validate a whole response.

        Items are visited in questionnaire order and each condition is evaluated
        on the answers cleaned so far, so an answer that a hidden item would have
        needed never makes a later item visible. Answers to hidden items and
        unknown keys are dropped; so are invalid answers to hidden items, since
        the respondent never saw them.

        Returns
        -------
        answers : dict
            Item id -> clean value, only for visible, answered, valid items.
        errors : dict
            Item id -> :class:`AnswerError` for visible items with invalid answers.
        """
        answers: dict[str, object] = {}
        errors: dict[str, AnswerError] = {}
        for item in self.items:
            if item.id not in raw or not self.is_visible(item, answers):
                continue
            try:
                value = item.clean(raw[item.id])
            except AnswerError as exc:
                errors[item.id] = exc
                continue
            if value is not None:
                answers[item.id] = value
        return answers, errors

    # Scores ---------------------------------------------------------------

    def _points(self, item: Item, value: object) -> float | None:
        """One answer on the 0–100 scale, or None when unanswered."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, (str, list)):
            value = item.clean(value)
            if value is None:
                return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{self.key}: item {item.id!r}: {value!r} is not a scale value")
        lo, hi = item.scale_range
        if not lo <= value <= hi:
            raise ValueError(
                f"{self.key}: item {item.id!r}: {value!r} is outside its scale {lo}..{hi}"
            )
        return (float(value) - lo) / (hi - lo) * 100.0

    def score(self, answers: Mapping[str, object]) -> dict[str, float | None]:
        """Scale scores on 0–100 for one response.

        Each item is mapped linearly from its scale's lowest..highest code to
        0..100, reversed items as ``100 - x``; the score is the mean of the
        answered items if at least ``min_answered`` of the items are answered,
        else None. This is the scoring of the Copenhagen Burnout Inventory
        (Kristensen et al. 2005) and of COPSOQ III scales (Burr et al. 2019).

        Parameters
        ----------
        answers : mapping
            Item id -> clean value (ints); raw strings are cleaned first, None and
            NaN count as unanswered.
        """
        result: dict[str, float | None] = {}
        for s in self.scores:
            points: list[float] = []
            for item_id in s.items:
                p = self._points(self.item(item_id), answers.get(item_id))
                if p is None:
                    continue
                points.append(100.0 - p if item_id in s.reverse else p)
            # A small tolerance so that e.g. 0.5 of 4 items is exactly 2.
            enough = len(points) >= s.min_answered * len(s.items) - 1e-9
            result[s.id] = sum(points) / len(points) if points and enough else None
        return result

    # Export and comparison ---------------------------------------------------

    def codebook(self) -> list[dict[str, Any]]:
        """One row per exported variable; see :func:`codebook.codebook_rows`."""
        from hjemmekontor.instruments.codebook import codebook_rows

        return codebook_rows(self)

    def diff(self, other: Instrument) -> set[str]:
        """Ids of items whose meaning is unchanged between this and ``other``.

        Unchanged means: same id, same type, same codes in the same order and the
        same bokmål text. Results from different versions are compared only on
        these items.
        """
        same: set[str] = set()
        for item in self.items:
            theirs = other._items_by_id.get(item.id)
            if (
                theirs is not None
                and theirs.type == item.type
                and [str(c) for c in theirs.codes] == [str(c) for c in item.codes]
                and theirs.text.get("nb") == item.text.get("nb")
            ):
                same.add(item.id)
        return same
