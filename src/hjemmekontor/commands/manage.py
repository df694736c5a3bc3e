"""Kjør en Django-administrasjonskommando (migrate, createsuperuser, send_reminders …)."""

from __future__ import annotations

import argparse
import os


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("django_args", nargs=argparse.REMAINDER, help="argumenter til Django")


def run_django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hjemmekontor manage", *argv])
    return 0


def run(args: argparse.Namespace) -> int:
    return run_django(list(args.django_args))
