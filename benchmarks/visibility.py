"""Benchmark: how many respondents' unit figures the heat map shows, before and after.

The measure (issue 13, in ``docs/results.md``): of the respondents in units
with at least k answers, the share whose unit's figure is visible, per heat-map
indicator and over all of them. "Before" is the suppression's mending alone
(``cellindex.RESTORE`` off); "after" adds the restore pass that shows again
every complementary cell whose showing breaches nothing.

It recomputes every closed round of an existing data folder twice (so the
stored results end as the product computes them) and prints a Markdown table.

Run:  HJEMMEKONTOR_DATA_DIR=DIR .venv/bin/python benchmarks/visibility.py
      (DIR: a folder `bin/start` filled with the demo, or one that
      `benchmarks/results.py --data DIR --compute-only` built)
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")


def visible_shares(heatmap: dict, k: int) -> tuple[int, int, dict[str, float]]:
    """(units with >= k answers, their respondents, indicator -> share visible)."""
    units = heatmap.get("units", {})
    respondents = heatmap.get("respondents", {})
    eligible = [code for code in units if respondents.get(code, 0) >= k]
    total = sum(respondents[code] for code in eligible)
    indicators = sorted({variable for code in eligible for variable in units[code]})
    shares = {}
    for variable in indicators:
        shown = sum(
            respondents[code]
            for code in eligible
            if variable in units[code] and not units[code][variable].get("suppressed")
        )
        shares[variable] = shown / total if total else 0.0
    return len(eligible), total, shares


def measure() -> dict[str, tuple[int, int, dict[str, float], float]]:
    from django.conf import settings

    from hjemmekontor.results.compute import do_compute_results
    from hjemmekontor.results.models import ResultSet
    from hjemmekontor.surveys.models import Round

    found = {}
    seconds = 0.0
    for survey_round in Round.objects.order_by("opens_at"):
        if survey_round.status() != "closed":
            continue
        start = time.perf_counter()
        do_compute_results(survey_round)
        seconds = time.perf_counter() - start
        result_set = ResultSet.objects.get(round=survey_round, kind="employee")
        units, people, shares = visible_shares(result_set.heatmap or {}, settings.ANONYMITY_K)
        found[survey_round.name] = (units, people, shares, seconds)
    return found


def main() -> int:
    import django

    django.setup()
    from hjemmekontor.analysis import cellindex

    cellindex.RESTORE = False
    before = measure()
    cellindex.RESTORE = True
    after = measure()
    print("| round | units ≥ k | their respondents | visible before | visible after |")
    print("|---|---:|---:|---:|---:|")
    for name, (units, people, shares, _s) in after.items():
        old = before[name][2]
        mean_before = sum(old.values()) / len(old) if old else 0.0
        mean_after = sum(shares.values()) / len(shares) if shares else 0.0
        print(f"| {name} | {units} | {people:,} | {mean_before:.1%} | **{mean_after:.1%}** |")
    print()
    for name, (_u, _p, shares, seconds) in after.items():
        old = before[name][2]
        cells = ", ".join(f"{v} {old[v]:.1%} → {shares[v]:.1%}" for v in shares)
        print(f"- {name}: {cells} (computed in {before[name][3]:.1f} s / {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
