"""The worker process: runs queued jobs and looks for scheduled work.

django-tasks-db's `Worker` claims one task at a time from the database (row
locks with SKIP LOCKED on PostgreSQL, an exclusive transaction on SQLite), so any
number of workers on any number of machines share one queue. Beside it a thread
runs `schedule.tick` every JOB_SCHEDULE_SECONDS.

The worker never forks: the analysis library's thread pools (polars, BLAS) start
in this process and stay in it (docs/dev/dangerous-constructs.md).
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from hjemmekontor.jobs import schedule
from hjemmekontor.results import helper

logger = logging.getLogger(__name__)


def _schedule_loop(stop: threading.Event) -> None:
    try:
        while True:
            schedule.tick()
            if stop.wait(float(settings.JOB_SCHEDULE_SECONDS)):
                return
    finally:
        connection.close()


def worker_id() -> str:
    # Unique across machines, and says where to look when a job lost its worker.
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"[:64]


def run_queued(limit: int = 1000) -> int:
    """Run the tasks that are ready, one after another, in this process; return how many.

    For tests and for code that already runs outside a request: unlike the
    worker's loop it leaves the database connection alone (so it works inside a
    test's transaction).
    """
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id(),
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        tasks = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(worker.worker_id)
        if task_result is None:
            return ran
        worker.run_task(task_result)
        ran += 1
    return ran


def run_worker(*, interval: float = 1.0, batch: bool = False, scheduled: bool = True) -> None:
    """Run jobs until stopped (SIGINT/SIGTERM finish the current job first).

    `batch` runs what is queued and returns (used by tests and by cron-less
    one-off runs); `scheduled` also looks for scheduled work.
    """
    stop = threading.Event()
    if scheduled:
        if batch:
            schedule.tick()
        else:
            threading.Thread(
                target=_schedule_loop, args=(stop,), name="schedule", daemon=True
            ).start()
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id(),
        excluded_queue_names=[],
    )
    if not batch:
        worker.configure_signals()
        # A round's computation gets the second core from the start (in the
        # background: the helper imports the analysis library meanwhile).
        helper.start()
    try:
        worker.run()
    finally:
        stop.set()
