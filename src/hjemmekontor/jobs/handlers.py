"""What each kind of job does. A handler returns the job's outcome (counts).

Every handler can be run again on the same job and goes on from the committed
state: results replace what was stored, e-mails already recorded as sent are
not sent again, HMS reminders are claimed one by one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hjemmekontor.jobs.actions import ProgressWriter
from hjemmekontor.jobs.models import Job


class JobFailed(Exception):
    """The job cannot be done; the message (bokmål) is shown to the admin."""


def compute_results(job: Job, progress: ProgressWriter) -> dict[str, Any]:
    from hjemmekontor.results.compute import NoResults, do_compute_results
    from hjemmekontor.surveys.models import Draft
    from hjemmekontor.surveys.residue import do_clear_round_residue

    survey_round = job.round
    if survey_round is None:
        raise JobFailed("Runden finnes ikke lenger.")
    if survey_round.status() != "closed":
        raise JobFailed("Runden er ikke stengt; resultatene beregnes når den stenger.")
    # A round that closed by its end date still holds its unsent drafts, which are
    # linked to people, and its responses in the order they came in: both go before
    # anything is computed. (`do_close_round` did this for a round closed early.)
    if survey_round.closed_early_at is None:
        do_clear_round_residue(survey_round)
    else:
        Draft.objects.filter(invitation__round=survey_round).delete()
    try:
        sets = do_compute_results(survey_round, progress=progress)
    except NoResults as error:
        raise JobFailed(str(error)) from error
    return {"respondents": sum(s.respondents for s in sets)}


def send_invitations(job: Job, progress: ProgressWriter) -> dict[str, Any]:
    from hjemmekontor.surveys.actions import SurveyError, do_send_invitations

    if job.round is None:
        raise JobFailed("Runden finnes ikke lenger.")
    try:
        sent = do_send_invitations(job.round, progress=progress)
    except SurveyError as error:
        raise JobFailed(str(error)) from error
    return {"sent": sent}


def send_reminders(job: Job, progress: ProgressWriter) -> dict[str, Any]:
    from hjemmekontor.surveys.actions import SurveyError, do_send_reminders

    if job.round is None:
        raise JobFailed("Runden finnes ikke lenger.")
    try:
        sent = do_send_reminders(job.round, wave=job.params.get("wave"), progress=progress)
    except SurveyError as error:
        raise JobFailed(str(error)) from error
    return {"sent": sent}


def hms_reminders(job: Job, progress: ProgressWriter) -> dict[str, Any]:
    from hjemmekontor.hms.actions import do_send_hms_reminders

    today = job.params.get("today")
    sent = do_send_hms_reminders(today=dt.date.fromisoformat(today) if today else None)
    progress(1, 1)
    return {"sent": sent}


def import_people(job: Job, progress: ProgressWriter) -> dict[str, Any]:
    from hjemmekontor.organisation.actions import ImportRefused, do_import_people
    from hjemmekontor.organisation.models import ImportBatch

    batch = ImportBatch.objects.filter(pk=job.params.get("batch")).first()
    if batch is None:
        raise JobFailed("Importen finnes ikke lenger.")
    progress(0, len(batch.rows))
    try:
        # One transaction: a worker killed halfway leaves the register as it was,
        # and the job run again applies the whole import.
        batch = do_import_people(batch)
    except ImportRefused as error:
        raise JobFailed(str(error)) from error
    progress(len(batch.rows), len(batch.rows))
    return {"lines": len(batch.rows)}


HANDLERS: dict[str, Callable[[Job, ProgressWriter], dict[str, Any]]] = {
    "compute_results": compute_results,
    "send_invitations": send_invitations,
    "send_reminders": send_reminders,
    "hms_reminders": hms_reminders,
    "import_people": import_people,
}
