"""The one queued task: run a `Job` by its kind.

Only the job's id travels through the queue; what to do and how far it has come
are in the `Job` row and in the committed state of the work itself, so a job that
is run again (after its worker was killed) resumes instead of starting over.
"""

from __future__ import annotations

import logging

from django_tasks import task

from hjemmekontor.jobs.actions import (
    Progress,
    ProgressWriter,
    do_claim_job,
    do_fail_job,
    do_finish_job,
    heartbeat,
)
from hjemmekontor.jobs.handlers import HANDLERS, JobFailed
from hjemmekontor.jobs.models import Job

logger = logging.getLogger(__name__)


def execute(job: Job, observer: Progress | None = None) -> str:
    """Run a claimed job to its end: done, or failed with a reason for the admin."""
    handler = HANDLERS[job.kind]
    try:
        with heartbeat(job):
            outcome = handler(job, ProgressWriter(job, observer))
    except JobFailed as error:
        do_fail_job(job, str(error))
        return "failed"
    except Exception as error:
        logger.exception("Jobb %s (%s) feilet.", job.pk, job.kind)
        do_fail_job(job, f"Uventet feil: {type(error).__name__}: {error}")
        raise
    do_finish_job(job, outcome)
    return "done"


@task()
def run_job(job_id: int) -> str:
    job = do_claim_job(job_id)
    if job is None:
        # Done already, or claimed by another worker or a command: nothing to do.
        return "skipped"
    return execute(job)
