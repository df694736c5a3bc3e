"""The documentation keeps up with the engine: a page per rule id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hjemmekontor.worktime import RULES
from hjemmekontor.worktime.config import RuleConfig

DOCS = Path(__file__).resolve().parents[2] / "docs" / "worktime"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_page_with_its_section_and_the_four_parts(rule_id):
    page = (DOCS / f"{rule_id}.md").read_text(encoding="utf-8")
    assert page.startswith(f"# {rule_id} ")
    for heading in (
        "## What it checks",
        "## The law in short",
        "## Source",
        "## Configurable choices",
    ):
        assert heading in page
    assert "§ " + RULES[rule_id].section.split("§ ")[1].split(" ")[0] in page


def test_readme_links_every_rule_and_no_unknown_one():
    readme = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\((RT-[A-Z0-9-]+)\.md\)", readme))
    assert linked == set(RULES)


def test_readme_documents_every_configurable_choice():
    readme = (DOCS / "README.md").read_text(encoding="utf-8")
    for name in RuleConfig.__dataclass_fields__:
        assert f"`{name}`" in readme
