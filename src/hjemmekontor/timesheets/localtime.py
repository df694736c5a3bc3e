"""Wall-clock times in Europe/Oslo, read the way the worktime library reads them.

An ambiguous time (02:00-02:59 on the last Sunday of October, when the clocks
go back) is its first occurrence, unless that puts an end before its start,
then its second; a time that does not exist (02:00-02:59 on the last Sunday of
March) is refused. Same rule as ``hjemmekontor.worktime.timeline``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
UTC = dt.UTC
INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y kl. %H:%M")


class LocalTimeError(ValueError):
    """A text that is not a usable Oslo wall-clock time; the message is for the user."""


def parse_local(text: str) -> dt.datetime:
    """A naive wall-clock datetime from a form value (``2026-03-02T08:00`` or ``02.03.2026 08:00``)."""
    value = text.strip()
    for fmt in INPUT_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt)  # noqa: DTZ007 (wall clock, resolved below)
        except ValueError:
            continue
    raise LocalTimeError(f"«{value}» er ikke et tidspunkt; skriv for eksempel 02.03.2026 08:00.")


def exists(naive: dt.datetime) -> bool:
    """False for wall-clock times skipped when the clocks go forward."""
    aware = naive.replace(tzinfo=OSLO)
    back = aware.astimezone(UTC).astimezone(OSLO).replace(tzinfo=None)
    return back == naive


def resolve(naive: dt.datetime, *, after: dt.datetime | None = None) -> dt.datetime:
    """The instant (aware, UTC) of a wall-clock time.

    With ``after``, an ambiguous time that would not come after it is its second occurrence.

    Raises
    ------
    LocalTimeError
        For a time that does not exist in Europe/Oslo.
    """
    if not exists(naive):
        raise LocalTimeError(
            f"Klokkeslettet {naive:%d.%m.%Y %H:%M} finnes ikke: klokken ble stilt fram "
            "en time denne natten."
        )
    # Compared in UTC: aware datetimes sharing a tzinfo compare by wall clock, fold ignored.
    first = naive.replace(tzinfo=OSLO, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=OSLO, fold=1).astimezone(UTC)
    if after is not None and first <= after.astimezone(UTC):
        return second
    return first


def resolve_pair(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Aware (start, end) for a registration entered as two wall-clock times."""
    aware_start = resolve(start)
    return aware_start, resolve(end, after=aware_start)


def local(moment: dt.datetime) -> dt.datetime:
    """An aware instant as Oslo time."""
    return moment.astimezone(OSLO)


def form_value(moment: dt.datetime) -> str:
    """The value of a ``datetime-local`` input for an aware instant."""
    return local(moment).strftime("%Y-%m-%dT%H:%M")
