"""Benchmark the analysis library, side by side with R `survey`.

Usage (from the repository root)::

    .venv/bin/python benchmarks/analysis.py                 # 10k, 100k, 1M and R at 10k
    .venv/bin/python benchmarks/analysis.py --sizes 10000   # a quick run
    .venv/bin/python benchmarks/analysis.py --write         # also update docs/benchmarks.md

For each size a fresh process generates synthetic employee answers (numpy,
seeded; a 300-unit tree: root, 15 divisions, 284 units) and runs

* the **full analysis** (``api.analyze``): scale scores, headline
  indicators, raking on unit, gender and age group, estimates for every unit
  of the tree (a unit = its subtree) and by home-office group, the
  consequences block with its seven regressions, suppression, findings;
* the **R comparison task**: raking on unit, gender and age group, then the
  means of burnout, meaning and sick days for every unit (subtree) and by
  home-office group, with calibration-aware SEs.

Time is wall-clock for the analysis only (data generation and a warm-up
call on 2,000 rows excluded), the best of three runs (two at 1,000,000); peak
memory is the process's maximum resident set size, data included. At 10,000
respondents the R comparison task also runs in R (``survey``), timed inside R,
and the largest relative difference between R's and our estimates and SEs is
reported.
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

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000, 1_000_000)
TARGETS = {10_000: 0.5, 100_000: 2.0, 1_000_000: 15.0}
FREQ = (
    "never",
    "less_than_monthly",
    "monthly",
    "1_day_week",
    "2_days_week",
    "3_4_days_week",
    "every_day",
)
AFTER = ("daily", "several_times_week", "weekly", "monthly", "less_often", "never")
AGES = ("<30", "30-39", "40-49", "50-59", "60+")
R_VARIABLES = ("burnout", "meaning", "sick_days")
REPEATS = 3


def unit_tree() -> dict[str, str | None]:
    """Root, 15 divisions and 284 units: 300 units."""
    tree: dict[str, str | None] = {"u000": None}
    for d in range(1, 16):
        tree[f"u{d:03d}"] = "u000"
    for u in range(16, 300):
        tree[f"u{u:03d}"] = f"u{1 + (u - 16) % 15:03d}"
    return tree


def generate(n: int, seed: int = 1) -> tuple[pl.DataFrame, dict[str, dict[str, float]]]:
    """Synthetic employee answers and population margins (response rate ~ 0.6)."""
    rng = np.random.default_rng(seed)
    units = np.array(list(unit_tree()))
    # Respondents sit in the 284 leaf units and, a few, in the divisions.
    unit_p = np.r_[0.0, np.full(15, 0.2 / 15), rng.dirichlet(np.full(284, 5.0)) * 0.8]
    unit = rng.choice(units.size, n, p=unit_p)
    gender = rng.choice(3, n, p=[0.55, 0.43, 0.02])
    age = rng.choice(5, n, p=[0.12, 0.25, 0.27, 0.24, 0.12])
    can = rng.choice(3, n, p=[0.45, 0.3, 0.25])
    freq = rng.choice(7, n, p=[0.12, 0.1, 0.13, 0.2, 0.2, 0.15, 0.1])
    has = can < 2
    level = np.where(has, np.array([0, 1, 1, 2, 2, 3, 3])[freq], 0)

    def text(
        labels: tuple[str, ...], codes: np.ndarray, mask: np.ndarray | None = None
    ) -> pl.Series:
        series = pl.Series(np.asarray(labels)[codes])
        return (
            series
            if mask is None
            else series.zip_with(pl.Series(mask), pl.Series([None] * n, dtype=pl.Utf8))
        )

    def items(base: np.ndarray, count: int) -> list[np.ndarray]:
        noise = rng.normal(0, 0.8, (count, n))
        return list(np.clip(np.rint(base + noise), 1, 5).astype(np.int64))

    after = np.where(
        rng.uniform(size=n) < 0.25 + 0.12 * level, rng.integers(0, 3, n), rng.integers(3, 6, n)
    )
    productivity = np.clip(np.rint(2 + 0.3 * level + rng.normal(0, 0.9, n)), 0, 4).astype(int)
    columns: dict[str, pl.Series] = {
        "unit": pl.Series(units[unit]),
        "gender": text(("female", "male", "other"), gender),
        "age_group": text(AGES, age),
        "is_manager": pl.Series(np.where(rng.uniform(size=n) < 0.12, "true", "false")),
        "children_under_12": pl.Series(np.where(rng.uniform(size=n) < 0.35, "yes", "no")),
        "can_work_home": text(("yes", "partly", "no"), can),
        "ho_freq": text(FREQ, freq, has),
        "share_time_home": pl.Series(
            np.where(has, np.clip(freq * 14 + rng.normal(0, 10, n), 0, 100).round(), np.nan)
        ).fill_nan(None),
        "written_agreement": text(
            ("yes", "no", "dont_know"), rng.choice(3, n, p=[0.2, 0.6, 0.2]), has
        ),
        "wish_freq": text(FREQ, np.clip(freq + rng.integers(-1, 3, n), 0, 6), has),
        "after_hours_freq": text(AFTER, after, has),
        "productivity_home": text(
            ("much_lower", "lower", "same", "higher", "much_higher"), productivity, has
        ),
        "sick_days": pl.Series(rng.poisson(np.exp(1.9 - 0.12 * level), n).astype(np.float64)),
    }
    blocks = (
        ("cbi", 2.8 - 0.15 * level, 7),
        ("meaning", 4.0 - 0.25 * level, 2),
        ("wlc", 2.4 + 0.1 * level, 4),
        ("community", 3.9 - 0.2 * level, 3),
    )
    for name, base, count in blocks:
        for i, values in enumerate(items(base, count), start=1):
            columns[f"{name}_{i}"] = pl.Series(values)
    data = pl.DataFrame(columns)
    # Population: about 1 / 0.6 of the respondents in every category.
    margins: dict[str, dict[str, float]] = {}
    population = round(n / 0.6)
    for variable in ("unit", "gender", "age_group"):
        counts = data[variable].value_counts().sort(variable)
        share = counts["count"].to_numpy() / n
        target = np.floor(share * population)
        target[np.argmax(target)] += population - target.sum()
        margins[variable] = dict(zip(counts[variable].to_list(), target.tolist(), strict=True))
    return data, margins


def run_one(n: int, out: Path | None) -> dict[str, float]:
    """Generate, analyse and measure one size (in its own process)."""
    from hjemmekontor.analysis import api

    data, margins = generate(n)
    tree = unit_tree()
    # Warm up: the first call in a process pays one-time costs (lazy imports,
    # polars' thread pool) that are not part of the analysis.
    api.analyze(data.head(2000), margins=None, unit_tree=tree)
    # The best of a few runs: the machine is shared, and the minimum is the
    # least disturbed measurement of the same work.
    full = task = float("inf")
    for _ in range(REPEATS if n <= 100_000 else 2):
        start = time.perf_counter()
        result = api.analyze(data, margins=margins, unit_tree=tree)
        full = min(full, time.perf_counter() - start)
        start = time.perf_counter()
        design = api.rake(api.survey_design(api.add_derived(api.add_scores(data))), margins)
        by_unit = api.estimate_units(design, list(R_VARIABLES), "unit", tree)
        by_group = api.estimate_by(design, list(R_VARIABLES), ["ho_group"])
        task = min(task, time.perf_counter() - start)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        data.write_csv(out / "data.csv")
        pl.DataFrame(
            [(v, c, x) for v, m in margins.items() for c, x in m.items()],
            schema=["variable", "category", "count"],
            orient="row",
        ).write_csv(out / "margins.csv")
        pl.DataFrame(
            [(u, p or "") for u, p in tree.items()], schema=["unit", "parent"], orient="row"
        ).write_csv(out / "tree.csv")
        pl.concat([by_unit, by_group], how="diagonal_relaxed").with_columns(
            pl.col("by").struct.json_encode()
        ).write_csv(out / "ours.csv")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB -> MB on Linux
    return {
        "n": n,
        "full_s": full,
        "task_s": task,
        "peak_mb": peak,
        "rows": result.estimates.height,
        "findings": len(result.findings),
    }


R_SCRIPT = r"""
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
d <- read.csv(file.path(dir, "data.csv"), na.strings = c("", "NA"), stringsAsFactors = FALSE)
m <- read.csv(file.path(dir, "margins.csv"), stringsAsFactors = FALSE)
tree <- read.csv(file.path(dir, "tree.csv"), na.strings = "", stringsAsFactors = FALSE)
score <- function(items, reversed = character()) {
  v <- sapply(items, function(i) (d[[i]] - 1) * 25)
  for (r in reversed) v[, which(items == r)] <- 100 - v[, which(items == r)]
  s <- rowMeans(v, na.rm = TRUE); s[rowSums(!is.na(v)) < length(items) / 2] <- NA; s
}
d$burnout <- score(paste0("cbi_", 1:7), "cbi_7")
d$meaning <- score(paste0("meaning_", 1:2))
d$ho_group <- ifelse(d$can_work_home == "no" | (!is.na(d$ho_freq) & d$ho_freq == "never"), "never",
  ifelse(d$ho_freq %in% c("less_than_monthly", "monthly"), "monthly_or_less",
  ifelse(d$ho_freq %in% c("1_day_week", "2_days_week"), "1_2_days",
  ifelse(d$ho_freq %in% c("3_4_days_week", "every_day"), "3_plus_days", NA))))
pop <- lapply(c("unit", "gender", "age_group"), function(v) {
  x <- m[m$variable == v, ]; r <- data.frame(x$category, x$count); names(r) <- c(v, "Freq"); r })
subtree <- function(u) { found <- u; repeat {
  more <- setdiff(tree$unit[tree$parent %in% found], found)
  if (!length(more)) return(found); found <- c(found, more) } }
rows <- list()
elapsed <- system.time({
  des <- rake(svydesign(ids = ~1, data = d, weights = ~rep(1, nrow(d))),
              list(~unit, ~gender, ~age_group), pop)
  for (v in c("burnout", "meaning", "sick_days")) {
    f <- as.formula(paste0("~", v))
    for (u in tree$unit) {
      r <- svymean(f, subset(des, unit %in% subtree(u)), na.rm = TRUE)
      rows[[length(rows) + 1]] <- data.frame(variable = v, key = paste0("unit=", u),
                                              estimate = as.numeric(coef(r)), se = as.numeric(SE(r)))
    }
    b <- svyby(f, ~ho_group, des, svymean, na.rm = TRUE)
    rows[[length(rows) + 1]] <- data.frame(variable = v, key = paste0("ho_group=", b$ho_group),
                                          estimate = as.numeric(coef(b)), se = as.numeric(SE(b)))
  }
})[["elapsed"]]
write.csv(do.call(rbind, rows), file.path(dir, "r.csv"), row.names = FALSE)
cat(elapsed, "\n")
"""


def run_r(directory: Path) -> tuple[float, float]:
    """Time the comparison task in R; return (seconds, max relative difference)."""
    script = directory / "task.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    out = subprocess.run(
        ["Rscript", str(script), str(directory)], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"R failed:\n{out.stderr}")
    return float(out.stdout.split()[-1]), compare_with_r(directory)


def compare_with_r(directory: Path) -> float:
    """Largest relative difference between R's and our estimates and SEs."""
    theirs = pl.read_csv(directory / "r.csv")
    ours = pl.read_csv(directory / "ours.csv").with_columns(
        pl.col("by").str.json_decode(pl.Struct({"unit": pl.Utf8, "ho_group": pl.Utf8}))
    )
    ours = ours.with_columns(
        pl.when(pl.col("by").struct.field("unit").is_not_null())
        .then(pl.lit("unit=") + pl.col("by").struct.field("unit"))
        .when(pl.col("by").struct.field("ho_group").is_not_null())
        .then(pl.lit("ho_group=") + pl.col("by").struct.field("ho_group"))
        .alias("key")
    ).filter(pl.col("key").is_not_null() & ~pl.col("suppressed"))
    joined = theirs.join(ours, on=["variable", "key"], suffix="_ours")
    if joined.height < theirs.height * 0.9:
        raise RuntimeError(f"only {joined.height} of {theirs.height} R rows matched")
    worst = 0.0
    for column in ("estimate", "se"):
        a, b = joined[column].to_numpy(), joined[f"{column}_ours"].to_numpy()
        worst = max(worst, float(np.max(np.abs(a - b) / np.abs(a))))
    return worst


def markdown(results: list[dict[str, float]], r_seconds: float | None, r_diff: float | None) -> str:
    lines = [
        "## Analysis",
        "",
        "`benchmarks/analysis.py` on this machine (2 cores, Python "
        f"{sys.version.split()[0]}; shared with other jobs: load average "
        f"{os.getloadavg()[0]:.1f} when finished; best of 3 runs, 2 at 1,000,000). "
        "Synthetic employee answers, 300-unit tree, raking on unit, gender and age group. "
        "*Full* = `api.analyze` (scores, indicators, estimates for all 300 units and by "
        "home-office group, consequences with 7 regressions, suppression, findings). "
        "*Task* = raking + means of burnout, meaning and sick days by unit (subtree) and by "
        "home-office group, the task also run in R `survey` at 10,000.",
        "",
        "| respondents | full analysis | target | task | peak memory |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        n = int(r["n"])
        lines.append(
            f"| {n:,} | {r['full_s']:.2f} s | {TARGETS.get(n, float('nan')):g} s | "
            f"{r['task_s']:.2f} s | {r['peak_mb']:.0f} MB |"
        )
    if r_seconds is not None and results:
        ours = next((r for r in results if r["n"] == 10_000), results[0])
        lines += [
            "",
            f"R `survey` {R_VERSION}, same task at 10,000: **{r_seconds:.1f} s**, "
            f"ours {ours['task_s']:.3f} s: **{r_seconds / ours['task_s']:.0f} × faster**; "
            f"largest relative difference of estimates and SEs: {r_diff:.1e}.",
        ]
    return "\n".join(lines) + "\n"


R_VERSION = "4.1.1"


def write_section(text: str) -> None:
    """Replace (or add) the `## Analysis` section of docs/benchmarks.md."""
    path = ROOT / "docs" / "benchmarks.md"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = old.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Analysis"), None)
    if start is None:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        new = (
            "".join(lines[:start])
            + text
            + ("\n" + "".join(lines[end:]) if end < len(lines) else "")
        )
    path.write_text(new, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--no-r", action="store_true", help="skip the R comparison")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.out)))
        return 0
    results = []
    r_seconds = r_diff = None
    workdir = Path(tempfile.mkdtemp(prefix="hk-bench-"))
    try:
        for n in args.sizes:
            command = [sys.executable, __file__, "--one", str(n)]
            export = n == 10_000 and not args.no_r and shutil.which("Rscript")
            if export:
                command += ["--out", str(workdir)]
            env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
            out = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(result)
            print(
                f"{n:>9,}: full {result['full_s']:.2f} s (target {TARGETS.get(n, float('nan')):g} s), "
                f"task {result['task_s']:.3f} s, peak {result['peak_mb']:.0f} MB",
                flush=True,
            )
            if export:
                r_seconds, r_diff = run_r(workdir)
                print(f"   R survey task: {r_seconds:.1f} s; max rel. difference {r_diff:.1e}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = markdown(results, r_seconds, r_diff)
    print(text)
    if args.write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
