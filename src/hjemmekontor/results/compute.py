"""Compute a closed round's results once, with the analysis library, and store them.

`do_compute_results(round)` runs, per questionnaire:

It runs in the background worker (``hjemmekontor.jobs``, job ``compute_results``),
never in a web request; pages that find no results show the job's progress
(``hjemmekontor.results.pending``).

1. the organisation-level analysis (``api.analyze``) of all responses, raked to
   the round's invitation snapshot (unit, gender, age group; see
   :func:`hjemmekontor.results.frames.raking_margins`), with every unit of the
   round's unit tree (a unit = its subtree) and the filter breakdowns (gender,
   age group, manager) — stored whole as ``ResultSet.payload``;
2. the change since the previous closed round (``api.trends`` on the two stored
   results) and the findings (``api.findings``);
3. for employees, every unit with at least k respondents analysed on its own
   (its subtree, with the organisation's raked weights) for the unit's
   consequences block, filter breakdowns and findings — all units in one pass
   over the unit tree (``hjemmekontor.analysis.unitpass``);
4. complementary suppression **across** units for those per-unit tables
   (``api.suppress_table`` with edges unit → parent unit and filter group → unit),
   checked with ``api.check_published``; the same for the comments (threshold
   ``ANONYMITY_K_COMMENTS``) and the response counts;
5. one ``ResultUnit`` row per unit with what its page needs.

Step 1 runs in the worker's helper process while this process does step 3,
and the helper decides half of step 4's tables (``hjemmekontor.results.helper``);
without a helper all of it runs here, with the same numbers.

Nothing here estimates anything itself; every number comes from the library.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hjemmekontor.analysis import api
from hjemmekontor.organisation.models import UnitTree
from hjemmekontor.results import catalogue, helper
from hjemmekontor.results.errors import NoResults
from hjemmekontor.results.frames import (
    UNKNOWN,
    comments_by_unit,
    raking_margins,
    response_frame,
    tree_snapshot,
)
from hjemmekontor.results.models import ORGANISATION, ResultSet, ResultUnit
from hjemmekontor.results.suppression import apply_cross_unit, tree_suppression
from hjemmekontor.surveys.models import Invitation, Round

logger = logging.getLogger(__name__)

__all__ = ["NoResults", "Progress", "do_compute_results", "previous_round"]

# Called as units are done: progress(done, total). Jobs show it as "212 av 300 enheter".
Progress = Callable[[int, int], None]

KINDS = ("employee", "manager", "representative")
FILTERS = tuple(catalogue.FILTERS)


@contextmanager
def _without_collector() -> Iterator[None]:
    """Run a block with Python's cyclic garbage collector off.

    Computing a round makes hundreds of thousands of small dicts, lists and
    tuples without cycles (result rows, the tables' indexes); with the
    collector on, a round spent about a fifth of its time in full collections
    of everything it holds (measured at 10,000 employees). Reference counting
    still frees everything; the collector runs again after the block.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def previous_round(survey_round: Round) -> Round | None:
    """The latest round that closed before this one opened."""
    earlier = [
        r
        for r in Round.objects.filter(opens_at__lt=survey_round.opens_at).exclude(
            pk=survey_round.pk
        )
        if r.status() == "closed" and r.effective_close <= survey_round.opens_at
    ]
    return max(earlier, key=lambda r: r.effective_close, default=None)


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


def _rows_by_unit(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The organisation's rows (code "") and each unit's rows, in one pass.

    Grouped once rather than scanned once per unit: with thousands of units a
    scan per unit is the largest cost of the whole computation.
    """
    found: dict[str, list[dict[str, Any]]] = {ORGANISATION: []}
    for row in records:
        breakdown = row.get("breakdown")
        if breakdown == "":
            found[ORGANISATION].append(row)
        elif breakdown == "unit":
            found.setdefault(str((row.get("by") or {}).get("unit")), []).append(row)
    return found


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
    if frame.height >= settings.COMPUTE_HELPER_FROM:
        # Usually running since the worker's start; if not, ready for the next step.
        helper.start()
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
    # The organisation-level analysis runs in the helper process (if there is
    # one) while this process does the units' own analyses.
    # (The other questionnaires' analyses are small: handing them over costs more.)
    organisation = (helper.offload if kind == "employee" else helper.here)(
        api.analyze,
        frame,
        instrument=kind,
        margins=margins,
        by=by,
        estimates=specs,
        k=k,
        unit_tree=parents,
    )
    analyses = _unit_pass(frame, tree, respondents, k, progress) if kind == "employee" else {}
    main = organisation.result()
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
    # The estimates are converted once (above); the copies keep the stored
    # whole apart from the rows the suppression across units hides in slices.
    payload = dataclasses.replace(main, estimates=pl.DataFrame()).to_dict()
    payload["estimates"] = [dict(row) for row in records]
    result_set.payload = payload
    result_set.weighting = weighting
    result_set.previous_round = previous.round if previous is not None else None

    slices: dict[str, dict[str, Any]] = {}
    by_unit = _rows_by_unit(records)
    for code in [ORGANISATION, *tree]:
        slices[code] = {
            "respondents": respondents.get(code, 0),
            "estimates": by_unit.get(code, []),
        }
    if kind == "employee":
        _employee_slices(survey_round, analyses, payload, records, trend_records, slices, tree, k)
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


def _response_rates(
    survey_round: Round, tree: dict[str, dict[str, Any]], k: int
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, int]]]:
    """Invited, answered and the rate per unit (its subtree), and per filter
    group of each unit (``groups``: ``{"gender=female": {...}}``), from the
    invitations' snapshot. The units' answered counts are decided over the
    unit tree here; the groups' are decided with the other filter groups
    across units (:func:`~hjemmekontor.results.suppression.apply_cross_unit`),
    which hides the ``answered`` and ``rate`` of a group it must hide.

    Returns the rates and, for that suppression, every unit's answered counts
    (``""`` the unit's own, then each group's), hidden ones included."""
    subtrees = _subtrees(tree)
    invited: Counter[tuple[str, str]] = Counter()
    answered: Counter[tuple[str, str]] = Counter()
    for code, done, gender, age_group, is_manager in Invitation.objects.filter(
        round=survey_round, kind="employee"
    ).values_list("unit__code", "answered", "gender", "age_group", "is_manager"):
        # As the response frame names them; a blank snapshot is its own group.
        groups = {
            "gender": gender or UNKNOWN,
            "age_group": age_group or UNKNOWN,
            "is_manager": "true" if is_manager else "false",
        }
        for key in ["", *(f"{name}={value}" for name, value in groups.items())]:
            invited[(code, key)] += 1
            answered[(code, key)] += int(done)
    keys = sorted({key for _code, key in invited if key})

    def summed(counts: Counter[tuple[str, str]], code: str, key: str) -> int:
        units = subtrees[code] if code != ORGANISATION else tree
        return sum(counts[(u, key)] for u in units)

    codes = [ORGANISATION, *tree]
    counts = {code: {key: summed(answered, code, key) for key in ["", *keys]} for code in codes}
    people = {code: {key: summed(invited, code, key) for key in ["", *keys]} for code in codes}
    reasons = tree_suppression({c: n[""] for c, n in counts.items()}, tree, k)
    rates = {}
    for code in codes:
        rates[code] = _rate(people[code][""], counts[code][""], reasons.get(code))
        rates[code]["groups"] = {
            key: _rate(people[code][key], counts[code][key], None)
            for key in keys
            if people[code][key]
        }
    return rates, counts


def _rate(invited: int, answered: int, reason: str | None) -> dict[str, Any]:
    shown = reason is None and invited > 0
    return {
        "invited": invited,
        "answered": answered if shown else None,
        "rate": answered / invited if shown else None,
        "suppressed": not shown,
        "reason": None if shown else (reason or "no_respondents"),
    }


def _unit_pass(
    frame: pl.DataFrame,
    tree: dict[str, dict[str, Any]],
    respondents: dict[str, int],
    k: int,
    progress: Progress | None = None,
) -> dict[str, api.UnitAnalysis | None]:
    """Every unit's own analysis (its subtree, with the organisation's weights),
    all units at once; units below k have none."""
    analysed = [code for code in tree if respondents.get(code, 0) >= k]
    # Units below k have no analysis of their own: they are done at once.
    done = len(tree) - len(analysed)
    if progress is not None:
        progress(done, len(tree))

    def finished(_code: str, _analysis: api.UnitAnalysis | None) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(tree))

    analyses = api.unit_analyses(
        frame,
        {code: info["parent"] for code, info in tree.items()},
        analysed,
        weights="_weight" if "_weight" in frame.columns else None,
        by=[f for f in FILTERS if f in frame.columns],
        estimates=_estimates("employee", frame),
        k=k,
        done=finished,
    )
    if progress is not None and done < len(tree):
        progress(len(tree), len(tree))
    return analyses


def _employee_slices(
    survey_round: Round,
    analyses: dict[str, api.UnitAnalysis | None],
    payload: dict[str, Any],
    records: list[dict[str, Any]],
    trend_records: list[dict[str, Any]],
    slices: dict[str, dict[str, Any]],
    tree: dict[str, dict[str, Any]],
    k: int,
) -> None:
    subtrees = _subtrees(tree)
    org = slices[ORGANISATION]
    org["filters"] = _filter_rows(records)
    org["consequences"] = payload.get("consequences")
    org["findings"] = payload.get("findings") or []
    org["trends"] = [r for r in trend_records if r.get("breakdown") == ""]
    trends_by_unit = {
        code: [{**r, "breakdown": ""} for r in rows]
        for code, rows in _rows_by_unit(trend_records).items()
        if code != ORGANISATION
    }
    for code in tree:
        slices[code]["filters"] = []
        slices[code]["consequences"] = None
        slices[code]["findings"] = []
        slices[code]["trends"] = trends_by_unit.get(code, [])
    for code, analysis in analyses.items():
        if analysis is None:
            # A unit whose data a model cannot be fitted to shows its organisation-
            # level figures only (no unit breakdowns); nothing wrong is shown.
            continue
        # The unit pass makes its rows JSON-clean; only the filter rows are kept.
        slices[code]["filters"] = _filter_rows(analysis.estimates)
        slices[code]["consequences"] = analysis.stored_consequences
        # One call: the multiple-testing adjustment covers everything the page states.
        unit_trends = _trend_frame(slices[code]["trends"]) if slices[code]["trends"] else None
        found = api.findings(analysis.consequences, unit_trends, analysis.indicators)
        slices[code]["findings"] = [f.to_dict() for f in found]
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


def do_compute_results(survey_round: Round, *, progress: Progress | None = None) -> list[ResultSet]:
    """Compute and store the results of a closed round (all questionnaires).

    Replaces results stored earlier for the round. The previous closed round's
    results are computed first if missing (they are needed for the trends).
    `progress(done, total)` is called as the round's units are done (total: the
    units of the round's tree); it ends with done == total.

    Raises
    ------
    NoResults
        The round is not closed.
    """
    if survey_round.status() != "closed":
        raise NoResults("Runden er ikke stengt ennå.")
    before = previous_round(survey_round)
    if before is not None and not ResultSet.objects.filter(round=before, kind="employee").exists():
        do_compute_results(before)
    k = int(settings.ANONYMITY_K)
    unit_tree = UnitTree()
    tree = tree_snapshot(survey_round, unit_tree)
    total = len(tree)
    if progress is not None:
        progress(0, total)
    computed = []
    with _without_collector():
        for kind in KINDS:
            previous = (
                ResultSet.objects.filter(round=before, kind=kind).first()
                if before is not None
                else None
            )
            done = _compute_kind(
                survey_round,
                kind,
                unit_tree,
                tree,
                previous,
                k,
                progress if kind == "employee" else None,
            )
            if done is not None:
                computed.append(done)
    with transaction.atomic(durable=True):
        # Only the keys: the stored results being replaced are not read back.
        ResultSet.objects.filter(round=survey_round).only("pk").delete()
        for result_set, units in computed:
            result_set.save()
            ResultUnit.objects.bulk_create(units, batch_size=200)
    return [result_set for result_set, _ in computed]
