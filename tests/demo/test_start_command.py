"""`hjemmekontor start --no-serve` on a fresh data folder, as `bin/start` runs it.

The command runs in a subprocess with its own SQLite database; a second
subprocess logs in with every printed login and opens the printed link through
Django's test client on that same database.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hjemmekontor.demo import PERSONAS

PORT = 8123
LOGIN = re.compile(r"brukernavn (\S+)\s+passord (\S+)")
LINK = re.compile(r"Svar på undersøkelsen som [^:]+: (http://\S+)")

CHECK = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()  # records the rendered context, allows the host "testserver"
from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.surveys.models import Response, Round
logins, path = json.loads(sys.argv[1])
result = {"logins": {}, "counts": [Unit.objects.count(), Person.objects.count(),
          Round.objects.count(), Response.objects.count()]}
for username, password in logins:
    client = Client()
    response = client.post("/logg-inn/", {"username": username, "password": password})
    home = client.get("/")
    result["logins"][username] = [response.status_code, home.context["user"].username]
page = Client().get(path)
result["link"] = [page.status_code, "svar/" in page.content.decode()]
print(json.dumps(result))
"""


def environment(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HJEMMEKONTOR_")}
    # The suite may run on PostgreSQL; `bin/start` always means SQLite in the data folder.
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["HJEMMEKONTOR_DATA_DIR"] = str(data)
    return env


def start(data: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "hjemmekontor.cli", "start", "--no-serve", "--port", str(PORT)],
        env=environment(data),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def check(data: Path, logins: list[tuple[str, str]], path: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps([logins, path])],
        env=environment(data),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Started:
    data: Path
    first: str
    checked: dict[str, Any]
    second: str


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Started:
    """Start twice on one fresh data folder; check the first start's logins and link."""
    data = tmp_path_factory.mktemp("start") / "data"
    first = start(data)
    link = LINK.search(first)
    path = link.group(1).removeprefix(f"http://127.0.0.1:{PORT}") if link else "/"
    checked = check(data, LOGIN.findall(first), path)
    return Started(data, first, checked, start(data))


def test_a_fresh_start_prints_logins_that_work_and_a_link_that_opens(started: Started) -> None:
    output = started.first
    assert f"Hjemmekontor kjører på http://127.0.0.1:{PORT}/" in output
    assert "Demo-organisasjonen er lastet inn på" in output
    logins = LOGIN.findall(output)
    assert [username for username, _ in logins] == [p.username for p in PERSONAS]
    link = LINK.search(output)
    assert link is not None
    assert link.group(1).startswith(f"http://127.0.0.1:{PORT}/svar/")
    for username, _password in logins:
        assert started.checked["logins"][username] == [302, username]
    assert started.checked["link"] == [200, True]
    assert started.checked["counts"][1:3] == [400, 3]
    assert list(started.data.glob("sent-mail/*.eml")), "the invitations went to the mail folder"


def test_starting_again_loads_nothing_and_prints_the_same(started: Started) -> None:
    assert "Demo-organisasjonen er allerede lastet inn:" in started.second

    def demo_block(output: str) -> list[str]:
        lines = output.splitlines()
        begin = next(i for i, line in enumerate(lines) if line.startswith("Demo-org"))
        # The first line differs only in "lastet inn på 3,2 s" / "allerede lastet inn";
        # the respondent link is for the same invitation, with a draft key of its own.
        rest = [re.sub(r"(/svar/[0-9a-f]+)\.[^/]+/", r"\1./", line) for line in lines[begin + 1 :]]
        return [lines[begin].split(":", 1)[1], *rest]

    # Counts of people, units, rounds, invitations, answers; logins; the link.
    assert demo_block(started.second) == demo_block(started.first)
    assert f"{started.checked['counts'][3]} svar." in started.second


def test_the_demo_guide_names_the_password_every_login_and_every_start_option() -> None:
    from hjemmekontor.commands import start as command
    from hjemmekontor.demo import DEMO_PASSWORD

    guide = (Path(__file__).resolve().parents[2] / "docs" / "demo.md").read_text(encoding="utf-8")
    assert f"`{DEMO_PASSWORD}`" in guide
    for persona in PERSONAS:
        assert f"| `{persona.username}` |" in guide
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    for action in parser._actions:
        for option in action.option_strings:
            if option.startswith("--") and option not in ("--help", "--host", "--port"):
                assert f"bin/start {option}" in guide, option
