"""The HMS adviser's pages for survey rounds and questionnaire previews."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hjemmekontor import spreadsheets
from hjemmekontor.accounts.roles import admin_required
from hjemmekontor.audit.actions import do_audit
from hjemmekontor.hms.forms import SEARCHABLE
from hjemmekontor.instruments import InstrumentError, available_instruments, load_instrument
from hjemmekontor.jobs.actions import do_enqueue_job
from hjemmekontor.jobs.status import round_lines
from hjemmekontor.organisation.models import UnitTree
from hjemmekontor.surveys import export
from hjemmekontor.surveys.actions import (
    RoundSpec,
    SurveyError,
    do_close_round,
    do_create_round,
    do_extend_round,
    next_reminder_wave,
)
from hjemmekontor.surveys.answering import item_view
from hjemmekontor.surveys.codes import code_url, do_issue_codes
from hjemmekontor.surveys.forms import ExtendForm, RoundForm
from hjemmekontor.surveys.links import answer_url
from hjemmekontor.surveys.models import Invitation, LetterCode, Response, Round
from hjemmekontor.web.confirmation import confirmed
from hjemmekontor.web.language import page_language


@admin_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.annotate(
        invited=Count("invitations"),
        answered_count=Count("invitations", filter=Q(invitations__answered=True)),
    )
    return render(request, "surveys/round_list.html", {"rounds": rounds, "now": timezone.now()})


@admin_required
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey_round = do_create_round(
                RoundSpec(
                    name=data["name"],
                    employee_instrument=data["employee_instrument"],
                    manager_instrument=data["manager_instrument"],
                    representative_instrument=data["representative_instrument"],
                    unit_ids=[int(pk) for pk in data["units"]],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    planned_reminders=form.planned_reminders(),
                ),
                created_by=request.user,
            )
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            count = survey_round.invitations.count()
            messages.success(
                request,
                ngettext(
                    "Runden er opprettet med %(n)d invitasjon.",
                    "Runden er opprettet med %(n)d invitasjoner.",
                    count,
                )
                % {"n": count},
            )
            return redirect("surveys:round", pk=survey_round.pk)
    return render(request, "surveys/round_form.html", {"form": form})


def _progress_by_unit(survey_round: Round) -> list[dict[str, Any]]:
    """Invited and answered per unit (own people) and per subtree."""
    tree = UnitTree()
    rows = (
        survey_round.invitations.filter(kind="employee")
        .values("unit_id")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(answered=True)))
    )
    own = {row["unit_id"]: (row["invited"], row["answered"]) for row in rows}
    result = []
    for depth, unit in tree.depth_first():
        subtree = tree.subtree(unit.pk)
        invited = sum(own.get(pk, (0, 0))[0] for pk in subtree)
        answered = sum(own.get(pk, (0, 0))[1] for pk in subtree)
        if invited == 0:
            continue
        result.append(
            {
                "depth": min(depth, 4),
                "unit": unit,
                "invited": invited,
                "answered": answered,
                "rate": round(100 * answered / invited) if invited else None,
            }
        )
    return result


@admin_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(Round, pk=pk)
    counts: Counter[tuple[str, str]] = Counter()
    for kind, answered, sent in survey_round.invitations.values_list("kind", "answered", "sent_at"):
        counts[(kind, "invited")] += 1
        counts[(kind, "answered")] += int(answered)
        counts[(kind, "sent")] += int(sent is not None)
    kinds = [
        {
            "kind": label,
            "invited": counts[(kind, "invited")],
            "sent": counts[(kind, "sent")],
            "answered": counts[(kind, "answered")],
            "rate": round(100 * counts[(kind, "answered")] / counts[(kind, "invited")])
            if counts[(kind, "invited")]
            else None,
        }
        for kind, label in Invitation._meta.get_field("kind").choices  # type: ignore[union-attr]
        if counts[(kind, "invited")]
    ]
    job_lines = round_lines(survey_round.pk)
    return render(
        request,
        "surveys/round_detail.html",
        {
            "job_lines": job_lines,
            "job_refresh": 3 if any(line.active for line in job_lines) else None,
            "can_retry": True,
            "results_link": reverse("results:organisation", args=[survey_round.pk]),
            "planned_reminders": [
                dt.datetime.fromisoformat(when) for when in survey_round.planned_reminders
            ],
            "round": survey_round,
            "status": survey_round.status(),
            "kinds": kinds,
            "units": _progress_by_unit(survey_round),
            "without_email": survey_round.invitations.filter(email="").count(),
            "letters_issued": LetterCode.objects.filter(invitation__round=survey_round).exists(),
            "paper_invitations": [
                (
                    i.pk,
                    f"{i.person.name if i.person else '–'} ({i.unit.name}) – {i.get_kind_display()}",
                )
                for i in survey_round.invitations.filter(email="")
                .select_related("person", "unit")
                .order_by("person__name", "kind")
            ],
            "search_label": SEARCH_LABEL,
            "code_url": code_url(),
            "kiosk_url": settings.BASE_URL + reverse("kiosk"),
            "responses": Response.objects.filter(round=survey_round).count(),
            "extend_form": ExtendForm(),
        },
    )


def _round_action(
    request: HttpRequest, pk: int, action: Any, success: Callable[[int], str]
) -> HttpResponse:
    survey_round = get_object_or_404(Round, pk=pk)
    try:
        result = action(survey_round)
    except SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(int(result or 0)))
    return redirect("surveys:round", pk=pk)


def _queue(
    request: HttpRequest, survey_round: Round, kind: str, params: dict[str, Any] | None = None
) -> HttpResponse:
    _job, new = do_enqueue_job(
        kind, survey_round=survey_round, params=params, requested_by=request.user
    )
    if new:
        messages.success(request, _("Satt i gang. Framdriften vises under."))
    else:
        messages.info(request, _("Dette er allerede i gang; framdriften vises under."))
    return redirect("surveys:round", pk=survey_round.pk)


@admin_required
@require_POST
def round_send(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(Round, pk=pk)
    if survey_round.status() == "closed":
        messages.error(request, _("Runden er stengt; invitasjoner kan ikke sendes."))
        return redirect("surveys:round", pk=pk)
    # E-mails go out from the worker, each recorded as it is sent (hjemmekontor.jobs).
    return _queue(request, survey_round, "send_invitations")


@admin_required
@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(Round, pk=pk)
    if not survey_round.is_open():
        messages.error(request, _("Påminnelser kan bare sendes mens runden er åpen."))
        return redirect("surveys:round", pk=pk)
    return _queue(
        request, survey_round, "send_reminders", {"wave": next_reminder_wave(survey_round)}
    )


@admin_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(Round, pk=pk)
    if not confirmed(request):
        return redirect("surveys:round", pk=pk)
    try:
        do_close_round(survey_round, closed_by=request.user)
    except SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Runden er stengt. Resultatene beregnes nå."))
    return redirect("surveys:round", pk=pk)


@admin_required
@require_POST
def round_extend(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(Round, pk=pk)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Oppgi en gyldig ny sluttid."))
        return redirect("surveys:round", pk=pk)
    try:
        do_extend_round(survey_round, form.cleaned_data["closes_at"])
    except SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Sluttiden er endret."))
    return redirect("surveys:round", pk=pk)


@admin_required
def round_links(request: HttpRequest, pk: int) -> HttpResponse:
    """Personal links of the people without an e-mail address, for other channels (SMS, paper).

    Only they: whoever holds a link can open the draft behind it, so a file of
    everybody's links would let the admin read a named person's unsent answers.
    People with an address get their link by e-mail and nobody else sees it. No
    "answered" column either: who took part is the respondent's own business.
    Every download is written to the audit log that the AMU and the safety
    representatives read.
    """
    survey_round = get_object_or_404(Round, pk=pk)
    invitations = list(
        survey_round.invitations.filter(email="")
        .select_related("person")
        .order_by("person__name", "kind")
    )
    buffer = io.StringIO()
    writer = spreadsheets.writer(buffer, delimiter=";")
    writer.writerow(["ansattnummer", "navn", "skjema", "lenke"])
    for invitation in invitations:
        person = invitation.person
        writer.writerow(
            [
                (person.employee_number or "") if person else "",
                person.name if person else "",
                invitation.kind,
                answer_url(invitation.public_id),
            ]
        )
    do_audit(
        request.user,
        "links-exported",
        survey_round.name,
        ngettext(
            "%(n)d lenke til personer uten e-postadresse",
            "%(n)d lenker til personer uten e-postadresse",
            len(invitations),
        )
        % {"n": len(invitations)},
    )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lenker-runde-{pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@admin_required
@require_POST
def round_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Printed letters with a one-time code for everyone invited without an e-mail address.

    The codes are made here and exist only in this PDF: it is never shown again.
    Making the letters again gives everyone new codes, and the old ones stop
    working. Everyone without an address gets a letter, answered or not: a
    letter only for those who have not answered would tell who has.
    """
    survey_round = get_object_or_404(Round, pk=pk)
    if survey_round.status() == "closed":
        messages.error(request, _("Runden er stengt; det er ingenting å svare på."))
        return redirect("surveys:round", pk=pk)
    invitations = list(
        survey_round.invitations.filter(email="")
        .select_related("person", "unit", "round")
        .order_by("unit__name", "person__name", "kind")
    )
    renewing = LetterCode.objects.filter(invitation__round=survey_round).exists()
    one = request.POST.get("invitation", "")
    if one:
        # A lost letter: a new code for that invitation only; the others keep theirs.
        invitations = [i for i in invitations if str(i.pk) == one]
        if not invitations:
            raise Http404
        renewing = False
    if not invitations:
        messages.error(request, _("Alle de inviterte har e-postadresse; ingen trenger brev."))
        return redirect("surveys:round", pk=pk)
    if renewing and not confirmed(request):
        return redirect("surveys:round", pk=pk)
    # The PDF libraries load when letters are made, not when every worker starts.
    from hjemmekontor.surveys.letters import letters_pdf

    language = request.POST.get("language", settings.LANGUAGE_CODE)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    codes = do_issue_codes(invitations)
    pdf = letters_pdf(((i, codes[i.pk]) for i in invitations), language)
    if one:
        person = invitations[0].person
        do_audit(
            request.user,
            "letters-printed",
            survey_round.name,
            _("Nytt brev med kode til %(person)s; den gamle koden virker ikke lenger.")
            % {"person": f"{person.name} ({person.employee_number or '–'})" if person else "–"},
        )
    else:
        _audit_letters(request, survey_round, len(invitations), renewing)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brev-runde-{pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


SEARCH_LABEL = SEARCHABLE["data-search-label"]


def _audit_letters(request: HttpRequest, survey_round: Round, count: int, renewing: bool) -> None:
    do_audit(
        request.user,
        "letters-printed",
        survey_round.name,
        ngettext(
            "%(n)d brev med kode til personer uten e-postadresse",
            "%(n)d brev med kode til personer uten e-postadresse",
            count,
        )
        % {"n": count}
        + (" " + _("(nye koder; de gamle virker ikke lenger)") if renewing else ""),
    )


@admin_required
def round_export(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    survey_round = get_object_or_404(Round, pk=pk)
    if kind not in {"employee", "manager", "representative"} or fmt not in {
        "csv",
        "xlsx",
        "codebook",
    }:
        raise Http404
    if survey_round.status() != "closed":
        messages.error(request, _("Svar kan bare eksporteres når runden er stengt."))
        return redirect("surveys:round", pk=pk)
    try:
        table = export.response_table(survey_round, kind)
    except export.TooFewResponses as error:
        messages.error(request, str(error))
        return redirect("surveys:round", pk=pk)
    content: str | bytes
    if fmt == "codebook":
        content, content_type = export.codebook_csv(table), "text/csv; charset=utf-8"
        filename = f"kodebok-runde-{pk}-{kind}.csv"
    elif fmt == "csv":
        content, content_type = export.table_csv(table), "text/csv; charset=utf-8"
        filename = f"svar-runde-{pk}-{kind}.csv"
    else:
        content = export.table_xlsx(table)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        filename = f"svar-runde-{pk}-{kind}.xlsx"
    if fmt != "codebook":
        do_audit(request.user, "responses-exported", survey_round.name, f"{kind}, {fmt}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@admin_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    try:
        instruments = available_instruments()
    except InstrumentError as error:
        return render(request, "surveys/instrument_list.html", {"error": str(error)}, status=500)
    return render(request, "surveys/instrument_list.html", {"instruments": instruments})


@admin_required
def instrument_preview(request: HttpRequest, key: str) -> HttpResponse:
    """Every section exactly as a respondent sees it, with conditional items marked."""
    identifier, _sep, version = key.partition("@")
    try:
        inst = load_instrument(identifier, int(version))
    except (InstrumentError, ValueError, KeyError, FileNotFoundError):
        raise Http404 from None
    lang = page_language()
    sections = []
    for section in inst.sections:
        sections.append(
            {
                "title": section.title.get(lang) or section.title["nb"],
                "intro": (section.intro or {}).get(lang, "") if section.intro else "",
                "conditional": section.when is not None,
                "items": [
                    dict(item_view(item, None, None, lang), conditional=item.when is not None)
                    for item in section.items
                ],
            }
        )
    return render(
        request,
        "surveys/instrument_preview.html",
        {"inst": inst, "title": inst.title.get(lang) or inst.title["nb"], "sections": sections},
    )
