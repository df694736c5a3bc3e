"""Real Chromium (Debian's package) driven by Playwright against a live server.

The fixtures are registered for the whole suite by tests/conftest.py; any test that
uses `browser` or `page` is marked `browser` there (the PostgreSQL pass skips them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the
# fixtures are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Generator[Any, None, None]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture(
    params=[{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["phone", "desktop"]
)
def page(request: pytest.FixtureRequest, browser: Any) -> Generator[Any, None, None]:
    context = browser.new_context(viewport=request.param, locale="nb-NO")
    page = context.new_page()
    yield page
    context.close()


def assert_no_axe_violations(page: Any, admitted: frozenset[str] = frozenset()) -> set[str]:
    """axe-core in the page; WCAG 2.0/2.1 A and AA rules only.

    Violations of the ``admitted`` rules (gaps the accessibility statement
    names) do not fail; the rules they broke are returned."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = results.response["violations"]
    unadmitted = [v for v in violations if v["id"] not in admitted]
    assert not unadmitted, results.generate_report()
    return {v["id"] for v in violations}


def submit(page: Any, control: Any) -> None:
    """Click a control that loads another page, and wait until that page has loaded.

    Playwright's click returns once the navigation has begun; a check right after
    it can read the old page or a half-parsed new one (a CI run failed that way).
    """
    with page.expect_navigation():
        control.click()


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through the real login form, as a person does."""
    page.goto(f"{base_url}/logg-inn/")
    page.get_by_label("Brukernavn eller e-post").fill(username)
    page.get_by_label("Passord").fill(password)
    submit(page, page.get_by_role("button", name="Logg inn"))
    assert "/logg-inn/" not in page.url, f"{username} could not sign in"
