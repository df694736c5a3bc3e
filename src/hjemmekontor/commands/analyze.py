"""Analyser en datafil: vektede estimater med konfidensintervall, anonymitet og funn.

hjemmekontor analyze DATA [--instrument employee|manager|representative]
    [--codebook FILE] [--weight COLUMN] [--rake MARGINS.csv] [--population N]
    [--by COLUMN]... [--estimate mean:VAR | total:VAR | share:VAR=V1[,V2...]]...
    [--compare-to OTHER_ROUND_DATA] [--k 5] [--out FILE.json|.xlsx|.csv]

Exit codes: 0 done, 1 bad data (file, column or value named on stderr),
2 bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

OUT_SUFFIXES = (".json", ".xlsx", ".csv")
SUPPRESSED = "—  (færre enn {k} svar)"
# Why a hidden row is hidden, as the reports say it (docs/reports.md).
HIDDEN_BECAUSE = {
    "complement": "—  skjult (anonymitet)",
    "forced": "—  skjult (anonymitet)",
    "no_respondents": "—  (ingen svar)",
}


class _UsageError(Exception):
    """Wrong command-line use (exit code 2)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "data",
        metavar="DATA",
        help="datafil (CSV, XLSX, SAV, DTA, Parquet), eller round:ID / round:NAVN for en "
        "stengt runde i databasen",
    )
    parser.add_argument(
        "--instrument",
        choices=("employee", "manager", "representative"),
        default=None,
        help="spørreskjemaet dataene kommer fra (standard: kodebokas, ellers employee)",
    )
    parser.add_argument("--codebook", metavar="FILE", help="kodebok (YAML) for data fra andre")
    parser.add_argument("--weight", metavar="COLUMN", help="kolonne med vekter")
    parser.add_argument(
        "--rake",
        metavar="MARGINS.csv",
        help="populasjonsmarginer å rake til; «round» for rundens eget populasjonsbilde",
    )
    parser.add_argument("--population", metavar="N", type=float, help="populasjonsstørrelse (FPC)")
    parser.add_argument(
        "--by",
        metavar="COLUMN[*COLUMN]",
        action="append",
        default=[],
        help="bryt ned etter kolonne; a*b krysser to kolonner",
    )
    parser.add_argument(
        "--cluster",
        metavar="COLUMN",
        help="kolonne med klyngen (PSU) i et ettrinns klyngeutvalg",
    )
    parser.add_argument(
        "--estimate",
        metavar="SPEC",
        action="append",
        default=[],
        help="mean:VAR, total:VAR eller share:VAR=V1[,V2...]",
    )
    parser.add_argument(
        "--ci",
        choices=("logit", "kg", "wald"),
        default="logit",
        help="konfidensintervall for andeler: logit (standard, som R svyciprop), "
        "kg (Korn–Graubard) eller wald (symmetrisk, kuttet ved 0 og 100 %%)",
    )
    parser.add_argument("--compare-to", metavar="DATA", help="data fra en annen runde (trend)")
    parser.add_argument(
        "--compare-margins",
        metavar="MARGINS.csv",
        help="den andre rundens egne populasjonsmarginer (når populasjonen har endret seg); "
        "«round» for rundens eget populasjonsbilde (med --compare-to round:ID)",
    )
    parser.add_argument(
        "--collapse-empty",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="slå en vektekategori med populasjon men uten svar sammen med nærmeste "
        "overordnede enhet (med --units) eller nærmeste kategori (standard: på; "
        "--no-collapse-empty avviser slike marginer)",
    )
    parser.add_argument(
        "--units",
        metavar="UNITS.csv",
        help="enhetstreet (kolonnene unit_code og parent_code, eller unit og parent), "
        "for --collapse-empty",
    )
    parser.add_argument("--k", type=int, default=5, help="anonymitetsgrense (minst 3, standard 5)")
    parser.add_argument(
        "--out", metavar="FILE", help="skriv resultatet til .json, .xlsx eller .csv"
    )
    parser.add_argument("--sheet", help="ark i XLSX-fila (standard: det første)")
    parser.add_argument("--quiet", action="store_true", help="ingen fremdrift på stderr")


def _progress(quiet: bool) -> Any:
    start = time.monotonic()

    def report(text: str) -> None:
        if not quiet:
            print(f"[{time.monotonic() - start:6.1f} s] {text} …", file=sys.stderr, flush=True)

    return report


ROUND_PREFIX = "round:"


def _round(spec: str) -> Any:
    """The closed round named by ``round:ID`` or ``round:NAME`` (Django is set up here only)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
    import django

    django.setup()
    from hjemmekontor.analysis.io import InputError
    from hjemmekontor.surveys.models import Round

    key = spec[len(ROUND_PREFIX) :].strip()
    found = Round.objects.filter(pk=int(key)) if key.isdigit() else Round.objects.filter(name=key)
    survey_round = found.first()
    if survey_round is None:
        names = ", ".join(f"{r.pk}: {r.name}" for r in Round.objects.all()[:10]) or "ingen"
        raise InputError(f"fant ingen runde «{key}» i databasen (rundene er {names})", path=spec)
    if survey_round.status() != "closed":
        # The same rule as the results pages: nothing is analysed while answers come in.
        raise InputError(
            "runden er ikke stengt; svar analyseres først når runden er stengt", path=spec
        )
    return survey_round


def _load_round(
    spec: str, instrument: str, rake: bool, report: Any
) -> tuple[pl.DataFrame, dict[str, Any], Any]:
    """A closed round's responses from the database, and its snapshot margins if asked."""
    survey_round = _round(spec)
    from hjemmekontor.results.frames import raking_margins, response_frame, tree_snapshot

    report(f"Henter svarene i «{survey_round.name}» fra databasen")
    frame = response_frame(survey_round, instrument)
    margins = None
    if rake:
        cells = raking_margins(survey_round, frame, tree_snapshot(survey_round), instrument)
        frame = frame.with_columns(
            pl.col("unit")
            .replace_strict(cells.unit_cell, default=pl.col("unit"))
            .alias("rake_unit")
        )
        margins = cells.margins
    source = {"format": "database", "round": survey_round.name, "rows": frame.height}
    return frame, source, margins


def _with_raking_cells(
    previous: pl.DataFrame, frame: pl.DataFrame, margins: dict[str, Any]
) -> pl.DataFrame:
    """Put the other round's respondents in this round's raking cells.

    The comparison is weighted to this round's population; a unit that has no
    cell of its own goes to the largest cell.
    """
    cell = dict(zip(frame["unit"].to_list(), frame["rake_unit"].to_list(), strict=True))
    cells = margins["rake_unit"]
    largest = max(cells, key=lambda c: (cells[c], c))
    mapped = [cell.get(unit, unit) for unit in previous["unit"].to_list()]
    return previous.with_columns(
        pl.Series("rake_unit", [c if c in cells else largest for c in mapped], dtype=pl.Utf8)
    )


def _load(
    path: str, codebook: Any, sheet: str | None, report: Any
) -> tuple[pl.DataFrame, dict[str, Any]]:
    from hjemmekontor.analysis.io import read_survey

    report(f"Leser {path}")
    data = read_survey(path, sheet=sheet)
    for note in data.notes:
        print(f"Merk: {note}", file=sys.stderr)
    frame = data.frame
    if codebook is not None:
        report(f"Oversetter med kodeboka {codebook.path}")
        frame = codebook.apply(frame)
    return frame, data.metadata()


def _read_units(path: str) -> dict[str, str | None]:
    """Unit → parent from a CSV (``unit_code,parent_code`` as ``hjemmekontor synth``
    writes it, or ``unit,parent``); an empty parent is a top unit."""
    from hjemmekontor.analysis.io import InputError, read_survey

    data = read_survey(path)
    frame = data.frame
    for unit, parent in (("unit_code", "parent_code"), ("unit", "parent")):
        if unit in frame.columns and parent in frame.columns:
            pairs = frame.select(pl.col(unit).cast(pl.String), pl.col(parent).cast(pl.String))
            return {u: p or None for u, p in pairs.iter_rows() if u}
    raise InputError(
        "enhetsfila må ha kolonnene unit_code og parent_code (eller unit og parent).",
        path=data.path,
        line=1,
    )


def _breakdown(text: str) -> list[str]:
    """``a*b`` is the cross of columns a and b; a plain name one column."""
    columns = [c.strip() for c in text.split("*")]
    if not all(columns):
        raise _UsageError(f"--by «{text}»: skriv KOLONNE eller KOLONNE*KOLONNE.")
    return columns


def _check_columns(frame: pl.DataFrame, path: str, args: argparse.Namespace) -> None:
    from hjemmekontor.analysis.api import parse_estimate
    from hjemmekontor.analysis.io import InputError

    wanted = [("--by", c) for breakdown in args.by for c in _breakdown(breakdown)]
    if args.weight:
        wanted.append(("--weight", args.weight))
    if args.cluster:
        wanted.append(("--cluster", args.cluster))
    for spec in args.estimate:
        wanted.append(("--estimate", parse_estimate(spec).variable))
    for option, name in wanted:
        if name not in frame.columns:
            shown = ", ".join(frame.columns[:12]) + (" …" if frame.width > 12 else "")
            raise InputError(
                f"{option}: kolonnen finnes ikke. Kolonnene er: {shown}",
                path=path,
                column=name,
            )
    for spec in args.estimate:
        estimate = parse_estimate(spec)
        if estimate.statistic in ("mean", "total"):
            column = frame[estimate.variable]
            if not column.dtype.is_numeric():
                numbers = column.cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)
                bad = column.filter(numbers.is_null() & column.is_not_null())
                if bad.len():
                    line = int((numbers.is_null() & column.is_not_null()).arg_true()[0]) + 2
                    raise InputError(
                        f"{estimate.statistic} krever tall, men kolonnen har tekst.",
                        path=path,
                        column=estimate.variable,
                        value=bad[0],
                        line=line if args.codebook is None else None,
                    )


def _format(value: float | None, statistic: str) -> str:
    if value is None:
        return ""
    if statistic == "share":
        return f"{100 * value:.1f} %"
    return f"{value:.4g}" if abs(value) < 1e5 else f"{value:,.0f}".replace(",", " ")


def terminal_table(estimates: pl.DataFrame, k: int) -> str:
    """The estimate rows as an aligned plain-text table (suppressed rows say why)."""
    if estimates.is_empty():
        return "(ingen estimater)"
    header = ["statistikk", "variabel", "gruppe", "estimat", "95 % KI", "n"]
    rows = []
    for row in estimates.iter_rows(named=True):
        statistic = str(row.get("statistic") or "")
        variable = str(row.get("variable") or "")
        if row.get("category"):
            variable += f"={row['category']}"
        by = {key: value for key, value in (row.get("by") or {}).items() if value is not None}
        group = ", ".join(f"{key}={value}" for key, value in by.items()) if by else "alle"
        if row.get("suppressed"):
            reason = HIDDEN_BECAUSE.get(str(row.get("reason")), SUPPRESSED)
            estimate, interval = reason.format(k=k), ""
        else:
            estimate = _format(row.get("estimate"), statistic)
            low, high = row.get("ci_low"), row.get("ci_high")
            interval = (
                f"{_format(low, statistic)} – {_format(high, statistic)}"
                if low is not None and high is not None
                else ""
            )
        rows.append([statistic, variable, group, estimate, interval, str(row.get("n", ""))])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = {3, 5}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def _run(args: argparse.Namespace) -> int:
    from hjemmekontor.analysis.api import analyze
    from hjemmekontor.analysis.codebook import load_codebook
    from hjemmekontor.analysis.margins import collapse_empty, read_margins

    if args.out and Path(args.out).suffix.lower() not in OUT_SUFFIXES:
        raise _UsageError(f"--out må slutte på {', '.join(OUT_SUFFIXES)}, ikke «{args.out}».")
    if args.k < 3:
        raise _UsageError(f"--k {args.k} er for lavt: anonymitetsgrensen kan aldri være under 3.")
    report = _progress(args.quiet)
    codebook = load_codebook(args.codebook, instrument=args.instrument) if args.codebook else None
    instrument = args.instrument or (codebook.instrument if codebook else "employee")
    margins = None
    if args.data.startswith(ROUND_PREFIX):
        if codebook is not None:
            raise _UsageError("--codebook gjelder filer; en runde i databasen har egne variabler.")
        frame, source, margins = _load_round(args.data, instrument, args.rake == "round", report)
    else:
        if args.rake == "round":
            raise _UsageError("--rake round gjelder bare DATA på formen round:ID.")
        frame, source = _load(args.data, codebook, args.sheet, report)
    _check_columns(frame, args.data, args)
    weight = args.weight
    if weight is None and codebook is not None and codebook.weight is not None:
        weight = "weight"
    own = args.compare_margins
    if own and not args.compare_to:
        raise _UsageError("--compare-margins gjelder runden i --compare-to; den mangler.")
    if own and not args.rake:
        raise _UsageError(
            "--compare-margins krever --rake: uten raking har rundene ingen marginer."
        )
    if own == "round" and not args.compare_to.startswith(ROUND_PREFIX):
        raise _UsageError("--compare-margins round gjelder bare --compare-to round:ID.")
    unit_tree = _read_units(args.units) if args.units else None
    collapsed: list[tuple[str, Any]] = []
    if args.rake and args.rake != "round":
        margins = read_margins(args.rake)
        if args.collapse_empty:
            margins, merged = collapse_empty(frame, margins, unit_tree=unit_tree)
            collapsed += [("", c) for c in merged]
    previous = None
    compare_margins = None
    if args.compare_to and args.compare_to.startswith(ROUND_PREFIX):
        previous, _, compare_margins = _load_round(
            args.compare_to, instrument, own == "round", report
        )
        if not own and margins is not None and "rake_unit" in margins:
            previous = _with_raking_cells(previous, frame, margins)
    elif args.compare_to:
        previous, _ = _load(args.compare_to, codebook, args.sheet, report)
        _check_columns(previous, args.compare_to, args)
    if own and own != "round":
        compare_margins = read_margins(own)
        if args.collapse_empty and previous is not None:
            compare_margins, merged = collapse_empty(previous, compare_margins, unit_tree=unit_tree)
            collapsed += [("forrige runde: ", c) for c in merged]
    report("Analyserer")
    result = analyze(
        frame,
        instrument=instrument,
        weights=weight,
        margins=margins,
        population=args.population,
        by=[b[0] if len(b) == 1 else b for b in map(_breakdown, args.by)],
        clusters=args.cluster,
        estimates=list(args.estimate),
        k=args.k,
        compare_to=previous,
        compare_margins=compare_margins,
        progress=report,
        ci=args.ci,
    )
    result.metadata["source"] = source
    if collapsed:
        result.metadata["collapsed_categories"] = [
            {"round": "previous" if prefix else "current", **dataclasses.asdict(c)}
            for prefix, c in collapsed
        ]
        for prefix, c in collapsed:
            print(f"Merknad: {prefix}{c.note()}")
        print()
    if codebook is not None:
        result.metadata["codebook"] = str(codebook.path)
    print(result.summary())
    print()
    print(terminal_table(result.estimates, args.k))
    if args.out:
        out = Path(args.out)
        suffix = out.suffix.lower()
        if suffix == ".json":
            result.to_json(out)
        elif suffix == ".xlsx":
            result.to_xlsx(out)
        else:
            result.to_csv(out)
        report(f"Skrev {out}")
    return 0


def run(args: argparse.Namespace) -> int:
    from hjemmekontor.analysis.errors import AnalysisError

    try:
        return _run(args)
    except _UsageError as exc:
        print(f"hjemmekontor analyze: {exc}", file=sys.stderr)
        return 2
    except AnalysisError as exc:
        print(f"hjemmekontor analyze: {exc}", file=sys.stderr)
        return 1
