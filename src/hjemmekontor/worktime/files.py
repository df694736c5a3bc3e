"""Reading the CSV and Excel files that time and HR systems export.

Norwegian Excel writes ``;`` separators and Windows-1252, or UTF-8 with a
byte-order mark; both are recognised. Every value is read as text, so a bad
value is reported rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl


@dataclass(frozen=True)
class RowError:
    """One bad value: where it is and why it was refused."""

    file: str
    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, linje {self.line}, kolonne {self.column!r}: {self.reason} ({self.value!r})"


class FileError(ValueError):
    """A file that cannot be read at all (missing, wrong format, missing columns)."""


def decode(data: bytes, encoding: str | None = None) -> str:
    """Text of a file: BOM means UTF-8, else UTF-8 if valid, else Windows-1252."""
    if encoding:
        return data.decode(encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def sniff_delimiter(header: str) -> str:
    """The most frequent of ``;``, ``,`` and tab in the header line."""
    return max((";", ",", "\t"), key=header.count)


def read_table(
    path: Path,
    *,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> pl.DataFrame:
    """All cells as stripped text (empty = null), plus ``_line``: the line or row number."""
    if not path.exists():
        raise FileError(f"{path}: filen finnes ikke")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        frame = _read_xlsx(path, sheet)
    else:
        text = decode(path.read_bytes(), encoding)
        header = text.split("\n", 1)[0]
        sep = delimiter or sniff_delimiter(header)
        try:
            frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), separator=sep, infer_schema=False)
        except pl.exceptions.PolarsError as exc:
            raise FileError(f"{path}: kan ikke lese CSV: {exc}") from exc
    frame = frame.rename({c: c.strip() for c in frame.columns})
    # Header is line 1, so data row i (from 0) is line i + 2.
    return (
        frame.with_columns(
            [pl.col(c).str.strip_chars().replace("", None).alias(c) for c in frame.columns]
        )
        .with_row_index("_line", offset=2)
        .with_columns(pl.col("_line").cast(pl.Int64))
    )


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, sheet: str | None) -> pl.DataFrame:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
    except KeyError as exc:
        raise FileError(f"{path}: arket {sheet!r} finnes ikke") from exc
    rows = ws.iter_rows(values_only=True)
    header = [
        str(h).strip() if h is not None else f"kolonne_{i + 1}"
        for i, h in enumerate(next(rows, ()))
    ]
    data: dict[str, list[str | None]] = {h: [] for h in header}
    for row in rows:
        for h, value in zip(header, row, strict=False):
            data[h].append(_cell_text(value))
        for h in header[len(row) :]:
            data[h].append(None)
    book.close()
    return pl.DataFrame(data, schema={h: pl.String for h in header})
