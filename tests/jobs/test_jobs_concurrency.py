"""Many asking at once, against a real PostgreSQL server: one computation, one claim."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from hjemmekontor.jobs.actions import do_claim_job, do_enqueue_job
from hjemmekontor.jobs.models import Job
from hjemmekontor.surveys.actions import do_create_round
from tests.conftest import round_spec

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

THREADS = 16


def at_once(work: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(THREADS)
    results: list[Any] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait(timeout=60)
            value = work()
            with lock:
                results.append(value)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_sixteen_simultaneous_requests_queue_one_computation(org: Any) -> None:
    assert connection.vendor == "postgresql"
    now = timezone.now()
    survey_round = do_create_round(
        round_spec(org, opens_at=now - dt.timedelta(days=3), closes_at=now + dt.timedelta(days=3))
    )
    results = at_once(lambda: do_enqueue_job("compute_results", survey_round=survey_round)[0].pk)
    assert len(results) == THREADS and len(set(results)) == 1
    assert Job.objects.filter(kind="compute_results").count() == 1

    claims = at_once(lambda: do_claim_job(results[0]) is not None)
    assert sorted(claims) == [False] * (THREADS - 1) + [True]
