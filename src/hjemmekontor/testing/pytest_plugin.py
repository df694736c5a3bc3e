"""pytest plugin: `--postgres` runs the suite against a throwaway PostgreSQL server.

The server must exist before Django reads its settings, which pytest-django does
very early; a hook wrapper around `pytest_load_initial_conftests` runs before it.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from collections.abc import Generator

import pytest

from hjemmekontor.testing.pgserver import start_throwaway_server

_ENV = "HJEMMEKONTOR_TEST_POSTGRES_URL"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        action="store_true",
        help="run against a throwaway PostgreSQL server started by the test suite",
    )


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> Generator[None, None, None]:
    # Tests never touch the user's data folder or its secret key.
    if "HJEMMEKONTOR_DATA_DIR" not in os.environ:
        os.environ["HJEMMEKONTOR_DATA_DIR"] = tempfile.mkdtemp(prefix="hjemmekontor-test-")
    os.environ.setdefault("HJEMMEKONTOR_SECRET_KEY", "test-" + "k" * 40)
    if "--postgres" in args:
        url = os.environ.get(_ENV)
        if not url:
            server = start_throwaway_server()
            atexit.register(server.stop)
            url = server.url
            # Inherited by xdist workers, which then share the one server.
            os.environ[_ENV] = url
        os.environ["DATABASE_URL"] = url
    return (yield)


def _uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        item.get_closest_marker("django_db")
        or fixtures & {"db", "transactional_db", "django_db_setup"}
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # On SQLite, tests that need PostgreSQL's concurrency are deselected (not skipped);
    # on PostgreSQL, tests that never touch a database have already run once on the
    # SQLite pass and are deselected to keep the suite quick.
    on_postgres = config.getoption("--postgres")
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        if on_postgres:
            wanted = _uses_database(item)
        else:
            wanted = not item.get_closest_marker("postgres_only")
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
