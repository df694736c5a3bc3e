"""Benchmark: computing a round's results once, and a unit's dashboard under load.

1. Builds an organisation of N employees (default 10,000) with
   ``hjemmekontor.synth`` and its two closed rounds, stored as the product
   stores them (``hjemmekontor.testing.synthrounds``). With ``--data DIR`` the
   database is kept in DIR and reused by later runs.
2. Times ``do_compute_results`` for both rounds (the second compares with the
   first) in a process of its own, with that process's peak memory (max RSS),
   and the stored size. ``--compute-only`` stops here.
3. Starts ``hjemmekontor serve`` (gunicorn), creates a session for an admin with
   Django's ``SessionStore`` and drives a unit's dashboard with ``wrk``
   (C connections, D seconds), over the pages of the largest units; p50, p95
   and p99 come from wrk's latency distribution (a Lua ``done`` hook).

Run:  .venv/bin/python benchmarks/results.py [--people 10000] [--postgres]
      .venv/bin/python benchmarks/results.py --people 100000 --data /tmp/hk-100k --compute-only
      HJEMMEKONTOR_COMPUTE_HELPER=off .venv/bin/python benchmarks/results.py ...  (one process)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent

LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Cookie"] = "%(cookie)s"})
end
done = function(summary, latency, requests)
  io.write(string.format("P50 %%f\\nP95 %%f\\nP99 %%f\\nREQ %%d\\nERR %%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
"""


def build(people: int, seed: int) -> dict[str, object]:
    """The organisation and its two closed rounds (``hjemmekontor.testing.synthrounds``)."""
    import django

    django.setup()
    from django.core.management import call_command

    from hjemmekontor.testing.synthrounds import synthetic_rounds

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rounds = synthetic_rounds(people, seed)
    loaded = time.perf_counter() - started
    return {"load_seconds": loaded, "rounds": [r.pk for r in rounds]}


def compute(rounds: list[int], *, cold: bool = False) -> dict[str, object]:
    """Time ``do_compute_results`` for both rounds (the second compares with the first).

    As in a worker, the helper process (``hjemmekontor.results.helper``) is
    started first and has imported the analysis library before the first round
    (the worker starts it at boot); ``cold`` leaves it to the first round, as
    in a worker that has just started. Its CPU time and peak memory are
    reported apart (it is a child of this process, counted once it has stopped).
    """
    import django

    django.setup()
    from hjemmekontor.results import helper
    from hjemmekontor.results.compute import do_compute_results
    from hjemmekontor.results.models import ResultSet, ResultUnit
    from hjemmekontor.surveys.models import Round

    first_round, second_round = (Round.objects.get(pk=pk) for pk in rounds)
    # Start from nothing stored, so that round 1 is not computed inside round 2.
    ResultSet.objects.filter(round__in=[first_round, second_round]).delete()
    if not cold:
        helper.start()
        if helper.enabled():
            helper.wait_ready()
    # Wall time, and the process's CPU time: on a shared machine the wall time
    # includes waiting for a core, the CPU time does not.
    started, cpu = time.perf_counter(), time.process_time()
    do_compute_results(first_round)
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    do_compute_results(second_round)
    second, second_cpu = time.perf_counter() - started, time.process_time() - cpu
    employee = ResultSet.objects.get(round=second_round, kind="employee")
    size = len(json.dumps(employee.payload))
    slices = [len(json.dumps(u.payload)) for u in ResultUnit.objects.filter(result_set=employee)]
    # Peak resident memory of this process (kB on Linux): Django, the frames and
    # everything the computation allocated; the build ran in another process.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    used = helper.enabled()
    helper.stop()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "helper": ("cold" if cold else "warm") if used else "off",
        "helper_cpu_seconds": children.ru_utime + children.ru_stime,
        "helper_peak_mb": children.ru_maxrss / 1024,
        "compute_first_seconds": first,
        "compute_second_seconds": second,
        "compute_first_cpu_seconds": first_cpu,
        "compute_second_cpu_seconds": second_cpu,
        "compute_peak_mb": peak,
        "units": len(employee.tree),
        "respondents": employee.respondents,
        "payload_bytes": size,
        "slice_bytes_max": max(slices),
    }


def session_for_pages(round_pk: int) -> dict[str, object]:
    """The pages of the largest units and an admin session to request them with."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from hjemmekontor.results.models import ResultSet

    employee = ResultSet.objects.get(round_id=round_pk, kind="employee")
    # The pages of the largest units (by respondents), where a page has most to show.
    largest = sorted(employee.tree, key=lambda c: -employee.heatmap["respondents"][c])[:20]
    paths = [f"/resultater/{round_pk}/enhet/{employee.tree[c]['pk']}/" for c in largest]
    paths.append(f"/resultater/{round_pk}/")
    admin, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
    admin.set_password("x" * 20)
    admin.save()
    session = SessionStore()
    session["_auth_user_id"] = str(admin.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = admin.get_session_auth_hash()
    session.create()
    return {"paths": paths, "session": session.session_key}


def _child(step: str, work: Path, env: dict[str, str], *args: str) -> dict[str, object]:
    # Each step in its own process, so that the compute step's peak memory is its own.
    out = subprocess.run(
        [sys.executable, __file__, "--step", step, "--data", str(work), *args],
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout
    facts: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return facts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--data", type=Path, help="keep the built database here and reuse it when present"
    )
    parser.add_argument(
        "--compute-only", action="store_true", help="build (or reuse) and time the computing only"
    )
    parser.add_argument(
        "--cold-helper",
        action="store_true",
        help="let the first round start the helper process (a worker just started)",
    )
    parser.add_argument("--step", choices=("build", "compute", "session"), help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.step is not None:
        # A child process: the environment is already set by the parent.
        if args.step == "build":
            facts = build(args.people, args.seed)
        elif args.step == "compute":
            facts = compute(args.rounds, cold=args.cold_helper)
        else:
            facts = session_for_pages(args.rounds[1])
        print(json.dumps(facts))
        return 0
    if not args.compute_only and not shutil.which("wrk"):
        print("wrk mangler: apt-get install wrk", file=sys.stderr)
        return 1
    work = args.data or Path(tempfile.mkdtemp(prefix="hk-bench-results-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        HJEMMEKONTOR_DATA_DIR=str(work),
        HJEMMEKONTOR_SECRET_KEY="bench-" + "s" * 40,
        HJEMMEKONTOR_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="hjemmekontor.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    server = None
    if args.postgres:
        from hjemmekontor.testing.pgserver import start_throwaway_server

        server = start_throwaway_server()
        env["DATABASE_URL"] = server.url
    os.environ.update(env)
    web = None
    try:
        built = work / "build.json"
        if args.postgres or not built.exists():
            built.write_text(json.dumps(_child("build", work, env, "--people", str(args.people))))
        facts = json.loads(built.read_text())
        rounds = [str(pk) for pk in facts.pop("rounds")]
        cold = ["--cold-helper"] if args.cold_helper else []
        facts.update(_child("compute", work, env, "--rounds", *rounds, *cold))
        if not args.compute_only:
            pages = _child("session", work, env, "--rounds", *rounds)
            (work / "paths.txt").write_text("\n".join(pages["paths"]) + "\n")  # type: ignore[arg-type]
            cookie = f"sessionid={pages['session']}"
            script = work / "dashboard.lua"
            script.write_text(LUA % {"paths": work / "paths.txt", "cookie": cookie})
            web, base = start_server(env, 8767, args.workers)
            # Warm up before measuring: every worker imports its modules and renders each
            # page once (a page's body is then kept per process; results never change
            # once computed), so the measurement is the steady state users meet.
            subprocess.run(
                ["wrk", "-t2", "-c4", "-d12s", "-s", str(script), base],
                check=True,
                capture_output=True,
            )
            load = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s"]
            out = subprocess.run(
                [*load, "-s", str(script), base],
                check=True,
                text=True,
                capture_output=True,
            ).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] in ("P50", "P95", "P99", "REQ", "ERR"):
                    facts[parts[0].lower()] = float(parts[1])
                if line.startswith("Requests/sec:"):
                    facts["rps"] = float(parts[1])
    finally:
        stop_server(web)
        if server is not None:
            server.stop()
    facts["people"] = args.people
    facts["connections"] = args.connections
    facts["workers"] = args.workers
    facts["database"] = "postgresql" if args.postgres else "sqlite"
    facts["load_average"] = os.getloadavg()[0]
    print(json.dumps(facts, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
