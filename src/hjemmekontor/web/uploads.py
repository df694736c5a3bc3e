"""Limits on what an uploaded spreadsheet may unpack to, checked before it is read.

An XLSX file is a ZIP archive of XML. A 125 kB upload once unpacked to 51 MB and
took openpyxl 43 seconds and 390 MB to read. The ZIP's central directory states
every part's unpacked size, so the total and each part's compression ratio are
checked from it without unpacking anything; the rows are then counted by
streaming the worksheets (bounded by the unpacked limit) before any reader builds
a table. CSV uploads have their lines counted. Stated sizes can lie, but Python's
zipfile never returns more than the stated size of a part, so a lie only breaks
the file, it does not lift the limit.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
# Parts this small may compress extremely well without harm (empty styles and the like).
_RATIO_FLOOR_BYTES = 1024 * 1024
_MAX_PARTS = 10_000
_ROW_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?row[\s>/]")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


class UploadRefused(ValueError):
    """The upload is over a limit; the message names the limit."""


def check_upload(data: bytes, filename: str) -> None:
    """Refuse an upload that unpacks too large or has too many rows."""
    if data.startswith(ZIP_MAGIC):
        _check_archive(data, filename)
    else:
        _check_lines(data, filename)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _too_many_rows(filename: str) -> UploadRefused:
    return UploadRefused(
        _("Filen «%(filename)s» har mer enn %(limit)s rader; grensen er %(limit)s. Del filen opp.")
        % {"filename": filename, "limit": f"{settings.MAX_UPLOAD_ROWS:,}".replace(",", " ")}
    )


def _check_lines(data: bytes, filename: str) -> None:
    # UTF-16 has a zero byte after each newline; counting b"\n" still counts lines.
    if data.count(b"\n") > settings.MAX_UPLOAD_ROWS:
        raise _too_many_rows(filename)


def _check_archive(data: bytes, filename: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return  # Not a ZIP after all: the reader says what is wrong with it.
    with archive:
        parts = archive.infolist()
        limit = settings.MAX_UNPACKED_BYTES
        unpacked = sum(part.file_size for part in parts)
        if len(parts) > _MAX_PARTS or unpacked > limit:
            raise UploadRefused(
                _(
                    "Filen «%(filename)s» blir %(size)s MB når Excel-filen pakkes ut; grensen er "
                    "%(limit)s MB utpakket. Del filen opp, eller lagre den som CSV."
                )
                % {"filename": filename, "size": _megabytes(unpacked), "limit": _megabytes(limit)}
            )
        ratio = settings.MAX_COMPRESSION_RATIO
        for part in parts:
            if part.file_size > _RATIO_FLOOR_BYTES and part.file_size > ratio * max(
                part.compress_size, 1
            ):
                raise UploadRefused(
                    _(
                        "Filen «%(filename)s» er pakket mer enn %(ratio)s ganger sammen, langt mer "
                        "enn et vanlig regneark, og leses ikke. Lagre den på nytt i Excel, eller "
                        "som CSV."
                    )
                    % {"filename": filename, "ratio": ratio}
                )
        for part in parts:
            if _WORKSHEET.fullmatch(part.filename) and _rows_in(archive, part) > (
                settings.MAX_UPLOAD_ROWS
            ):
                raise _too_many_rows(filename)


def _rows_in(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    count, tail = 0, b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                window = tail + chunk
                count += len(_ROW_TAG.findall(window))
                # Keep the end of the window for a tag split across reads, without
                # counting a tag inside it twice.
                tail = window[-16:]
                count -= len(_ROW_TAG.findall(tail))
            count += len(_ROW_TAG.findall(tail))
    except (zipfile.BadZipFile, OSError, EOFError):
        return 0  # A broken part: the reader reports it in its own words.
    return count
