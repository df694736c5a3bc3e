"""The per-unit computation of a round's results, kept as the oracle of the tests.

This is ``hjemmekontor.results.compute`` as it was before the units were
computed in one pass (``hjemmekontor.analysis.unitpass``): one ``api.analyze``
per unit on the unit's subtree, and the stored rows sliced by a scan per unit.
It is slow (quadratic in units) and is used only by
``test_unit_pass_equals_the_per_unit_oracle.py`` to check that the product's
one-pass computation stores the same figures and suppresses the same cells.
It stores nothing: :func:`reference_results` returns the objects
``do_compute_results`` would save.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import polars as pl
from django.conf import settings
from django.utils import timezone

from hjemmekontor.analysis import api
from hjemmekontor.organisation.models import UnitTree
from hjemmekontor.results import catalogue
from hjemmekontor.results.compute import _response_rates, previous_round
from hjemmekontor.results.frames import (
    comments_by_unit,
    raking_margins,
    response_frame,
    tree_snapshot,
)
from hjemmekontor.results.models import ORGANISATION, ResultSet, ResultUnit
from hjemmekontor.results.suppression import apply_cross_unit, tree_suppression
from hjemmekontor.surveys.models import Round

__all__ = ["reference_results"]

# Called as units are done: progress(done, total). Jobs show it as "212 av 300 enheter".
Progress = Callable[[int, int], None]

KINDS = ("employee", "manager", "representative")
FILTERS = tuple(catalogue.FILTERS)


def _estimates(kind: str, frame: pl.DataFrame) -> list[api.Estimate]:
    found = []
    for item in catalogue.estimates_for(kind):
        estimate = dataclasses.replace(api.parse_estimate(item.spec), name=item.id)
        if estimate.variable in frame.columns:
            found.append(estimate)
    return found


def _rows_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Stored estimate rows back as the frame ``api.trends`` takes."""
    if not rows:
        return pl.DataFrame(
            schema={
                "statistic": pl.Utf8,
                "variable": pl.Utf8,
                "category": pl.Utf8,
                "breakdown": pl.Utf8,
                "by": pl.Object,
                "estimate": pl.Float64,
                "se": pl.Float64,
                "n": pl.Int64,
                "suppressed": pl.Boolean,
            }
        )
    return pl.DataFrame(
        {
            "statistic": [r["statistic"] for r in rows],
            "variable": [r["variable"] for r in rows],
            "category": [r.get("category") for r in rows],
            "breakdown": [r.get("breakdown") or "" for r in rows],
            "by": pl.Series([dict(r.get("by") or {}) for r in rows], dtype=pl.Object),
            "estimate": [r.get("estimate") for r in rows],
            "se": [r.get("se") for r in rows],
            "n": [int(r.get("n") or 0) for r in rows],
            "suppressed": [bool(r.get("suppressed")) for r in rows],
        },
        schema_overrides={"estimate": pl.Float64, "se": pl.Float64, "category": pl.Utf8},
    )


def _records(frame: pl.DataFrame | None) -> list[dict[str, Any]]:
    result = api.AnalysisResult(estimates=pl.DataFrame(), indicators=pl.DataFrame())
    result.estimates = frame if frame is not None else pl.DataFrame()
    return list(result.to_dict()["estimates"] or [])


def _subtrees(tree: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    children: dict[str | None, list[str]] = {}
    for code, info in tree.items():
        children.setdefault(info["parent"], []).append(code)
    found: dict[str, set[str]] = {}
    for code in tree:
        nodes, stack = set(), [code]
        while stack:
            node = stack.pop()
            nodes.add(node)
            stack.extend(children.get(node, []))
        found[code] = nodes
    return found


def _weighting(
    frame: pl.DataFrame, survey_round: Round, tree: dict[str, dict[str, Any]], kind: str
) -> tuple[pl.DataFrame, dict[str, dict[str, int]] | None, dict[str, Any]]:
    """Raking margins (or None with a note when raking cannot be done)."""
    cells = raking_margins(survey_round, frame, tree, kind)
    frame = frame.with_columns(
        pl.col("unit").replace_strict(cells.unit_cell, default=None).alias("rake_unit")
    )
    info: dict[str, Any] = {"method": "raking", "merged": cells.merged}
    try:
        design = api.rake(api.survey_design(frame), cells.margins)
    except api.AnalysisError as error:
        info = {
            "method": "none",
            "error": str(error),
        }
        return frame, None, info
    frame = frame.with_columns(pl.Series("_weight", design.weights))
    info.update(design.diagnostics.to_dict())
    return frame, cells.margins, info


def _slice_rows(records: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    if code == ORGANISATION:
        return [r for r in records if r.get("breakdown") == ""]
    return [
        r
        for r in records
        if r.get("breakdown") == "unit" and str((r.get("by") or {}).get("unit")) == code
    ]


def _filter_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r.get("breakdown") in FILTERS]


def _compute_kind(
    survey_round: Round,
    kind: str,
    unit_tree: UnitTree,
    tree: dict[str, dict[str, Any]],
    previous: ResultSet | None,
    k: int,
    progress: Progress | None = None,
) -> tuple[ResultSet, list[ResultUnit]] | None:
    frame = response_frame(survey_round, kind, unit_tree)
    if not survey_round.instrument_key(kind):
        return None
    subtrees = _subtrees(tree)
    own_counts = Counter(frame["unit"].to_list()) if frame.height else Counter()
    respondents = {c: sum(own_counts.get(u, 0) for u in subtrees[c]) for c in tree}
    respondents[ORGANISATION] = frame.height
    parents = {code: info["parent"] for code, info in tree.items()}
    result_set = ResultSet(
        round=survey_round,
        kind=kind,
        instrument=survey_round.instrument_key(kind),
        computed_at=timezone.now(),
        respondents=frame.height,
        tree=tree,
    )
    if frame.height == 0:
        result_set.weighting = {"method": "none", "k": k}
        result_set.payload = {}
        return result_set, _empty_slices(result_set, tree, survey_round, kind, k)
    margins: dict[str, dict[str, int]] | None = None
    weighting: dict[str, Any] = {"method": "none"}
    if kind == "employee":
        frame, margins, weighting = _weighting(frame, survey_round, tree, kind)
    weighting["k"] = k
    weighting["k_comments"] = settings.ANONYMITY_K_COMMENTS
    specs = _estimates(kind, frame)
    by = [f for f in FILTERS if f in frame.columns] if kind == "employee" else []
    main = api.analyze(
        frame,
        instrument=kind,
        margins=margins,
        by=by,
        estimates=specs,
        k=k,
        unit_tree=parents,
    )
    records = _records(main.estimates)
    trend_records: list[dict[str, Any]] = []
    if previous is not None and previous.payload.get("estimates"):
        trend_table = api.trends(main.estimates, _rows_frame(previous.payload["estimates"]))
        total = trend_table.filter(pl.col("breakdown") == "")
        main = dataclasses.replace(
            main,
            trends=total,
            findings=api.findings(main.consequences, total, main.indicators),
            metadata={
                **main.metadata,
                "compared": True,
                "previous_round": previous.round.name,
            },
        )
        trend_records = _records(trend_table)
    payload = main.to_dict()
    result_set.payload = payload
    result_set.weighting = weighting
    result_set.previous_round = previous.round if previous is not None else None

    slices: dict[str, dict[str, Any]] = {}
    for code in [ORGANISATION, *tree]:
        slices[code] = {
            "respondents": respondents.get(code, 0),
            "estimates": _slice_rows(records, code),
        }
    if kind == "employee":
        _employee_slices(
            survey_round, frame, main, payload, records, trend_records, slices, tree, k, progress
        )
        result_set.heatmap = _heatmap(slices, tree)
    return result_set, [
        ResultUnit(
            result_set=result_set,
            code=code,
            payload={k: v for k, v in payload_.items() if k != "comments"},
            comments=payload_.get("comments"),
        )
        for code, payload_ in slices.items()
    ]


def _empty_slices(
    result_set: ResultSet, tree: dict[str, dict[str, Any]], survey_round: Round, kind: str, k: int
) -> list[ResultUnit]:
    rates = _response_rates(survey_round, tree, k)[0] if kind == "employee" else {}
    return [
        ResultUnit(
            result_set=result_set,
            code=code,
            payload={"respondents": 0, "estimates": [], "response_rate": rates.get(code, {})},
        )
        for code in [ORGANISATION, *tree]
    ]


def _employee_slices(
    survey_round: Round,
    frame: pl.DataFrame,
    main: api.AnalysisResult,
    payload: dict[str, Any],
    records: list[dict[str, Any]],
    trend_records: list[dict[str, Any]],
    slices: dict[str, dict[str, Any]],
    tree: dict[str, dict[str, Any]],
    k: int,
    progress: Progress | None = None,
) -> None:
    subtrees = _subtrees(tree)
    weights = "_weight" if "_weight" in frame.columns else None
    specs = _estimates("employee", frame)
    by = [f for f in FILTERS if f in frame.columns]
    org = slices[ORGANISATION]
    org["filters"] = _filter_rows(records)
    org["consequences"] = payload.get("consequences")
    org["findings"] = payload.get("findings") or []
    org["trends"] = [r for r in trend_records if r.get("breakdown") == ""]
    # Per-unit analyses: the unit's subtree, with the organisation's weights.
    for position, code in enumerate(tree, start=1):
        if progress is not None:
            progress(position - 1, len(tree))
        slices[code]["filters"] = []
        slices[code]["consequences"] = None
        slices[code]["findings"] = []
        unit_trends = [
            {**r, "breakdown": ""}
            for r in trend_records
            if r.get("breakdown") == "unit" and str((r.get("by") or {}).get("unit")) == code
        ]
        slices[code]["trends"] = unit_trends
        if slices[code]["respondents"] < k:
            continue
        sub = frame.filter(pl.col("unit").is_in(list(subtrees[code])))
        try:
            # Small units can make a model's iterations overflow on the way to a
            # (correctly reported) non-significant or suppressed effect; quiet them.
            with np.errstate(all="ignore"):
                result = api.analyze(
                    sub, instrument="employee", weights=weights, by=by, estimates=specs, k=k
                )
        except (api.AnalysisError, ValueError, np.linalg.LinAlgError):
            # A unit whose data a model cannot be fitted to shows its organisation-
            # level figures only (no unit breakdowns); nothing wrong is shown.
            continue
        unit_records = _records(result.estimates)
        slices[code]["filters"] = _filter_rows(unit_records)
        data = result.to_dict()
        slices[code]["consequences"] = data.get("consequences")
        trend_frame = _trend_frame(unit_trends) if unit_trends else None
        found = api.findings(result.consequences, trend_frame, result.indicators)
        slices[code]["findings"] = [f.to_dict() for f in found]
    if progress is not None:
        progress(len(tree), len(tree))
    # The response rates are not the analysis this oracle re-does: the
    # product's own, decided across units with the filter groups as it does.
    rates, answered = _response_rates(survey_round, tree, k)
    for code in [ORGANISATION, *tree]:
        slices[code]["response_rate"] = rates[code]
    apply_cross_unit(slices, tree, k, answered)
    for code, reason in _comment_visibility(slices, tree).items():
        slices[code]["comments_reason"] = reason
    comments = comments_by_unit(survey_round)
    unit_pk = {code: info["pk"] for code, info in tree.items()}
    all_texts = [t for texts in comments.values() for t in texts]
    for code in [ORGANISATION, *tree]:
        if slices[code].get("comments_reason") is None:
            if code == ORGANISATION:
                slices[code]["comments"] = all_texts
            else:
                slices[code]["comments"] = [
                    t for u in subtrees[code] for t in comments.get(unit_pk[u], [])
                ]
        else:
            slices[code]["comments"] = None


def _trend_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "variable": r["variable"],
                "breakdown": "",
                "previous": r.get("previous"),
                "current": r.get("current"),
                "change": r.get("change"),
                "ci_low": r.get("ci_low"),
                "ci_high": r.get("ci_high"),
                "p_value": r.get("p_value"),
            }
            for r in rows
        ],
        schema={
            "variable": pl.Utf8,
            "breakdown": pl.Utf8,
            "previous": pl.Float64,
            "current": pl.Float64,
            "change": pl.Float64,
            "ci_low": pl.Float64,
            "ci_high": pl.Float64,
            "p_value": pl.Float64,
        },
    )


def _comment_visibility(
    slices: dict[str, dict[str, Any]], tree: dict[str, dict[str, Any]]
) -> dict[str, str | None]:
    counts = {code: int(s["respondents"]) for code, s in slices.items()}
    return tree_suppression(counts, tree, settings.ANONYMITY_K_COMMENTS)


def _heatmap(slices: dict[str, dict[str, Any]], tree: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ids = {i.id for i in catalogue.HEATMAP_INDICATORS}

    def cells(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
        return {
            r["variable"]: {
                key: r.get(key)
                for key in (
                    "statistic",
                    "estimate",
                    "ci_low",
                    "ci_high",
                    "n",
                    "suppressed",
                    "reason",
                )
            }
            for r in rows
            if r["variable"] in ids
        }

    return {
        "organisation": cells(slices[ORGANISATION]["estimates"]),
        "units": {code: cells(slices[code]["estimates"]) for code in tree},
        "respondents": {code: slices[code]["respondents"] for code in tree},
    }


def reference_results(survey_round: Round) -> dict[str, tuple[ResultSet, list[ResultUnit]]]:
    """What the per-unit path would store for a closed round, per questionnaire.

    The previous round's results must already be stored (they are read for the
    trends, as ``do_compute_results`` does).
    """
    before = previous_round(survey_round)
    k = int(settings.ANONYMITY_K)
    unit_tree = UnitTree()
    tree = tree_snapshot(survey_round, unit_tree)
    computed = {}
    for kind in KINDS:
        previous = (
            ResultSet.objects.filter(round=before, kind=kind).first()
            if before is not None
            else None
        )
        done = _compute_kind(survey_round, kind, unit_tree, tree, previous, k)
        if done is not None:
            computed[kind] = done
    return computed
