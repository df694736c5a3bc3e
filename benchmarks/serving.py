"""Start and stop `hjemmekontor serve` for the benchmarks that load a real server."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_server(
    env: dict[str, str], port: int, workers: int, threads: int = 4
) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn through the product's own command; returns the process and its base URL
    once the health check answers (or after 30 s, when wrk will report the errors)."""
    python = str(ROOT / ".venv/bin/python")
    web = subprocess.Popen(
        [
            *(python, "-m", "hjemmekontor.cli", "serve", "--port", str(port)),
            *("--workers", str(workers), "--threads", str(threads)),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/helse/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    return web, base


def stop_server(web: subprocess.Popen[bytes] | None) -> None:
    if web is not None:
        web.terminate()
        web.wait(timeout=20)
