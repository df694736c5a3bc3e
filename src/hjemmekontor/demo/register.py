"""The demo's organisation register, loaded through the people import.

The synthetic people are written as the file a Norwegian HR system would export
(semicolon-separated, UTF-8 with BOM, Norwegian headers and values) and go
through the same three steps as an upload in the browser: parse, preview
(`do_create_import_batch`) and confirm (`do_import_people`). The demo thereby
exercises the import's parser, unit-code tree and bulk writes, not a shortcut.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from django.conf import settings

from hjemmekontor.demo.errors import DemoLoadError
from hjemmekontor.organisation.actions import do_create_import_batch, do_import_people
from hjemmekontor.organisation.importing import parse_people_file
from hjemmekontor.organisation.models import ImportBatch

if TYPE_CHECKING:
    from hjemmekontor.synth import Organisation

# The batch's file name doubles as the marker that the demo has been loaded.
DEMO_FILENAME = "demo-ansatte.csv"

_HEADER = (
    "ansattnummer",
    "navn",
    "e-post",
    "enhetskode",
    "overordnet_kode",
    "enhetsnavn",
    "leder",
    "verv",
    "kjønn",
    "fødselsår",
)
_ROLE = {None: "", "safety": "verneombud", "union": "tillitsvalgt", "both": "begge"}
# Shift workers have no work e-mail here, as in many Norwegian workplaces: they
# get the survey as a printed letter with a code (surveys.letters), or answer on
# a kiosk tablet. Their managers and representatives do have an address.
_NO_EMAIL_UNITS = ("Skift ",)
_GENDER = {"female": "Kvinne", "male": "Mann", "other": "Annet"}


def people_file(org: Organisation) -> bytes:
    """The organisation's people as an HR export: `;`, UTF-8 with BOM, Norwegian values."""
    unit_names = dict(zip(org.units["unit_code"], org.units["name"], strict=True))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_HEADER)
    for row in org.people.iter_rows(named=True):
        paper = (
            unit_names[row["unit_code"]].startswith(_NO_EMAIL_UNITS)
            and not row["is_manager"]
            and not row["representative_role"]
        )
        writer.writerow(
            (
                row["employee_number"],
                row["name"],
                "" if paper else row["email"],
                row["unit_code"],
                row["parent_code"] or "",
                unit_names[row["unit_code"]],
                "ja" if row["is_manager"] else "nei",
                _ROLE[row["representative_role"]],
                _GENDER[row["gender"]],
                row["birth_year"],
            )
        )
    return buffer.getvalue().encode("utf-8-sig")


def import_people(org: Organisation) -> ImportBatch:
    """Parse, preview and confirm the people file; every line must be accepted."""
    parsed = parse_people_file(people_file(org), DEMO_FILENAME, settings.MAX_UPLOAD_BYTES)
    batch = do_create_import_batch(parsed, None, deactivate_missing=False)
    if batch.problems:
        first = batch.problems[0]
        raise DemoLoadError(
            f"Demofilen {DEMO_FILENAME} ble avvist på linje {first['line']}: "
            f"{'; '.join(first['reasons'])}"
        )
    return do_import_people(batch)
