"""A throwaway PostgreSQL server in a temporary folder, for tests and benchmarks.

Uses the server binaries installed on the machine (Debian's postgresql package);
nothing is mocked. As root, the server runs as the `postgres` system user, since
PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _binary(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        raise PostgresUnavailable(
            f"Fant ikke PostgreSQL-programmet {name}; installer Debian-pakken 'postgresql'."
        )
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    directory: Path
    port: int
    user: str = "hjemmekontor"

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/postgres"

    def _run(self, argv: list[str]) -> None:
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        # Fixed argv of installed PostgreSQL programs; no shell, no user input.
        subprocess.run(argv, check=True, capture_output=True, text=True)  # noqa: S603

    def start(self, max_connections: int = 300, *, durable: bool = False) -> PostgresServer:
        data = self.directory / "data"
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(self.directory, entry.pw_uid, entry.pw_gid)
        os.chmod(self.directory, 0o700)
        try:
            self._run(
                [
                    _binary("initdb"),
                    "-D",
                    str(data),
                    "-U",
                    self.user,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            )
            options = (
                f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                f"-c max_connections={max_connections} -c shared_buffers=128MB"
            )
            if not durable:
                # A test server's data is thrown away anyway; benchmarks that measure
                # what production gets keep PostgreSQL's defaults (durable=True).
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            self._run(
                [
                    _binary("pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(self.directory / "server.log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            )
        except subprocess.CalledProcessError as error:
            raise PostgresUnavailable(
                f"Kunne ikke starte PostgreSQL: {error.stderr or error.stdout}"
            ) from error
        return self

    def stop(self) -> None:
        data = self.directory / "data"
        if data.exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.directory, ignore_errors=True)


def start_throwaway_server(max_connections: int = 300, *, durable: bool = False) -> PostgresServer:
    directory = Path(tempfile.mkdtemp(prefix="hjemmekontor-pg-"))
    return PostgresServer(directory=directory, port=_free_port()).start(
        max_connections, durable=durable
    )
