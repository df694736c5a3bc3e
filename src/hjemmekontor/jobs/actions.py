"""Writes to jobs: enqueue (with the lock), claim, report progress, finish, retry."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from hjemmekontor.jobs.models import ACTIVE, Job
from hjemmekontor.surveys.models import Round

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A job request that cannot be carried out; the message is shown to the user."""


def job_key(kind: str, survey_round: Round | None = None, suffix: str = "") -> str:
    parts = [kind]
    if survey_round is not None:
        parts.append(str(survey_round.pk))
    if suffix:
        parts.append(suffix)
    return ":".join(parts)


def active_job(key: str) -> Job | None:
    return Job.objects.filter(key=key, status__in=ACTIVE).first()


def enqueue_task(job: Job) -> None:
    # Imported here: the task module imports every handler, which import the
    # analysis library; enqueuing must stay cheap for a request.
    from hjemmekontor.jobs.tasks import run_job

    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def do_enqueue_job(
    kind: str,
    *,
    survey_round: Round | None = None,
    params: dict[str, Any] | None = None,
    key: str | None = None,
    requested_by: Any = None,
    total: int | None = None,
) -> tuple[Job, bool]:
    """Queue a job unless one with the same key is queued or running already.

    Returns the job and whether it is new. The job row and its task are written in
    one transaction (the queue lives in the same database), so a job is never
    queued without its task or the other way round.
    """
    key = key or job_key(kind, survey_round)
    existing = active_job(key)
    if existing is not None:
        return existing, False
    user = requested_by if getattr(requested_by, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                key=key,
                round=survey_round,
                params=params or {},
                requested_by=user,
                total=total,
            )
            enqueue_task(job)
    except IntegrityError:
        # Someone queued the same work at the same moment: theirs is the one.
        existing = active_job(key)
        if existing is None:
            raise
        return existing, False
    return job, True


@transaction.atomic(durable=True)
def do_retry_job(job: Job, *, requested_by: Any = None) -> Job:
    """Queue a failed job again (the admin's retry button)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != "failed":
        raise JobError("Bare en jobb som har feilet, kan startes på nytt.")
    if active_job(job.key) is not None:
        raise JobError("Den samme jobben kjører allerede.")
    job.status = "queued"
    job.error = ""
    job.attempts = 0
    job.finished_at = None
    job.created_at = timezone.now()
    if getattr(requested_by, "is_authenticated", False):
        job.requested_by = requested_by
    job.save()
    enqueue_task(job)
    return job


def do_claim_job(job_id: int) -> Job | None:
    """Mark a queued job running; None if it is not queued (done, or taken)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status="queued").update(
        status="running", started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return None
    return Job.objects.get(pk=job_id)


def do_finish_job(job: Job, outcome: dict[str, Any] | None = None) -> None:
    done = job.total if job.total is not None else job.done
    Job.objects.filter(pk=job.pk, status="running").update(
        status="done",
        finished_at=timezone.now(),
        outcome=outcome or {},
        done=done,
        error="",
    )


def do_fail_job(job: Job, reason: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status="failed", finished_at=timezone.now(), error=reason[:2000]
    )


# progress(done, total), as the work goes.
Progress = Callable[[int, int], None]


class ProgressWriter:
    """`progress(done, total)` for a job: written at most every half second.

    `observer` (a terminal progress bar, say) sees every call.
    """

    interval = 0.5

    def __init__(self, job: Job, observer: Progress | None = None) -> None:
        self.job = job
        self.observer = observer
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.observer is not None:
            self.observer(done, total if total is not None else (self.job.total or done))
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last < self.interval:
            return
        self._last = now
        self.job.done = done
        if total is not None:
            self.job.total = total
        Job.objects.filter(pk=self.job.pk).update(
            done=done, total=self.job.total, heartbeat_at=timezone.now()
        )


def heartbeat_seconds() -> float:
    return float(settings.JOB_HEARTBEAT_SECONDS)


@contextmanager
def heartbeat(job: Job) -> Iterator[None]:
    """Keep the job's heartbeat fresh while the work runs, from a thread.

    The work itself may spend a long time in one library call (an analysis, a
    mail server's answer); the thread proves the worker is alive meanwhile.
    """
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_seconds()):
                Job.objects.filter(pk=job.pk, status="running").update(heartbeat_at=timezone.now())
        except Exception:  # a heartbeat that fails must not kill the work
            logger.exception("Hjerteslag for jobb %s feilet.", job.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=heartbeat_seconds() + 5)


def stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=float(settings.JOB_STALE_SECONDS))
