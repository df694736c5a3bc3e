"""Results pages: the list of closed rounds, a unit's page and the heat map.

Access is decided by ``hjemmekontor.results.access`` (via ``view.unit_view`` and
``comparison.heatmap``); every figure comes from the stored results.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy

from hjemmekontor.accounts.roles import roles_of
from hjemmekontor.jobs.models import Job
from hjemmekontor.jobs.status import describe
from hjemmekontor.organisation.models import Unit
from hjemmekontor.results import catalogue
from hjemmekontor.results.access import can_compare, visible_rounds, visible_unit_codes
from hjemmekontor.results.charts import ChartRow, ci_chart, format_value
from hjemmekontor.results.comparison import heatmap
from hjemmekontor.results.errors import NoResults
from hjemmekontor.results.models import ORGANISATION, ResultSet
from hjemmekontor.results.pagemodel import Heatmap
from hjemmekontor.results.pages import (
    Consequence,
    Figure,
    UnitView,
    reason_text,
    unit_view,
)
from hjemmekontor.results.pending import ResultsPending
from hjemmekontor.results.templatetags.results_format import interval, reference, value
from hjemmekontor.surveys.models import Round
from hjemmekontor.web.language import localized, page_language

_lang = page_language


def _closed_round(round_pk: int) -> Round:
    survey_round = get_object_or_404(Round, pk=round_pk)
    if survey_round.status() != "closed":
        raise Http404("Runden er ikke stengt.")
    return survey_round


def results_pending(request: HttpRequest, survey_round: Round, job: Job) -> HttpResponse:
    """The round's results are being computed: say so, and follow the job."""
    line = describe(job)
    is_admin = "admin" in roles_of(request.user)
    return render(
        request,
        "results/pending.html",
        {
            "round": survey_round,
            "line": line,
            "job_lines": [line] if is_admin or not line.failed else [],
            "can_retry": is_admin,
            "job_refresh": 3 if line.active else None,
        },
    )


def _require_role(request: HttpRequest) -> None:
    if not roles_of(request.user):
        raise PermissionDenied


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    return render(request, "results/index.html", {"rounds": visible_rounds(request.user)})


def _action_link(unit_pk: int | None, indicator: str, finding: str) -> str | None:
    """The HMS app's "Lag tiltak" form, prefilled; None when that app is absent."""
    try:
        base = reverse("hms:action-create")
    except NoReverseMatch:
        return None
    query: dict[str, Any] = {"indicator": indicator, "finding": finding}
    if unit_pk is not None:
        query = {"unit": unit_pk, **query}
    return f"{base}?{urlencode(query)}"


def _indicator_text(indicator: Any, lang: str) -> str:
    """What an action made from an indicator starts from: its figure, not only its name.

    ``Har skriftlig avtale om hjemmekontor: 11 % (95 % KI 6–19 %, n = 45). Landet: 18 %.``
    """
    label = localized(indicator, "label", lang)
    figure = indicator.figure
    if figure.suppressed or figure.estimate is None:
        return label
    # Written as the page writes them (the same filters), in the page's language.
    text = f"{label}: {value(figure)}"
    if interval(figure):
        text += f" ({'95 % CI' if lang == 'en' else '95 % KI'} {interval(figure)}, n = {figure.n})"
    return f"{text}. {'National' if lang == 'en' else 'Landet'}: {reference(indicator)}."


def _chart(consequence: Consequence, lang: str, k: int) -> str:
    percent = consequence.statistic == "share"
    label = localized(consequence, "label", lang)
    rows = []
    sentences = []
    for group in consequence.groups:
        name = localized(group, "label", lang)
        figure = group.figure
        hidden = figure.suppressed or figure.estimate is None
        note = reason_text(figure.reason, lang, k) if hidden else ""
        rows.append(
            ChartRow(
                name,
                None if hidden else figure.estimate,
                figure.ci_low,
                figure.ci_high,
                note,
            )
        )
        sentences.append(
            f"{name}: {note}"
            if hidden
            else f"{name}: {format_value(figure.estimate, percent, lang)} "
            f"({format_value(figure.ci_low, percent, lang)}–"
            f"{format_value(figure.ci_high, percent, lang)})"
        )
    unit = localized(consequence, "unit", lang)
    # A mean on a 0–100 scale (a percent of working time) is drawn whole.
    scale_top = 100.0 if not percent and "0–100" in consequence.unit_nb else None
    title = {
        "en": f"{label} by home-office frequency, with 95 % confidence intervals",
        "nn": f"{label} etter kor ofte dei tilsette jobbar heimanfrå, med 95 % konfidensintervall",
    }.get(lang, f"{label} etter hvor ofte de ansatte jobber hjemmefra, med 95 % konfidensintervall")
    return ci_chart(
        rows,
        title=title,
        description=f"{unit}. " + "; ".join(sentences) + ".",
        percent=percent,
        lang=lang,
        scale_top=scale_top,
    )


def _filter_links(request: HttpRequest, current: dict[str, str]) -> list[dict[str, Any]]:
    lang = _lang()
    groups = []
    for name, values in catalogue.FILTERS.items():
        groups.append(
            {
                "label": catalogue.in_language(catalogue.FILTER_LABELS[name], lang),
                "links": [
                    {
                        "label": catalogue.in_language(tuple(labels), lang),
                        "href": "?" + urlencode({name: code}),
                        "current": current.get(name) == code,
                    }
                    for code, *labels in values
                ],
            }
        )
    return groups


def _page_key(
    request: HttpRequest, survey_round: Round, unit: Unit | None, filters: dict[str, str], lang: str
) -> str | None:
    """The cache key of a unit page's body, or None when it cannot be cached yet.

    Stored results never change once computed, so the rendered body is kept per
    result set, unit, filter, language and the set of units the viewer may see
    (links on the page depend on it). Access is checked here, before any cache is
    read, with the same rule the view model applies.
    """
    employee = (
        ResultSet.objects.filter(round=survey_round, kind="employee")
        .only("pk", "computed_at", "tree")
        .first()
    )
    if employee is None:
        return None
    visible = visible_unit_codes(request.user, employee.tree)
    code = unit.code if unit is not None else ORGANISATION
    if code not in visible:
        raise PermissionDenied
    material = json.dumps(
        [
            employee.pk,
            employee.computed_at.isoformat(),
            code,
            sorted(filters.items()),
            lang,
            sorted(visible),
        ]
    )
    return "results:page:" + hashlib.sha256(material.encode()).hexdigest()


@login_required
def unit_page(request: HttpRequest, round_pk: int, unit_pk: int | None = None) -> HttpResponse:
    _require_role(request)
    survey_round = _closed_round(round_pk)
    unit = get_object_or_404(Unit, pk=unit_pk) if unit_pk is not None else None
    filters = {name: request.GET[name] for name in catalogue.FILTERS if request.GET.get(name)}
    lang = _lang()
    key = _page_key(request, survey_round, unit, filters, lang)
    cached = cache.get(key) if key else None
    if cached is not None:
        title, body = cached
        return render(request, "results/unit.html", {"title": title, "body": mark_safe(body)})  # noqa: S308 - our own rendered template
    try:
        view: UnitView = unit_view(
            survey_round, unit, filters=filters, viewer=request.user, lang=lang
        )
    except ResultsPending as pending:
        return results_pending(request, survey_round, pending.job)
    except NoResults as error:
        raise Http404(str(error)) from error
    except ValueError as error:
        return render(request, "results/bad_filter.html", {"message": str(error)}, status=400)
    charts = [(c, _chart(c, lang, view.k)) for c in view.consequences]
    findings = [
        (f, _action_link(view.unit_id, f.variable, localized(f, "text", lang)))
        for f in view.findings
    ]
    indicators = [
        (i, _action_link(view.unit_id, i.id, _indicator_text(i, lang))) for i in view.indicators
    ]
    employee = ResultSet.objects.filter(round=survey_round, kind="employee").only("tree").first()
    tree = employee.tree if employee is not None else {}
    context = {
        "round": survey_round,
        "view": view,
        "charts": charts,
        "findings": findings,
        "indicators": indicators,
        "filter_groups": _filter_links(request, view.filters),
        "filtered": bool(view.filters),
        "can_compare": can_compare(request.user, tree),
        "parent_link": _parent_link(survey_round, view, tree, request),
        "reason_small": reason_text("small_n", lang, view.k),
        "reports": report_links(survey_round.pk, view.unit_id),
    }
    body = render_to_string("results/_unit_body.html", context, request=request)
    where = view.unit_path or gettext("Hele organisasjonen")
    title = f"{where} – {view.round_name}"
    if key:
        cache.set(key, (title, body), timeout=None)
    return render(request, "results/unit.html", {"title": title, "body": mark_safe(body)})  # noqa: S308 - our own rendered template


REPORT_FORMATS = (("pdf", "PDF"), ("html", "HTML"), ("xlsx", "Excel (XLSX)"), ("csv", "CSV"))


def report_links(round_pk: int, unit_pk: int | None) -> list[dict[str, Any]]:
    """Download links of a page's report, in each language and format.

    The reports apply the same access rules as the pages (``reports.views``);
    a unit's report is its subtree, the organisation's the whole.
    """
    if unit_pk is None:
        name, args = "reports:organisation", [round_pk]
    else:
        name, args = "reports:unit", [round_pk, unit_pk]
    return [
        {
            "lang": lang,
            "label": label,
            "links": [
                {"label": text, "href": f"{reverse(name, args=[*args, fmt])}?lang={lang}"}
                for fmt, text in REPORT_FORMATS
            ],
        }
        for lang, label in (("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English"))
    ]


def _parent_link(
    survey_round: Round, view: UnitView, tree: dict[str, Any], request: HttpRequest
) -> str | None:
    from hjemmekontor.results.access import visible_unit_codes

    if view.unit_code is None:
        return None
    parent = tree.get(view.unit_code, {}).get("parent")
    visible = visible_unit_codes(request.user, tree)
    if parent and parent in visible:
        return reverse("results:unit", args=[survey_round.pk, tree[parent]["pk"]])
    return reverse("results:organisation", args=[survey_round.pk])


# The heat map's marks for hidden cells; the legend under the table says what
# each means.
HIDDEN_MARKS = {"small_n": "–", "complement": "–*", "forced": "–*", "no_respondents": "·"}


def _side(figure: Figure, organisation: Figure | None) -> str | None:
    """ "higher" or "lower" where the unit's whole 95 % interval lies on one side
    of the organisation's figure; None where the interval covers it (or either
    figure is hidden). A reading aid per cell, not a finding: the findings are
    the sentences that survive the multiple-testing control."""
    if figure.suppressed or organisation is None or organisation.estimate is None:
        return None
    if figure.ci_low is None or figure.ci_high is None:
        return None
    if figure.ci_low > organisation.estimate:
        return "higher"
    if figure.ci_high < organisation.estimate:
        return "lower"
    return None


def _heat_cell(
    figure: Figure, lang: str, organisation: Figure | None = None, better: str | None = None
) -> dict[str, Any]:
    """A heat-map cell: the figure, or a short mark explained under the table (a
    sentence in every hidden cell left no room for the figures); screen readers
    get the reason itself as ``text``.

    The colour has a direction: green where the unit is clearly better than
    the organisation (see :func:`_side`) by the indicator's ``better``, orange
    where clearly worse, blue where clearly higher or lower on an indicator
    that does not judge; an arrow says which way, so colour is never the only
    sign. The organisation's own row (``organisation`` None) is the yardstick.
    """
    if figure.suppressed:
        return {
            "css": "hm-none",
            "mark": HIDDEN_MARKS.get(figure.reason or "", "–"),
            "text": reason_text(figure.reason, lang),
        }
    cell = {
        "css": "",
        "mark": "",
        "text": format_value(figure.estimate, figure.statistic == "share", lang),
    }
    side = _side(figure, organisation)
    if side is not None:
        tone = "neutral" if better is None else ("better" if side == better else "worse")
        cell["css"] = f"hm-{tone}"
        cell["arrow"] = "↑" if side == "higher" else "↓"
        cell["arrow_text"] = str(_ARROW_TEXT[(side, tone)])
    return cell


# Lazy: read when a page is rendered, in its language.
_ARROW_TEXT = {
    ("higher", "better"): gettext_lazy("klart høyere enn hele organisasjonen, bedre"),
    ("higher", "worse"): gettext_lazy("klart høyere enn hele organisasjonen, verre"),
    ("higher", "neutral"): gettext_lazy("klart høyere enn hele organisasjonen"),
    ("lower", "better"): gettext_lazy("klart lavere enn hele organisasjonen, bedre"),
    ("lower", "worse"): gettext_lazy("klart lavere enn hele organisasjonen, verre"),
    ("lower", "neutral"): gettext_lazy("klart lavere enn hele organisasjonen"),
}


@login_required
def compare(request: HttpRequest, round_pk: int) -> HttpResponse:
    _require_role(request)
    survey_round = _closed_round(round_pk)
    try:
        grid: Heatmap = heatmap(survey_round, request.user)
    except ResultsPending as pending:
        return results_pending(request, survey_round, pending.job)
    except NoResults as error:
        raise Http404(str(error)) from error
    result_set = ResultSet.objects.filter(round=survey_round, kind="employee").only("tree").first()
    if result_set is None or not can_compare(request.user, result_set.tree):
        raise PermissionDenied
    lang = _lang()
    ids = [i["id"] for i in grid.indicators]
    sort = request.GET.get("sort", "")
    rows = list(grid.rows)
    if sort in ids:
        column = ids.index(sort)
        # Hidden figures last; ties in tree order.
        rows.sort(
            key=lambda r: (
                r.cells[column].figure.estimate is None,
                -(r.cells[column].figure.estimate or 0.0),
            )
        )
    directions = [i["better"] for i in grid.indicators]
    table = [
        {
            "row": row,
            "href": reverse("results:unit", args=[survey_round.pk, row.unit_id]),
            "indent": f"depth-{min(row.depth, 4)}" if sort not in ids else "depth-0",
            "cells": [
                _heat_cell(cell.figure, lang, org.figure, better)
                for cell, org, better in zip(row.cells, grid.organisation, directions, strict=True)
            ],
        }
        for row in rows
    ]
    headers = [
        {
            "id": i["id"],
            "label": localized(i, "label", lang),
            "href": "?" + urlencode({"sort": i["id"]}),
            "sorted": sort == i["id"],
        }
        for i in grid.indicators
    ]
    organisation = [_heat_cell(c.figure, lang) for c in grid.organisation]
    return render(
        request,
        "results/heatmap.html",
        {
            "round": survey_round,
            "grid": grid,
            "headers": headers,
            "table": table,
            "organisation": organisation,
            "sorted": sort in ids,
            "reports": report_links(survey_round.pk, None),
            "colours": [
                ("hm-better", gettext("bedre enn hele organisasjonen")),
                ("hm-worse", gettext("verre enn hele organisasjonen")),
                ("hm-neutral", gettext("høyere eller lavere, uten at det er bedre eller verre")),
            ],
            "legend": [
                ("–", reason_text("small_n", lang)),
                ("–*", reason_text("complement", lang)),
                ("·", reason_text("no_respondents", lang)),
            ],
        },
    )
