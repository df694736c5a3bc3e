"""Sjekk timeregistreringer mot arbeidstidsreglene i arbeidsmiljøloven kapittel 10.

Check time registrations against the working-time rules of the Working
Environment Act, chapter 10 (rule ids RT-*; see docs/worktime/).

Exit codes: 0 = checked, 1 = checked, but some input rows were refused
(they are listed), 2 = nothing could be checked (missing or unreadable file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import polars as pl

from hjemmekontor.spreadsheets import inert_frame
from hjemmekontor.worktime import RULES, RuleConfig, check
from hjemmekontor.worktime.basis_file import read_basis
from hjemmekontor.worktime.files import FileError, RowError
from hjemmekontor.worktime.reader import ColumnMapping, read_registrations
from hjemmekontor.worktime.timeline import RegistrationError

OUT_COLUMNS = ["person", "rule", "section", "start", "end", "value", "limit", "unit", "message"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="HANDLING", required=True)
    chk = sub.add_parser(
        "check",
        help="sjekk registreringer og skriv alle brudd",
        description="Sjekk timeregistreringer (CSV/XLSX) mot arbeidstidsreglene.",
    )
    chk.add_argument(
        "entries",
        type=Path,
        metavar="ENTRIES",
        help="registreringer: CSV person,start,end,break_minutes,location eller XLSX",
    )
    chk.add_argument("--basis", type=Path, help="arbeidstidsgrunnlag per person (CSV)")
    chk.add_argument(
        "--mapping", type=Path, help="kolonneoppsett for andre filformater (YAML/JSON)"
    )
    chk.add_argument("--out", type=Path, help="skriv alle brudd til FILE.json eller FILE.csv")
    chk.add_argument(
        "--windows",
        choices=["rolling", "calendar"],
        default="rolling",
        help="løpende (standard) eller kalenderbaserte døgn og uker",
    )


def run(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    try:
        mapping = ColumnMapping.load(args.mapping) if args.mapping else None
        imported = read_registrations(args.entries, mapping)
        basis, basis_errors = read_basis(args.basis) if args.basis else (None, [])
        if args.out and args.out.suffix.lower() not in {".json", ".csv"}:
            raise FileError(f"{args.out}: --out må slutte på .json eller .csv")
        result = check(imported.registrations, basis, RuleConfig(windows=args.windows))
    except (FileError, RegistrationError, ValueError) as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    errors = imported.errors + basis_errors
    _summary(out, result.breaches, result.warnings, imported.registrations.height, errors)
    if args.out:
        _write(args.out, result.breaches)
        print(f"Alle {result.breaches.height} brudd er skrevet til {args.out}", file=out)
    return 1 if errors else 0


def _summary(
    out: TextIO,
    breaches: pl.DataFrame,
    warnings: pl.DataFrame,
    rows: int,
    errors: Sequence[RowError],
) -> None:
    persons = breaches["person"].n_unique()
    print(
        f"{rows} registreringer sjekket; {breaches.height} brudd hos {persons} personer.", file=out
    )
    if breaches.height:
        print("\nBrudd per regel:", file=out)
        per_rule = (
            breaches.group_by("rule")
            .agg(pl.len().alias("n"), pl.col("person").n_unique().alias("persons"))
            .sort("rule")
        )
        for rule, n, who in per_rule.iter_rows():
            print(
                f"  {rule:<13} {RULES[rule].title_nb:<42} {n:>7} brudd, {who:>6} personer", file=out
            )
        print("\nBrudd per person (flest først):", file=out)
        per_person = (
            breaches.group_by("person")
            .agg(pl.len().alias("n"))
            .sort(["n", "person"], descending=[True, False])
        )
        for person, n in per_person.head(20).iter_rows():
            print(f"  {person:<20} {n:>7}", file=out)
        if per_person.height > 20:
            print(f"  … og {per_person.height - 20} personer til", file=out)
    if warnings.height:
        print(f"\n{warnings.height} overlappende registreringer er slått sammen:", file=out)
        for message in warnings["message"].head(10):
            print(f"  {message}", file=out)
    if errors:
        print(f"\n{len(errors)} ugyldige verdier; radene er utelatt:", file=out)
        for error in errors[:20]:
            print(f"  {error}", file=out)
        if len(errors) > 20:
            print(f"  … og {len(errors) - 20} til", file=out)


def _write(path: Path, breaches: pl.DataFrame) -> None:
    table = breaches.select(OUT_COLUMNS).with_columns(
        pl.col("start").dt.strftime("%Y-%m-%dT%H:%M:%S%:z"),
        pl.col("end").dt.strftime("%Y-%m-%dT%H:%M:%S%:z"),
    )
    if path.suffix.lower() == ".json":
        path.write_text(
            json.dumps(table.to_dicts(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    else:
        # Person ids and rule texts come from files others wrote; keep them text.
        inert_frame(table).write_csv(path)
