"""The real `hjemmekontor start` (or `worker`) in a subprocess, used over HTTP.

Shared by the end-to-end tests: a fresh data folder, the command a user runs, a
logged-in HTTP session with CSRF, and read-only looks into the SQLite file.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# What a user waits for at most before calling a page hung.
PAGE_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HJEMMEKONTOR_")}
    # The suite may run on PostgreSQL; `bin/start` always means SQLite in the data folder.
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["HJEMMEKONTOR_DATA_DIR"] = str(data)
    env.update(extra)
    return env


def hjemmekontor(*args: str) -> list[str]:
    return [sys.executable, "-m", "hjemmekontor.cli", *args]


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]
    url: str
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Browser:
    """A cookie-keeping HTTP client that posts forms with Django's CSRF token."""

    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _open(self, request: urllib.request.Request) -> Response:
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=PAGE_SECONDS) as answer:
                body = answer.read()
                status, headers, url = answer.status, dict(answer.headers), answer.url
        except urllib.error.HTTPError as error:
            body = error.read()
            status, headers, url = error.code, dict(error.headers), error.url
        return Response(status, body, headers, url, time.monotonic() - started)

    def get(self, path: str) -> Response:
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken") or ""

    def post(self, path: str, data: dict[str, str] | None = None) -> Response:
        if not any(c.name == "csrftoken" for c in self.jar):
            self.get("/logg-inn/")
        form = {"csrfmiddlewaretoken": self.csrf(), **(data or {})}
        request = urllib.request.Request(  # noqa: S310
            self.base + path,
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": self.base + path},
        )
        return self._open(request)

    def log_in(self, username: str, password: str) -> None:
        self.get("/logg-inn/")
        answer = self.post("/logg-inn/", {"username": username, "password": password})
        assert answer.status == 200 and "/logg-inn/" not in answer.url, answer.text[:500]


@dataclass
class Product:
    """`hjemmekontor start` running on a data folder of its own."""

    data: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        database = self.data / "hjemmekontor.sqlite3"
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
            return connection.execute(sql, params).fetchall()

    def wait_until_serving(self, seconds: float = 180) -> None:
        """Until the server answers a request, not only accepts the connection.

        Gunicorn's master listens before its workers have imported the product
        (seconds, longer on a busy CI machine); a page's time limit is about
        pages that hang, so it starts once a worker answers at all.
        """
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"start stopped: {self.output()[-3000:]}")
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own local server
                    f"{self.base}/helse/", timeout=max(1.0, deadline - time.monotonic())
                ) as answer:
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        raise AssertionError(f"not serving after {seconds} s: {self.output()[-3000:]}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        return int(self.process.returncode)


def start_product(data: Path, *args: str, **env: str) -> Product:
    port = free_port()
    log = data.parent / f"start-{port}.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            hjemmekontor("start", "--port", str(port), *args),
            env=environment(data, **env),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    return Product(data, port, process, log)


def login_from_output(output: str, username: str) -> str:
    found = re.search(rf"brukernavn {username}\s+passord (\S+)", output)
    assert found, output
    return found.group(1)
