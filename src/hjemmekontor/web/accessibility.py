"""The accessibility statement (tilgjengelighetserklæring) the service publishes.

Public bodies in Norway must publish one for every web service they use, bought
tools included, in the structure of uustatus.no. Its facts live in
``accessibility.yaml`` beside this module, so the browser test that runs axe on
every page can hold the statement to what it finds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from hjemmekontor.web.language import in_page_language

__all__ = ["Gap", "Statement", "statement"]

SOURCE = Path(__file__).with_name("accessibility.yaml")


@dataclass(frozen=True)
class Gap:
    """A success criterion the service does not meet, where, and what that means."""

    criterion: str
    name: dict[str, str]
    where: dict[str, str]
    what: dict[str, str]
    axe_rules: tuple[str, ...]

    def shown_name(self) -> str:
        return in_page_language(self.name)

    def shown_where(self) -> str:
        return in_page_language(self.where)

    def shown_what(self) -> str:
        # The idle time is the organisation's setting, not a fixed number.
        return in_page_language(self.what).format(minutes=settings.SESSION_IDLE_SECONDS // 60)


@dataclass(frozen=True)
class Statement:
    standard: str
    created: datetime.date
    updated: datetime.date
    gaps: tuple[Gap, ...]

    @property
    def conforms(self) -> bool:
        return not self.gaps

    def axe_rules(self) -> frozenset[str]:
        """The axe rules whose violations the statement already admits."""
        return frozenset(rule for gap in self.gaps for rule in gap.axe_rules)


@cache
def statement() -> Statement:
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    return Statement(
        standard=data["standard"],
        created=data["created"],
        updated=data["updated"],
        gaps=tuple(
            Gap(
                criterion=str(gap["criterion"]),
                name=gap["name"],
                where=gap["where"],
                what=gap["what"],
                axe_rules=tuple(gap.get("axe_rules") or ()),
            )
            for gap in data["gaps"]
        ),
    )
