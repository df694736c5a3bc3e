"""The threat model in docs/privacy.md names real tests and every actor, and agrees with
the module the DPIA draft is built from."""

from __future__ import annotations

import re
from pathlib import Path

from hjemmekontor.audit import threats

ROOT = Path(__file__).resolve().parent.parent.parent
ACTORS = {
    "employee": "Employee",
    "manager": "Manager",
    "representative": "Safety representative",
    "amu": "AMU member",
    "adviser": "HMS adviser",
    "superuser": "Django superuser",
    "database": "Database operator",
    "local": "Local user",
    "network": "Network attacker",
    "link": "Holder of a personal answer link",
    "letter": "Holder of a printed letter's code",
    "apikey": "Holder of an API key",
}


def table_in_docs() -> str:
    text = (ROOT / "docs/privacy.md").read_text(encoding="utf-8")
    section = text.split("## Threat model\n", 1)[1]
    # The first table after the heading.
    table: list[str] = []
    for line in section.splitlines():
        if line.startswith("|"):
            table.append(line)
        elif table:
            break
    assert table, "no table under '## Threat model'"
    return "\n".join(table) + "\n"


def named_tests(table: str) -> list[tuple[str, str]]:
    return re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", table)


def test_every_test_the_threat_model_names_exists():
    named = named_tests(table_in_docs())
    assert len(named) >= 30, "the pattern no longer finds the tests: update it"
    missing = []
    for path, name in named:
        file = ROOT / path
        if not file.is_file() or not re.search(
            rf"^def {name}\(", file.read_text(encoding="utf-8"), re.M
        ):
            missing.append(f"{path}::{name}")
    assert not missing


def test_every_actor_has_a_row_with_a_test():
    table = table_in_docs()
    rows = {line.split("|")[1].strip(" *"): line for line in table.splitlines()[2:]}
    for key, actor in ACTORS.items():
        row = next((line for name, line in rows.items() if name.startswith(actor)), None)
        assert row is not None, f"no row for {key} ({actor})"
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        assert len(cells) == 5 and all(cells), row
        assert named_tests(row), f"{actor} names no test"
    assert {threat.key for threat in threats.THREATS} == set(ACTORS)


def test_the_docs_table_is_the_one_the_dpia_is_built_from():
    # Edit hjemmekontor/audit/threats.py, then paste threats.markdown_table() here.
    assert table_in_docs() == threats.markdown_table()


def test_each_row_has_its_bokmal_text_for_the_dpia():
    for threat in threats.THREATS:
        assert threat.actor_nb and threat.can_nb and threat.cannot_nb and threat.how_nb
        # A limit said in one language is said in the other.
        assert ("Not protected" in threat.can) == ("Ikke beskyttet" in threat.can_nb), threat.key
