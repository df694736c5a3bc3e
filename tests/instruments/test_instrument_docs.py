"""docs/instruments.md stays honest about the file format."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hjemmekontor.instruments import load_instrument
from hjemmekontor.instruments.loader import SCHEMA_PATH

DOC = Path(__file__).resolve().parents[2] / "docs" / "instruments.md"


def _documented_fields() -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", DOC.read_text(encoding="utf-8")))


def test_every_field_of_the_schema_is_documented() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    fields = set(schema["properties"])
    for name in ("section", "item", "score", "condition"):
        fields |= set(schema["$defs"][name]["properties"])
    fields |= set(schema["$defs"]["item"]["properties"]["type"]["enum"])
    assert fields - _documented_fields() == set()


def test_the_scoring_example_in_the_docs_is_right() -> None:
    doc = DOC.read_text(encoding="utf-8")
    example = re.search(r"inst\.score\((\{.*?\})\)\s+# \{\"burnout\": ([0-9.]+)", doc)
    assert example is not None
    answers = json.loads(example.group(1))
    score = load_instrument("employee", 1).score(answers)["burnout"]
    assert score == float(example.group(2))
