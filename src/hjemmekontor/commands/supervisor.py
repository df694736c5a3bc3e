"""Run the web server and the background worker side by side, as one command.

`hjemmekontor start` ends here after the database is prepared. Both run as child
processes started with fork + exec (subprocess), so neither inherits anything
from this process, which itself never imports Django or the analysis library.
A worker that dies is started again; when the web server stops, or this process
is asked to stop, both are stopped.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from types import FrameType

# Seconds a child has to stop by itself before it is stopped hard.
GRACE = 15
# Seconds between checks on the children.
POLL = 0.5


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: ask Linux to stop the child if this
    # supervisor dies (even from kill -9), so no orphaned server keeps the port.
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _spawn(command: list[str]) -> subprocess.Popen[bytes]:
    extra = {"preexec_fn": _die_with_parent} if sys.platform.startswith("linux") else {}
    return subprocess.Popen(command, **extra)  # type: ignore[call-overload]  # noqa: S603


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def supervise(host: str, port: int, *, workers: int = 2, threads: int = 4) -> int:
    cli = [sys.executable, "-m", "hjemmekontor.cli"]
    web_command = [
        *cli, "serve", "--host", host, "--port", str(port),
        "--workers", str(workers), "--threads", str(threads),
    ]  # fmt: skip
    worker_command = [*cli, "worker"]
    stopping: list[int] = []

    def ask_to_stop(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    web = _spawn(web_command)
    worker = _spawn(worker_command)
    try:
        while not stopping and web.poll() is None:
            if worker.poll() is not None:
                print(
                    f"Arbeidsprosessen stoppet (kode {worker.returncode}); starter den igjen.",
                    file=sys.stderr,
                )
                time.sleep(1)
                worker = _spawn(worker_command)
            time.sleep(POLL)
        if stopping and stopping[0] == signal.SIGINT:
            # Ctrl+C reached the children too (one process group); give them a
            # moment to stop by themselves before they are asked again.
            time.sleep(2)
    finally:
        _stop([web, worker])
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping else (web.returncode or 0)
