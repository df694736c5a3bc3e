"""The example files import cleanly, and the admin guide says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from hjemmekontor.organisation.actions import do_create_import_batch, do_import_people
from hjemmekontor.organisation.columns import FIELD_BY_ALIAS, normalise_header
from hjemmekontor.organisation.importing import parse_people_file
from hjemmekontor.organisation.models import Person, Unit
from tests.organisation.org_files import LIMIT

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "people"
GUIDE = ROOT / "docs" / "admin-guide.md"


def _section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("## Organisasjon og import")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.django_db
def test_both_example_files_import_without_problems() -> None:
    for name, encoding, delimiter in [
        ("ansatte-eksempel.csv", "Windows-1252", ";"),
        ("employees-example-utf8.csv", "UTF-8", ","),
    ]:
        parsed = parse_people_file((EXAMPLES / name).read_bytes(), name, LIMIT)
        assert (parsed.encoding, parsed.delimiter) == (encoding, delimiter)
        batch = do_import_people(do_create_import_batch(parsed, None, False))
        assert batch.problems == [], name

    sofie = Person.objects.select_related("unit").get(employee_number="1005")
    assert (sofie.name, sofie.unit.path, sofie.representative_role) == (
        "Sofie Ærø",
        "IT/Drift",
        "union",
    )
    assert sofie.birth_year == 1983
    marte = Person.objects.select_related("unit").get(employee_number="2003")
    assert (marte.name, marte.unit.path) == ("Nilsen, Marte", "HR og personal/Rekruttering")
    assert Unit.objects.get(code="REISE").name == "Lønn og reise"


def test_the_guide_quotes_the_example_files_exactly() -> None:
    blocks = re.findall(r"```text\n(.*?)```", _section(), flags=re.DOTALL)
    files = {
        "Ansattnr;": (EXAMPLES / "ansatte-eksempel.csv").read_text(encoding="cp1252"),
        "employee_number,": (EXAMPLES / "employees-example-utf8.csv").read_text(encoding="utf-8"),
    }
    assert len(blocks) == 2
    for block in blocks:
        lines = [line.strip() for line in block.strip().splitlines()]
        source = next(text for start, text in files.items() if lines[0].startswith(start))
        assert all(line in source.splitlines() for line in lines), lines


def test_every_column_name_in_the_guide_is_recognised() -> None:
    table = [line for line in _section().splitlines() if line.startswith("| `")]
    names = [name for line in table for name in re.findall(r"`([^`]+)`", line.split("|")[1])]

    assert len(names) >= 25
    unknown = [name for name in names if normalise_header(name) not in FIELD_BY_ALIAS]
    assert unknown == []


def test_the_guide_states_the_default_upload_limit() -> None:
    limit_mb = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
    assert f"Største filstørrelse er {limit_mb} MB" in _section()
