"""Fixtures for the instrument tests: the released instruments, and a tiny valid
instrument that tests copy and break on purpose."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from hjemmekontor.instruments import Instrument, load_instrument
from hjemmekontor.instruments.loader import FILES_DIR


def _t(nb: str, en: str) -> dict[str, str]:
    return {"nb": nb, "en": en}


TINY: dict[str, Any] = {
    "id": "tiny",
    "version": 1,
    "title": _t("Liten", "Tiny"),
    "intro": _t("Et lite skjema for tester.", "A small form for tests."),
    "scales": {
        "agree3": {
            "options": [
                {"value": 1, "label": _t("Uenig", "Disagree")},
                {"value": 2, "label": _t("Nøytral", "Neutral")},
                {"value": 3, "label": _t("Enig", "Agree")},
            ]
        },
        "freq": {
            "options": [
                {"value": "never", "label": _t("Aldri", "Never")},
                {"value": "often", "label": _t("Ofte", "Often")},
            ]
        },
    },
    "sections": [
        {
            "id": "first",
            "title": _t("Først", "First"),
            "items": [
                {
                    "id": "can_work_home",
                    "type": "single",
                    "text": _t("Kan du jobbe hjemme?", "Can you work at home?"),
                    "options": [
                        {"value": "yes", "label": _t("Ja", "Yes")},
                        {"value": "partly", "label": _t("Delvis", "Partly")},
                        {"value": "no", "label": _t("Nei", "No")},
                    ],
                },
                {
                    "id": "ho_freq",
                    "type": "single",
                    "scale": "freq",
                    "text": _t("Hvor ofte?", "How often?"),
                    "when": {"item": "can_work_home", "in": ["yes", "partly"]},
                },
                {"id": "q1", "type": "scale", "scale": "agree3", "text": _t("En", "One")},
                {"id": "q2", "type": "scale", "scale": "agree3", "text": _t("To", "Two")},
            ],
        },
        {
            "id": "second",
            "title": _t("Så", "Then"),
            "items": [
                {
                    "id": "hours",
                    "type": "number",
                    "min": 0,
                    "max": 60,
                    "step": 0.5,
                    "text": _t("Timer?", "Hours?"),
                },
                {
                    "id": "place",
                    "type": "multiple",
                    "text": _t("Hvor?", "Where?"),
                    "options": [
                        {"value": "home", "label": _t("Hjemme", "Home")},
                        {"value": "cabin", "label": _t("Hytte", "Cabin")},
                    ],
                },
                {
                    "id": "comment",
                    "type": "text",
                    "max_length": 100,
                    "text": _t("Kommentar?", "Comment?"),
                },
            ],
        },
    ],
    "scores": [
        {
            "id": "tiny_score",
            "label": _t("Poeng", "Score"),
            "items": ["q1", "q2"],
            "reverse": ["q2"],
            "min_answered": 0.5,
            "source": "Made up for tests.",
        }
    ],
}


@pytest.fixture
def tiny_data() -> dict[str, Any]:
    """A fresh, valid instrument as data; tests break a copy of it."""
    return copy.deepcopy(TINY)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Write instrument data (or raw YAML text) to ``tmp_path/<name>``."""

    def write(data: dict[str, Any] | str, name: str = "tiny-1.yaml") -> Path:
        path = tmp_path / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return write


@pytest.fixture
def files_copy(tmp_path: Path) -> Path:
    """A copy of the released instrument files (and fingerprints) to edit."""
    target = tmp_path / "files"
    shutil.copytree(FILES_DIR, target)
    return target


@pytest.fixture(scope="session")
def employee() -> Instrument:
    return load_instrument("employee", 1)


@pytest.fixture(scope="session")
def manager() -> Instrument:
    return load_instrument("manager", 1)


@pytest.fixture(scope="session")
def representative() -> Instrument:
    return load_instrument("representative", 1)
