"""Django's protections, the CSP and the settings' safe defaults."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2_in_the_product():
    # The tests swap in a fast hasher; the product's own setting must lead with argon2.
    from hjemmekontor import settings as product_settings

    assert (
        product_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_every_page_has_a_strict_content_security_policy():
    response = Client().get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_templates_contain_no_inline_scripts_or_styles():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "src" / "hjemmekontor"
    # The standalone HTML report is a downloaded file opened outside the site (no CSP
    # applies there), so it may carry its stylesheet inside; served pages link it.
    standalone = {root / "reports/templates/reports/report.html"}
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if template in standalone:
            text = text.replace("<style>{{ embedded_css|safe }}</style>", "")
        if "<script>" in text or "<style" in text or " style=" in text or " onclick=" in text:
            offenders.append(str(template))
    assert not offenders


def test_forms_are_protected_against_cross_site_requests(employee_token):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/svar/{employee_token}/1/", {"can_work_home": "yes"})
    assert response.status_code == 403


def test_debug_is_off_by_default():
    assert settings.DEBUG is False


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import hjemmekontor.settings as s; print(s.SECRET_KEY[:4])"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("placeholder", ["change-me", "secret", "short"])
def test_a_placeholder_secret_key_is_refused(placeholder, tmp_path):
    result = run_settings(
        {"HJEMMEKONTOR_SECRET_KEY": placeholder, "HJEMMEKONTOR_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "HJEMMEKONTOR_SECRET_KEY" in result.stderr


def test_without_a_key_one_is_generated_once_and_kept_private(tmp_path):
    env = {"HJEMMEKONTOR_DATA_DIR": str(tmp_path)}
    env_without = {k: v for k, v in os.environ.items() if k != "HJEMMEKONTOR_SECRET_KEY"}
    first = subprocess.run(
        [sys.executable, "-c", "import hjemmekontor.settings as s; print(s.SECRET_KEY)"],
        env={**env_without, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    second = subprocess.run(
        [sys.executable, "-c", "import hjemmekontor.settings as s; print(s.SECRET_KEY)"],
        env={**env_without, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert first.stdout == second.stdout and len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_anonymity_threshold_can_never_be_set_below_three(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import hjemmekontor.settings as s; print(s.ANONYMITY_K)"],
        env={**os.environ, "HJEMMEKONTOR_ANONYMITY_K": "1", "HJEMMEKONTOR_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "3"


def test_answer_pages_are_not_cached_and_send_no_referrer(employee_token):
    response = Client().get(f"/svar/{employee_token}/1/")
    assert (
        "no-store" in response.headers["Cache-Control"]
        or "no-cache" in response.headers["Cache-Control"]
    )
    assert response.headers["Referrer-Policy"] == "same-origin"
    # A <meta name="referrer"> in the page would override the header and send the
    # personal link to wherever the respondent goes next.
    assert 'name="referrer"' not in response.content.decode()


@pytest.mark.django_db
def test_a_session_ends_after_thirty_idle_minutes_and_after_twelve_hours_in_any_case(
    employee, settings
) -> None:
    import time

    from hjemmekontor.web.sessions import SEEN, STARTED

    client = Client()
    client.post("/logg-inn/", {"username": "ansatt", "password": PASSWORD})
    assert client.get("/").context["user"].is_authenticated

    def age(key: str, seconds: int) -> None:
        session = client.session
        session[key] = int(time.time()) - seconds
        session.save()

    age(SEEN, 29 * 60)
    assert client.get("/").context["user"].is_authenticated  # and the activity is renewed
    age(SEEN, 31 * 60)
    answer = client.get("/hms/", follow=True)
    assert "/logg-inn/?next=/hms/" in answer.redirect_chain[0][0]
    assert "Du ble logget ut etter 30 minutter uten aktivitet." in answer.content.decode()
    assert not answer.context["user"].is_authenticated

    client.post("/logg-inn/", {"username": "ansatt", "password": PASSWORD})
    age(STARTED, 12 * 3600 + 1)
    answer = client.get("/", follow=True)
    assert "økten var 12 timer gammel" in answer.content.decode()


def test_behind_https_cookies_are_secure_plain_http_is_redirected_and_hsts_is_sent(tmp_path):
    # A network eavesdropper reads answer links, session cookies and passwords on plain
    # HTTP; HJEMMEKONTOR_HTTPS is what keeps them off the wire (off by default).
    show = (
        "import hjemmekontor.settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )

    def secure(https: str) -> str:
        env = {**os.environ, "HJEMMEKONTOR_DATA_DIR": str(tmp_path), "HJEMMEKONTOR_HTTPS": https}
        return subprocess.run(
            [sys.executable, "-c", show], env=env, capture_output=True, text=True, check=True
        ).stdout.split()

    assert secure("true") == ["True", "True", "True", "31536000"]
    assert secure("false") == ["False", "False", "False", "0"]


@pytest.mark.django_db
def test_a_page_of_answers_sent_after_the_idle_time_is_kept_while_the_session_ends(
    employee, employee_token
) -> None:
    import time

    from hjemmekontor.web.sessions import SEEN
    from tests.conftest import draft_answers

    client = Client()
    client.post("/logg-inn/", {"username": "ansatt", "password": PASSWORD})
    session = client.session
    session[SEEN] = int(time.time()) - 31 * 60
    session.save()
    sent = client.post(f"/svar/{employee_token}/1/", {"can_work_home": "no", "next": "1"})
    assert sent.status_code == 302 and "/logg-inn/" not in sent["Location"]
    assert draft_answers(employee_token)["can_work_home"] == "no"
    # The login did end: the next page that needs it asks for it again.
    assert "/logg-inn/" in client.get("/hms/")["Location"]
