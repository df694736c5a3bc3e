"""Conditions that decide whether a section or an item is shown."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Code = str | int
ConditionOp = Literal["in", "not_in", "all", "any"]


def _as_codes(value: object) -> set[str]:
    """The codes given in one answer, as strings.

    Answers reach conditions both raw (``"4"`` from a web form) and cleaned
    (``4``), so codes are compared by their string form. A multiple-choice
    answer contributes each chosen code.
    """
    if value is None:
        return set()
    if isinstance(value, list | tuple | set | frozenset):
        return {str(v).strip() for v in value if v is not None and str(v).strip() != ""}
    s = str(value).strip()
    return {s} if s else set()


@dataclass(frozen=True)
class Condition:
    """When a section or item is shown.

    ``op`` is one of:

    - ``"in"``: the answer to ``item`` is one of ``values`` (for a multiple-choice
      item: at least one chosen code is). An unanswered item does not match.
    - ``"not_in"``: the answer to ``item`` is none of ``values``. An unanswered
      item matches, so nothing is hidden just because a question was skipped.
    - ``"all"`` / ``"any"``: every / at least one of ``conditions`` applies.
    """

    op: ConditionOp
    item: str | None = None
    values: tuple[Code, ...] = ()
    conditions: tuple[Condition, ...] = ()

    def applies(self, answers: Mapping[str, object]) -> bool:
        """Whether the condition holds for ``answers`` (item id -> raw or clean value)."""
        if self.op == "all":
            return all(c.applies(answers) for c in self.conditions)
        if self.op == "any":
            return any(c.applies(answers) for c in self.conditions)
        assert self.item is not None
        given = _as_codes(answers.get(self.item))
        wanted = {str(v) for v in self.values}
        if self.op == "in":
            return bool(given & wanted)
        return not (given & wanted)

    def items(self) -> Iterator[str]:
        """Ids of all items this condition refers to, depth first."""
        if self.item is not None:
            yield self.item
        for c in self.conditions:
            yield from c.items()

    def to_dict(self) -> dict[str, Any]:
        """The condition in file form, e.g. ``{"item": "can_work_home", "in": ["yes"]}``."""
        if self.op in ("all", "any"):
            return {self.op: [c.to_dict() for c in self.conditions]}
        return {"item": self.item, self.op: list(self.values)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Condition:
        """Build a condition from its file form (already checked by the loader)."""
        if "all" in data or "any" in data:
            op: ConditionOp = "all" if "all" in data else "any"
            return cls(op=op, conditions=tuple(cls.from_dict(c) for c in data[op]))
        op = "in" if "in" in data else "not_in"
        return cls(op=op, item=data["item"], values=tuple(data[op]))

    def __str__(self) -> str:
        if self.op in ("all", "any"):
            joiner = " and " if self.op == "all" else " or "
            return "(" + joiner.join(str(c) for c in self.conditions) + ")"
        vals = ", ".join(str(v) for v in self.values)
        return f"{self.item} {self.op.replace('_', ' ')} [{vals}]"


def both(first: Condition | None, second: Condition | None) -> Condition | None:
    """The conjunction of two optional conditions (a section's and an item's)."""
    if first is None:
        return second
    if second is None:
        return first
    return Condition(op="all", conditions=(first, second))
