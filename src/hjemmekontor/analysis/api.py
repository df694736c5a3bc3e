"""Public facade of the analysis library.

Everything a caller (the ``hjemmekontor analyze`` command, the web
dashboards, a researcher's notebook) needs is importable from here::

    from hjemmekontor.analysis import api
    result = api.analyze(frame, margins={"gender": {...}, ...}, by=["unit"])
    result.to_json("results.json")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

# Input, codebooks, margins and anonymity (the data side of the library).
from hjemmekontor.analysis.anonymity import (
    AnonymityError,
    Violation,
    cells_from_respondents,
    check_published,
    decide_checked_table,
    regrouping_edges,
    suppress_table,
    validate_k,
)
from hjemmekontor.analysis.codebook import Codebook, CodebookError, load_codebook
from hjemmekontor.analysis.consequences import Consequences, consequences
from hjemmekontor.analysis.design import SurveyDesign, WeightDiagnostics, survey_design
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.analysis.estimates import (
    Estimate,
    estimate_by,
    estimate_units,
    parse_estimate,
)
from hjemmekontor.analysis.exportfile import read_response_export
from hjemmekontor.analysis.findings import Finding, findings
from hjemmekontor.analysis.indicators import (
    add_derived,
    indicator_estimates,
    indicator_table_of,
)
from hjemmekontor.analysis.io import InputError, SurveyData, read_survey
from hjemmekontor.analysis.margins import read_margins
from hjemmekontor.analysis.raking import Margins, rake, trim_weights
from hjemmekontor.analysis.results import SCHEMA, AnalysisResult, clean_record, json_schema
from hjemmekontor.analysis.scores import SCALES, add_scores
from hjemmekontor.analysis.trends import trends
from hjemmekontor.analysis.unitpass import UnitAnalysis, unit_analyses

__all__ = [
    "INSTRUMENTS",
    "SCHEMA",
    "AnalysisError",
    "AnalysisResult",
    "AnonymityError",
    "Codebook",
    "CodebookError",
    "Consequences",
    "Estimate",
    "Finding",
    "InputError",
    "SurveyData",
    "SurveyDesign",
    "UnitAnalysis",
    "Violation",
    "WeightDiagnostics",
    "add_derived",
    "add_scores",
    "analyze",
    "cells_from_respondents",
    "check_published",
    "clean_record",
    "consequences",
    "decide_checked_table",
    "estimate_by",
    "estimate_units",
    "findings",
    "json_schema",
    "load_codebook",
    "parse_estimate",
    "rake",
    "read_margins",
    "read_response_export",
    "read_survey",
    "regrouping_edges",
    "suppress_table",
    "survey_design",
    "trends",
    "trim_weights",
    "unit_analyses",
]

INSTRUMENTS = ("employee", "manager", "representative")
OSLO = ZoneInfo("Europe/Oslo")


def _design(
    data: pl.DataFrame,
    *,
    weights: str | None,
    margins: Margins | None,
    population: float | None,
    clusters: str | None,
    rake_options: Mapping[str, Any] | None,
) -> SurveyDesign:
    # With both, raking starts from the given weights (as R rake() does).
    design = survey_design(data, weights=weights, clusters=clusters, population=population)
    if margins:
        design = rake(design, margins, **dict(rake_options or {}))
    return design


def _refuse_score_collisions(data: pl.DataFrame) -> None:
    """A column named like a score that is not the score of its items is refused.

    A score column without its items is taken as scored elsewhere, and one that
    equals what its items give (data scored by :func:`add_scores` already) is
    the score; any other column of that name would silently stand in for the
    score the items give.
    """
    for scale in SCALES:
        if scale.id not in data.columns or not all(i in data.columns for i in scale.items):
            continue
        given = data.get_column(scale.id)
        computed = add_scores(data.select(scale.items), (scale,)).get_column(scale.id)
        same = given.is_null() == computed.is_null()
        if given.dtype.is_numeric():
            close = (given.cast(pl.Float64) - computed).abs().fill_null(0.0) <= 1e-9
            if bool((same & close).all()):
                continue
        raise AnalysisError(
            f"Kolonnen «{scale.id}» har samme navn som skåren som regnes ut av "
            f"{', '.join(scale.items)}, men andre verdier. Gi kolonnen et annet navn (for "
            "eksempel i kodeboka), eller ta bort delspørsmålene om kolonnen er skåren "
            "regnet ut på forhånd."
        )


def analyze(
    data: pl.DataFrame,
    *,
    instrument: str = "employee",
    weights: str | None = None,
    margins: Margins | None = None,
    population: float | None = None,
    by: Sequence[str | Sequence[str]] = (),
    estimates: Sequence[Estimate | str] = (),
    k: int = 5,
    compare_to: pl.DataFrame | None = None,
    compare_margins: Margins | None = None,
    unit_column: str = "unit",
    unit_tree: Mapping[str, str | Sequence[str] | None] | None = None,
    clusters: str | None = None,
    rake_options: Mapping[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
    ci: str = "logit",
) -> AnalysisResult:
    """Run the whole analysis of one survey round.

    Parameters
    ----------
    data : polars.DataFrame
        One row per response, columns named as in
        ``docs/dev/instrument-variables.md`` (after a codebook, if any).
    instrument : {"employee", "manager", "representative"}
        Which questionnaire the data come from.
    weights : str, optional
        A weight column (the starting weights when ``margins`` are given).
    margins : mapping, optional
        Population margins ``{variable: {category: count}}`` to rake to.
    population : float, optional
        Population size for the finite population correction.
    by : sequence
        Breakdowns (a column, or a sequence of columns for a cross).
    estimates : sequence of Estimate or str
        Ad-hoc estimates (``mean:VAR``, ``total:VAR``, ``share:VAR=V1,V2``)
        besides the indicators and scores.
    k : int, default 5
        Anonymity threshold (at least 3).
    compare_to : polars.DataFrame, optional
        Another round's data, analysed the same way, for trends.
    compare_margins : mapping, optional
        The other round's own population margins: it is raked to them
        instead of to ``margins`` (when the population changed between the
        rounds, each round stands for its own).
    unit_column : str, default "unit"
        Column with each respondent's unit.
    unit_tree : mapping, optional
        Unit → parent; when given, every unit (its whole subtree) gets
        estimates.
    clusters : str, optional
        Column with the PSU of a one-stage cluster sample.
    rake_options : mapping, optional
        ``epsilon``, ``max_iterations``, ``tolerance``, ``trim`` for
        :func:`~hjemmekontor.analysis.raking.rake`.
    progress : callable, optional
        Called with a short bokmål description before each step.
    ci : {"logit", "kg", "wald"}, default "logit"
        The interval of a share (:mod:`hjemmekontor.analysis.intervals`).

    Returns
    -------
    AnalysisResult

    Raises
    ------
    AnalysisError
        Bad input: unknown column, non-numeric values in a mean, inconsistent
        margins, an unknown instrument, k below 3.
    """
    k = validate_k(k)
    if instrument not in INSTRUMENTS:
        raise AnalysisError(f"Ukjent instrument «{instrument}»; bruk {', '.join(INSTRUMENTS)}.")

    def step(text: str) -> None:
        if progress is not None:
            progress(text)

    step("Skårer og avledede variabler")
    _refuse_score_collisions(data)
    data = add_derived(add_scores(data))
    for breakdown in by:
        for column in [breakdown] if isinstance(breakdown, str) else breakdown:
            if column not in data.columns:
                raise AnalysisError(f"Ukjent kolonne «{column}» i --by.")
    step("Vekter")
    design = _design(
        data,
        weights=weights,
        margins=margins,
        population=population,
        clusters=clusters,
        rake_options=rake_options,
    )
    specs = [e if isinstance(e, Estimate) else parse_estimate(e) for e in estimates]
    indicators = indicator_estimates(data)
    specs += [estimate for _, estimate in indicators]
    specs += [Estimate("mean", s.id) for s in SCALES if s.id in data.columns]
    # The same estimate asked for twice (or a score asked for by name) is one row.
    specs = list(dict.fromkeys(specs))
    step("Estimater")
    estimates_frame = estimate_by(
        design, specs, by, k=k, unit_column=unit_column, unit_tree=unit_tree, ci=ci
    )
    total = estimates_frame.filter(pl.col("breakdown") == "")
    indicator_table = indicator_table_of(total, instrument)
    block = None
    if instrument == "employee" and "ho_group" in data.columns:
        step("Konsekvenser etter hjemmekontorfrekvens")
        block = consequences(design, k=k)
    trend_table = None
    if compare_to is not None:
        step("Endring fra forrige runde")
        previous = analyze(
            compare_to,
            instrument=instrument,
            weights=weights if weights in compare_to.columns else None,
            margins=compare_margins if compare_margins is not None else margins,
            population=population,
            by=by,
            estimates=estimates,
            k=k,
            unit_column=unit_column,
            unit_tree=None,
            clusters=clusters,
            rake_options=rake_options,
            ci=ci,
        )
        # Units are left out: the compared round has its own unit tree.
        current_rows = estimates_frame
        if unit_tree is not None:
            current_rows = current_rows.filter(pl.col("breakdown") != unit_column)
        trend_table = trends(current_rows, previous.estimates)
    step("Funn")
    found = findings(block, trend_table, indicator_table)
    weighted = weights is not None or bool(margins)
    metadata = {
        "instrument": instrument,
        "respondents": data.height,
        "k": k,
        "weighting": "raking" if margins else ("weights" if weights else "none"),
        "weight_column": weights,
        "raking_variables": list(margins) if margins else [],
        "population": population,
        "clusters": clusters,
        "by": ["×".join([b] if isinstance(b, str) else list(b)) for b in by],
        "unit_column": unit_column if unit_tree is not None else None,
        "compared": compare_to is not None,
        "compared_margins": (
            None if compare_to is None else ("own" if compare_margins is not None else "same")
        ),
        "created": datetime.now(OSLO).isoformat(timespec="seconds"),
        "confidence_level": 0.95,
        "share_interval": ci,
        "variance": "Taylor linearisation, calibration-aware (R survey, Lumley 2010)",
    }
    return AnalysisResult(
        estimates=estimates_frame,
        indicators=indicator_table,
        consequences=block,
        trends=trend_table,
        findings=found,
        weighting=design.diagnostics if weighted else None,
        metadata=metadata,
    )
