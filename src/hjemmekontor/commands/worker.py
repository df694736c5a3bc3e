"""Kjør bakgrunnsjobber (resultater, e-post, HMS-påminnelser) og planlagt arbeid."""

from __future__ import annotations

import argparse
import logging
import os


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="sekunder mellom hver gang køen sjekkes når den er tom (standard 1)",
    )
    parser.add_argument(
        "--batch",
        action="store_true",
        help="kjør det som står i køen, og avslutt",
    )
    parser.add_argument(
        "--no-schedule",
        action="store_true",
        help="ikke se etter planlagt arbeid (når en annen arbeidsprosess gjør det)",
    )


def run(args: argparse.Namespace) -> int:
    if args.interval <= 0:
        print("hjemmekontor worker: --interval må være større enn 0.")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
    import django

    django.setup()
    logging.getLogger("hjemmekontor").setLevel(logging.INFO)
    from hjemmekontor.jobs.worker import run_worker

    run_worker(interval=args.interval, batch=args.batch, scheduled=not args.no_schedule)
    return 0
