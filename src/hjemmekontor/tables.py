"""The one reader of tabular files: CSV or XLSX bytes (or a path) into rows of text cells.

Every table the product takes in goes through :func:`read_table`: the people import,
the working-time import (the web page and the ``worktime`` command) and the analysis
library. It lives here, at the top of the package and without Django, beside
:mod:`hjemmekontor.spreadsheets` (its writing counterpart), because those callers must
not depend on one another and the analysis and worktime libraries run without Django.

What it finds rather than asks for:

- the encoding: UTF-16 with a byte-order mark, UTF-8 with or without one, otherwise
  Windows-1252 (what Norwegian Excel's "CSV (semikolondelt)" writes);
- the separator: the one among ``;`` ``,`` and tab (callers may add ``|``) that gives
  the most consistent number of fields over the first records, ``;`` on a tie;
- a decimal comma: a ``;``-separated file is Norwegian Excel's, whose ``,`` is the
  decimal mark (:func:`infer_types` reads ``37,5`` as 37.5 only there);
- XLSX (openpyxl, the library the rest of the product writes and tests with): the
  first sheet or a named one, the value Excel cached for a formula cell, or the
  formula's text when there is none; a formula is never evaluated.

Limits (:class:`Limits`) are checked before anything is built. An XLSX file is a ZIP
archive of XML: a 125 kB upload once unpacked to 51 MB and took openpyxl 43 seconds
and 390 MB to read. The ZIP's central directory states every part's unpacked size,
so the total and each part's compression ratio are checked from it without
unpacking anything; the rows are then counted by streaming the worksheets (bounded
by the unpacked limit) before openpyxl opens the file. Stated sizes can lie, but
Python's zipfile never returns more than the stated size of a part, so a lie only
breaks the file, it does not lift the limit. CSV files have their lines counted.

Every refusal is a :class:`TableError` with a ``code``, the numbers in ``params`` and
a bokmål ``message`` (without the file name, which the caller adds). The web side
turns the code into a translated sentence (``hjemmekontor.web.uploads.refusal``);
the command-line libraries show the message as it is.
"""

from __future__ import annotations

import codecs
import csv
import io
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DELIMITERS",
    "NO_LIMITS",
    "Limits",
    "Table",
    "TableError",
    "infer_types",
    "megabytes",
    "read_table",
]

ZIP_MAGIC = b"PK\x03\x04"
# The old binary Excel format (.xls) is an OLE compound file.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", ",", "\t")
# Enough text and records to judge the separator even when the first records are
# long free-text answers with embedded line breaks.
SNIFF_CHARS = 256_000
SNIFF_RECORDS = 200
# Data rows are turned into polars columns this many at a time, so that a large
# file never exists as one Python list of strings per cell.
_CHUNK_ROWS = 50_000
# Identifiers such as municipality numbers ("0301") must stay text: turning
# them into 301 would lose the leading zero.
_LEADING_ZERO = r"^-?0\d"
_INT = r"^[+-]?\d+$"
_FLOAT_DOT = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_FLOAT_COMMA = r"^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$"

Record = tuple[int, list[str]]


class TableError(ValueError):
    """A table that cannot be read, or is over a limit.

    ``code`` names the fault for callers that word it themselves: ``missing``,
    ``too_large``, ``empty``, ``binary``, ``xls``, ``undecodable``, ``encoding``,
    ``csv``, ``ragged``, ``xlsx``, ``no_sheet``, ``unknown_sheet``, ``unpacked``,
    ``packed`` or ``too_many_rows``. ``params`` holds the numbers and names in the
    message; ``line`` is the 1-based physical line (or sheet row) where it applies.
    """

    LIMITS = frozenset({"too_large", "unpacked", "packed", "too_many_rows"})

    def __init__(self, code: str, message: str, *, line: int | None = None, **params: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.params = params

    @property
    def is_limit(self) -> bool:
        """True when the file may be fine but is over a size or row limit."""
        return self.code in self.LIMITS


@dataclass(frozen=True)
class Limits:
    """What a file may be before it is read; ``None`` is no limit.

    ``raw_bytes``: the file as given. ``unpacked_bytes``: all parts of an XLSX
    archive unpacked (and at most :data:`hjemmekontor.workbooks.MAX_PARTS` parts). ``compression_ratio``:
    how much tighter than that a part over 1 MB may be packed. ``rows``: CSV lines
    or XLSX rows, the header included. ``columns``: XLSX cells past this column
    are not read (a sheet may claim 16 384 columns).
    """

    raw_bytes: int | None = None
    unpacked_bytes: int | None = None
    compression_ratio: int | None = None
    rows: int | None = None
    columns: int | None = None


NO_LIMITS = Limits()


@dataclass(frozen=True)
class Table:
    """A file read as rows of text cells, with what was found while reading it.

    ``format`` is ``csv`` or ``xlsx``. For CSV, ``encoding`` is the Python codec
    (``utf-8``, ``utf-8-sig``, ``utf-16`` or ``cp1252``) and ``delimiter`` the
    separator; for XLSX, ``sheet`` is the sheet read. CSV records are parsed when
    iterated (a CSV fault is raised then, with its line); XLSX rows are read at once.
    """

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    text: str | None = field(default=None, repr=False)
    rows: tuple[Record, ...] = field(default=(), repr=False)

    @property
    def decimal_comma(self) -> bool:
        """True for Norwegian Excel's CSV: ``;`` separates because ``,`` is the decimal mark."""
        return self.format == "csv" and self.delimiter == ";"

    def records(self) -> Iterator[Record]:
        """Every record with the line it starts on, the header and blank lines included.

        A blank CSV line or an empty sheet row is an empty list.
        """
        if self.text is None:
            yield from self.rows
            return
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter or ",")
        previous = 0
        try:
            for cells in reader:
                # A quoted cell may span lines; the record starts after the previous one ended.
                yield previous + 1, cells
                previous = reader.line_num
        except csv.Error as error:
            raise TableError(
                "csv", f"CSV-feil: {error}", line=reader.line_num, reason=str(error)
            ) from None

    def header(self) -> Record:
        """The first record with any text in it: its line and its cells as written."""
        for line, cells in self.records():
            if any(cell.strip() for cell in cells):
                return line, cells
        raise _empty(self)

    def frame(
        self,
        names: Sequence[str],
        *,
        exact_width: bool = False,
        line_column: str | None = None,
    ) -> pl.DataFrame:
        """The records after the header as a polars frame of text (``String``) columns.

        ``names`` are the column names, one for each header cell. Blank records are
        left out. A record with more cells than the header is refused with its line
        unless the extra cells are empty; a shorter one is padded with empty cells.
        ``exact_width`` refuses any record of another width. ``line_column`` adds the
        line each record starts on (an ``Int64`` column of that name).
        """
        import polars as pl

        header_line, header = self.header()
        width = len(header)
        if len(names) != width:
            raise ValueError(f"{len(names)} names for {width} header cells")
        chunks: list[pl.DataFrame] = []
        pending: list[list[str]] = []
        lines = array("q")
        schema = dict.fromkeys(names, pl.String)

        def flush() -> None:
            # Transposed in C by zip(); the rows of a chunk are then let go.
            columns = list(zip(*pending, strict=True)) if pending else [()] * width
            data = {
                name: pl.Series(name, column, dtype=pl.String)
                for name, column in zip(names, columns, strict=True)
            }
            chunks.append(pl.DataFrame(data, schema=schema))
            pending.clear()

        for line, cells in self.records():
            if line <= header_line or not cells:
                continue
            if len(cells) != width:
                extra = cells[width:]
                if exact_width or any(cell.strip() for cell in extra):
                    raise TableError(
                        "ragged",
                        f"raden har {len(cells)} felt, men overskriften har {width}. "
                        "Sjekk skilletegn og anførselstegn i denne linjen.",
                        line=line,
                        count=len(cells),
                        expected=width,
                    )
                cells = cells[:width] + [""] * (width - len(cells))
            pending.append(cells)
            lines.append(line)
            if len(pending) >= _CHUNK_ROWS:
                flush()
        if pending or not chunks:
            flush()
        result = pl.concat(chunks, how="vertical") if len(chunks) > 1 else chunks[0]
        if line_column is not None:
            result = result.with_columns(pl.Series(line_column, lines, dtype=pl.Int64))
        return result


def megabytes(size: int) -> str:
    """A size in MB as Norwegians write it: one decimal with a comma, none when whole."""
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")


def read_table(
    source: bytes | str | Path,
    *,
    name: str | None = None,
    format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    delimiters: Sequence[str] = DELIMITERS,
    sheet: str | None = None,
    limits: Limits = NO_LIMITS,
) -> Table:
    """Read a CSV or XLSX file; see the module docstring.

    Parameters
    ----------
    source : bytes, str or Path
        The file's bytes, or its path.
    name : str, optional
        The file name, for its suffix: a ``.xlsx`` name whose bytes are not a ZIP
        archive is refused rather than read as text. Defaults to the path's name.
    format : {"csv", "xlsx"}, optional
        Skip detection (the analysis reads ``.csv`` files as CSV whatever they hold).
    encoding, delimiter : str, optional
        Force the CSV encoding (a Python codec) or separator instead of finding it.
    delimiters : sequence of str
        The separators to choose among.
    sheet : str, optional
        The XLSX sheet; the first when omitted.
    limits : Limits
        Refuse the file past these before reading it.

    Raises
    ------
    TableError
    """
    if isinstance(source, bytes):
        data = source
        name = name or ""
    else:
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise FileNotFoundError(path)
        except OSError:
            raise TableError("missing", "finnes ikke.") from None
        _check_size(size, limits)
        data = path.read_bytes()
    _check_size(len(data), limits)
    if not data.strip():
        raise TableError("empty", "er tom.")
    if format is None:
        if data.startswith(ZIP_MAGIC):
            format = "xlsx"
        elif data.startswith(OLE_MAGIC):
            raise TableError(
                "xls",
                "er i det gamle Excel-formatet (.xls). Lagre den som .xlsx eller som CSV.",
            )
        elif name.lower().endswith(XLSX_SUFFIXES):
            raise TableError(
                "xlsx",
                "kan ikke leses som Excel-fil (.xlsx): innholdet er ikke et Excel-arkiv.",
                reason="innholdet er ikke et Excel-arkiv",
            )
        else:
            format = "csv"
    if format == "xlsx":
        # Imported here: the workbook reader builds this module's Table and
        # raises its TableError, so it imports this module.
        from hjemmekontor.workbooks import read_xlsx

        return read_xlsx(data, sheet, limits)
    if format != "csv":
        raise ValueError(f"unknown table format {format!r}")
    if limits.rows is not None and data.count(b"\n") > limits.rows:
        # UTF-16 has a zero byte after each newline; counting b"\n" still counts lines.
        raise _too_many_rows(limits.rows)
    text, used = _decode(data, encoding)
    if not text.strip(" \t\r\n"):
        raise TableError("empty", "er tom.")
    return Table(
        format="csv",
        encoding=used,
        delimiter=delimiter or sniff_delimiter(text, delimiters),
        text=text,
    )


def _check_size(size: int, limits: Limits) -> None:
    if limits.raw_bytes is not None and size > limits.raw_bytes:
        raise TableError(
            "too_large",
            f"er {megabytes(size)} MB; grensen er {megabytes(limits.raw_bytes)} MB. "
            "Del filen opp eller fjern kolonner som ikke trengs.",
            size=size,
            limit=limits.raw_bytes,
        )


def _empty(table: Table) -> TableError:
    if table.format == "xlsx":
        return TableError("empty", f"arket «{table.sheet}» er tomt.", sheet=table.sheet)
    return TableError("empty", "er tom.")


def _too_many_rows(limit: int) -> TableError:
    shown = f"{limit:,}".replace(",", " ")
    return TableError(
        "too_many_rows",
        f"har mer enn {shown} rader; grensen er {shown}. Del filen opp.",
        limit=limit,
    )


# ---------------------------------------------------------------------------
# CSV


def _undecodable(data: bytes, position: int, what: str) -> TableError:
    line = data.count(b"\n", 0, position) + 1
    column = position - (data.rfind(b"\n", 0, position) + 1) + 1
    byte = data[position]
    return TableError(
        "undecodable",
        f"{what}: ugyldig byte 0x{byte:02X}, tegn {column}. "
        "Lagre filen som «CSV UTF-8» i Excel og prøv igjen.",
        line=line,
        byte=byte,
        column=column,
    )


def _decode(data: bytes, forced: str | None) -> tuple[str, str]:
    """Text without a byte-order mark, and the codec it was read with."""
    if forced:
        try:
            return data.decode(forced).removeprefix("\ufeff"), forced
        except (UnicodeDecodeError, LookupError) as error:
            raise TableError(
                "encoding", f"kan ikke leses som {forced}: {error}", encoding=forced
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff"), "utf-16"
        except UnicodeDecodeError as error:
            raise _undecodable(data, error.start, "er merket som UTF-16, men er ikke det") from None
    if b"\x00" in data:
        # Text in UTF-8 or Windows-1252 never holds a zero byte; images and other
        # binary files almost always do.
        raise TableError(
            "binary", "ser ikke ut til å være en tekstfil (CSV) eller en Excel-fil (.xlsx)."
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise _undecodable(
                data,
                error.start + len(codecs.BOM_UTF8),
                "starter med UTF-8-merke (BOM), men er ikke gyldig UTF-8",
            ) from None
    # Strict UTF-8 first: Windows-1252 text almost never happens to be valid
    # UTF-8 (any "ø" is a lone 0xF8 byte), while the reverse is always
    # decodable, so this order cannot misread a UTF-8 file.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise _undecodable(
            data, error.start, "tegnkodingen er verken UTF-8 eller Windows-1252"
        ) from None


def _field_counts(text: str, delimiter: str) -> list[int]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    counts = []
    try:
        for row in reader:
            if row:
                counts.append(len(row))
            if len(counts) >= SNIFF_RECORDS:
                break
    except csv.Error:
        return []
    return counts


def sniff_delimiter(text: str, delimiters: Sequence[str] = DELIMITERS) -> str:
    """The separator giving the most consistent field count, then the most fields.

    The first of ``delimiters`` wins a tie, and is the answer when no separator
    splits the header at all (a one-column file).
    """
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS:
        # Drop the possibly cut last line; a cut inside a quoted field only
        # costs consistency of the final record, which is ignored below.
        sample = sample[: sample.rfind("\n") + 1] or sample
    best, best_score = delimiters[0], (-1.0, 0)
    for candidate in delimiters:
        counts = _field_counts(sample, candidate)
        if not counts or counts[0] < 2:
            continue
        body = counts[1:-1] or counts[1:] or counts
        agreement = sum(c == counts[0] for c in body) / len(body)
        score = (agreement, counts[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


# ---------------------------------------------------------------------------
# XLSX


def infer_types(frame: pl.DataFrame, *, decimal_comma: bool) -> tuple[pl.DataFrame, bool]:
    """Turn text columns that hold only numbers into ``Int64`` or ``Float64`` columns.

    Cells are stripped and empty ones become null. Done here rather than by
    polars' schema inference so that one text value far down a column keeps the
    whole column as text (nothing valid is lost), so that leading zeros keep an
    identifier as text, and so that a decimal comma is understood only where
    ``decimal_comma`` says the file uses one. Returns the frame and whether a
    decimal comma was read.
    """
    import polars as pl

    used_comma = False
    columns = []
    for name in frame.columns:
        series = frame[name]
        if series.dtype != pl.String:
            columns.append(series)
            continue
        stripped = series.str.strip_chars().replace("", None)
        values = stripped.drop_nulls()
        if values.len() == 0 or values.str.contains(_LEADING_ZERO).any():
            columns.append(stripped)
        elif values.str.contains(_INT).all():
            columns.append(stripped.cast(pl.Int64, strict=False))
        elif values.str.contains(_FLOAT_DOT).all():
            columns.append(stripped.cast(pl.Float64, strict=False))
        elif decimal_comma and values.str.contains(_FLOAT_COMMA).all():
            used_comma = True
            columns.append(stripped.str.replace(",", ".", literal=True).cast(pl.Float64))
        else:
            columns.append(stripped)
    return pl.DataFrame(columns), used_comma
