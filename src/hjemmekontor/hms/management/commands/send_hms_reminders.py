"""Send due HMS reminders (action due dates, agreement end dates); safe to run daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hjemmekontor.hms.actions import do_send_hms_reminders
from hjemmekontor.hms.actions.reminders import reminder_days_before


class Command(BaseCommand):
    help = (
        "Send påminnelser om tiltaksfrister og hjemmekontoravtaler som utløper. "
        "Hver påminnelse sendes én gang; trygt å kjøre daglig (cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days-before",
            type=int,
            default=None,
            help=f"dager før fristen (standard {reminder_days_before()})",
        )
        parser.add_argument(
            "--today", default=None, help="dato å regne fra, ÅÅÅÅ-MM-DD (standard: i dag)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(
                    f"--today: «{options['today']}» er ikke en dato på formen ÅÅÅÅ-MM-DD."
                ) from error
        days = options["days_before"]
        if days is not None and days < 0:
            raise CommandError(f"--days-before: {days} kan ikke være negativt.")
        sent = do_send_hms_reminders(today=today, days_before=days)
        self.stdout.write(f"{sent} påminnelse(r) sendt.")
