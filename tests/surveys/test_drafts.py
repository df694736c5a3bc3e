"""Drafts are sealed under a key only the answer link carries: nobody else reads them."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from hjemmekontor.surveys.actions import do_save_draft
from hjemmekontor.surveys.answering import _instrument
from hjemmekontor.surveys.drafts import DraftKey, UnreadableDraft
from hjemmekontor.surveys.links import _LEGACY_SALT, _b64, _tag, parse_link, token_for
from hjemmekontor.surveys.models import Draft, Invitation
from tests.conftest import PASSWORD, draft_answers
from tests.jobs.product import environment
from tests.surveys.test_access_matrix import ADMIN_ONLY_NAMESPACES, all_urls, concrete

pytestmark = pytest.mark.django_db

CANARY = "kanarifugl-7f3a9c-ingen-skal-lese-dette"


def key_of(token: str) -> DraftKey:
    link = parse_link(token)
    assert link is not None and link.draft_key is not None
    return link.draft_key


def save_canary(token: str) -> None:
    response = Client().post(f"/svar/{token}/1/", {"autosave": "1", "can_work_home": "yes"})
    assert response.json() == {"saved": True}
    invitation = Invitation.objects.get(public_id=key_of(token).public_id)
    do_save_draft(invitation, key_of(token), {"comment": CANARY})


def test_the_draft_row_holds_ciphertext_that_only_the_link_opens(employee_token):
    save_canary(employee_token)
    draft = Draft.objects.get()
    assert CANARY.encode() not in bytes(draft.sealed)
    assert b"can_work_home" not in bytes(draft.sealed)
    assert draft_answers(employee_token) == {"can_work_home": "yes", "comment": CANARY}


def test_another_link_of_the_same_invitation_can_neither_read_nor_overwrite_the_draft(
    employee_token, open_round, employee
):
    save_canary(employee_token)
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    reminder_token = token_for(invitation.public_id)  # e.g. the link in a reminder
    start = Client().get(f"/svar/{reminder_token}/").content.decode()
    assert "annen lenke" in start
    assert "Fortsett der du slapp" not in start
    page = Client().get(f"/svar/{reminder_token}/1/").content.decode()
    assert 'value="yes" checked' not in page
    Client().post(f"/svar/{reminder_token}/1/", {"can_work_home": "no", "next": "1"})
    assert draft_answers(employee_token) == {"can_work_home": "yes", "comment": CANARY}
    assert draft_answers(reminder_token) == {"can_work_home": "no"}


def test_a_link_whose_draft_secret_is_altered_is_refused(employee_token):
    head, tail = employee_token.split(".")
    altered = f"{head}.{tail[:-2]}{'AA' if tail[-2:] != 'AA' else 'BA'}"
    assert Client().get(f"/svar/{altered}/").status_code == 404
    assert Client().post(f"/svar/{altered}/1/", {"can_work_home": "yes"}).status_code == 404
    assert not Draft.objects.exists()


def test_a_sealed_draft_copied_onto_another_invitation_does_not_open(
    employee_token, open_round, manager_a
):
    save_canary(employee_token)
    sealed = bytes(Draft.objects.get().sealed)
    other = Invitation.objects.get(round=open_round, person=manager_a, kind="employee")
    # The same secret under another invitation: the key and the associated data differ.
    with pytest.raises(UnreadableDraft):
        DraftKey(other.public_id, key_of(employee_token).secret).open(sealed)


def test_a_link_from_before_sealed_drafts_is_sent_on_to_a_link_that_saves(open_round, employee):
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    old = f"{invitation.public_id.hex}.{_b64(_tag(_LEGACY_SALT, invitation.public_id.bytes))}"
    client = Client()
    moved = client.get(f"/svar/{old}/")
    assert moved.status_code == 303
    fresh = moved["Location"].split("/")[2]
    assert fresh != old and key_of(fresh).public_id == invitation.public_id
    assert client.post(f"/svar/{old}/1/", {"can_work_home": "yes"}).status_code == 303
    assert not Draft.objects.exists()
    client.post(f"/svar/{fresh}/1/", {"can_work_home": "yes", "next": "1"})
    assert draft_answers(fresh) == {"can_work_home": "yes"}


def test_drafts_of_every_link_are_deleted_at_submit(employee_token, open_round, employee):
    save_canary(employee_token)
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    other = token_for(invitation.public_id)
    Client().post(f"/svar/{other}/1/", {"can_work_home": "no", "next": "1"})
    assert Draft.objects.count() == 2
    Client().post(f"/svar/{employee_token}/send/")
    assert not Draft.objects.exists()


def test_no_admin_page_nor_the_link_export_shows_a_draft(
    persona_clients, employee_token, open_round
):
    save_canary(employee_token)
    admin = persona_clients["admin"]
    seen = 0
    for name, route in all_urls():
        if name.split(":")[0] not in ADMIN_ONLY_NAMESPACES | {"results", "reports", "hms"}:
            continue
        # Every id is the round's: the pages of this round are the ones that could leak.
        url = re.sub(r"999999", str(open_round.pk), concrete(route, employee_token))
        response = admin.get(url)
        body = b"".join(response) if response.streaming else response.content
        assert CANARY.encode() not in body, url
        seen += 1
    links = admin.get(f"/runder/{open_round.pk}/lenker.csv")
    assert links.status_code == 200
    assert CANARY not in links.content.decode()
    # Django's own admin, followed link by link.
    queue, visited = ["/django-admin/"], set()
    while queue and len(visited) < 200:
        url = queue.pop()
        if url in visited or "logout" in url:
            continue
        visited.add(url)
        page = admin.get(url)
        text = page.content.decode(errors="replace")
        assert CANARY not in text, url
        queue.extend(re.findall(r'href="(/django-admin/[^"#?]*)"', text))
    assert seen > 10 and "/django-admin/" in visited


def test_a_superuser_finds_no_answer_no_draft_and_no_invitation_in_the_django_admin(
    employee_token, open_round, manager_b
):
    # The staff adviser above has no model permissions in Django's admin; a superuser
    # has all of them, so what the admin registers is what a superuser can read.
    from django.contrib import admin as django_admin
    from django.contrib.auth import get_user_model

    from hjemmekontor.audit.models import AuditEntry
    from hjemmekontor.hms.models import Checklist
    from hjemmekontor.surveys.actions import do_submit_response
    from hjemmekontor.surveys.models import Response
    from hjemmekontor.timesheets.models import TimeRegistration
    from tests.conftest import login

    save_canary(employee_token)
    answered = Invitation.objects.get(round=open_round, person=manager_b, kind="employee")
    do_submit_response(answered, {"comment": CANARY})
    # AuditEntry: the log of what superusers did cannot be edited where they work.
    for model in (Invitation, Draft, Response, Checklist, TimeRegistration, AuditEntry):
        assert not django_admin.site.is_registered(model), model.__name__
    root = get_user_model().objects.create_superuser(username="root", password=PASSWORD)
    client = login(root)
    queue, visited = ["/django-admin/"], set()
    while queue and len(visited) < 300:
        url = queue.pop()
        if url in visited or "logout" in url or "delete" in url:
            continue
        visited.add(url)
        text = client.get(url).content.decode(errors="replace")
        assert CANARY not in text, url
        assert str(answered.public_id) not in text and answered.public_id.hex not in text, url
        queue.extend(re.findall(r'href="(/django-admin/[^"#?]*)"', text))
    # The crawl reached the register: a superuser does see names and roles.
    assert any("/organisation/person/" in url for url in visited)


SAVE_A_DRAFT = textwrap.dedent(
    """
    import shutil, sys
    from pathlib import Path
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.utils import timezone
    import datetime as dt
    from hjemmekontor.instruments import latest_version
    from hjemmekontor.organisation.models import Person, Unit
    from hjemmekontor.surveys.actions import RoundSpec, do_create_round, do_save_draft
    from hjemmekontor.surveys.links import parse_link, token_for
    from hjemmekontor.surveys.models import Invitation

    unit = Unit.objects.create(code="DEMO", name="Demo AS")
    person = Person.objects.create(
        name="Navngitt Personsen", email="navngitt@demo.example", unit=unit
    )
    now = timezone.now()
    survey_round = do_create_round(RoundSpec(
        name="Runde", employee_instrument=f"employee@{latest_version('employee')}",
        manager_instrument="", representative_instrument="", unit_ids=[unit.pk],
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=1),
    ))
    invitation = Invitation.objects.get(round=survey_round, person=person)
    key = parse_link(token_for(invitation.public_id)).draft_key
    do_save_draft(invitation, key, {"can_work_home": "yes"})
    do_save_draft(invitation, key, {"comment": sys.argv[1]})
    database = Path(settings.DATABASES["default"]["NAME"])
    wal = Path(str(database) + "-wal")
    assert wal.stat().st_size > 0, "the WAL should still hold the writes"
    backup = Path(sys.argv[2])
    # A backup as a file copy takes both while the database is in use.
    shutil.copy(database, backup / database.name)
    shutil.copy(wal, backup / wal.name)
    print(database)
    """
)


def test_the_sqlite_files_their_wal_and_a_backup_hold_no_readable_draft(tmp_path: Path):
    data, backup = tmp_path / "data", tmp_path / "backup"
    data.mkdir()
    backup.mkdir()
    env: dict[str, Any] = environment(data, DJANGO_SETTINGS_MODULE="hjemmekontor.settings")
    done = subprocess.run(
        [sys.executable, "-c", SAVE_A_DRAFT, CANARY, str(backup)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    database = Path(done.stdout.strip().splitlines()[-1])
    files = [p for p in [*data.rglob("*"), *backup.rglob("*")] if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files)
    everything = b"".join(p.read_bytes() for p in files)
    # The scan finds what is stored in plain text (so it would find a plaintext draft).
    assert b"Navngitt Personsen" in everything
    assert CANARY.encode() not in everything
    assert CANARY.encode("utf-16-le") not in everything
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        (sealed,) = db.execute("SELECT sealed FROM surveys_draft").fetchone()
    assert sealed[:1] == b"\x01" and b"comment" not in sealed


def test_continuing_goes_to_the_first_part_with_an_unanswered_question(employee_token, open_round):
    invitation = Invitation.objects.get(public_id=key_of(employee_token).public_id)
    inst = _instrument(invitation)
    answers: dict[str, Any] = {"can_work_home": "yes"}

    def fill(section: Any) -> None:
        # Answer every question the part shows, until answering shows no more.
        while missing := [
            i.id for i in inst.visible_items(section, answers) if i.id not in answers
        ]:
            answers.update(dict.fromkeys(missing, "1"))

    sections = inst.visible_sections(answers)
    fill(sections[0])
    do_save_draft(invitation, key_of(employee_token), answers)
    start = Client().get(f"/svar/{employee_token}/").content.decode()
    assert f'href="/svar/{employee_token}/2/">Fortsett der du slapp' in start
    for section in inst.visible_sections(answers):
        fill(section)
    do_save_draft(invitation, key_of(employee_token), answers)
    start = Client().get(f"/svar/{employee_token}/").content.decode()
    assert f'href="/svar/{employee_token}/send/">Fortsett der du slapp' in start
