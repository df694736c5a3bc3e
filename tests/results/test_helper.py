"""The helper process that gives a round's computation a second core.

Where a call runs must change no number, and a helper that is off, not ready,
killed or orphaned must lose no work and leave no process behind.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from tests.jobs.product import environment, hjemmekontor

from hjemmekontor.analysis import api
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.results import helper
from hjemmekontor.results.compute import do_compute_results
from hjemmekontor.results.models import ResultSet, ResultUnit
from hjemmekontor.testing.synthrounds import synthetic_rounds

# A table of two units under the organisation, with one group each side (as the
# suppression across units builds them).
TABLE = (
    ["|all", "A|all", "B|all", "A|gender=female", "B|gender=female"],
    [40, 22, 18, 3, 12],
    [
        ("A|all", "|all", "unit"),
        ("B|all", "|all", "unit"),
        ("A|gender=female", "A|all", "gender"),
        ("B|gender=female", "B|all", "gender"),
    ],
    5,
)
FLAGS = {"forced": [False] * 5, "fixed": [True, True, True, False, False]}


@pytest.fixture
def running() -> Iterator[int]:
    """A ready helper (stopped afterwards, so no other test inherits it)."""
    with override_settings(COMPUTE_HELPER="on"):
        helper.start()
        pid = helper.wait_ready()
        assert pid is not None and pid != os.getpid()
        try:
            yield pid
        finally:
            helper.stop()


def _gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in "ZX":  # exited; only its parent's bookkeeping is left
            return True
        time.sleep(0.1)
    return False


def test_a_call_in_the_helper_gives_exactly_what_it_gives_here(running: int) -> None:
    keys, counts, edges, k = TABLE
    there = helper.offload(api.decide_checked_table, keys, counts, edges, k, **FLAGS)
    assert there.future is not None  # it did go to the helper
    assert there.result() == api.decide_checked_table(keys, counts, edges, k, **FLAGS)
    # The small group of A is hidden, and so is a complement that would reveal it.
    hidden, _reasons, violations = there.result()
    assert hidden[3] and violations == []


def test_an_error_in_the_helper_is_raised_here_as_it_would_be(running: int) -> None:
    keys, counts, _edges, k = TABLE
    broken = [("A|all", "nowhere", "unit")]
    deferred = helper.offload(api.decide_checked_table, keys, counts, broken, k, **FLAGS)
    assert deferred.future is not None
    with pytest.raises(AnalysisError, match="ukjent celle «nowhere»"):
        deferred.result()


def test_a_helper_killed_in_the_middle_leaves_its_work_to_this_process(
    running: int, caplog: pytest.LogCaptureFixture
) -> None:
    keys, counts, edges, k = TABLE
    busy = helper.offload(time.sleep, 30)
    waiting = helper.offload(api.decide_checked_table, keys, counts, edges, k, **FLAGS)
    assert busy.future is not None and waiting.future is not None
    os.kill(running, signal.SIGKILL)
    with caplog.at_level(logging.WARNING, logger="hjemmekontor.results.helper"):
        assert waiting.result() == api.decide_checked_table(keys, counts, edges, k, **FLAGS)
    assert "denne prosessen" in caplog.text
    # Later calls run here until a new helper is started, which then takes them.
    assert helper.offload(api.decide_checked_table, *TABLE, **FLAGS).future is None
    helper.start()
    assert helper.wait_ready() not in (None, running)
    assert helper.offload(api.decide_checked_table, *TABLE, **FLAGS).future is not None


@override_settings(COMPUTE_HELPER="off")
def test_with_the_helper_off_nothing_is_started_and_the_work_runs_here() -> None:
    helper.start()
    assert helper.wait_ready() is None
    deferred = helper.offload(api.decide_checked_table, *TABLE, **FLAGS)
    assert deferred.future is None
    assert deferred.result() == api.decide_checked_table(*TABLE, **FLAGS)


ORPHAN = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
import django
django.setup()
from hjemmekontor.results import helper
helper.start()
print(helper.wait_ready(), flush=True)
time.sleep(120)
"""


def test_the_helper_exits_when_the_worker_that_started_it_is_killed(tmp_path: Path) -> None:
    env = environment(tmp_path, HJEMMEKONTOR_COMPUTE_HELPER="on")
    worker = subprocess.Popen(
        [sys.executable, "-c", ORPHAN], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert worker.stdout is not None
        pid = int(worker.stdout.readline())
        assert not _gone(pid, 0.5)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        assert _gone(pid, 10), "the helper outlived its worker"
    finally:
        worker.kill()
        worker.wait()


def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.split(") ")[1].split()[1]) == pid and stat.split(") ")[1][0] not in "ZX":
            found.append((int(entry.name), command))
    return found


def test_the_worker_starts_its_helper_at_boot_and_stops_it_when_it_stops(tmp_path: Path) -> None:
    env = environment(tmp_path / "data", HJEMMEKONTOR_COMPUTE_HELPER="on")
    prepared = subprocess.run(
        hjemmekontor("start", "--no-serve", "--no-demo"), env=env, capture_output=True, timeout=300
    )
    assert prepared.returncode == 0, prepared.stderr[-2000:]
    worker = subprocess.Popen(hjemmekontor("worker"), env=env)
    try:
        deadline = time.monotonic() + 60
        while not (helpers := [p for p, c in _children(worker.pid) if "results.helper" in c]):
            assert time.monotonic() < deadline, "the worker started no helper"
            assert worker.poll() is None
            time.sleep(0.2)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
        assert _gone(helpers[0], 10), "the helper outlived its worker's stop"
    finally:
        worker.kill()
        worker.wait()


def _stored(rounds: list[Any]) -> list[str]:
    """Every stored row of the rounds' results, as JSON (times and comment order left out)."""
    rows = []
    for result_set in ResultSet.objects.filter(round__in=rounds).order_by("round_id", "kind"):
        payload = dict(result_set.payload)
        payload["metadata"] = {
            k: v for k, v in (payload.get("metadata") or {}).items() if k != "created"
        }
        rows.append(
            json.dumps(
                [payload, result_set.tree, result_set.weighting, result_set.heatmap],
                sort_keys=True,
            )
        )
        for unit in ResultUnit.objects.filter(result_set=result_set).order_by("code"):
            # The comments' order is random by design (no order to link to answers).
            comments = sorted(unit.comments) if unit.comments is not None else None
            rows.append(json.dumps([unit.code, unit.payload, comments], sort_keys=True))
    return rows


@pytest.mark.django_db
def test_a_round_computed_with_the_helper_stores_exactly_what_one_process_stores() -> None:
    rounds = synthetic_rounds(1500, seed=11)
    with override_settings(COMPUTE_HELPER="off"):
        for survey_round in rounds:
            do_compute_results(survey_round)
    alone = _stored(rounds)
    with override_settings(COMPUTE_HELPER="on", COMPUTE_HELPER_FROM=0):
        helper.start()
        assert helper.wait_ready() is not None
        try:
            before = helper.answered()
            for survey_round in rounds:
                do_compute_results(survey_round)
            # The organisation's analysis and half of the cross-unit tables, both rounds.
            assert helper.answered() - before >= 4
        finally:
            helper.stop()
    together = _stored(rounds)
    assert len(together) == len(alone) > 100
    assert together == alone
