"""Results that are not stored yet: queue their computation, never compute here.

A page that needs a closed round's results calls `require_results`; when they are
missing it raises `ResultsPending` with the job that computes them (queued now if
nobody has asked yet), and the page says so and refreshes itself.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from hjemmekontor.jobs.actions import do_enqueue_job
from hjemmekontor.jobs.models import Job
from hjemmekontor.results.errors import NoResults
from hjemmekontor.results.models import ResultSet
from hjemmekontor.surveys.models import Round


class ResultsPending(NoResults):
    """The round is closed and its results are being computed (or failed to be)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        super().__init__(gettext("Resultatene for runden beregnes."))


def compute_job(survey_round: Round) -> Job | None:
    """The newest results computation asked for this round, if any."""
    return Job.objects.filter(kind="compute_results", round=survey_round).first()


def require_results(survey_round: Round, requested_by: Any = None) -> None:
    """Return if the round's results are stored; otherwise raise.

    Raises
    ------
    NoResults
        The round is not closed yet.
    ResultsPending
        The results are being computed, or their computation failed (the job says
        why; only the admin's retry queues a failed one again).
    """
    if survey_round.status() != "closed":
        raise NoResults(gettext("Runden er ikke stengt ennå; resultatene kommer når den stenger."))
    if ResultSet.objects.filter(round=survey_round, kind="employee").exists():
        return
    job = compute_job(survey_round)
    if job is None or job.status == "done":
        # Never asked for (an old round), or computed and since removed.
        job, _new = do_enqueue_job(
            "compute_results", survey_round=survey_round, requested_by=requested_by
        )
    raise ResultsPending(job)
