"""XLSX workbooks for the one table reader, :func:`hjemmekontor.tables.read_table`.

An XLSX file is a ZIP archive of XML. Its central directory states every
part's unpacked size, so the total and each part's compression ratio are
checked before anything is unpacked (a 125 kB upload once unpacked to 51 MB
and took openpyxl 43 seconds and 390 MB); the rows are then counted by
streaming the worksheets, within the unpacked limit, before openpyxl opens
the file. A formula is never evaluated: a cell gives the value Excel cached,
or the formula's text when there is none. See :mod:`hjemmekontor.tables` for
the limits and the refusals.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from hjemmekontor.tables import (
    Limits,
    Record,
    Table,
    TableError,
    _too_many_rows,
    megabytes,
)

__all__ = ["MAX_PARTS", "read_xlsx"]

# Parts this small may compress extremely well without harm (empty styles and the like).
_RATIO_FLOOR_BYTES = 1024 * 1024
# A spreadsheet has a few dozen parts; thousands only make the directory itself costly.
MAX_PARTS = 10_000
_ROW_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?row[\s>/]")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[\s>/]")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> bool:
    """Apply the limits to an XLSX archive; True when a worksheet may hold formulas."""
    parts = archive.infolist()
    if limits.unpacked_bytes is not None:
        unpacked = sum(part.file_size for part in parts)
        if len(parts) > MAX_PARTS or unpacked > limits.unpacked_bytes:
            raise TableError(
                "unpacked",
                f"blir {megabytes(unpacked)} MB når Excel-filen pakkes ut; grensen er "
                f"{megabytes(limits.unpacked_bytes)} MB utpakket. Del filen opp, eller "
                "lagre den som CSV.",
                size=unpacked,
                limit=limits.unpacked_bytes,
            )
    ratio = limits.compression_ratio
    if ratio is not None:
        for part in parts:
            if part.file_size > _RATIO_FLOOR_BYTES and part.file_size > ratio * max(
                part.compress_size, 1
            ):
                raise TableError(
                    "packed",
                    f"er pakket mer enn {ratio} ganger sammen, langt mer enn et vanlig "
                    "regneark, og leses ikke. Lagre den på nytt i Excel, eller som CSV.",
                    ratio=ratio,
                )
    sheets = [part for part in parts if _WORKSHEET.fullmatch(part.filename)]
    # A worksheet stored elsewhere is found by openpyxl through the relationships;
    # without one here, formulas cannot be ruled out.
    formulas = not sheets
    for part in sheets:
        rows, has_formula = _scan_sheet(archive, part)
        formulas = formulas or has_formula
        if limits.rows is not None and rows > limits.rows:
            raise _too_many_rows(limits.rows)
    return formulas


def _scan_sheet(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, bool]:
    """Rows and whether any formula is in one worksheet, streamed in 1 MB reads."""
    count, formula, tail = 0, False, b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                window = tail + chunk
                count += len(_ROW_TAG.findall(window))
                formula = formula or _FORMULA_TAG.search(window) is not None
                # Keep the end of the window for a tag split across reads, without
                # counting a tag inside it twice.
                tail = window[-16:]
                count -= len(_ROW_TAG.findall(tail))
            count += len(_ROW_TAG.findall(tail))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        return 0, True  # A broken part: openpyxl reports it in its own words.
    return count, formula


def _cell_text(value: Any, number_format: str) -> str:
    """A cell as text the importers parse: ISO dates, whole numbers without ``.0``."""
    from openpyxl.styles.numbers import is_datetime

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        # Excel stores every date as a date-time; the cell's format says which it shows.
        if is_datetime(number_format) == "date":
            return value.date().isoformat()
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes, sheet: str | None, limits: Limits) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            formulas = _check_archive(archive, limits)
    except zipfile.BadZipFile as error:
        raise _not_xlsx(error) from None
    # Imported here: only XLSX files pay for openpyxl.
    from openpyxl import load_workbook

    try:
        cached = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, XML, key and value errors alike
        raise _not_xlsx(error) from None
    books = [cached]
    try:
        names = [worksheet.title for worksheet in cached.worksheets]
        if not names:
            raise TableError("no_sheet", "arbeidsboka har ingen ark.")
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise TableError(
                "unknown_sheet",
                f"arket «{chosen}» finnes ikke; arkene heter {', '.join(names)}.",
                sheet=chosen,
                sheets=names,
            )
        texts: Iterator[tuple[Any, ...]] | None = None
        if formulas:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            books.append(book)
            texts = book[chosen].iter_rows(min_row=1, max_col=limits.columns, values_only=True)
        sheet_cells = cached[chosen].iter_rows(min_row=1, max_col=limits.columns)
        rows = _sheet_rows(sheet_cells, texts, limits)
    except TableError:
        raise
    except Exception as error:  # a broken part is only found while its rows are read
        raise _not_xlsx(error) from None
    finally:
        for book in books:
            book.close()
    return Table(format="xlsx", sheet=chosen, rows=rows)


def _sheet_rows(
    cells: Iterator[tuple[Any, ...]], texts: Iterator[tuple[Any, ...]] | None, limits: Limits
) -> tuple[Record, ...]:
    rows: list[list[str]] = []
    width = 0
    for number, row in enumerate(cells, start=1):
        if limits.rows is not None and number > limits.rows:
            # The worksheets were counted before opening; this catches one stored
            # where the count did not look.
            raise _too_many_rows(limits.rows)
        formula_row = next(texts, ()) if texts is not None else ()
        values = []
        for index, cell in enumerate(row):
            value = cell.value
            if value is None and index < len(formula_row):
                # A formula cell without a cached value (a file never opened in
                # Excel) keeps its formula text; it is never evaluated.
                value = formula_row[index]
            values.append(_cell_text(value, getattr(cell, "number_format", "General")))
        used = max((i + 1 for i, text in enumerate(values) if text != ""), default=0)
        width = max(width, used)
        rows.append(values[:used])
    # Trailing columns with nothing in them are formatting, not data; every row
    # gets the width of the widest, and an empty row is an empty list, as a
    # blank CSV line is.
    return tuple(
        (number, values + [""] * (width - len(values)) if values else [])
        for number, values in enumerate(rows, start=1)
    )


def _not_xlsx(error: BaseException) -> TableError:
    reason = str(error) or type(error).__name__
    return TableError("xlsx", f"kan ikke leses som Excel-fil (.xlsx): {reason}", reason=reason)


# ---------------------------------------------------------------------------
# Types
