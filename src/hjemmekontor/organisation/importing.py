"""Read a people file (CSV or XLSX as HR systems export it) into rows and problems.

A plain parser: no database. The one reader, `hjemmekontor.tables`, finds the
encoding (UTF-8, UTF-8 with BOM, Windows-1252, UTF-16 with BOM) and the separator
(`;`, `,` or tab) and applies the upload limits; this module maps the header to fields, reads every cell and flags duplicates inside the file. Whole-
file faults (too big, empty, unreadable, header not recognised) raise
`ImportFileError`; a fault in one line rejects that line only, so that nothing
valid is lost. Comparing with the register is `importplan`'s job.

Cells are only ever read as text: a formula such as `=HYPERLINK(...)` in a CSV
file stays a string, and for XLSX the value Excel cached is used (or the formula
text if there is none); nothing is evaluated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from hjemmekontor import tables
from hjemmekontor.organisation import columns
from hjemmekontor.organisation.columns import CellError
from hjemmekontor.web import uploads

OSLO = ZoneInfo("Europe/Oslo")
MAX_ROWS = 100_000


class ImportFileError(ValueError):
    """The whole file cannot be imported; the message says why and what to do."""


# Encoding labels as stored on the batch and shown to the admin -> Python codec.
CODECS = {
    "UTF-8": "utf-8",
    "UTF-8 med BOM": "utf-8-sig",
    "Windows-1252": "cp1252",
    "UTF-16": "utf-16",
    "XLSX": "utf-8-sig",
}
# The reader's codec -> the label stored on the batch.
LABELS = {codec: label for label, codec in CODECS.items() if label != "XLSX"}


@dataclass
class Row:
    """One data line: its cells as written, the values read from them and its problems."""

    line: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "cells": self.cells,
            "values": self.values,
            "problems": self.problems,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        return cls(
            line=int(data["line"]),
            cells=dict(data["cells"]),
            values=dict(data["values"]),
            problems=list(data["problems"]),
        )


@dataclass
class ParsedFile:
    """A people file read into rows. `columns` pairs each used header text with its field."""

    filename: str
    encoding: str
    delimiter: str
    columns: list[tuple[str, str]]
    ignored_columns: list[str]
    rows: list[Row]

    @property
    def fields(self) -> set[str]:
        return {name for _header, name in self.columns}


def check_size(size: int, max_bytes: int, filename: str) -> None:
    """Refuse a file before reading it when it is over the upload limit."""
    if size > max_bytes:
        raise ImportFileError(uploads.too_large(filename, size, max_bytes))


def parse_people_file(
    data: bytes, filename: str, max_bytes: int, this_year: int | None = None
) -> ParsedFile:
    """Read a CSV or XLSX people file.

    Raises `ImportFileError` for faults of the whole file; problems of single lines
    are kept on each `Row`.
    """
    year = this_year or dt.datetime.now(tz=OSLO).year
    try:
        # The one reader (hjemmekontor.tables) finds the encoding and the separator
        # and refuses a file over the upload limits before reading it.
        table = tables.read_table(data, name=filename, limits=uploads.limits(max_bytes))
        if table.format == "xlsx":
            encoding, delimiter = "XLSX", ""
        else:
            encoding, delimiter = LABELS[table.encoding or "utf-8"], table.delimiter or ""
        return _read_table(table.records(), filename, encoding, delimiter, year)
    except tables.TableError as error:
        raise ImportFileError(uploads.refusal(error, filename)) from None


def _read_table(
    table: Iterable[tuple[int, list[str]]],
    filename: str,
    encoding: str,
    delimiter: str,
    year: int,
) -> ParsedFile:
    lines = iter(table)
    header_line, header = next(
        ((line, cells) for line, cells in lines if any(cell.strip() for cell in cells)),
        (0, []),
    )
    if not header:
        raise ImportFileError(_("Filen «%(filename)s» er tom.") % {"filename": filename})
    mapping, ignored = map_header(header, filename, header_line)
    rows: list[Row] = []
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Filen «%(filename)s» har mer enn %(max)s rader; del den opp.")
                % {"filename": filename, "max": MAX_ROWS}
            )
        rows.append(_read_row(line, cells, header, mapping, year))
    if not rows:
        raise ImportFileError(
            _("Filen «%(filename)s» har en overskriftsrad, men ingen personer.")
            % {"filename": filename}
        )
    flag_duplicates(rows, "employee_number", _("Ansattnummer"))
    flag_duplicates(rows, "email", _("E-postadressen"))
    used = [(header[index].strip(), name) for index, name in mapping.items()]
    return ParsedFile(filename, encoding, delimiter, used, ignored, rows)


def expected_columns() -> str:
    return _(
        "ansattnummer, e-post, navn, enhet (en sti som Økonomi/Lønn) eller enhetskode og "
        "overordnet_kode (og enhetsnavn), leder, verv, kjønn, og fødselsår, fødselsdato "
        "eller aldersgruppe"
    )


def map_header(header: list[str], filename: str, line: int) -> tuple[dict[int, str], list[str]]:
    """Column index -> field; refuses headers without the required columns."""
    mapping: dict[int, str] = {}
    seen: dict[str, str] = {}
    ignored: list[str] = []
    for index, text in enumerate(header):
        name = columns.FIELD_BY_ALIAS.get(columns.normalise_header(text))
        if name is None:
            if text.strip():
                ignored.append(text.strip())
            continue
        if name in seen:
            raise ImportFileError(
                _(
                    "Filen «%(filename)s» har både kolonnen «%(first)s» og «%(second)s», som "
                    "betyr det samme (%(field)s). Fjern den ene."
                )
                % {
                    "filename": filename,
                    "first": seen[name],
                    "second": text.strip(),
                    "field": columns.DISPLAY_NAMES[name],
                }
            )
        seen[name] = text.strip()
        mapping[index] = name
    if not mapping:
        shown = ", ".join(f"«{cell.strip()}»" for cell in header[:10])
        raise ImportFileError(
            _(
                "Overskriftsraden i «%(filename)s» (linje %(line)s) ble ikke gjenkjent; fant "
                "%(found)s. Filen må begynne med en overskriftsrad der kolonnene er skilt med "
                "semikolon (;) eller komma (,). Forventede kolonner: %(expected)s."
            )
            % {
                "filename": filename,
                "line": line,
                "found": shown,
                "expected": expected_columns(),
            }
        )
    fields = set(mapping.values())
    missing = []
    if "name" not in fields:
        missing.append(_("Filen «%(filename)s» mangler kolonnen «navn».") % {"filename": filename})
    if not fields & {"employee_number", "email"}:
        missing.append(
            _(
                "Filen «%(filename)s» mangler både «ansattnummer» og «e-post»; minst én av dem "
                "trengs for å kjenne igjen personer ved ny import."
            )
            % {"filename": filename}
        )
    if fields & {"parent_code", "unit_name"} and "unit_code" not in fields:
        missing.append(
            _(
                "Filen «%(filename)s» har «overordnet_kode» eller «enhetsnavn», men ikke "
                "«enhetskode»."
            )
            % {"filename": filename}
        )
    if missing:
        found = ", ".join(f"«{cell.strip()}»" for cell in header if cell.strip())
        raise ImportFileError(
            " ".join(missing)
            + " "
            + _("Kolonner i filen: %(found)s. Forventede kolonner: %(expected)s.")
            % {"found": found, "expected": expected_columns()}
        )
    return mapping, ignored


def _read_row(
    line: int, cells: list[str], header: list[str], mapping: dict[int, str], year: int
) -> Row:
    row = Row(line=line, cells={})
    for index, name in mapping.items():
        row.cells[name] = cells[index] if index < len(cells) else ""
    extra = [cell for cell in cells[len(header) :] if cell.strip()]
    if extra:
        row.problems.append(
            _(
                "Linjen har %(count)s felt, men overskriften har %(expected)s. Inneholder en "
                "verdi skilletegnet uten anførselstegn rundt?"
            )
            % {"count": len(cells), "expected": len(header)}
        )
    failed: set[str] = set()
    for index, name in mapping.items():
        try:
            text = columns.clean_text(row.cells[name])
            row.values[name] = _read_value(name, text, year)
        except CellError as error:
            failed.add(name)
            row.problems.append(f"{header[index].strip()}: {error}")
    _settle_age(row)
    identified = row.values.get("employee_number") or row.values.get("email")
    if not identified and not failed & {"employee_number", "email"}:
        row.problems.append(_("Linjen har verken ansattnummer eller e-postadresse."))
    return row


_READERS = {
    "employee_number": columns.read_employee_number,
    "email": columns.read_email,
    "name": columns.read_name,
    "unit": columns.read_unit_path,
    "unit_code": columns.read_code,
    "parent_code": columns.read_code,
    "unit_name": columns.read_unit_name,
    "is_manager": columns.read_flag,
    "representative_role": columns.read_role,
    "gender": columns.read_gender,
    "age_group": columns.read_age_group,
}


def _read_value(name: str, text: str, year: int) -> Any:
    if name == "birth_year":
        return columns.read_birth_year(text, year)
    if name == "birth_date":
        return columns.read_birth_date(text, year)
    return _READERS[name](text)


def _settle_age(row: Row) -> None:
    """One age value per person: a birth year (from either column) wins over an age group."""
    year = row.values.pop("birth_year", None)
    from_date = row.values.pop("birth_date", None)
    if year is None:
        year = from_date
    if year is not None:
        row.values["birth_year"] = year


def flag_duplicates(rows: list[Row], name: str, label: str) -> None:
    """Reject every line that shares a value that must be unique (all of them: which is right?)."""
    lines: dict[str, list[Row]] = {}
    for row in rows:
        value = row.values.get(name)
        if value:
            lines.setdefault(value, []).append(row)
    for value, group in lines.items():
        if len(group) < 2:
            continue
        numbers = ", ".join(str(row.line) for row in group)
        for row in group:
            row.problems.append(
                _("%(label)s «%(value)s» står på flere linjer: %(lines)s.")
                % {"label": label, "value": value, "lines": numbers}
            )
