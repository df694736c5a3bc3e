"""The generator is a plain library, and its documentation keeps up with it."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from hjemmekontor.commands import synth

DOCS = Path(__file__).resolve().parents[2] / "docs" / "synth.md"


def test_the_generator_and_its_command_never_import_django() -> None:
    code = (
        "import sys\n"
        "import hjemmekontor.synth, hjemmekontor.commands.synth\n"
        "from hjemmekontor.synth import generate_organisation, generate_responses\n"
        "generate_responses(generate_organisation(60, 1), 1, 1)\n"
        "print('django' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_every_option_of_the_command_is_documented() -> None:
    parser = argparse.ArgumentParser()
    synth.add_arguments(parser)
    text = DOCS.read_text(encoding="utf-8")
    options = [o for action in parser._actions for o in action.option_strings if o.startswith("--")]
    assert len(options) >= 5
    for option in options:
        if option != "--help":
            assert f"`{option}" in text, option
