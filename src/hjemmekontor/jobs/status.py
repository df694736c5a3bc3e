"""What a job says to people: one line of progress, outcome or failure."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hjemmekontor.jobs.models import Job


def _n(value: int | None) -> str:
    return number_format(value or 0, force_grouping=True)


# A job queued this long has not been picked up: most likely no worker runs.
UNCLAIMED_SECONDS = 120


@dataclass(frozen=True)
class JobLine:
    job: Job
    text: str
    active: bool
    failed: bool
    # Queued for long with no worker taking it (shown to the admin as a warning).
    unclaimed: bool = False


def _running(job: Job) -> str:
    known = job.total is not None and job.status == "running"
    counts = {"done": _n(job.done), "total": _n(job.total)}
    if job.kind == "compute_results":
        if not known:
            return _("Resultatene står i kø for å beregnes.")
        return _("Resultatene beregnes (%(done)s av %(total)s enheter).") % counts
    if job.kind == "send_invitations":
        if not known:
            return _("Invitasjonene står i kø for å sendes.")
        return _("Invitasjoner: %(done)s av %(total)s sendt.") % counts
    if job.kind == "send_reminders":
        if not known:
            return _("Påminnelsene står i kø for å sendes.")
        return _("Påminnelser: %(done)s av %(total)s sendt.") % counts
    if job.kind == "hms_reminders":
        return _("HMS-påminnelsene sendes.")
    if job.kind == "import_people":
        if not known:
            return _("Importen står i kø.")
        return _("Importen kjører (%(total)s linjer).") % counts
    return _("Jobben kjører.")


def _done(job: Job) -> str:
    outcome = job.outcome or {}
    if job.kind == "compute_results":
        return _("Resultatene er beregnet (%(n)s svar).") % {"n": _n(outcome.get("respondents"))}
    sent = int(outcome.get("sent") or 0)
    if job.kind == "send_invitations":
        return ngettext(
            "%(n)s e-post med invitasjon er sendt.",
            "%(n)s e-poster med invitasjoner er sendt.",
            sent,
        ) % {"n": _n(sent)}
    if job.kind == "import_people":
        return _("Importen er gjennomført.")
    if job.kind in ("send_reminders", "hms_reminders"):
        return ngettext("%(n)s påminnelse er sendt.", "%(n)s påminnelser er sendt.", sent) % {
            "n": _n(sent)
        }
    return _("Jobben er ferdig.")


def describe(job: Job) -> JobLine:
    if job.status == "failed":
        text = _("%(kind)s feilet: %(reason)s") % {
            "kind": job.get_kind_display(),
            "reason": job.error or _("ukjent årsak"),
        }
        return JobLine(job, text, active=False, failed=True)
    if job.status == "done":
        return JobLine(job, _done(job), active=False, failed=False)
    waited = (timezone.now() - job.created_at).total_seconds()
    unclaimed = job.status == "queued" and waited > UNCLAIMED_SECONDS
    return JobLine(job, _running(job), active=True, failed=False, unclaimed=unclaimed)


def round_lines(round_pk: int, limit: int = 6) -> list[JobLine]:
    """The newest jobs of a round, for its page."""
    return [describe(job) for job in Job.objects.filter(round_id=round_pk)[:limit]]
