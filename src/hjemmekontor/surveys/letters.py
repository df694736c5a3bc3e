"""Printed invitations for people without e-mail: one A4 page each, with the
person's one-time code and a QR code to the page where it is typed.

The PDF is made in the request that issues the codes and is not stored: the
codes exist on paper only (``surveys.codes``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Table

from hjemmekontor.surveys.codes import code_url, formatted
from hjemmekontor.surveys.models import Invitation

__all__ = ["letters_pdf"]

_STYLES = getSampleStyleSheet()
_BODY = ParagraphStyle("letter", parent=_STYLES["BodyText"], fontSize=11, leading=15)
_CODE = ParagraphStyle("letter-code", fontName="Courier-Bold", fontSize=26, leading=32)
_TITLE = ParagraphStyle("letter-title", parent=_STYLES["Title"], alignment=0, fontSize=18)


def _qr(text: str, size: float) -> Drawing:
    """The QR code as filled squares: sharp at any print resolution."""
    matrix = segno.make(text, error="m").matrix
    count = len(matrix) + 8  # four modules of quiet zone on each side
    module = size / count
    drawing = Drawing(size, size)
    for row, bits in enumerate(matrix):
        for column, bit in enumerate(bits):
            if bit:
                drawing.add(
                    Rect(
                        (column + 4) * module,
                        size - (row + 5) * module,
                        module,
                        module,
                        fillColor=colors.black,
                        strokeColor=None,
                    )
                )
    return drawing


def _page(canvas: Canvas, invitation: Invitation, code: str) -> None:
    width, height = A4
    survey_round = invitation.round
    closes = formats.date_format(timezone.localdate(survey_round.effective_close), "DATE_FORMAT")
    person = invitation.person
    story = [
        Paragraph(escape(settings.ORGANISATION_NAME), _STYLES["Normal"]),
        Paragraph(
            escape(
                _("Til %(name)s, %(unit)s")
                % {
                    "name": person.name if person else "",
                    "unit": invitation.unit.name,
                }
            ),
            _STYLES["Normal"],
        ),
        Paragraph(escape(survey_round.name), _TITLE),
        Paragraph(
            escape(_("Skjema: %(kind)s") % {"kind": invitation.get_kind_display()}),
            _STYLES["Normal"],
        ),
        Paragraph(
            escape(
                _(
                    "Vi kartlegger hjemmekontor og arbeidsmiljø, og vil gjerne høre fra deg. "
                    "Det er frivillig å svare, og du kan hoppe over spørsmål."
                )
            ),
            _BODY,
        ),
        Paragraph(
            escape(
                _(
                    "Svaret ditt lagres uten navn og uten kobling til deg eller til dette brevet. "
                    "Ingen tall vises for grupper med færre enn %(k)s svar."
                )
                % {"k": settings.ANONYMITY_K}
            ),
            _BODY,
        ),
        Paragraph(escape(_("Slik svarer du")), _STYLES["Heading2"]),
        Paragraph(
            escape(
                _("1. Gå til %(url)s på mobil, nettbrett eller PC, eller skann QR-koden.")
                % {"url": code_url()}
            ),
            _BODY,
        ),
        Paragraph(escape(_("2. Skriv inn koden din:")), _BODY),
        Table(
            [[Paragraph(formatted(code), _CODE), _qr(code_url(), 40 * mm)]],
            colWidths=[width - 40 * mm - 45 * mm, 45 * mm],
            style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
        ),
        Paragraph(
            escape(
                _(
                    "3. Svar på spørsmålene og send inn. Koden kan brukes én gang: siden du "
                    "kommer til, er din personlige lenke. Lagre den som bokmerke hvis du vil "
                    "fortsette senere."
                )
            ),
            _BODY,
        ),
        Paragraph(
            escape(_("Undersøkelsen er åpen til og med %(date)s.") % {"date": closes}),
            _BODY,
        ),
        Paragraph(
            escape(
                _(
                    "Koden er personlig: ikke gi den til andre. Har du mistet brevet, eller "
                    "virker ikke koden, kan HMS-rådgiveren lage et nytt; da slutter denne "
                    "koden å virke."
                )
            ),
            _BODY,
        ),
    ]
    Frame(20 * mm, 20 * mm, width - 40 * mm, height - 40 * mm, showBoundary=0).addFromList(
        story, canvas
    )
    canvas.showPage()


def letters_pdf(letters: Iterable[tuple[Invitation, str]], language: str = "nb") -> bytes:
    """One page per (invitation, code), in the given language."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setAuthor(settings.ORGANISATION_NAME)
    with translation.override(language):
        canvas.setTitle(_("Invitasjonsbrev"))
        for invitation, code in letters:
            _page(canvas, invitation, code)
    canvas.save()
    return buffer.getvalue()
