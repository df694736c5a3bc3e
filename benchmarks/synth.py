"""Benchmark: generating a synthetic organisation and both rounds to files.

Times each phase — organisation, round 1 answers, round 2 answers, writing
CSV + Parquet (with SHA-256 of every file for the manifest) — for each size,
and reports the peak resident memory. Each size runs in a fresh process, so
that the memory figure belongs to that size alone. The promise (issue 3):
1,000,000 employees with both rounds to files in under 60 s on the 2-core
development machine.

    .venv/bin/python benchmarks/synth.py [--sizes 10000 100000 1000000] [--write]

With --write the table replaces the section "## Synthetic data" of
docs/benchmarks.md (and only that section).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Synthetic data"

CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
from hjemmekontor.synth import generate_organisation, generate_responses, write_files
size, seed, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
t = {}
start = time.perf_counter()
org = generate_organisation(size, seed); t["organisation"] = time.perf_counter() - start
mark = time.perf_counter()
answers = {1: generate_responses(org, 1, seed)}; t["round 1"] = time.perf_counter() - mark
mark = time.perf_counter()
answers[2] = generate_responses(org, 2, seed); t["round 2"] = time.perf_counter() - mark
mark = time.perf_counter()
manifest = write_files(org, answers, out); t["write"] = time.perf_counter() - mark
t["total"] = time.perf_counter() - start
rows = sum(f["rows"] for f in manifest["files"] if f["name"].startswith("responses") and f["name"].endswith(".csv"))
size_mb = sum(p.stat().st_size for p in out.iterdir()) / 1e6
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"size": size, "units": org.units.height, "response_rows": rows, "seconds": t, "peak_mb": peak, "files_mb": size_mb}))
"""


def measure(size: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="synth-bench-") as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(size), str(seed), str(out)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| employees | units | response rows (all files of one format) | organisation | round 1 | round 2 | write CSV + Parquet | **total** | peak memory | files |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r["seconds"]
        lines.append(
            f"| {r['size']:,} | {r['units']:,} | {r['response_rows']:,} | {s['organisation']:.1f} s "
            f"| {s['round 1']:.1f} s | {s['round 2']:.1f} s | {s['write']:.1f} s "
            f"| **{s['total']:.1f} s** | {float(r['peak_mb']):,.0f} MB | {float(r['files_mb']):,.0f} MB |"
        )
    return "\n".join(lines)


def write_section(text: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    block = f"{SECTION}\n\n{text.strip()}\n\n"
    if pattern.search(current):
        current = pattern.sub(lambda _: block, current)
    else:
        current = current.rstrip("\n") + "\n\n" + block
    path.write_text(current.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        started = time.perf_counter()
        results.append(measure(size, args.seed))
        print(
            f"{size:>9,}: {time.perf_counter() - started:.1f} s wall (with interpreter start)",
            file=sys.stderr,
        )
    text = table(results)
    load = os.getloadavg()[0]
    note = (
        f"Measured with `.venv/bin/python benchmarks/synth.py --write` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load:.1f} when finished (other work was running). Each size runs in its own process; "
        "the total includes SHA-256 of every file for `manifest.json`. Promise: "
        "1,000,000 employees with both rounds to files in under 60 s."
    )
    print(text)
    print()
    print(note)
    if args.write:
        write_section(text + "\n\n" + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
