"""The demo's survey rounds: two closed ones a year apart and one that is open.

Rounds are created with `do_create_round` and every answer is submitted with
`do_submit_response`, the action behind the questionnaire's send button, after
the same `clean_answers` the review page runs. Past rounds pass their own dates
(`now=`), so each response carries the date it was given in the synthetic data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.db import transaction

from hjemmekontor.instruments import load_instrument
from hjemmekontor.organisation.models import Unit
from hjemmekontor.surveys.actions import (
    RoundSpec,
    do_create_round,
    do_send_invitations,
    do_submit_response,
)
from hjemmekontor.surveys.models import Invitation, Round
from hjemmekontor.synth import INSTRUMENTS, ROUNDS

OSLO = ZoneInfo("Europe/Oslo")

# The generator's answers follow version 1 of each questionnaire (docs/synth.md).
INSTRUMENT_VERSION = 1
KINDS = ("employee", "manager", "representative")
OPEN_ROUND_DAYS = 21
# Share of the open round's employees who have answered by the first morning.
OPEN_ROUND_ANSWERED = 0.08
# Backends that keep mail on this machine; with any other (SMTP) the demo marks
# the open round's invitations sent instead of mailing hundreds of made-up people.
LOCAL_MAIL_BACKENDS = (
    "hjemmekontor.mailfolder.MailFolderBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OSLO)


def _spec(name: str, opens_at: dt.datetime, closes_at: dt.datetime) -> RoundSpec:
    tops = list(Unit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    return RoundSpec(
        name=name,
        employee_instrument=f"employee@{INSTRUMENT_VERSION}",
        manager_instrument=f"manager@{INSTRUMENT_VERSION}",
        representative_instrument=f"representative@{INSTRUMENT_VERSION}",
        unit_ids=tops,
        opens_at=opens_at,
        closes_at=closes_at,
    )


def raw_answers(row: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """One generated row as the answers a web form would post (multiple choice as a list)."""
    raw: dict[str, Any] = {}
    for variable in INSTRUMENTS[kind]:
        if variable.kind == "multiple":
            values = [row[column] for column in variable.columns]
            if all(value is None for value in values):
                continue
            raw[variable.id] = [
                code for code, value in zip(variable.codes, values, strict=True) if value == 1
            ]
        elif row[variable.id] is not None:
            raw[variable.id] = row[variable.id]
    return raw


def submit(
    survey_round: Round,
    frames: Mapping[str, pl.DataFrame],
    when: Callable[[dt.date], dt.datetime | None],
) -> int:
    """Submit every row of `frames` for its respondent's invitation; returns the count.

    `when` turns a row's `submitted_on` into the moment passed to
    `do_submit_response` (None: now).
    """
    invitations = {
        (inv.person.employee_number, inv.kind): inv
        for inv in survey_round.invitations.select_related("person")
        if inv.person is not None
    }
    count = 0
    for kind, frame in frames.items():
        instrument = load_instrument(kind, INSTRUMENT_VERSION)
        for row in frame.iter_rows(named=True):
            cleaned, errors = instrument.clean_answers(raw_answers(row, kind))
            if errors:
                item, error = next(iter(errors.items()))
                raise ValueError(
                    f"Generert svar avvist ({kind}, ansatt {row['employee_number']}, "
                    f"{item}): {error.message_nb}"
                )
            invitation = invitations[(str(row["employee_number"]), kind)]
            invitation.round = survey_round  # spare a query per submit
            do_submit_response(invitation, cleaned, now=when(row["submitted_on"]))
            count += 1
    return count


def load_closed_round(round_no: int, answers: Mapping[str, pl.DataFrame]) -> Round:
    """Round `round_no` of the generator, on its own dates, with all its answers."""
    period = ROUNDS[round_no]
    opens_at = _at(period.opens, 8)
    closes_at = _at(period.closes, 23, 59)
    survey_round = do_create_round(
        _spec(f"Hjemmekontor og HMS, vår {period.year}", opens_at, closes_at), now=opens_at
    )
    # The invitations went out when the round opened. There is no action to send
    # mail in the past (do_send_invitations refuses a closed round), so stamp them.
    with transaction.atomic(durable=True):
        survey_round.invitations.update(sent_at=opens_at)
    submit(survey_round, {kind: answers[kind] for kind in KINDS}, lambda day: _at(day, 12))
    return survey_round


def load_open_round(
    now: dt.datetime, answers: Mapping[str, pl.DataFrame], keep_unanswered: set[str]
) -> Round:
    """A round that opened yesterday and closes in three weeks, with a few answers in.

    The early answers are those the same people gave in the latest closed round
    (the generator has no third round). People in `keep_unanswered` (the demo
    logins) are left out, so that their links are still open to try.
    """
    local = now.astimezone(OSLO)
    season = "vår" if local.month <= 6 else "høst"
    survey_round = do_create_round(
        _spec(
            f"Hjemmekontor og HMS, {season} {local.year}",
            now - dt.timedelta(days=1),
            _at(local.date() + dt.timedelta(days=OPEN_ROUND_DAYS), 23, 59),
        )
    )
    if settings.EMAIL_BACKEND in LOCAL_MAIL_BACKENDS:
        do_send_invitations(survey_round)
    else:
        with transaction.atomic(durable=True):
            survey_round.invitations.update(sent_at=now)
    employees = Invitation.objects.filter(round=survey_round, kind="employee").count()
    wanted = max(5, round(OPEN_ROUND_ANSWERED * employees))
    early = (
        answers["employee"]
        .filter(~pl.col("employee_number").cast(pl.String).is_in(sorted(keep_unanswered)))
        .head(wanted)
    )
    submit(survey_round, {"employee": early}, lambda day: None)
    return survey_round
