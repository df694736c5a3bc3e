"""`hjemmekontor manage dpia` on the demo organisation: a DPIA draft from the settings,
the register and the threat model."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from hjemmekontor.audit.threats import THREATS
from hjemmekontor.demo import clear_demo, load_demo
from hjemmekontor.organisation.models import Person
from hjemmekontor.surveys.models import Round

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_org(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    # Loaded once, outside the per-test transactions (the pattern of tests/reports).
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo()
        yield
        clear_demo()
        get_user_model().objects.filter(username="admin").delete()


@pytest.fixture
def demo(demo_org: None, db: Any) -> None:
    return demo_org


def dpia(*args: str) -> str:
    out = io.StringIO()
    call_command("dpia", *args, stdout=out)
    return out.getvalue()


def test_the_draft_follows_datatilsynets_outline_and_has_a_section_per_actor(demo):
    text = dpia()
    headings = re.findall(r"^## \d\. (.+)$", text, re.M)
    assert headings[:5] == [
        "Systematisk beskrivelse av behandlingen",
        "Formål",
        "Nødvendighet og proporsjonalitet",
        "Risiko for de registrertes rettigheter og friheter",
        "Tiltak",
    ]
    risks = text.split("## 4.", 1)[1].split("## 5.", 1)[0]
    for threat in THREATS:
        assert f"### {threat.actor_nb}\n" in risks, threat.key
        assert threat.can_nb in risks and threat.tests[0] in risks
    assert "[fyll inn]" in text.split("## 3.", 1)[1].split("## 4.", 1)[0]  # the legal basis


@override_settings(ANONYMITY_K=7, ANONYMITY_K_COMMENTS=12)
def test_the_draft_states_the_installations_thresholds_and_size(demo):
    text = dpia()
    assert "færre enn 7 personer (`HJEMMEKONTOR_ANONYMITY_K`)" in text
    assert "fritekst først fra 12" in text
    assert "Terskel k = 7" in text
    people = Person.objects.filter(active=True).count()
    assert people > 50 and f"- {people} aktive ansatte" in text
    managers = Person.objects.filter(active=True, is_manager=True).count()
    assert f"{managers} ledere" in text
    for survey_round in Round.objects.all():
        assert f"| {survey_round.name} |" in text
    assert "employee@1" in text
    # Counts only: the draft is circulated, so it names no one.
    assert not any(name in text for name in Person.objects.values_list("name", flat=True)[:50])


def test_the_measures_follow_the_settings(demo, settings):
    settings.HTTPS = False
    settings.EMAIL_BACKEND = "hjemmekontor.mailfolder.MailFolderBackend"
    plain = dpia()
    assert "HTTPS er ikke slått på" in plain and "E-post skrives til filer" in plain
    settings.HTTPS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_USE_TLS = False
    secured = dpia()
    assert "HTTPS er ikke slått på" not in secured and "E-post sendes uten TLS" in secured


def test_output_writes_an_owner_only_file(demo, tmp_path: Path):
    target = tmp_path / "dpia.md"
    message = dpia("--output", str(target))
    assert str(target) in message
    assert target.read_text(encoding="utf-8").startswith("# Vurdering av personvernkonsekvenser")
    assert target.stat().st_mode & 0o777 == 0o600
