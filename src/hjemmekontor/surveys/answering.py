"""The respondent's side: a personal link, section by section, to an anonymous submit.

Works without JavaScript: every step is a plain form post that saves the draft.
Pages are never cached and send no referrer to other sites, so the personal link
does not leak.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemmekontor.instruments import AnswerError, Instrument, Item, load_instrument
from hjemmekontor.surveys.actions import (
    AlreadyAnswered,
    RoundNotOpen,
    do_save_draft,
    do_submit_response,
)
from hjemmekontor.surveys.drafts import DraftKey, has_other_drafts, read_draft
from hjemmekontor.surveys.links import parse_link, token_for
from hjemmekontor.surveys.models import Invitation
from hjemmekontor.web.language import page_language

_lang = page_language


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("nb") or "")
    return str(value or "")


def _no_referrer(response: HttpResponse) -> HttpResponse:
    # same-origin, not no-referrer: the link goes to no other site either way, but
    # under no-referrer Chromium sends "Origin: null" with the page's form posts and
    # Django's CSRF check (rightly) refuses them.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _state_page(
    request: HttpRequest, state: str, invitation: Invitation | None, status: int
) -> HttpResponse:
    response = render(
        request,
        "surveys/answer_state.html",
        {
            "state": state,
            "invitation": invitation,
            "round": invitation.round if invitation else None,
        },
        status=status,
    )
    return _no_referrer(response)


def _load(
    request: HttpRequest, token: str
) -> tuple[Invitation | None, DraftKey | None, HttpResponse | None]:
    link = parse_link(token)
    if link is None:
        return None, None, _state_page(request, "invalid", None, 404)
    try:
        invitation = Invitation.objects.select_related("round").get(public_id=link.public_id)
    except Invitation.DoesNotExist:
        return None, None, _state_page(request, "invalid", None, 404)
    if invitation.answered:
        return invitation, None, _state_page(request, "answered", invitation, 200)
    status = invitation.round.status()
    if status == "scheduled":
        return invitation, None, _state_page(request, "scheduled", invitation, 200)
    if status == "closed":
        return invitation, None, _state_page(request, "closed", invitation, 200)
    if link.draft_key is None:
        # A link from before drafts were sealed has no draft key: send the person on
        # to a new link that has one (303, so a posted page is fetched anew).
        fresh = reverse("answer-start", args=[token_for(invitation.public_id)])
        moved = HttpResponseRedirect(fresh)
        moved.status_code = 303
        return invitation, None, _no_referrer(moved)
    return invitation, link.draft_key, None


def _instrument(invitation: Invitation) -> Instrument:
    key = invitation.round.instrument_key(invitation.kind)
    identifier, _, version = key.partition("@")
    return load_instrument(identifier, int(version))


def _open(
    request: HttpRequest, token: str
) -> HttpResponse | tuple[Invitation, DraftKey, Instrument, str, dict[str, Any]]:
    """An answerable invitation with its link's draft key, questionnaire, language
    and draft, or the page that explains why the link cannot be used (invalid,
    answered, not open)."""
    invitation, key, refusal = _load(request, token)
    if refusal:
        return refusal
    assert invitation is not None and key is not None
    return invitation, key, _instrument(invitation), _lang(), read_draft(invitation, key)


def item_view(item: Item, value: Any, error: str | None, lang: str) -> dict[str, Any]:
    """What the template needs to render one question accessibly."""
    selected: set[str]
    if isinstance(value, list):
        selected = {str(v) for v in value}
    elif value is None:
        selected = set()
    else:
        selected = {str(value)}
    return {
        "id": item.id,
        "type": item.type,
        "text": _text(item.text, lang),
        "help": _text(item.help, lang) if item.help else "",
        "options": [
            {
                "value": str(o.value),
                "label": _text(o.label, lang),
                "checked": str(o.value) in selected,
            }
            for o in item.options
        ],
        "value": "" if value is None or isinstance(value, list) else str(value),
        "min": item.min,
        "max": item.max,
        "step": item.step,
        "unit": _text(item.unit, lang) if item.unit else "",
        "max_length": item.max_length,
        "error": error,
    }


def _section_view(inst: Instrument, answers: dict[str, Any], step: int) -> tuple[list[Any], Any]:
    sections = inst.visible_sections(answers)
    if not 1 <= step <= len(sections):
        raise Http404
    return sections, sections[step - 1]


def _clean_page(
    request: HttpRequest, inst: Instrument, section: Any, answers: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, AnswerError], dict[str, Any]]:
    """The page's posted answers: cleaned values, errors, and the raw input per item."""
    cleaned: dict[str, Any] = {}
    failed: dict[str, AnswerError] = {}
    raw_values: dict[str, Any] = {}
    for item in inst.visible_items(section, answers):
        raw: Any = (
            request.POST.getlist(item.id)
            if item.type == "multiple"
            else request.POST.get(item.id, "")
        )
        raw_values[item.id] = raw
        try:
            cleaned[item.id] = item.clean(raw)
        except AnswerError as error:
            failed[item.id] = error
    return cleaned, failed, raw_values


def _autosave(
    request: HttpRequest,
    invitation: Invitation,
    key: DraftKey,
    inst: Instrument,
    section: Any,
    answers: dict[str, Any],
) -> HttpResponse:
    """Save what is valid on the page while the person types (the enhancement script).

    Invalid answers are left out silently here; the ordinary submit of the page
    shows them with their messages. Without JavaScript this is never called.
    """
    cleaned, _errors, _raw = _clean_page(request, inst, section, answers)
    try:
        do_save_draft(invitation, key, cleaned)
    except AlreadyAnswered:
        return JsonResponse({"saved": False, "reason": "answered"}, status=409)
    return _no_referrer(JsonResponse({"saved": True}))


def _resume_url(token: str, inst: Any, answers: dict[str, Any]) -> str:
    """Where "Fortsett der du slapp" goes: the first part with a question not yet
    answered, or the review page when every part has been answered."""
    for step, section in enumerate(inst.visible_sections(answers), start=1):
        if any(item.id not in answers for item in inst.visible_items(section, answers)):
            return reverse("answer-section", args=[token, step])
    return reverse("answer-review", args=[token])


@never_cache
@require_http_methods(["GET"])
def answer_start(request: HttpRequest, token: str) -> HttpResponse:
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    invitation, key, inst, lang, answers = opened
    response = render(
        request,
        "surveys/answer_start.html",
        {
            "token": token,
            "invitation": invitation,
            "round": invitation.round,
            "title": _text(inst.title, lang),
            "intro": _text(inst.intro, lang),
            "resuming": bool(answers),
            "resume_url": _resume_url(token, inst, answers),
            "other_drafts": not answers and has_other_drafts(invitation, key),
            "sections": len(inst.visible_sections(answers)),
            "k_comments": settings.ANONYMITY_K_COMMENTS,
        },
    )
    return _no_referrer(response)


@never_cache
@require_http_methods(["GET", "POST"])
def answer_section(request: HttpRequest, token: str, step: int) -> HttpResponse:
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    invitation, key, inst, lang, answers = opened
    sections, section = _section_view(inst, answers, step)
    errors: dict[str, str] = {}
    values: dict[str, Any] = dict(answers)
    if request.method == "POST" and "autosave" in request.POST:
        return _autosave(request, invitation, key, inst, section, answers)
    if request.method == "POST":
        cleaned, failed, raw_values = _clean_page(request, inst, section, answers)
        for item_id, error in failed.items():
            errors[item_id] = error.message(lang)
            # What the person typed is shown back with the message, never lost.
            values[item_id] = raw_values[item_id]
        if not errors:
            try:
                do_save_draft(invitation, key, cleaned)
            except AlreadyAnswered:
                return _state_page(request, "answered", invitation, 200)
            answers = read_draft(invitation, key)
            # Conditions may have changed the visible sections: recount after saving.
            sections = inst.visible_sections(answers)
            base = reverse("answer-start", args=[token])
            if "back" in request.POST:
                target = max(1, step - 1)
                return redirect(f"{base}{target}/")
            if "later" in request.POST:
                return _no_referrer(
                    render(
                        request,
                        "surveys/answer_saved.html",
                        {"token": token, "round": invitation.round},
                    )
                )
            if step >= len(sections):
                return redirect(reverse("answer-review", args=[token]))
            return redirect(f"{base}{step + 1}/")
        for item_id, value in cleaned.items():
            values.setdefault(item_id, value)
    items = [
        item_view(item, values.get(item.id), errors.get(item.id), lang)
        for item in inst.visible_items(section, answers)
    ]
    response = render(
        request,
        "surveys/answer_section.html",
        {
            "token": token,
            "round": invitation.round,
            "title": _text(inst.title, lang),
            "section_title": _text(section.title, lang),
            "section_intro": _text(section.intro, lang) if section.intro else "",
            "items": items,
            "errors": [(i["id"], i["text"], i["error"]) for i in items if i["error"]],
            "step": step,
            "steps": len(sections),
            "is_last": step == len(sections),
        },
        status=400 if errors else 200,
    )
    return _no_referrer(response)


@never_cache
@require_http_methods(["GET", "POST"])
def answer_review(request: HttpRequest, token: str) -> HttpResponse:
    opened = _open(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    invitation, _key, inst, lang, answers = opened
    cleaned, _problems = inst.clean_answers(answers)
    if request.method == "POST":
        try:
            do_submit_response(invitation, cleaned)
        except AlreadyAnswered:
            return _state_page(request, "answered", invitation, 200)
        except RoundNotOpen:
            return _state_page(request, "closed", invitation, 200)
        # The thank-you page carries no token: nothing in the browser history links
        # the person to the moment of submission.
        return redirect("answer-thanks")
    visible = [
        item
        for section in inst.visible_sections(cleaned)
        for item in inst.visible_items(section, cleaned)
    ]
    answered = sum(1 for item in visible if cleaned.get(item.id) not in (None, "", []))
    response = render(
        request,
        "surveys/answer_review.html",
        {
            "token": token,
            "round": invitation.round,
            "title": _text(inst.title, lang),
            "answered": answered,
            "total": len(visible),
            "steps": len(inst.visible_sections(cleaned)),
            "closes": invitation.round.effective_close,
            "now": timezone.now(),
        },
    )
    return _no_referrer(response)


@never_cache
def answer_thanks(request: HttpRequest) -> HttpResponse:
    return _no_referrer(render(request, "surveys/answer_thanks.html"))
