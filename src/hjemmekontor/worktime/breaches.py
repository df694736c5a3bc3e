"""Collecting breaches from the checks and turning them into one table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from .intervals import coalesce
from .rules import RULES

TZ = "Europe/Oslo"

# Bokmål messages: the first {} is the measured value, the second the limit.
MESSAGES: dict[str, str] = {
    "RT-NORM-D": "Alminnelig arbeidstid {} t i løpet av 24 timer, grensen er {} t (timene over er overtid)",
    "RT-NORM-W": "Alminnelig arbeidstid {} t i løpet av sju dager, grensen er {} t (timene over er overtid)",
    "RT-OT-7D": "Overtid {} t i løpet av sju dager, grensen er {} t",
    "RT-OT-4W": "Overtid {} t i løpet av fire uker, grensen er {} t",
    "RT-OT-52W": "Overtid {} t i løpet av 52 uker, grensen er {} t",
    "RT-TOT-D": "Samlet arbeidstid {} t i løpet av 24 timer, grensen er {} t",
    "RT-TOT-W": "Samlet arbeidstid {} t i løpet av sju dager, grensen er {} t",
    "RT-REST-D": "Lengste sammenhengende hvile {} t i løpet av 24 timer, kravet er minst {} t",
    "RT-REST-W": "Lengste sammenhengende hvile {} t i løpet av sju dager, kravet er minst {} t",
    "RT-SUN-NEXT": "Arbeid {} t på søn-/helgedag etter arbeid forrige søn-/helgedag; skal ha fri (grense {} t)",
    "RT-BREAK": "Pauser {} min på en arbeidsdag på minst åtte timer, kravet er minst {} min",
    "RT-BREAK-OT": "Arbeid over to timer etter ordinær arbeidstid med {} min pause, kravet er minst {} min",
    "RT-SUNDAY": "Arbeid {} t i fredet søn-/helgedagstid (grense {} t); krever at arbeidets art gjør det nødvendig",
    "RT-NIGHT": "Nattarbeid {} t (grense {} t); krever at arbeidets art gjør det nødvendig",
    "RT-NIGHT-AVG": "Regelmessig nattarbeid: {} t per arbeidsdag i snitt over fire uker, grensen er {} t",
    "RT-EVE-REST": "Kveldsarbeid sluttet mellom 21 og 23, men hvilen før neste arbeid var {} t, kravet er {} t",
    "RT-REG": "Registreringen mangler {} felt (grense {})",
}

SCHEMA: dict[str, pl.DataType] = {
    "person": pl.String(),
    "rule": pl.String(),
    "section": pl.String(),
    "start": pl.Datetime("us", TZ),
    "end": pl.Datetime("us", TZ),
    "value": pl.Float64(),
    "limit": pl.Float64(),
    "unit": pl.String(),
    "message": pl.String(),
}


def number(expr: pl.Expr) -> pl.Expr:
    """A number as Norwegian text: two decimals at most, decimal comma."""
    return (
        expr.round(2).cast(pl.String).str.replace(r"\.0$", "").str.replace(".", ",", literal=True)
    )


class BreachSink:
    """Accumulates breach arrays per rule; :meth:`frame` makes the table."""

    def __init__(self, persons: list[str], skip: np.ndarray) -> None:
        self.persons = persons
        self.skip = skip  # persons exempt under § 10-12
        self.parts: list[pl.DataFrame] = []

    def add(
        self,
        rule: str,
        person: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        value: np.ndarray,
        limit: np.ndarray,
        unit: str,
        *,
        section: str | Sequence[str] | None = None,
        worst: str = "max",
        template: str | None = None,
        merge: bool = True,
        exempt_too: bool = False,
    ) -> None:
        """Add candidate breaches (already known to break ``limit``)."""
        person = np.asarray(person, dtype=np.int64)
        start = np.asarray(start, dtype=np.int64)
        end = np.asarray(end, dtype=np.int64)
        value = np.asarray(value, dtype=np.float64)
        limit = np.broadcast_to(np.asarray(limit, dtype=np.float64), value.shape)
        if not exempt_too:
            keep = ~self.skip[person]
            person, start, end = person[keep], start[keep], end[keep]
            value, limit = value[keep], limit[keep]
        if person.size == 0:
            return
        if merge:
            start, end, pick = coalesce(person, start, end, value, worst=worst)
            person, value, limit = person[pick], value[pick], limit[pick]
        if section is None:
            sections = pl.Series([RULES[rule].section] * person.size, dtype=pl.String)
        elif isinstance(section, str):
            sections = pl.Series([section] * person.size, dtype=pl.String)
        else:
            sections = pl.Series(list(section), dtype=pl.String).gather(person)
        names = pl.Series(self.persons, dtype=pl.String).gather(person)
        part = pl.DataFrame(
            {
                "person": names,
                "rule": pl.Series([rule] * person.size, dtype=pl.String),
                "section": sections,
                "start_s": start,
                "end_s": end,
                "value": np.asarray(value, dtype=np.float64),
                "limit": np.asarray(limit, dtype=np.float64),
            }
        ).with_columns(
            pl.lit(unit).alias("unit"),
            pl.format(
                template or MESSAGES[rule], number(pl.col("value")), number(pl.col("limit"))
            ).alias("message"),
        )
        self.parts.append(part)

    def add_frame(self, part: pl.DataFrame) -> None:
        """Add ready rows (``start_s``/``end_s`` in UTC seconds)."""
        self.parts.append(part)

    def frame(self) -> pl.DataFrame:
        """All breaches, sorted by person, start and rule."""
        if not self.parts:
            return pl.DataFrame(schema=SCHEMA)
        table = pl.concat([p.select(PARTS_ORDER) for p in self.parts], how="vertical")
        return (
            table.with_columns(
                _local("start_s").alias("start"),
                _local("end_s").alias("end"),
            )
            .sort(["person", "start_s", "rule"])
            .select(list(SCHEMA))
        )


PARTS_ORDER = ["person", "rule", "section", "start_s", "end_s", "value", "limit", "unit", "message"]


def _local(column: str) -> pl.Expr:
    return (
        pl.from_epoch(pl.col(column), time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(TZ)
    )
