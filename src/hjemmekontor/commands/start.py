"""Start produktet: migrer databasen, last inn demoen, opprett en administrator og kjør webserveren og arbeidsprosessen."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from dataclasses import dataclass
from typing import Any

from hjemmekontor.commands.supervisor import supervise


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("HJEMMEKONTOR_HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("HJEMMEKONTOR_PORT", "8000"))
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="bare forbered databasen, ikke start serveren"
    )
    demo = parser.add_mutually_exclusive_group()
    demo.add_argument(
        "--no-demo",
        action="store_true",
        help="ikke last inn demo-organisasjonen (som ellers lastes inn i en tom SQLite-database)",
    )
    demo.add_argument(
        "--reset-demo",
        action="store_true",
        help="slett demoen (alle enheter, personer, runder og svar) og last den inn på nytt",
    )
    demo.add_argument(
        "--demo",
        action="store_true",
        help="last inn demoen i en tom database også når den ikke er SQLite",
    )


def ensure_admin() -> tuple[str, str | None]:
    """Create the first HMS adviser account if there is none.

    The generated password is kept (readable by the owner only) in the data folder,
    so that the start command can print it again until someone changes it.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from hjemmekontor.datafolder import ensure_private_folder

    user_model = get_user_model()
    credentials = settings.DATA_DIR / "admin-passord.txt"
    username = "admin"
    existing = user_model.objects.filter(username=username).first()
    if existing is None and user_model.objects.filter(is_staff=True).exists():
        return "", None
    if existing is None:
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        ensure_private_folder(settings.DATA_DIR)
        fd = os.open(credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
        return username, password
    if credentials.exists():
        password = credentials.read_text(encoding="utf-8").strip()
        if existing.check_password(password):
            return username, password
    return username, None


@dataclass
class Prepared:
    """What `prepare` did: the admin login, and the demo (or why it was not loaded)."""

    username: str
    password: str | None
    demo: Any = None  # hjemmekontor.demo.DemoSummary
    demo_note: str = ""


def _demo(mode: str) -> tuple[Any, str]:
    """Load or describe the demo as `mode` (auto, off, force, reset) asks."""
    from django.conf import settings

    from hjemmekontor.demo import demo_state, demo_summary, load_demo

    state = demo_state()
    if mode == "reset":
        return load_demo(reset=True), ""
    if state == "loaded":
        # Already there: nothing is loaded, but its logins are worth printing.
        return demo_summary(), ""
    if mode == "off":
        return None, ""
    if state == "partial":
        return None, (
            "Demoen ble ikke lastet ferdig forrige gang; start med --reset-demo for å laste "
            "den inn på nytt."
        )
    if state != "empty":
        return None, ""
    sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    if not sqlite and mode != "force":
        # Demo logins have a published password: never put them into a production
        # database (PostgreSQL) because someone forgot --no-demo.
        return None, (
            "Databasen er tom. Demoen lastes bare inn av seg selv i SQLite; bruk --demo for å "
            "laste den inn her."
        )
    return load_demo(), ""


def prepare(demo: str = "off") -> Prepared:
    """Migrate, load the demo as `demo` says (auto, off, force, reset), ensure an admin.

    The demo comes before `ensure_admin`, so that the admin account it creates has
    the demo password rather than a generated one.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    summary, note = _demo(demo)
    username, password = ensure_admin()
    return Prepared(username, password, summary, note)


def _mode(args: argparse.Namespace) -> str:
    if getattr(args, "reset_demo", False):
        return "reset"
    if getattr(args, "no_demo", False):
        return "off"
    if getattr(args, "demo", False):
        return "force"
    return "auto"


def _prepare_command(args: argparse.Namespace) -> list[str]:
    command = [sys.executable, "-m", "hjemmekontor.cli", "start", "--no-serve"]
    command += ["--host", args.host, "--port", str(args.port)]
    mode = _mode(args)
    flag = {"reset": "--reset-demo", "off": "--no-demo", "force": "--demo"}.get(mode)
    return command + ([flag] if flag else [])


def run(args: argparse.Namespace) -> int:
    if not args.no_serve:
        # Migrations and the demo run in a child process that exits before anything
        # is served: loading the demo starts polars' and BLAS's thread pools, and a
        # process with those must never fork (gunicorn forks its workers). The web
        # server and the background worker then run side by side as children.
        import subprocess

        prepared = subprocess.call(_prepare_command(args))  # noqa: S603 - our own command
        if prepared != 0:
            return prepared
        return supervise(args.host, args.port)
    return prepare_and_report(args)


def prepare_and_report(args: argparse.Namespace) -> int:
    """Migrate, load the demo, ensure an admin, and print how to log in."""
    try:
        prepared = prepare(_mode(args))
    except Exception as error:
        from hjemmekontor.demo import DemoLoadError

        if not isinstance(error, DemoLoadError):
            raise
        print(f"hjemmekontor start: {error}", file=sys.stderr)
        return 2
    from django.conf import settings

    url = f"http://{args.host}:{args.port}/"
    print(f"Hjemmekontor kjører på {url}")
    print(f"Data: {settings.DATA_DIR}  (database: {settings.DATABASES['default']['NAME']})")
    if prepared.demo is not None:
        for line in prepared.demo.lines(base_url=url):
            print(line)
    elif prepared.username and prepared.password:
        print(
            f"Logg inn som HMS-rådgiver: brukernavn {prepared.username}, "
            f"passord {prepared.password}"
        )
    elif prepared.username:
        print(f"Logg inn som {prepared.username} med passordet du har valgt.")
    if prepared.demo_note:
        print(prepared.demo_note)
    print(
        f"E-post skrives til {settings.EMAIL_FILE_PATH} (sett HJEMMEKONTOR_EMAIL_BACKEND for SMTP)."
    )
    return 0
