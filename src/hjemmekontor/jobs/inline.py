"""Run a job in this process (the commands), through the same lock as the worker.

`hjemmekontor manage compute_results` and `hjemmekontor report` compute a round's
results here with a progress bar. The job is queued and claimed like any other,
so a computation a worker is already running is followed (its progress shown)
instead of being started a second time.
"""

from __future__ import annotations

import time
from typing import Any

from hjemmekontor.jobs.actions import Progress, do_claim_job, do_enqueue_job
from hjemmekontor.jobs.models import Job
from hjemmekontor.surveys.models import Round

# How often a followed job's row is read.
FOLLOW_SECONDS = 0.5


def run_inline(
    kind: str,
    *,
    survey_round: Round | None = None,
    params: dict[str, Any] | None = None,
    observer: Progress | None = None,
) -> Job:
    """Run (or follow to its end) the job of this kind for this round."""
    from hjemmekontor.jobs.tasks import execute

    job, _new = do_enqueue_job(kind, survey_round=survey_round, params=params)
    claimed = do_claim_job(job.pk)
    if claimed is not None:
        # Ours now; the queued task finds it done and skips it.
        execute(claimed, observer)
        return Job.objects.get(pk=job.pk)
    return follow(job, observer)


def follow(job: Job, observer: Progress | None = None) -> Job:
    """Wait for a job another process runs, showing its progress."""
    while True:
        job.refresh_from_db()
        if observer is not None and job.total:
            observer(job.done, job.total)
        if not job.active:
            return job
        time.sleep(FOLLOW_SECONDS)
