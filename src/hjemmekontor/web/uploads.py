"""The web side of reading an uploaded table: the limits from the settings, and refusals in words.

The reading and the limits themselves are :mod:`hjemmekontor.tables`, which has no
Django; this module gives it the limits an upload gets (``HJEMMEKONTOR_MAX_*``) and
turns its :class:`~hjemmekontor.tables.TableError` into a sentence in the visitor's
language that names the file. Both the people import and the working-time import use it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from hjemmekontor.tables import Limits, TableError, megabytes

# A people or time file has a few dozen columns; a sheet may claim 16 384, and
# every row of such a sheet would be padded to that width.
MAX_COLUMNS = 500


def limits(max_bytes: int | None = None) -> Limits:
    """The limits an uploaded file is read under; ``max_bytes`` defaults to the upload limit."""
    return Limits(
        raw_bytes=settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes,
        unpacked_bytes=settings.MAX_UNPACKED_BYTES,
        compression_ratio=settings.MAX_COMPRESSION_RATIO,
        rows=settings.MAX_UPLOAD_ROWS,
        columns=MAX_COLUMNS,
    )


def too_large(filename: str, size: int, limit: int) -> str:
    """The refusal of a file over the upload size, before any byte of it is read."""
    return _(
        "Filen «%(filename)s» er %(size)s MB; grensen er %(limit)s MB. "
        "Del filen opp eller fjern kolonner som ikke trengs."
    ) % {"filename": filename, "size": megabytes(size), "limit": megabytes(limit)}


def refusal(error: TableError, filename: str) -> str:
    """What to tell the visitor about a file the reader refused."""
    params = error.params
    code = error.code
    if code == "too_large":
        return too_large(filename, params["size"], params["limit"])
    if code == "unpacked":
        return _(
            "Filen «%(filename)s» blir %(size)s MB når Excel-filen pakkes ut; grensen er "
            "%(limit)s MB utpakket. Del filen opp, eller lagre den som CSV."
        ) % {
            "filename": filename,
            "size": megabytes(params["size"]),
            "limit": megabytes(params["limit"]),
        }
    if code == "packed":
        return _(
            "Filen «%(filename)s» er pakket mer enn %(ratio)s ganger sammen, langt mer "
            "enn et vanlig regneark, og leses ikke. Lagre den på nytt i Excel, eller som "
            "CSV."
        ) % {"filename": filename, "ratio": params["ratio"]}
    if code == "too_many_rows":
        return _(
            "Filen «%(filename)s» har mer enn %(limit)s rader; grensen er %(limit)s. Del filen opp."
        ) % {"filename": filename, "limit": f"{params['limit']:,}".replace(",", " ")}
    if code == "empty":
        return _("Filen «%(filename)s» er tom.") % {"filename": filename}
    if code == "binary":
        return _(
            "Filen «%(filename)s» ser ikke ut til å være en tekstfil (CSV) eller en "
            "Excel-fil (.xlsx)."
        ) % {"filename": filename}
    if code == "xls":
        return _(
            "Filen «%(filename)s» er i det gamle Excel-formatet (.xls). "
            "Lagre den som .xlsx eller som CSV og last den opp igjen."
        ) % {"filename": filename}
    if code == "undecodable":
        return _(
            "Filen «%(filename)s» kunne ikke leses som UTF-8 eller Windows-1252: "
            "ugyldig byte 0x%(byte)02X på linje %(line)s, tegn %(column)s. "
            "Lagre filen som «CSV UTF-8» i Excel og last den opp igjen."
        ) % {
            "filename": filename,
            "byte": params["byte"],
            "line": error.line,
            "column": params["column"],
        }
    if code in {"xlsx", "no_sheet", "unknown_sheet"}:
        # The last two only arise for a sheet named in a column mapping; the
        # reader's own words say which.
        return _("Filen «%(filename)s» kan ikke leses som Excel-fil (.xlsx): %(reason)s.") % {
            "filename": filename,
            "reason": str(params.get("reason", error.message)).rstrip("."),
        }
    # csv, ragged and a forced encoding that does not fit: a fault at a line.
    return _("Filen «%(filename)s» kan ikke leses som CSV på linje %(line)s: %(reason)s.") % {
        "filename": filename,
        "line": error.line or 1,
        "reason": str(params.get("reason", error.message)).rstrip("."),
    }
