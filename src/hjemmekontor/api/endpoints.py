"""The read-only REST API (django-ninja), at /api/, its OpenAPI document at
/api/openapi.json.

Every figure comes from the same functions as the results pages
(``results.pages.unit_view``, ``results.comparison.heatmap`` and
``response_rates``), with the key's
user as the viewer: the API shows what that person's pages show, suppressed the
same way, never more. Keys are sent as ``Authorization: Bearer hk_…``; there is
no anonymous access and no session login (a browser's cookie is not a key).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from hjemmekontor.accounts.roles import roles_of
from hjemmekontor.api.models import ApiToken
from hjemmekontor.api.tokens import spend, token_for_secret
from hjemmekontor.hms import access as hms_access
from hjemmekontor.hms.models import Action
from hjemmekontor.hms.models.plans import OPEN_STATUSES
from hjemmekontor.organisation.models import Unit, UnitTree
from hjemmekontor.results.access import visible_rounds
from hjemmekontor.results.comparison import heatmap, response_rates
from hjemmekontor.results.errors import NoResults
from hjemmekontor.results.pagemodel import Heatmap, UnitResponseRate, UnitView
from hjemmekontor.results.pages import unit_view
from hjemmekontor.results.pending import ResultsPending
from hjemmekontor.surveys.models import Round
from hjemmekontor.web.language import CODES

PAGE_SIZE = 100


class TooManyRequests(HttpError):
    def __init__(self) -> None:
        super().__init__(429, "Too many requests: the key's limit per minute is used up.")


class ResultsNotReady(HttpError):
    def __init__(self) -> None:
        super().__init__(409, "The round's results are being computed; ask again shortly.")


class KeyAuth(HttpBearer):
    """A personal API key; its user's roles decide what it reads."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_for_secret(token)
        if found is None or not roles_of(found.user):
            return None
        if not spend(found):
            raise TooManyRequests
        # The pages' access functions take the viewer from here.
        request.user = found.user
        return found


api = NinjaAPI(
    title="Hjemmekontor API",
    version="1",
    description=(
        "Read-only access to survey rounds, response rates, stored results per unit, "
        "the heat map and the HMS action plans, with the same anonymity rules as the "
        "pages. Authenticate with a personal key: `Authorization: Bearer hk_…`."
    ),
    auth=KeyAuth(),
    urls_namespace="api",
    # The interactive docs load scripts from a CDN, which the CSP forbids;
    # the OpenAPI document is enough for Power BI, Python or a generator.
    docs_url=None,
    openapi_url="/openapi.json",
)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "A valid API key is needed (Authorization: Bearer hk_…)."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="hjemmekontor"'
    return response


@api.exception_handler(TooManyRequests)
def _too_many(request: HttpRequest, exc: TooManyRequests) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=429)
    response["Retry-After"] = str(60 - timezone.now().second)
    return response


@api.exception_handler(ResultsNotReady)
def _not_ready(request: HttpRequest, exc: ResultsNotReady) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=409)
    response["Retry-After"] = "10"
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Not within this key's scope."}, status=403)


class RoundOut(Schema):
    id: int
    name: str
    opens_on: datetime.date
    closes_on: datetime.date
    status: str


class ActionOut(Schema):
    id: int
    unit_id: int
    unit_path: str
    problem: str
    description: str
    responsible: str | None
    due_date: datetime.date
    status: str
    overdue: bool
    indicator: str
    evaluation: str
    evaluated_on: datetime.date | None

    @staticmethod
    def resolve_unit_path(action: Action, context: dict[str, Any]) -> str:
        return str(context["request"].unit_tree.path(action.unit_id))

    @staticmethod
    def resolve_responsible(action: Action) -> str | None:
        return action.responsible.name if action.responsible else None

    @staticmethod
    def resolve_overdue(action: Action) -> bool:
        return action.is_overdue(timezone.localdate())

    @staticmethod
    def resolve_evaluation(action: Action) -> str:
        return action.evaluation_helped

    @staticmethod
    def resolve_evaluated_on(action: Action) -> datetime.date | None:
        return timezone.localdate(action.evaluated_at) if action.evaluated_at else None


class Language(Schema):
    lang: str = "nb"


class Filters(Language):
    gender: str | None = None
    age_group: str | None = None
    is_manager: str | None = None


def _round(user: Any, round_pk: int) -> Round:
    """A round whose results the user may look at; 404 for any other (a round
    outside the key's scope is not told apart from one that does not exist)."""
    for survey_round in visible_rounds(user):
        if survey_round.pk == round_pk:
            return survey_round
    raise Http404


def _language(lang: str) -> str:
    if lang not in CODES:
        raise HttpError(400, "lang must be nb, nn or en.")
    return lang


@api.get("/rounds", response=list[RoundOut], summary="Closed rounds the key may read")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def rounds(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "name": r.name,
            "opens_on": timezone.localdate(r.opens_at),
            "closes_on": timezone.localdate(r.effective_close),
            "status": r.status(),
        }
        for r in visible_rounds(request.user)
    ]


def _results(call: Any) -> Any:
    try:
        return call()
    except ResultsPending as pending:
        raise ResultsNotReady from pending
    except NoResults as error:
        raise Http404 from error


@api.get(
    "/rounds/{round_id}/response-rates",
    response=list[UnitResponseRate],
    summary="Response rate of the organisation and each unit in scope",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def rates(request: HttpRequest, round_id: int) -> list[UnitResponseRate]:
    survey_round = _round(request.user, round_id)
    found: list[UnitResponseRate] = _results(lambda: response_rates(survey_round, request.user))
    return found


def _unit_results(
    request: HttpRequest, round_id: int, unit: Unit | None, filters: Filters
) -> UnitView:
    survey_round = _round(request.user, round_id)
    lang = _language(filters.lang)
    chosen = {
        name: value
        for name, value in filters.dict().items()
        if name != "lang" and value not in (None, "")
    }
    with translation.override(lang):
        try:
            view: UnitView = _results(
                lambda: unit_view(
                    survey_round, unit, filters=chosen, viewer=request.user, lang=lang
                )
            )
        except ValueError as error:
            raise HttpError(400, str(error)) from error
    return view


@api.get(
    "/rounds/{round_id}/results",
    response=UnitView,
    summary="The whole organisation's results, as its results page shows them",
)
def organisation_results(request: HttpRequest, round_id: int, filters: Query[Filters]) -> UnitView:
    return _unit_results(request, round_id, None, filters)


@api.get(
    "/rounds/{round_id}/results/{unit_id}",
    response=UnitView,
    summary="A unit's results (its whole subtree), as its results page shows them",
)
def unit_results(
    request: HttpRequest, round_id: int, unit_id: int, filters: Query[Filters]
) -> UnitView:
    return _unit_results(request, round_id, get_object_or_404(Unit, pk=unit_id), filters)


@api.get(
    "/rounds/{round_id}/heatmap",
    response=Heatmap,
    summary="Every unit in scope × the headline indicators",
)
def heat_map(request: HttpRequest, round_id: int) -> Heatmap:
    survey_round = _round(request.user, round_id)
    grid: Heatmap = _results(lambda: heatmap(survey_round, request.user))
    # As the page: a comparison needs at least two units in the viewer's scope.
    if len(grid.rows) < 2:
        raise PermissionDenied
    return grid


@api.get("/hms/actions", response=list[ActionOut], summary="HMS actions in the key's scope")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def actions(
    request: HttpRequest, status: str = "all", unit_id: int | None = None
) -> QuerySet[Action]:
    """The action plans the key's user may read (``status=open``: planned and in
    progress; ``unit_id``: that unit and the units below it)."""
    if status not in ("all", "open"):
        raise HttpError(400, "status must be all or open.")
    found = Action.objects.select_related("responsible").order_by("due_date", "pk")
    visible = hms_access.plan_unit_ids(request.user)
    if visible is not None:
        found = found.filter(unit_id__in=visible)
    tree = UnitTree()
    request.unit_tree = tree  # type: ignore[attr-defined]  # read by ActionOut
    if unit_id is not None:
        found = found.filter(unit_id__in=tree.subtree(unit_id) if unit_id in tree.units else [])
    if status == "open":
        found = found.filter(status__in=OPEN_STATUSES)
    return found
