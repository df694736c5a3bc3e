"""The admin's import of time registrations: an uploaded file through the library's reader.

The file is read by the one reader, ``hjemmekontor.tables``, under the upload limits,
and its table by ``hjemmekontor.worktime.reader`` with the default layout or an
uploaded column mapping. People are matched by employee number, else by e-mail
address (case-insensitive). Every refused value is reported with line, column and
reason, and every valid row is kept for the confirmation. Rows the reader keeps as
incomplete records are refused here: a stored registration needs a start and an
end (a missing break is kept and reported as RT-REG, aml. § 10-7).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from django.db.models.functions import Lower
from django.utils.translation import gettext

from hjemmekontor import tables
from hjemmekontor.organisation.models import Person
from hjemmekontor.timesheets.actions import NewRegistration, overlap_reasons
from hjemmekontor.web import uploads
from hjemmekontor.worktime.files import FileError
from hjemmekontor.worktime.reader import ColumnMapping, read_registrations


class ImportFileError(ValueError):
    """A file (or mapping) that cannot be read at all; the message names it.

    ``field`` is the upload field at fault: ``file`` or ``mapping``.
    """

    def __init__(self, message: str, field: str = "file") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class ParsedImport:
    rows: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    total_lines: int


def _safe_name(name: str, default: str) -> str:
    base = PurePath(name or default).name
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in base)
    return cleaned or default


def _load_mapping(folder: Path, data: bytes, name: str) -> ColumnMapping:
    target = folder / _safe_name(name, "oppsett.yaml")
    if target.suffix.lower() not in {".yaml", ".yml", ".json"}:
        target = target.with_suffix(".yaml")
    target.write_bytes(data)
    try:
        return ColumnMapping.load(target)
    except FileError as error:
        raise ImportFileError(str(error).replace(str(target), name), "mapping") from None


def _match_people(values: list[str]) -> dict[str, Person]:
    wanted = {v for v in values if v}
    by_number = Person.objects.filter(employee_number__in=wanted).in_bulk(
        field_name="employee_number"
    )
    found: dict[str, Person] = {str(k): v for k, v in by_number.items()}
    rest = {v.lower() for v in wanted if v not in found and "@" in v}
    if rest:
        by_email = {
            (p.email or "").lower(): p
            for p in Person.objects.annotate(lower_email=Lower("email")).filter(
                lower_email__in=rest
            )
        }
        for v in wanted:
            if v not in found and v.lower() in by_email:
                found[v] = by_email[v.lower()]
    return found


def parse_upload(
    data: bytes, filename: str, mapping_data: bytes | None = None, mapping_name: str = ""
) -> ParsedImport:
    """Read an uploaded registrations file; see the module docstring."""
    if mapping_data:
        with tempfile.TemporaryDirectory(prefix="hjemmekontor-timer-") as tmp:
            mapping = _load_mapping(Path(tmp), mapping_data, mapping_name or "oppsett.yaml")
    else:
        mapping = ColumnMapping()
    try:
        # The one reader, under the upload limits, with what the mapping forces.
        table = tables.read_table(
            data,
            name=filename,
            encoding=mapping.encoding,
            delimiter=mapping.delimiter,
            sheet=mapping.sheet,
            limits=uploads.limits(),
        )
    except tables.TableError as error:
        if error.is_limit:
            raise ImportFileError(uploads.refusal(error, filename)) from None
        raise ImportFileError(
            gettext("%(file)s: filen kan ikke leses som CSV eller XLSX (%(problem)s)")
            % {"file": filename, "problem": error.message}
        ) from None
    try:
        result = read_registrations(table, mapping, name=filename)
    except FileError as error:
        raise ImportFileError(str(error)) from None
    problems: list[dict[str, Any]] = [
        {"line": e.line, "column": e.column, "value": e.value, "reason": e.reason}
        for e in result.errors
    ]
    bad_lines = {p["line"] for p in problems}
    frame = result.registrations
    people = _match_people([str(v) for v in frame["person"].to_list()])
    candidates: list[tuple[dict[str, Any], NewRegistration]] = []
    for row in frame.iter_rows(named=True):
        line = int(row["line"])
        person = people.get(str(row["person"]))
        if person is None:
            problems.append(
                {
                    "line": line,
                    "column": mapping.person,
                    "value": str(row["person"]),
                    "reason": gettext(
                        "ingen person med dette ansattnummeret eller denne e-postadressen"
                    ),
                }
            )
            continue
        if row["start"] is None or row["end"] is None:
            missing = mapping.start if row["start"] is None else mapping.end
            problems.append(
                {
                    "line": line,
                    "column": missing,
                    "value": "",
                    "reason": gettext(
                        "tidspunktet mangler; en registrering kan ikke lagres uten "
                        "både start og slutt"
                    ),
                }
            )
            continue
        brk = row["break_minutes"]
        entry = NewRegistration(
            person_id=person.pk,
            start=row["start"],
            end=row["end"],
            break_minutes=None if brk is None else round(brk),
            location=row["location"],
            line=line,
        )
        shown: dict[str, Any] = {
            "line": line,
            "person_id": person.pk,
            "person_name": person.name,
            "start": entry.start.isoformat(),
            "end": entry.end.isoformat(),
            "break_minutes": entry.break_minutes,
            "location": entry.location,
        }
        candidates.append((shown, entry))
    refused = overlap_reasons([entry for _shown, entry in candidates])
    rows: list[dict[str, Any]] = []
    for index, (shown, entry) in enumerate(candidates):
        if index in refused:
            problems.append(
                {
                    "line": entry.line,
                    "column": mapping.start,
                    "value": shown["start"][:16].replace("T", " "),
                    "reason": refused[index],
                }
            )
        else:
            rows.append(shown)
    problems.sort(key=lambda p: (p["line"], p["column"]))
    total = len({*bad_lines, *(int(line) for line in frame["line"].to_list())})
    return ParsedImport(rows=rows, problems=problems, total_lines=total)
