"""Write a DPIA draft (personvernkonsekvensvurdering) from the settings and the threat model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hjemmekontor.audit.dpia import gather_facts, render


class Command(BaseCommand):
    help = (
        "Skriv et utkast til vurdering av personvernkonsekvenser (DPIA) i Markdown, fylt ut "
        "fra innstillingene, registeret, rundene og trusselmodellen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", default=None, help="fil å skrive til (standard: skjermen)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = render(gather_facts())
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"])
        try:
            # Owner-only, like the data folder: the draft names the installation's weak points.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"Kunne ikke skrive {path}: {error.strerror}.") from error
        self.stdout.write(f"Utkast til DPIA skrevet til {path}.")
