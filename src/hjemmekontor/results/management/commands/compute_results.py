"""Compute and store the results of closed rounds (those closed by time, or again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hjemmekontor.jobs.inline import run_inline
from hjemmekontor.jobs.terminal import ProgressBar
from hjemmekontor.results.models import ResultSet
from hjemmekontor.surveys.models import Round


class Command(BaseCommand):
    help = (
        "Beregn resultatene for stengte runder som mangler dem (eller for én runde med "
        "--round, som da beregnes på nytt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", type=int, help="rundens id (beregnes på nytt)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("round") is not None:
            survey_round = Round.objects.filter(pk=options["round"]).first()
            if survey_round is None:
                raise CommandError(f"Fant ingen runde med id {options['round']}.")
            if survey_round.status() != "closed":
                raise CommandError(f"Runden «{survey_round}» er ikke stengt ennå.")
            rounds = [survey_round]
        else:
            done = set(ResultSet.objects.filter(kind="employee").values_list("round_id", flat=True))
            rounds = [
                r
                for r in Round.objects.order_by("opens_at")
                if r.status() == "closed" and r.pk not in done
            ]
        failed = []
        for survey_round in rounds:
            # Through the job lock: a computation a worker runs already is followed.
            bar = ProgressBar(str(survey_round), "enheter")
            job = run_inline("compute_results", survey_round=survey_round, observer=bar)
            bar.close()
            if job.status != "done":
                failed.append(f"{survey_round}: {job.error}")
                continue
            respondents = (job.outcome or {}).get("respondents", 0)
            self.stdout.write(f"Beregnet: {survey_round} ({respondents} svar)")
        if failed:
            raise CommandError("Kunne ikke beregne " + "; ".join(failed))
        if not rounds:
            self.stdout.write("Ingen stengte runder mangler resultater.")
