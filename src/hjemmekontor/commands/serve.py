"""Kjør webserveren (gunicorn) mot databasen som er konfigurert."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("HJEMMEKONTOR_HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("HJEMMEKONTOR_PORT", "8000"))
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("HJEMMEKONTOR_WORKERS", str(min(4, (os.cpu_count() or 1) * 2)))),
        help="antall arbeidsprosesser",
    )
    parser.add_argument(
        "--threads", type=int, default=int(os.environ.get("HJEMMEKONTOR_THREADS", "4"))
    )


def serve(host: str, port: int, workers: int, threads: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
    import gunicorn.http.wsgi
    from gunicorn.app.base import BaseApplication

    # The Server header names no server software or version (ASVS V14.3.3);
    # gunicorn has no setting for it, so its module constant is replaced.
    gunicorn.http.wsgi.SERVER = "hjemmekontor"

    class Server(BaseApplication):
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "timeout": 60,
                "graceful_timeout": 10,
                "accesslog": None,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            # Imported in each worker after the fork, never in the process that
            # forks: nothing that starts thread pools (polars, BLAS) may run before
            # a fork (docs/dev/dangerous-constructs.md).
            from hjemmekontor.wsgi import application

            return application

    # WhiteNoise serves the app's files from the package (WHITENOISE_USE_FINDERS)
    # but warns in every worker when STATIC_ROOT does not exist, as on a fresh
    # data folder. The settings import nothing that starts threads.
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    Server().run()
    return 0


def run(args: argparse.Namespace) -> int:
    return serve(args.host, args.port, args.workers, args.threads)
