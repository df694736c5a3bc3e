"""Lag en rapport (PDF, HTML, XLSX eller CSV) for en enhet eller hele organisasjonen.

hjemmekontor report --round RUNDE [--unit ENHET] [--lang nb|nn|en]
    [--format pdf|html|xlsx|csv] --out FIL

RUNDE er rundens id eller navn; ENHET er enhetens kode, sti (Konsern/IT/Drift)
eller id. Uten --unit gjelder rapporten hele organisasjonen. Formatet tas fra
filendelsen når --format mangler. Rapporten viser bare tall som resultatsidene
også viser: ingen grupper under anonymitetsgrensen.

Exit codes: 0 written, 1 unknown round or unit, round not closed, or the file
could not be written (the reason on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from hjemmekontor.analysis.language import LANGUAGES

FORMATS = ("pdf", "html", "xlsx", "csv")


class ReportCommandError(Exception):
    """A problem the user can fix (exit code 1)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--round", required=True, metavar="RUNDE", help="rundens id eller navn")
    parser.add_argument(
        "--unit",
        metavar="ENHET",
        help="enhetens kode, sti eller id (standard: hele organisasjonen)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="nb", help="språk (standard nb)")
    parser.add_argument(
        "--format", choices=FORMATS, help="filformat (standard: fra filendelsen til --out)"
    )
    parser.add_argument("--out", required=True, metavar="FIL", help="fila rapporten skrives til")


def output_format(out: str, given: str | None) -> str:
    """The format asked for, or the one the file name ends with."""
    if given:
        return given
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix in ("htm",):
        return "html"
    if suffix not in FORMATS:
        raise ReportCommandError(
            f"--out {out}: ukjent filendelse «.{suffix}». Bruk .pdf, .html, .xlsx eller .csv, "
            "eller velg med --format."
        )
    return suffix


def find_round(value: str) -> Any:
    """The round with this id or name (exact, then case-insensitive)."""
    from hjemmekontor.surveys.models import Round

    found = None
    if value.isdigit():
        found = Round.objects.filter(pk=int(value)).first()
    if found is None:
        matches = list(Round.objects.filter(name=value)) or list(
            Round.objects.filter(name__iexact=value)
        )
        if len(matches) > 1:
            ids = ", ".join(str(r.pk) for r in matches)
            raise ReportCommandError(
                f"--round «{value}»: flere runder har dette navnet (id {ids}); bruk id."
            )
        found = matches[0] if matches else None
    if found is None:
        known = "; ".join(f"{r.pk}: {r.name}" for r in Round.objects.all()[:20]) or "ingen"
        raise ReportCommandError(f"--round «{value}»: fant ingen slik runde. Rundene er: {known}.")
    return found


def find_unit(value: str) -> Any:
    """The unit with this code, path (names joined by /) or id."""
    from hjemmekontor.organisation.models import Unit, UnitTree

    unit = Unit.objects.filter(code=value).first()
    if unit is None and value.isdigit():
        unit = Unit.objects.filter(pk=int(value)).first()
    if unit is None:
        tree = UnitTree()
        wanted = value.strip("/").casefold()
        matches = [u for pk, u in tree.units.items() if tree.path(pk).casefold() == wanted]
        unit = matches[0] if len(matches) == 1 else None
    if unit is None:
        raise ReportCommandError(
            f"--unit «{value}»: fant ingen enhet med denne koden, stien eller id-en."
        )
    return unit


def _check_writable(out: Path) -> None:
    """Fail before any work when the file cannot be written (and leave nothing behind)."""
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise ReportCommandError(f"--out {out}: er en mappe, ikke en fil.")
    if not folder.is_dir():
        raise ReportCommandError(f"--out {out}: mappen {folder} finnes ikke.")
    existed = out.exists()
    try:
        with out.open("ab"):
            pass
    except OSError as error:
        raise ReportCommandError(
            f"--out {out}: kan ikke skrive fila ({error.strerror or error})."
        ) from error
    if not existed:
        out.unlink()


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmekontor.settings")
    import django

    django.setup()


def _ensure_results(survey_round: object) -> None:
    """Compute a closed round's missing results here, with a progress bar."""
    from hjemmekontor.jobs.inline import run_inline
    from hjemmekontor.jobs.terminal import ProgressBar
    from hjemmekontor.results.models import ResultSet
    from hjemmekontor.surveys.models import Round

    assert isinstance(survey_round, Round)
    if survey_round.status() != "closed":
        return  # render_report says why there is no report
    if ResultSet.objects.filter(round=survey_round, kind="employee").exists():
        return
    bar = ProgressBar("Beregner resultatene", "enheter")
    job = run_inline("compute_results", survey_round=survey_round, observer=bar)
    bar.close()
    if job.status != "done":
        raise ReportCommandError(f"resultatene kunne ikke beregnes: {job.error}")


def run(args: argparse.Namespace) -> int:
    try:
        out = Path(args.out)
        _check_writable(out)
        fmt = output_format(args.out, args.format)
        _setup_django()
        from hjemmekontor.reports.service import ReportUnavailable, render_report

        survey_round = find_round(args.round)
        unit = find_unit(args.unit) if args.unit else None
        started = time.monotonic()
        _ensure_results(survey_round)
        try:
            content = render_report(survey_round, unit, fmt=fmt, lang=args.lang)
        except ReportUnavailable as error:
            raise ReportCommandError(f"--round «{args.round}»: {error}") from error
        try:
            out.write_bytes(content)
        except OSError as error:
            raise ReportCommandError(
                f"--out {out}: kan ikke skrive fila ({error.strerror or error})."
            ) from error
    except ReportCommandError as error:
        print(f"Feil: {error}", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    size = f"{len(content):,}".replace(",", " ")
    print(f"Skrev {out} ({fmt.upper()}, {size} byte, {seconds:.1f} s).")
    return 0
