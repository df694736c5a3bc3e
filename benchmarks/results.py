"""Benchmark: computing a round's results once, and a unit's dashboard under load.

1. Builds an organisation of N employees (default 10,000) with
   ``hjemmekontor.synth`` and imports it with the demo's people import; creates
   the generator's two rounds with ``do_create_round`` (the invitation snapshot)
   and stores every generated answer — after the questionnaire's own
   ``clean_answers`` — with ``Response.objects.bulk_create`` and marks the
   invitations answered. (The demo submits each answer through
   ``do_submit_response``; for 2 × 10,000 answers that costs minutes and is
   measured by ``benchmarks/submissions.py`` instead.)
2. Times ``do_compute_results`` for both rounds (the second compares with the
   first), and the stored size.
3. Starts ``hjemmekontor serve`` (gunicorn), creates a session for an admin with
   Django's ``SessionStore`` and drives a unit's dashboard with ``wrk``
   (C connections, D seconds), over the pages of the largest units; p50, p95
   and p99 come from wrk's latency distribution (a Lua ``done`` hook).

Run:  .venv/bin/python benchmarks/results.py [--people 10000] [--postgres]
"""

from __future__ import annotations

import argparse
import json
import os
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
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction

    from hjemmekontor.demo.register import import_people
    from hjemmekontor.demo.rounds import KINDS, _at, _spec, raw_answers
    from hjemmekontor.instruments import load_instrument
    from hjemmekontor.surveys.actions import do_create_round
    from hjemmekontor.surveys.models import Response
    from hjemmekontor.synth import ROUNDS, generate_organisation, generate_responses

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    org = generate_organisation(people, seed)
    import_people(org)
    rounds = []
    for round_no in (1, 2):
        answers = generate_responses(org, round_no, seed)
        period = ROUNDS[round_no]
        opens = _at(period.opens, 8)
        survey_round = do_create_round(
            _spec(f"Runde {period.year}", opens, _at(period.closes, 23, 59)), now=opens
        )
        invitations = {
            (inv.person.employee_number, inv.kind): inv
            for inv in survey_round.invitations.select_related("person")
            if inv.person is not None
        }
        rows, answered = [], []
        for kind in KINDS:
            instrument = load_instrument(kind, 1)
            for row in answers[kind].iter_rows(named=True):
                cleaned, errors = instrument.clean_answers(raw_answers(row, kind))
                assert not errors, errors
                invitation = invitations[(str(row["employee_number"]), kind)]
                answered.append(invitation.pk)
                rows.append(
                    Response(
                        round=survey_round,
                        kind=kind,
                        instrument=f"{kind}@1",
                        submitted_on=row["submitted_on"],
                        unit_id=invitation.unit_id,
                        gender=invitation.gender,
                        age_group=invitation.age_group,
                        is_manager=invitation.is_manager,
                        answers=cleaned,
                    )
                )
        with transaction.atomic():
            Response.objects.bulk_create(rows, batch_size=2000)
            survey_round.invitations.filter(pk__in=answered).update(answered=True)
        rounds.append(survey_round)
    loaded = time.perf_counter() - started
    from hjemmekontor.results.compute import do_compute_results
    from hjemmekontor.results.models import ResultSet, ResultUnit

    started = time.perf_counter()
    do_compute_results(rounds[0])
    first = time.perf_counter() - started
    started = time.perf_counter()
    do_compute_results(rounds[1])
    second = time.perf_counter() - started
    employee = ResultSet.objects.get(round=rounds[1], kind="employee")
    size = len(json.dumps(employee.payload))
    slices = [len(json.dumps(u.payload)) for u in ResultUnit.objects.filter(result_set=employee)]
    # The pages of the largest units (by respondents), where a page has most to show.
    largest = sorted(employee.tree, key=lambda c: -employee.heatmap["respondents"][c])[:20]
    paths = [f"/resultater/{rounds[1].pk}/enhet/{employee.tree[c]['pk']}/" for c in largest]
    paths.append(f"/resultater/{rounds[1].pk}/")
    admin = get_user_model().objects.create_user("bench", password="x" * 20, is_staff=True)
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(admin.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = admin.get_session_auth_hash()
    session.create()
    return {
        "load_seconds": loaded,
        "compute_first_seconds": first,
        "compute_second_seconds": second,
        "units": len(employee.tree),
        "respondents": employee.respondents,
        "payload_bytes": size,
        "slice_bytes_max": max(slices),
        "paths": paths,
        "session": session.session_key,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk mangler: apt-get install wrk", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    work = Path(tempfile.mkdtemp(prefix="hk-bench-results-"))
    env = dict(
        os.environ,
        HJEMMEKONTOR_DATA_DIR=str(work),
        HJEMMEKONTOR_SECRET_KEY="bench-" + "s" * 40,
        HJEMMEKONTOR_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="hjemmekontor.settings",
    )
    server = None
    if args.postgres:
        from hjemmekontor.testing.pgserver import start_throwaway_server

        server = start_throwaway_server()
        env["DATABASE_URL"] = server.url
    os.environ.update(env)
    facts = build(args.people, args.seed)
    (work / "paths.txt").write_text("\n".join(facts.pop("paths")) + "\n")  # type: ignore[arg-type]
    cookie = f"sessionid={facts.pop('session')}"
    script = work / "dashboard.lua"
    script.write_text(LUA % {"paths": work / "paths.txt", "cookie": cookie})
    web, base = start_server(env, 8767, args.workers)
    try:
        # Warm up before measuring: every worker imports its modules and renders each
        # page once (a page's body is then kept per process; results never change
        # once computed), so the measurement is the steady state users meet.
        subprocess.run(
            ["wrk", "-t2", "-c4", "-d12s", "-s", str(script), base], check=True, capture_output=True
        )
        out = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "-s", str(script), base],
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
    print(json.dumps(facts, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
