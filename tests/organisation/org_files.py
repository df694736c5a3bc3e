"""People files as HR systems write them, for the organisation tests."""

from __future__ import annotations

from typing import Any

from hjemmekontor.organisation.actions import do_create_import_batch
from hjemmekontor.organisation.importing import parse_people_file
from hjemmekontor.organisation.models import ImportBatch

LIMIT = 5 * 1024 * 1024


def csv_file(rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    """A CSV file as Excel writes it: CRLF line ends, no quoting unless needed."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if any(ch in cell for ch in (delimiter, '"', "\n")):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def parse(data: bytes, filename: str = "ansatte.csv") -> Any:
    return parse_people_file(data, filename, LIMIT, this_year=2025)


def batch_for(rows: list[list[str]], deactivate_missing: bool = False) -> ImportBatch:
    return do_create_import_batch(parse(csv_file(rows)), None, deactivate_missing)
