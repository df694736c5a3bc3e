"""A worker killed with kill -9 while e-mailing invitations: nobody twice, nobody skipped.

The real `hjemmekontor worker` sends a round's invitations through the mail folder
backend (one `.eml` per message), paced so that it is still sending when it is
killed. A second worker finds the job's heartbeat gone stale, queues it again and
finishes it. Every invited address then has exactly one invitation message.
"""

from __future__ import annotations

import email
import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from tests.jobs.product import environment, hjemmekontor

PEOPLE = 240

SCENARIO = """
import datetime as dt, json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
import django
django.setup()
from django.utils import timezone
from hjemmekontor.jobs.actions import do_enqueue_job
from hjemmekontor.organisation.models import Person, Unit
from hjemmekontor.surveys.actions import RoundSpec, do_create_round
people = int(sys.argv[1])
unit = Unit.objects.create(code="A", name="Avdeling A")
Person.objects.bulk_create(
    Person(name=f"Person {i}", email=f"p{i:04d}@example.org", unit=unit) for i in range(people)
)
now = timezone.now()
survey_round = do_create_round(RoundSpec(
    name="Runde", employee_instrument="employee@1", manager_instrument="",
    representative_instrument="", unit_ids=[unit.pk],
    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7)))
job, _ = do_enqueue_job("send_invitations", survey_round=survey_round)
print(json.dumps({"job": job.pk, "round": survey_round.pk}))
"""

STATE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
import django
django.setup()
from hjemmekontor.jobs.models import Job
from hjemmekontor.surveys.models import Invitation
job = Job.objects.get(pk=int(sys.argv[1]))
print(json.dumps({"status": job.status, "attempts": job.attempts, "done": job.done,
    "unsent": Invitation.objects.filter(sent_at__isnull=True).count()}))
"""


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def state(env: dict[str, str], job: int) -> dict[str, int | str]:
    return json.loads(run(env, *python("-c", STATE, str(job))).strip().splitlines()[-1])


def python(*args: str) -> list[str]:
    return [hjemmekontor()[0], *args]


def recipients(folder: Path) -> Counter[str]:
    found: Counter[str] = Counter()
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        assert message["Subject"].startswith("Invitasjon")
        found[message["To"]] += 1
    return found


def test_a_worker_killed_while_sending_resumes_without_duplicates_or_gaps(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = environment(
        data,
        # Paced like a relay that takes 20 messages a second, so the kill lands mid-way.
        HJEMMEKONTOR_EMAIL_PER_MINUTE="1200",
        HJEMMEKONTOR_JOB_HEARTBEAT_SECONDS="0.5",
        HJEMMEKONTOR_JOB_STALE_SECONDS="3",
        HJEMMEKONTOR_JOB_SCHEDULE_SECONDS="1",
    )
    run(env, *hjemmekontor("start", "--no-serve", "--no-demo"))
    ids = json.loads(run(env, *python("-c", SCENARIO, str(PEOPLE))).strip().splitlines()[-1])
    mail = data / "sent-mail"

    first = subprocess.Popen(hjemmekontor("worker"), env=env)
    try:
        deadline = time.monotonic() + 120
        while len(list(mail.glob("*.eml"))) < PEOPLE // 3:
            assert time.monotonic() < deadline, "the worker did not start sending"
            assert first.poll() is None
            time.sleep(0.05)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    before = recipients(mail)
    assert PEOPLE // 3 <= sum(before.values()) < PEOPLE, "killed in the middle"
    assert state(env, ids["job"])["status"] == "running"  # as the killed worker left it

    second = subprocess.Popen(hjemmekontor("worker"), env=env)
    try:
        deadline = time.monotonic() + 180
        while (current := state(env, ids["job"]))["status"] != "done":
            assert current["status"] != "failed", current
            assert time.monotonic() < deadline, current
            time.sleep(0.5)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
    after = recipients(mail)
    assert current["attempts"] == 2 and current["unsent"] == 0
    assert set(after) == {f"p{i:04d}@example.org" for i in range(PEOPLE)}
    assert max(after.values()) == 1, [a for a, n in after.items() if n > 1]


def test_the_mail_folder_keeps_each_message_to_its_owner(tmp_path: Path) -> None:
    from django.core.mail import EmailMessage

    from hjemmekontor.mailfolder import MailFolderBackend

    folder = tmp_path / "sent-mail"
    backend = MailFolderBackend(file_path=str(folder))
    message = EmailMessage("Invitasjon", "https://x/svar/abc/", to=["a@example.org"])
    message.extra_headers["Message-ID"] = "<same@example>"
    assert backend.send_messages([message]) == 1
    assert backend.send_messages([message]) == 1  # sent again: replaces its own file
    [path] = folder.glob("*.eml")
    assert folder.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"https://x/svar/abc/" in path.read_bytes()
    assert not list(folder.glob(".*.tmp"))
