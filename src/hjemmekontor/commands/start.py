"""Start produktet: migrer databasen, opprett en administrator og kjør webserveren."""

from __future__ import annotations

import argparse
import os
import secrets


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("HJEMMEKONTOR_HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("HJEMMEKONTOR_PORT", "8000"))
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="bare forbered databasen, ikke start serveren"
    )


def ensure_admin() -> tuple[str, str | None]:
    """Create the first HMS adviser account if there is none.

    The generated password is kept (readable by the owner only) in the data folder,
    so that the start command can print it again until someone changes it.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    credentials = settings.DATA_DIR / "admin-passord.txt"
    username = "admin"
    existing = user_model.objects.filter(username=username).first()
    if existing is None and user_model.objects.filter(is_staff=True).exists():
        return "", None
    if existing is None:
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
        return username, password
    if credentials.exists():
        password = credentials.read_text(encoding="utf-8").strip()
        if existing.check_password(password):
            return username, password
    return username, None


def prepare() -> tuple[str, str | None]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return ensure_admin()


def run(args: argparse.Namespace) -> int:
    from hjemmekontor.commands.serve import serve

    username, password = prepare()
    from django.conf import settings

    url = f"http://{args.host}:{args.port}/"
    print(f"Hjemmekontor kjører på {url}")
    print(f"Data: {settings.DATA_DIR}  (database: {settings.DATABASES['default']['NAME']})")
    if username and password:
        print(f"Logg inn som HMS-rådgiver: brukernavn {username}, passord {password}")
    elif username:
        print(f"Logg inn som {username} med passordet du har valgt.")
    print(
        f"E-post skrives til {settings.EMAIL_FILE_PATH} (sett HJEMMEKONTOR_EMAIL_BACKEND for SMTP)."
    )
    if args.no_serve:
        return 0
    return serve(args.host, args.port, workers=2, threads=4)
