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


def assert_no_axe_violations(page: Any) -> None:
    """axe-core in the page; WCAG 2.0/2.1 A and AA rules only."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = results.response["violations"]
    assert not violations, results.generate_report()
