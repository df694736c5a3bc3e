"""Tests that keep the documentation honest: every setting and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from hjemmekontor import cli

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_read_by_the_settings_is_documented():
    sources = (ROOT / "src/hjemmekontor/settings.py").read_text(encoding="utf-8")
    sources += (ROOT / "src/hjemmekontor/commands/serve.py").read_text(encoding="utf-8")
    sources += (ROOT / "src/hjemmekontor/commands/start.py").read_text(encoding="utf-8")
    names = set(re.findall(r"\"((?:HJEMMEKONTOR_|DATABASE_URL)[A-Z_]*)\"", sources))
    documented = (ROOT / "docs/configuration.md").read_text(encoding="utf-8")
    assert names, "no variables found: the pattern is out of date"
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing


def test_every_documented_variable_exists():
    documented = set(
        re.findall(
            r"^\| `([A-Z_]+)`", (ROOT / "docs/configuration.md").read_text(encoding="utf-8"), re.M
        )
    )
    sources = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "src/hjemmekontor").rglob("*.py")
    )
    stale = sorted(name for name in documented if name not in sources)
    assert not stale


def test_every_command_is_in_the_readme_and_has_help():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.available_commands():
        assert f"`{name}`" in readme, name
        parser = cli.build_parser([name])
        assert parser.format_help()


def test_readme_names_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bin/start" in readme and "bin/test" in readme
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "bin/test" in ci
