"""The SQLite files themselves, read byte by byte, and who may read them.

Each scenario runs in a subprocess on a fresh data folder with a real SQLite file
(the suite's own database lives in memory), as `bin/start` would. The scenario
reads the database and its WAL while its connection is still open: closing the
last connection makes SQLite checkpoint on its own, which would hide a missing
checkpoint.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

SCENARIO = """
import datetime as dt, json, os, sys
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
from hjemmekontor.instruments import latest_version
from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.surveys.actions import (
    RoundSpec, do_close_round, do_create_round, do_save_draft, do_submit_response,
)
from hjemmekontor.surveys.links import parse_link, token_for
from hjemmekontor.surveys.models import Draft, Invitation

canary = {name: text.encode() for name, text in json.loads(sys.argv[1]).items()}
database = Path(settings.DATABASES["default"]["NAME"])

def save(invitation, name):
    # Through the link's own key, as the answer pages save; drafts may be sealed, so
    # the stored row's bytes (ciphertext or not) are a canary of their own.
    key = parse_link(token_for(invitation.public_id)).draft_key
    do_save_draft(invitation, key, {"comment": canary[name].decode()})
    stored = bytes(Draft.objects.get(invitation=invitation, key_id=key.key_id).sealed)
    canary["row:" + name] = stored[-32:]

def found():
    seen = {}
    for name, suffix in (("db", ""), ("wal", "-wal")):
        path = database.with_name(database.name + suffix)
        data = path.read_bytes() if path.exists() else b""
        seen[name] = sorted(key for key, value in canary.items() if value in data)
    return seen

def modes():
    paths = {"data": settings.DATA_DIR, "secret_key": settings.DATA_DIR / "secret_key"}
    paths.update({"db" + suffix: database.with_name(database.name + suffix)
                  for suffix in ("", "-wal", "-shm")})
    return {name: oct(path.stat().st_mode & 0o777) for name, path in paths.items()}

root = Unit.objects.create(code="DEMO", name="Demo AS")
for i in range(6):
    Person.objects.create(name=f"P{i}", employee_number=f"P{i}", unit=root)
now = timezone.now()
survey_round = do_create_round(RoundSpec(
    name="Runde", employee_instrument=f"employee@{latest_version('employee')}",
    manager_instrument="", representative_instrument="", unit_ids=[root.pk],
    opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=13),
))
first, second = Invitation.objects.filter(round=survey_round).order_by("pk")[:2]
save(first, "draft_in_file")
# As at the end of a request: the last connection to close checkpoints the WAL,
# so this draft reaches the database file itself.
connection.close()
save(first, "draft_in_wal")  # a later draft, in the WAL only
do_submit_response(first, {"comment": canary["submitted"].decode()})
after_submit = found()
save(second, "unsent")
connection.close()
do_close_round(survey_round)
with connection.cursor() as cursor:
    secure_delete = cursor.execute("PRAGMA secure_delete").fetchone()[0]
print(json.dumps({
    "after_submit": after_submit, "after_close": found(), "modes": modes(),
    "secure_delete": secure_delete,
}))
"""


def environment(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HJEMMEKONTOR_")}
    # The suite may run on PostgreSQL; these promises are about the SQLite files.
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["HJEMMEKONTOR_DATA_DIR"] = str(data)
    return env


def run_scenario(data: Path) -> dict[str, Any]:
    canary = {
        name: f"KANARI-{name}-{uuid.uuid4().hex}"
        for name in ("draft_in_file", "draft_in_wal", "submitted", "unsent")
    }
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, json.dumps(canary)],
        env=environment(data),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        # The usual umask, which alone would leave the files readable by everyone.
        umask=0o022,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_scenario(tmp_path_factory.mktemp("fresh") / "data")


def test_sqlite_overwrites_deleted_content_with_zeros(fresh):
    # Some builds (Debian's) do so by default; python.org's and macOS's do not.
    assert fresh["secure_delete"] == 1


def test_after_a_submit_no_copy_of_the_draft_remains_in_the_database_or_its_wal(fresh):
    # The submitted answer is found (the files are read right), the drafts are not.
    assert fresh["after_submit"] == {"db": ["submitted"], "wal": []}


def test_after_close_no_unsent_draft_remains_in_the_database_or_its_wal(fresh):
    assert fresh["after_close"] == {"db": ["submitted"], "wal": []}


def test_the_data_folder_is_0700_and_the_database_its_wal_and_the_key_0600(fresh):
    assert fresh["modes"] == {
        "data": "0o700",
        "secret_key": "0o600",
        "db": "0o600",
        "db-wal": "0o600",
        "db-shm": "0o600",
    }


def test_files_an_older_version_left_readable_by_everyone_are_tightened(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)  # noqa: S103 - as an older version left it
    for name in ("hjemmekontor.sqlite3", "secret_key"):
        (data / name).write_text("" if name.endswith("sqlite3") else "k" * 50)
        os.chmod(data / name, 0o644)
    modes = run_scenario(data)["modes"]
    assert set(modes.values()) == {"0o700", "0o600"}
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
