"""Reading the CSV and Excel files that time and HR systems export.

The file is read by the one reader, :mod:`hjemmekontor.tables`: Norwegian Excel's
``;`` separators and Windows-1252, or UTF-8 with a byte-order mark, are recognised
there. Every value is kept as text, so a bad value is reported rather than guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from hjemmekontor import tables
from hjemmekontor.tables import Table, TableError


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


def read_table(
    source: Path | Table,
    *,
    name: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> pl.DataFrame:
    """All cells as stripped text (empty = null), plus ``_line``: the line or row number.

    ``source`` is a path, or a table the caller has already read with
    :func:`hjemmekontor.tables.read_table` (the web import reads the upload's bytes
    under the upload limits); ``delimiter``, ``encoding`` and ``sheet`` apply to a path.
    Errors name ``name``, by default the path.
    """
    label = name or str(source)
    try:
        if isinstance(source, Table):
            table = source
        else:
            table = tables.read_table(source, delimiter=delimiter, encoding=encoding, sheet=sheet)
        _header_line, header = table.header()
        frame = table.frame(_column_names(header), line_column="_line")
    except TableError as error:
        if error.code == "missing":
            raise FileError(f"{label}: filen finnes ikke") from None
        where = f", linje {error.line}" if error.line is not None else ""
        raise FileError(f"{label}{where}: {error.message}") from error
    names = [c for c in frame.columns if c != "_line"]
    return frame.with_columns(
        [pl.col(c).str.strip_chars().replace("", None).alias(c) for c in names]
    )


def _column_names(header: list[str]) -> list[str]:
    """Header cells stripped; an empty one is ``kolonne_N``, a repeated one ``name (2)``."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(header, start=1):
        name = cell.strip() or f"kolonne_{position}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        names.append(name)
    return names
