"""Turn the bytes of an upload into a table of text cells, whatever wrote them.

CSV: the encoding (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16 with BOM) and the
separator (`;`, `,` or tab) are found, not asked for. XLSX: the first sheet, with
the value Excel cached for a formula cell, or the formula's text when there is
none; a formula is never evaluated.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from hjemmekontor.organisation import columns

MAX_COLUMNS = 500
DELIMITERS = (";", ",", "\t")


class ImportFileError(ValueError):
    """The whole file cannot be imported; the message says why and what to do."""


def decode(data: bytes, filename: str) -> tuple[str, str]:
    """Decode text and name the encoding found."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise _undecodable(data, error.start, filename) from None
    if b"\x00" in data:
        raise ImportFileError(
            _(
                "Filen «%(filename)s» ser ikke ut til å være en tekstfil (CSV) eller en "
                "Excel-fil (.xlsx)."
            )
            % {"filename": filename}
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 med BOM"
        except UnicodeDecodeError as error:
            raise _undecodable(data, error.start + len(codecs.BOM_UTF8), filename) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: Norwegian Excel saves "CSV (semikolondelt)" as Windows-1252.
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise _undecodable(data, error.start, filename) from None


def _undecodable(data: bytes, position: int, filename: str) -> ImportFileError:
    line = data.count(b"\n", 0, position) + 1
    column = position - (data.rfind(b"\n", 0, position) + 1) + 1
    return ImportFileError(
        _(
            "Filen «%(filename)s» kunne ikke leses som UTF-8 eller Windows-1252: "
            "ugyldig byte 0x%(byte)02X på linje %(line)s, tegn %(column)s. "
            "Lagre filen som «CSV UTF-8» i Excel og last den opp igjen."
        )
        % {"filename": filename, "byte": data[position], "line": line, "column": column}
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def sniff_delimiter(text: str) -> str:
    """The separator under which the header has the most recognised columns (`;` wins ties)."""
    header = _first_line(text)
    best, best_score = DELIMITERS[0], (-1, -1)
    for delimiter in DELIMITERS:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        recognised = {columns.FIELD_BY_ALIAS.get(columns.normalise_header(c)) for c in cells}
        recognised.discard(None)
        score = (len(recognised), len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_rows(text: str, delimiter: str, filename: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    try:
        for cells in reader:
            # A quoted cell may span lines; the row starts after the previous one ended.
            yield previous + 1, cells
            previous = reader.line_num
    except csv.Error as error:
        raise ImportFileError(
            _("Filen «%(filename)s» kan ikke leses som CSV på linje %(line)s: %(reason)s.")
            % {"filename": filename, "line": reader.line_num, "reason": error}
        ) from None


def xlsx_rows(data: bytes, filename: str) -> Iterator[tuple[int, list[str]]]:
    # Imported lazily: only XLSX uploads pay for openpyxl.
    from openpyxl import load_workbook

    try:
        cached = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("Filen «%(filename)s» kan ikke leses som Excel-fil (.xlsx): %(reason)s.")
            % {"filename": filename, "reason": error}
        ) from None
    sheet_values = cached.worksheets[0].iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    sheet_formulas = formulas.worksheets[0].iter_rows(
        min_row=1, max_col=MAX_COLUMNS, values_only=True
    )
    try:
        for number, (values, texts) in enumerate(
            zip(sheet_values, sheet_formulas, strict=True), start=1
        ):
            # A formula cell without a cached value (a file never opened in Excel)
            # keeps its formula text; it is never evaluated.
            yield (
                number,
                [
                    _xlsx_text(value if value is not None else text)
                    for value, text in zip(values, texts, strict=True)
                ],
            )
    finally:
        cached.close()
        formulas.close()


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
