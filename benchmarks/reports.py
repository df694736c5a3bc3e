"""Benchmark the reports: PDF, HTML, XLSX and CSV for every unit of the demo organisation.

Usage (from the repository root)::

    .venv/bin/python benchmarks/reports.py                       # a fresh demo in a temp folder
    .venv/bin/python benchmarks/reports.py --data-dir /tmp/hk    # an existing data folder
    .venv/bin/python benchmarks/reports.py --write               # also update docs/benchmarks.md

The demo organisation (400 employees, 19 units, two closed rounds) is loaded
with ``hjemmekontor start --no-serve``. The round's results are computed once
(timed separately: that happens when a round closes, not per report); then each
format is made for the organisation and every unit, three times, and the
wall-clock times per report are summarised. A report reads one stored slice of
the results, so its time depends on the layout, not on the organisation's size.
Promise (issue 5): the PDF for one unit in under 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("pdf", "html", "xlsx", "csv")


def prepare(data_dir: Path) -> None:
    env = {**os.environ, "HJEMMEKONTOR_DATA_DIR": str(data_dir)}
    command = [str(ROOT / ".venv/bin/hjemmekontor"), "start", "--no-serve"]
    subprocess.run(command, env=env, check=True, capture_output=True)
    os.environ["HJEMMEKONTOR_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hjemmekontor.settings"
    import django

    django.setup()


def measure(repeat: int) -> tuple[float, dict[str, list[float]], int]:
    from hjemmekontor.organisation.models import Unit
    from hjemmekontor.reports.service import render_report
    from hjemmekontor.results.compute import ensure_results
    from hjemmekontor.surveys.models import Round

    survey_round = next(r for r in Round.objects.order_by("-opens_at") if r.status() == "closed")
    started = time.perf_counter()
    ensure_results(survey_round)
    compute = time.perf_counter() - started
    units: list[Unit | None] = [None, *Unit.objects.all()]
    render_report(survey_round, units[1], fmt="pdf")  # fonts and templates loaded once
    times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    for _ in range(repeat):
        for unit in units:
            for fmt in FORMATS:
                started = time.perf_counter()
                render_report(survey_round, unit, fmt=fmt)
                times[fmt].append(time.perf_counter() - started)
    return compute, times, len(units)


def table(compute: float, times: dict[str, list[float]], reports: int) -> str:
    lines = [
        "| format | reports | median | p95 | max | target |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for fmt in FORMATS:
        values = sorted(times[fmt])
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        target = "5 s" if fmt == "pdf" else ""
        lines.append(
            f"| {fmt.upper()} | {len(values)} | {statistics.median(values):.2f} s | "
            f"{p95:.2f} s | {max(values):.2f} s | {target} |"
        )
    load = os.getloadavg()[0]
    lines += [
        "",
        f"Measured with `.venv/bin/python benchmarks/reports.py` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load:.1f} "
        f"when finished. The demo organisation: the organisation and {reports - 1} units, "
        f"each report made {len(times['pdf']) // reports} times. Making sure the "
        f"round's results were stored took {compute:.1f} s (they are computed once when a "
        "round closes, not per report).",
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    path = ROOT / "docs/benchmarks.md"
    current = path.read_text(encoding="utf-8")
    section = f"## Reports\n\n`benchmarks/reports.py`: every report format for every unit of the demo.\n\n{text}\n"
    pattern = re.compile(r"## Reports\n.*?(?=\n## |\Z)", re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: section.rstrip("\n"), current)
    else:
        updated = current.rstrip("\n") + "\n\n" + section
    path.write_text(updated, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="existing data folder (default: a new demo)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hk-bench-reports-") as temporary:
        prepare(args.data_dir or Path(temporary))
        compute, times, reports = measure(args.repeat)
    text = table(compute, times, reports)
    print(text)
    if args.write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
