"""What a results page shows: every figure a page, report or export shows,
read from the stored results.

Three modules, three jobs: ``compute`` stores a round's results (their shapes
in ``stored``), this module reads them into the dataclasses of ``pagemodel``,
and ``views`` serves those over HTTP.

Public API (stable; the reports and exports build on it)::

    from hjemmekontor.results.pages import unit_view
    view = unit_view(survey_round, unit, filters={"gender": "female"}, viewer=request.user)
    view.to_dict()           # plain JSON-serialisable data

The views across units (the heat map, the response rates) are in
:mod:`hjemmekontor.results.comparison`.

Nothing here computes a statistic. Every number is read from the stored
analysis result (:class:`hjemmekontor.results.models.ResultSet` /
``ResultUnit``, made by :func:`hjemmekontor.results.compute.do_compute_results`
with the analysis library). Shares are proportions (0–1), as in the analysis
JSON; ``share_time_home`` and scores are on their own scale (percent, 0–100
points), sick days in days. A suppressed figure keeps ``n`` and ``reason``
(``small_n``, ``complement``, ``forced``, ``no_respondents``) and has no
estimate or CI; :func:`reason_text` says why in words.

Access: ``unit_view`` checks nothing when ``viewer`` is None
(command line, reports made by an administrator). With a viewer they raise
:class:`django.core.exceptions.PermissionDenied` for a unit or filter the
viewer may not see (``hjemmekontor.results.access``).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from hjemmekontor.analysis.indicators import INDICATORS, SOURCE_AFI
from hjemmekontor.organisation.models import Unit
from hjemmekontor.results import catalogue
from hjemmekontor.results.access import visible_unit_codes
from hjemmekontor.results.errors import NoResults
from hjemmekontor.results.models import ORGANISATION, ResultSet, ResultUnit
from hjemmekontor.results.pagemodel import (
    Comments,
    Consequence,
    ConsequenceGroup,
    Effect,
    Figure,
    Finding,
    Indicator,
    ItemFigure,
    ResponseRate,
    Section,
    Trend,
    UnitView,
)
from hjemmekontor.results.pending import require_results
from hjemmekontor.results.stored import (
    ConsequencesData,
    EffectRow,
    RateData,
    Row,
    TrendRow,
    UnitSlice,
)
from hjemmekontor.surveys.models import Round

__all__ = [
    "Comments",
    "Consequence",
    "ConsequenceGroup",
    "Effect",
    "Figure",
    "Finding",
    "Indicator",
    "ItemFigure",
    "NoResults",
    "ResponseRate",
    "Section",
    "Trend",
    "UnitView",
    "reason_text",
    "unit_view",
]

COMMENTS_SHOWN = 100

# Why a figure is hidden, as (bokmål, English, nynorsk): reports write them in
# the report's language, which need not be the page's, so they are data here.
REASONS = {
    "small_n": ("færre enn {k} svar", "fewer than {k} responses", "færre enn {k} svar"),
    "complement": (
        "skjult for at en mindre gruppe ikke skal kunne regnes ut",
        "hidden so that a smaller group cannot be worked out",
        "skjult for at ei mindre gruppe ikkje skal kunne reknast ut",
    ),
    "forced": (
        "skjult av personvernhensyn",
        "hidden for privacy",
        "skjult av omsyn til personvernet",
    ),
    "no_respondents": ("ingen svar", "no responses", "ingen svar"),
    "not_estimable": (
        "kan ikke anslås: modellen passer svarene eksakt",
        "cannot be estimated: the model fits the answers exactly",
        "kan ikkje reknast ut: modellen passar eksakt til svara",
    ),
}


def reason_text(reason: str | None, lang: str = "nb", k: int | None = None) -> str:
    """Why a figure is hidden, in words ("færre enn 5 svar")."""
    k = k if k is not None else settings.ANONYMITY_K
    texts = REASONS.get(reason or "small_n", REASONS["small_n"])
    return catalogue.in_language(texts, lang).format(k=k)


def _rows_by_id(rows: list[Row]) -> dict[str, Row]:
    return {str(row["variable"]): row for row in rows}


def _filter_rows(rows: list[Row], filters: dict[str, str]) -> dict[str, Row]:
    ((name, value),) = filters.items()
    return {
        str(row["variable"]): row
        for row in rows
        if row.get("breakdown") == name and str((row.get("by") or {}).get(name)) == value
    }


def _slices(result_set: ResultSet | None, codes: list[str]) -> dict[str, UnitSlice]:
    """Stored slices by unit code; the first code's with its ``comments``."""
    if result_set is None:
        return {}
    found: dict[str, UnitSlice] = {}
    for unit in ResultUnit.objects.filter(result_set=result_set, code__in=codes).defer("comments"):
        found[unit.code] = cast(UnitSlice, unit.payload)
    if codes and codes[0] in found:
        own = ResultUnit.objects.filter(result_set=result_set, code=codes[0])
        found[codes[0]] = {**found[codes[0]], "comments": own.values_list("comments", flat=True)[0]}
    return found


def _section(
    items: tuple[catalogue.Item, ...],
    rows: dict[str, Row],
    org_rows: dict[str, Row] | None,
    scope: str = "unit",
    respondents: int = 0,
) -> Section:
    return Section(
        [
            ItemFigure(
                item.id,
                item.label_nb,
                item.label_en,
                Figure.from_row(rows.get(item.id), item.statistic),
                Figure.from_row(org_rows.get(item.id), item.statistic)
                if org_rows is not None
                else None,
                label_nn=item.label_nn,
            )
            for item in items
        ],
        scope,
        respondents,
    )


def _effect(row: EffectRow | None) -> Effect | None:
    if row is None:
        return None
    return Effect(
        row.get("effect_type"),
        row.get("effect"),
        row.get("ci_low"),
        row.get("ci_high"),
        row.get("p_value"),
        bool(row.get("suppressed")),
    )


def _consequences(block: ConsequencesData | None) -> list[Consequence]:
    from hjemmekontor.analysis.consequences import OUTCOMES

    if not block:
        return []
    groups = block.get("groups") or []
    effects = block.get("effects") or []
    found = []
    for outcome in OUTCOMES:
        rows = {
            str((g.get("by") or {}).get("ho_group")): g
            for g in groups
            if g["variable"] == outcome.id
        }
        if not rows:
            continue
        terms = {e["term"]: e for e in effects if e["variable"] == outcome.id}
        found.append(
            Consequence(
                outcome.id,
                outcome.label_nb,
                outcome.label_en,
                outcome.unit_nb,
                outcome.unit_en,
                outcome.estimate.statistic,
                [
                    ConsequenceGroup(
                        group,
                        *catalogue.HO_GROUP_LABELS[group][:2],
                        Figure.from_row(rows.get(group), outcome.estimate.statistic),
                        _effect(terms.get(group)),
                        label_nn=catalogue.HO_GROUP_LABELS[group][2],
                    )
                    for group in catalogue.HO_GROUPS
                ],
                _effect(terms.get("trend")),
                label_nn=outcome.label_nn,
                unit_nn=outcome.unit_nn,
            )
        )
    return found


def _trends(rows: list[TrendRow]) -> list[Trend]:
    labels: dict[str, tuple[str, str, str]] = {
        i.id: (i.label_nb, i.label_en, i.label_nn) for i in INDICATORS
    }
    for item in catalogue.estimates_for("employee"):
        labels[item.id] = (item.label_nb, item.label_en, item.label_nn)
    from hjemmekontor.analysis.consequences import OUTCOMES

    for outcome in OUTCOMES:
        labels.setdefault(outcome.id, (outcome.label_nb, outcome.label_en, outcome.label_nn))
    found = []
    for row in rows:
        variable = str(row["variable"])
        if variable not in labels:
            continue
        label_nb, label_en, label_nn = labels[variable]
        question_nb, question_en, question_nn = catalogue.QUESTION_OF.get(
            variable, catalogue.OTHER_QUESTION
        )
        found.append(
            Trend(
                variable,
                label_nb,
                label_en,
                str(row["statistic"]),
                row.get("previous"),
                row.get("current"),
                row.get("change"),
                row.get("ci_low"),
                row.get("ci_high"),
                row.get("p_value"),
                int(row.get("n_previous") or 0),
                int(row.get("n_current") or 0),
                question_nb,
                question_en,
                label_nn=label_nn,
                question_nn=question_nn,
            )
        )
    return found


def result_sets(survey_round: Round) -> dict[str, ResultSet]:
    require_results(survey_round)
    return {
        rs.kind: rs
        for rs in ResultSet.objects.filter(round=survey_round).defer("payload", "heatmap")
    }


def weighting_note(weighting: Mapping[str, Any], tree: dict[str, dict[str, Any]], lang: str) -> str:
    """The method note on weighting, in the page's language, with labels, not keys.

    Written from what is stored (``merged``: variable → categories or unit
    codes merged before raking; ``error`` where raking failed, ``note_nb`` in
    results stored before), so the same results read right in both languages.
    """
    if weighting.get("method") != "raking":
        failed = weighting.get("error") or weighting.get("note_nb")
        return gettext("Vektingen kunne ikke gjøres; tallene er uvektede.") if failed else ""
    merged = weighting.get("merged") or {}
    if not merged:
        return ""
    groups = []
    for variable, values in merged.items():
        if variable == "unit":
            name = gettext("Enhet")
            shown = [tree.get(code, {}).get("path", code) for code in values]
        else:
            labels = {
                code: catalogue.in_language(tuple(names), lang)
                for code, *names in catalogue.FILTERS.get(variable, ())
            }
            name = catalogue.in_language(catalogue.FILTER_LABELS.get(variable, (variable,)), lang)
            shown = [labels.get(value, value) for value in values]
        groups.append(f"{name}: {', '.join(shown)}")
    return gettext(
        "Grupper uten svar er slått sammen med nærmeste større gruppe før vektingen: %(groups)s."
    ) % {"groups": "; ".join(groups)}


def _check_filters(filters: dict[str, str] | None) -> dict[str, str]:
    filters = {k: v for k, v in (filters or {}).items() if v}
    if len(filters) > 1:
        # Unit × two filters is a three-way table; the suppression cannot
        # protect its interior from its two-way margins (docs/results.md).
        raise ValueError(
            gettext(
                "Bare ett filter om gangen: to filtre sammen ville gi grupper som kan "
                "regnes ut av de andre tallene selv om hver av dem er skjult."
            )
        )
    for name, value in filters.items():
        allowed = {code for code, *_names in catalogue.FILTERS.get(name, ())}
        if value not in allowed:
            raise ValueError(gettext("Ukjent filter %(filter)s.") % {"filter": f"{name}={value}"})
    return filters


def unit_view(
    survey_round: Round,
    unit: Unit | None = None,
    *,
    filters: dict[str, str] | None = None,
    viewer: Any = None,
    lang: str = "nb",
) -> UnitView:
    """The results of ``unit`` (its whole subtree; None: the whole organisation).

    Parameters
    ----------
    survey_round : Round
        A closed round. Results are computed (once) if not stored yet.
    unit : Unit, optional
        The unit; None for the whole organisation.
    filters : dict, optional
        At most one of ``gender``, ``age_group``, ``is_manager`` with a value
        from :data:`hjemmekontor.results.catalogue.FILTERS`. With a filter the
        page shows the filtered group's indicators and sections; consequences,
        trends, other questionnaires and comments are left out (they are not
        broken down by background).
    viewer : User, optional
        When given, access is checked (PermissionDenied).
    lang : {"nb", "nn", "en"}

    Raises
    ------
    NoResults
        The round is not closed.
    PermissionDenied
        The viewer may not see the unit.
    ValueError
        An unknown filter, or more than one.
    """
    filters = _check_filters(filters)
    sets = result_sets(survey_round)
    employee = sets.get("employee")
    if employee is None:
        raise NoResults(gettext("Runden har ingen resultater for ansattskjemaet."))
    tree: dict[str, dict[str, Any]] = employee.tree
    code = unit.code if unit is not None else ORGANISATION
    if unit is not None and code not in tree:
        raise PermissionDenied("Enheten var ikke med i runden.")
    visible: set[str] | None = None
    if viewer is not None:
        visible = visible_unit_codes(viewer, tree)
        if code not in visible:
            raise PermissionDenied
    k = int(employee.weighting.get("k", settings.ANONYMITY_K))
    slices = _slices(employee, [code, ORGANISATION])
    own: UnitSlice = slices.get(code, {})
    org: UnitSlice = slices.get(ORGANISATION, {})
    is_org = code == ORGANISATION
    if filters:
        rows = _filter_rows(own.get("filters", []), filters)
        org_rows: dict[str, Row] | None = _filter_rows(org.get("filters", []), filters)
    else:
        rows = _rows_by_id(own.get("estimates", []))
        org_rows = _rows_by_id(org.get("estimates", []))
    if is_org:
        org_rows = None

    manager = sets.get("manager")
    representative = sets.get("representative")
    manager_slices = _slices(manager, [code, ORGANISATION])
    rep_slices = _slices(representative, [code, ORGANISATION])

    indicators = []
    for indicator in INDICATORS:
        if indicator.instrument == "manager":
            source_rows, source_org = _other_rows(manager_slices, code, filters)
            if source_rows is None:
                continue
        else:
            source_rows, source_org = rows, org_rows
        indicators.append(
            Indicator(
                indicator.id,
                indicator.label_nb,
                indicator.label_en,
                indicator.population_nb,
                indicator.population_en,
                Figure.from_row(source_rows.get(indicator.id), indicator.statistic),
                None
                if is_org or source_org is None
                else Figure.from_row(source_org.get(indicator.id), indicator.statistic),
                indicator.reference,
                indicator.source or SOURCE_AFI,
                label_nn=indicator.label_nn,
                population_nn=indicator.population_nn,
            )
        )

    def other_section(slices_: dict[str, UnitSlice], items: tuple[catalogue.Item, ...]) -> Section:
        if filters:
            return Section([], "unit", 0)
        unit_rows = _rows_by_id(slices_.get(code, {}).get("estimates", []))
        respondents = int(slices_.get(code, {}).get("respondents", 0))
        shown = any(not r.get("suppressed") for r in unit_rows.values())
        if shown:
            return _section(items, unit_rows, None, "unit", respondents)
        whole = slices_.get(ORGANISATION, {})
        return _section(
            items,
            _rows_by_id(whole.get("estimates", [])),
            None,
            "organisation",
            int(whole.get("respondents", 0)),
        )

    rate: RateData = own.get("response_rate") or {}
    if filters:
        # The filter's group: its invited, and its answered as the suppression
        # across units decided (results stored before there were groups have
        # none, and say so as hidden).
        ((name, value),) = filters.items()
        rate = (rate.get("groups") or {}).get(
            f"{name}={value}", {"invited": 0, "suppressed": True, "reason": "no_respondents"}
        )
    comments = None
    if not filters:
        texts = list(own.get("comments") or [])
        total = len(texts)
        # Random order, every time; a large unit shows a random selection.
        texts = random.SystemRandom().sample(texts, min(total, COMMENTS_SHOWN))
        shown = bool(own.get("comments") is not None)
        comments = Comments(
            shown,
            int(own.get("respondents", 0)),
            int(employee.weighting.get("k_comments", settings.ANONYMITY_K_COMMENTS)),
            texts if shown else [],
            own.get("comments_reason"),
            total if shown else 0,
        )
    subunits = []
    for child_code, info in tree.items():
        if visible is not None and child_code not in visible:
            continue
        # The nearest ancestor the viewer may see (None: the organisation page).
        above = info["parent"]
        while above is not None and visible is not None and above not in visible:
            above = tree[above]["parent"]
        if (above or ORGANISATION) == code:
            subunits.append({"id": info["pk"], "code": child_code, "path": info["path"]})
    previous = employee.previous_round
    return UnitView(
        round_id=survey_round.pk,
        round_name=survey_round.name,
        opens_on=survey_round.opens_at.date().isoformat(),
        closes_on=survey_round.effective_close.date().isoformat(),
        unit_id=unit.pk if unit is not None else None,
        unit_code=unit.code if unit is not None else None,
        unit_path=tree[code]["path"] if unit is not None else None,
        filters=filters,
        lang=lang,
        k=k,
        k_comments=int(employee.weighting.get("k_comments", settings.ANONYMITY_K_COMMENTS)),
        weighting={**employee.weighting, "note": weighting_note(employee.weighting, tree, lang)},
        response_rate=ResponseRate.from_stored(rate),
        respondents=int(own.get("respondents", 0)),
        indicators=indicators,
        extent_frequency=_section(catalogue.EXTENT_FREQUENCY, rows, org_rows),
        extent_wish=_section(catalogue.EXTENT_WISH, rows, org_rows),
        extent_places=_section(catalogue.EXTENT_PLACES, rows, org_rows),
        consequences=[] if filters else _consequences(own.get("consequences")),
        findings=[]
        if filters
        else [
            Finding(
                f["kind"],
                f["variable"],
                f["text_nb"],
                f["text_en"],
                f.get("p_value"),
                text_nn=f.get("text_nn", ""),
            )
            for f in own.get("findings", [])
        ],
        managers=other_section(manager_slices, catalogue.MANAGERS),
        representatives=other_section(rep_slices, catalogue.REPRESENTATIVES),
        digital_meetings=_section(catalogue.DIGITAL_MEETINGS, rows, org_rows),
        hms_at_home=_section(catalogue.HMS_AT_HOME, rows, org_rows),
        trends=[] if filters else _trends(own.get("trends", [])),
        previous_round_name=previous.name if previous is not None else None,
        comments=comments,
        subunits=subunits,
        computed_at=employee.computed_at.isoformat(),
    )


def _other_rows(
    slices_: dict[str, UnitSlice], code: str, filters: dict[str, str]
) -> tuple[dict[str, Row] | None, dict[str, Row] | None]:
    """Rows of the managers' questionnaire for a headline indicator (no filters)."""
    if filters or not slices_:
        return None, None
    return (
        _rows_by_id(slices_.get(code, {}).get("estimates", [])),
        _rows_by_id(slices_.get(ORGANISATION, {}).get("estimates", [])),
    )
