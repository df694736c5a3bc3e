"""Scheduled work, found by every worker on its rounds (no cron needed).

Each `tick` is safe to run from any number of workers at once: work is queued
through `do_enqueue_job`, whose key allows one active job per piece of work, and
the daily and planned jobs are keyed by their day or their planned time so a job
that has run once is not queued again.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hjemmekontor.jobs.actions import do_enqueue_job, enqueue_task, job_key, stale_before
from hjemmekontor.jobs.models import Job
from hjemmekontor.surveys.models import Round

logger = logging.getLogger(__name__)
OSLO = ZoneInfo("Europe/Oslo")
# A job that lost its worker this many times is failed instead of tried again:
# it is likely the job itself that kills the worker (memory, say).
MAX_ATTEMPTS = 3


def recover_lost_jobs(now: dt.datetime | None = None) -> int:
    """Queue again the running jobs whose worker stopped beating (killed, or lost).

    Returns the number of jobs queued again (or failed after MAX_ATTEMPTS).
    """
    from django_tasks_db.models import DBTaskResult

    recovered = 0
    for job in Job.objects.filter(status="running", heartbeat_at__lt=stale_before()):
        with transaction.atomic():
            # Only if no other worker recovered it meanwhile.
            if job.task_id:
                DBTaskResult.objects.filter(pk=job.task_id, status="RUNNING").update(
                    status="FAILED", finished_at=timezone.now()
                )
            if job.attempts >= MAX_ATTEMPTS:
                changed = Job.objects.filter(pk=job.pk, status="running").update(
                    status="failed",
                    finished_at=timezone.now(),
                    error=(
                        f"Jobben stoppet uventet {job.attempts} ganger (arbeidsprosessen "
                        "ble avbrutt). Se loggen til arbeidsprosessen, og prøv igjen."
                    ),
                )
            else:
                changed = Job.objects.filter(pk=job.pk, status="running").update(status="queued")
                if changed:
                    enqueue_task(job)
            recovered += changed
        if changed:
            logger.warning("Jobb %s (%s) mistet arbeidsprosessen sin.", job.pk, job.kind)
    return recovered


def compute_closed_rounds(now: dt.datetime | None = None) -> list[Job]:
    """Queue the results of rounds that closed by their end date.

    A round whose computation was asked for after it closed (by anyone, whatever
    came of it) is left alone: a failed computation waits for the admin's retry.
    """
    from hjemmekontor.results.models import ResultSet

    now = now or timezone.now()
    computed = set(ResultSet.objects.filter(kind="employee").values_list("round_id", flat=True))
    queued = []
    for survey_round in Round.objects.filter(closes_at__lte=now) | Round.objects.filter(
        closed_early_at__lte=now
    ):
        if survey_round.pk in computed or survey_round.status(now) != "closed":
            continue
        asked = Job.objects.filter(
            kind="compute_results",
            round=survey_round,
            created_at__gte=survey_round.effective_close,
        ).exists()
        if not asked:
            job, new = do_enqueue_job("compute_results", survey_round=survey_round)
            if new:
                queued.append(job)
    return queued


def planned_reminders(now: dt.datetime | None = None) -> list[Job]:
    """Queue the reminders a round has planned, once each, while it is open."""
    from hjemmekontor.surveys.actions import next_reminder_wave

    now = now or timezone.now()
    queued = []
    for survey_round in Round.objects.exclude(planned_reminders=[]):
        if not survey_round.is_open(now):
            continue
        for planned in survey_round.planned_reminders:
            if dt.datetime.fromisoformat(planned) > now:
                continue
            key = job_key("send_reminders", survey_round, f"planned:{planned}")
            if Job.objects.filter(key=key).exists():
                continue
            job, new = do_enqueue_job(
                "send_reminders",
                survey_round=survey_round,
                key=key,
                params={"wave": next_reminder_wave(survey_round), "planned": planned},
            )
            if new:
                queued.append(job)
    return queued


def daily_hms_reminders(now: dt.datetime | None = None) -> Job | None:
    """Queue today's HMS reminders once, from HMS_REMINDER_HOUR (Oslo time)."""
    local = (now or timezone.now()).astimezone(OSLO)
    if local.hour < int(settings.HMS_REMINDER_HOUR):
        return None
    today = local.date().isoformat()
    key = job_key("hms_reminders", suffix=today)
    if Job.objects.filter(key=key).exists():
        return None
    job, new = do_enqueue_job("hms_reminders", key=key, params={"today": today})
    return job if new else None


def tick(now: dt.datetime | None = None) -> None:
    """One look for scheduled work; every part is tried even if another fails."""
    for part in (recover_lost_jobs, compute_closed_rounds, planned_reminders, daily_hms_reminders):
        try:
            part(now)
        except Exception:
            logger.exception(
                "Planlagt arbeid (%s) feilet; prøver igjen neste runde.", part.__name__
            )
