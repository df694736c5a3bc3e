"""Cells that a spreadsheet shows as text and never runs (OWASP: CSV injection).

Every CSV the product writes — on a page or from the command line — goes through
``writer`` or ``inert`` here, so that a unit or round named ``=HYPERLINK(…)`` or a
pasted answer reaches Excel as the text it is. No Django here: the libraries
without Django (worktime, analysis) use it too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

# Spreadsheet programs start a formula at these (and LibreOffice and Excel skip a
# leading tab or carriage return before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A plain number such as -3 or +2,5 is data, not a formula; leave it readable as a number.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def inert(value: Any) -> Any:
    """The value itself, or text prefixed with ``'`` if a spreadsheet would run it."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def inert_row(row: Iterable[Any]) -> list[Any]:
    return [inert(cell) for cell in row]


class InertWriter:
    """``csv.writer`` that makes every cell inert before writing it."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(inert_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: Any, **options: Any) -> InertWriter:
    """A CSV writer for anything a person may open in a spreadsheet."""
    return InertWriter(stream, **options)


def inert_frame(frame: Any) -> Any:
    """A polars frame with every text column made inert (for ``write_csv``)."""
    import polars as pl

    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text_columns:
        return frame
    return frame.with_columns(
        pl.col(name).map_elements(inert, return_dtype=pl.String) for name in text_columns
    )
