"""PDF documents in bokmål: the agreement for signing and the risk assessment.

ReportLab's standard Helvetica covers Latin-1, so æ, ø, å and § need no font file.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable
from typing import TypeVar
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hjemmekontor.hms.actions.agreements import POINT_HEADINGS
from hjemmekontor.hms.evidence import assessment_evidence
from hjemmekontor.hms.models import Agreement, RiskAssessment

_Doc = TypeVar("_Doc", Agreement, RiskAssessment)

_STYLES = getSampleStyleSheet()


def _in_organisation_language(make: Callable[[_Doc], bytes]) -> Callable[[_Doc], bytes]:
    """The documents are in the organisation's written standard
    (HJEMMEKONTOR_LANGUAGE, bokmål by default) whatever the reader's page
    language: the texts they share with the pages (headings, hazards, evidence)
    too. A signed agreement reads the same for both parties."""

    @functools.wraps(make)
    def made(document: _Doc) -> bytes:
        with translation.override(settings.LANGUAGE_CODE):
            return make(document)

    return made


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _build(title: str, story: Iterable[Flowable]) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=settings.ORGANISATION_NAME,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    document.build(list(story))
    return buffer.getvalue()


@_in_organisation_language
def agreement_pdf(agreement: Agreement) -> bytes:
    """The written agreement of hjemmekontorforskriften §2, ready to sign."""
    h1, h2, body = _STYLES["Title"], _STYLES["Heading3"], _STYLES["BodyText"]
    person = agreement.person
    story: list[Flowable] = [
        Paragraph("Avtale om arbeid i arbeidstakers hjem", h1),
        Paragraph(
            _text(
                f"Mellom {settings.ORGANISATION_NAME} (arbeidsgiver) og {person.name} "
                f"(arbeidstaker), {person.unit.name}. Avtalen kommer i tillegg til "
                "arbeidsavtalen og følger hjemmekontorforskriften § 2."
            ),
            body,
        ),
        Paragraph(
            _text(f"Versjon {agreement.version}, gjelder fra {agreement.start_date:%d.%m.%Y}."),
            body,
        ),
    ]
    duration = (
        gettext("Ordningen er midlertidig og forventes å vare til og med %(end)s.")
        % {"end": f"{agreement.expected_end:%d.%m.%Y}"}
        if agreement.temporary and agreement.expected_end
        else gettext("Ordningen er ikke midlertidig.")
    )
    trial = gettext("Ingen prøvetid.") if agreement.trial_period_none else agreement.trial_period
    points = [
        ("extent", agreement.extent),
        ("working_hours", agreement.working_hours),
        ("availability", agreement.availability),
        ("duration", duration),
        ("change_and_termination", agreement.change_and_termination),
        ("trial_period", trial),
        ("equipment", agreement.equipment),
        ("confidentiality", agreement.confidentiality),
    ]
    for key, text in points:
        story += [Paragraph(_text(str(POINT_HEADINGS[key])), h2), Paragraph(_text(text), body)]
    story += [
        Spacer(1, 12 * mm),
        _signature_table(["Arbeidsgiver", f"Arbeidstaker: {person.name}"]),
    ]
    return _build(f"Hjemmekontoravtale – {person.name}", story)


def _signature_table(labels: list[str]) -> Table:
    cells = [["Sted og dato:", "Sted og dato:"], ["", ""], ["Signatur:", "Signatur:"], labels]
    table = Table(cells, colWidths=[80 * mm, 80 * mm], rowHeights=[None, 12 * mm, None, None])
    table.setStyle(TableStyle([("LINEABOVE", (0, 3), (-1, 3), 0.5, colors.black)]))
    return table


@_in_organisation_language
def assessment_pdf(assessment: RiskAssessment) -> bytes:
    """The risk assessment for the internal-control documentation (IK-f §5 nr. 6)."""
    h1, h2, body = _STYLES["Title"], _STYLES["Heading3"], _STYLES["BodyText"]
    unit = assessment.unit
    story: list[Flowable] = [
        Paragraph("Risikovurdering for hjemmekontor", h1),
        Paragraph(
            _text(
                f"{unit.path} – versjon {assessment.version} ({assessment.get_status_display()}). "
                "Internkontrollforskriften § 5 nr. 6, jf. hjemmekontorforskriften § 4. "
                f"Utskrevet {timezone.localtime():%d.%m.%Y}."
            ),
            body,
        ),
    ]
    rows = [["Fare", "S", "K", "Risiko"]]
    hazards = list(assessment.hazards.prefetch_related("actions"))
    for hazard in hazards:
        rows.append(
            [
                Paragraph(_text(hazard.display_title), body),
                str(hazard.probability),
                str(hazard.consequence),
                f"{hazard.risk} ({hazard.level})",
            ]
        )
    table = Table(rows, colWidths=[100 * mm, 12 * mm, 12 * mm, 36 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [
        Paragraph("Farer (S = sannsynlighet 1–5, K = konsekvens 1–5)", h2),
        table,
    ]
    for hazard in hazards:
        story.append(Paragraph(_text(hazard.display_title), h2))
        if hazard.assessment_text:
            story.append(Paragraph(_text(f"Vurdering: {hazard.assessment_text}"), body))
        for item in assessment_evidence(assessment, hazard.key):
            story.append(
                Paragraph(_text(f"Grunnlag – {item.shown_label}: {item.shown_value}"), body)
            )
        for action in hazard.actions.all():
            story.append(
                Paragraph(
                    _text(
                        f"Tiltak: {action.description} (frist {action.due_date:%d.%m.%Y}, "
                        f"{action.get_status_display().lower()})"
                    ),
                    body,
                )
            )
    story.append(Paragraph("Signaturer", h2))
    for role, name, at in (
        ("Leder", assessment.manager_signed_by, assessment.manager_signed_at),
        ("Verneombud", assessment.representative_signed_by, assessment.representative_signed_at),
    ):
        signed = (
            f"{role}: signert av {name} {timezone.localtime(at):%d.%m.%Y}"
            if at
            else f"{role}: ikke signert"
        )
        story.append(Paragraph(_text(signed), body))
    return _build(f"Risikovurdering hjemmekontor – {unit.name}", story)
