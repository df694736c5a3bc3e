"""Jobs as people meet them: queued once, progress on the page, failures with a retry."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from hjemmekontor.jobs import schedule
from hjemmekontor.jobs.actions import ProgressWriter, do_claim_job, do_enqueue_job
from hjemmekontor.jobs.models import Job
from hjemmekontor.jobs.terminal import ProgressBar
from hjemmekontor.jobs.worker import run_queued
from hjemmekontor.results.models import ResultSet
from hjemmekontor.surveys.actions import do_create_round, do_send_invitations
from hjemmekontor.surveys.models import Invitation, Round
from tests.conftest import round_spec

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def memory_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_same_work_is_queued_once_however_many_ask(open_round: Round) -> None:
    first, new = do_enqueue_job("send_invitations", survey_round=open_round)
    second, again = do_enqueue_job("send_invitations", survey_round=open_round)
    assert new and not again and first.pk == second.pk
    assert run_queued() == 1
    first.refresh_from_db()
    assert first.status == "done"
    # Once done, asking again is new work.
    third, new = do_enqueue_job("send_invitations", survey_round=open_round)
    assert new and third.pk != first.pk


def test_sending_invitations_from_the_round_page_runs_in_the_worker_and_shows_progress(
    open_round: Round, persona_clients: dict[str, Client]
) -> None:
    admin = persona_clients["admin"]
    answer = admin.post(f"/runder/{open_round.pk}/send/", follow=True)
    html = answer.content.decode()
    assert "Satt i gang" in html and "Invitasjonene står i kø for å sendes." in html
    assert 'data-job-refresh="3"' in html
    assert mail.outbox == []  # nothing is sent in the request
    assert run_queued() == 1
    addresses = set(
        Invitation.objects.filter(round=open_round)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(addresses)
    html = admin.get(f"/runder/{open_round.pk}/").content.decode()
    assert f"{len(addresses)} e-poster med invitasjoner er sendt." in html
    assert "data-job-refresh" not in html


def test_a_running_job_shows_how_far_it_has_come(
    open_round: Round, persona_clients: dict[str, Client]
) -> None:
    job, _ = do_enqueue_job("send_invitations", survey_round=open_round)
    claimed = do_claim_job(job.pk)
    assert claimed is not None
    ProgressWriter(claimed)(3200, 10000)
    html = persona_clients["admin"].get(f"/runder/{open_round.pk}/").content.decode()
    assert "Invitasjoner: 3\xa0200 av 10\xa0000 sendt." in html
    assert '<progress max="10000" value="3200"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html


def test_an_email_in_doubt_after_a_crash_is_sent_again_with_the_same_message_id(
    open_round: Round,
) -> None:
    do_send_invitations(open_round)
    first = {m.to[0]: m.extra_headers["Message-ID"] for m in mail.outbox}
    # As if the worker died after sending one e-mail but before recording it.
    address = sorted(first)[0]
    Invitation.objects.filter(round=open_round, email=address).update(sent_at=None)
    mail.outbox.clear()
    assert do_send_invitations(open_round) == 1
    [again] = mail.outbox
    assert again.to == [address] and again.extra_headers["Message-ID"] == first[address]
    assert address not in again.extra_headers["Message-ID"]


def test_a_reminder_resumed_after_a_crash_reminds_nobody_twice(
    open_round: Round, persona_clients: dict[str, Client]
) -> None:
    persona_clients["admin"].post(f"/runder/{open_round.pk}/paaminn/")
    job = Job.objects.get(kind="send_reminders")
    assert job.params == {"wave": 1}
    pending = Invitation.objects.filter(round=open_round, answered=False).exclude(email="")
    # The worker had reminded one person when it died.
    first = pending.order_by("email").first()
    assert first is not None
    Invitation.objects.filter(email=first.email, round=open_round).update(reminder_count=1)
    assert run_queued() == 1
    reminded = sorted(m.to[0] for m in mail.outbox)
    assert first.email not in reminded
    assert len(reminded) == pending.values("email").distinct().count() - 1
    # A new reminder is a new wave, for everyone who still has not answered.
    persona_clients["admin"].post(f"/runder/{open_round.pk}/paaminn/")
    assert Job.objects.filter(kind="send_reminders").first().params == {"wave": 2}


def broken_round(org: Any) -> Round:
    """A closed round whose questionnaire version does not exist: it cannot be computed."""
    now = timezone.now()
    survey_round = do_create_round(
        round_spec(org, opens_at=now - dt.timedelta(days=20), closes_at=now + dt.timedelta(days=1))
    )
    Round.objects.filter(pk=survey_round.pk).update(
        closes_at=now - dt.timedelta(days=1), employee_instrument="employee@999"
    )
    survey_round.refresh_from_db()
    return survey_round


def test_a_failed_computation_tells_the_admin_why_and_can_be_retried(
    org: Any, persona_clients: dict[str, Client]
) -> None:
    survey_round = broken_round(org)
    admin, employee = persona_clients["admin"], persona_clients["employee"]
    admin.get(f"/resultater/{survey_round.pk}/")
    assert run_queued() == 1
    job = Job.objects.get(kind="compute_results", round=survey_round)
    assert job.status == "failed" and job.error
    html = admin.get(f"/resultater/{survey_round.pk}/").content.decode()
    assert "Resultatene kunne ikke beregnes" in html and job.error[:40] in html
    assert f'action="/jobber/{job.pk}/prov-igjen/"' in html
    assert "data-job-refresh" not in html  # nothing to follow until someone retries
    html = admin.get(f"/runder/{survey_round.pk}/").content.decode()
    assert "Beregne resultater feilet" in html and "Prøv igjen" in html
    # The employee learns that it failed, not why, and gets no button.
    html = employee.get(f"/resultater/{survey_round.pk}/").content.decode()
    assert "Resultatene kunne ikke beregnes" in html and job.error[:40] not in html
    assert "prov-igjen" not in html
    # Viewing does not queue a failed computation again; the retry does.
    assert run_queued() == 0
    assert employee.post(f"/jobber/{job.pk}/prov-igjen/").status_code == 403
    admin.post(f"/jobber/{job.pk}/prov-igjen/", {"next": f"/resultater/{survey_round.pk}/"})
    job.refresh_from_db()
    assert job.status == "queued" and job.error == ""


def test_rounds_that_closed_by_their_end_date_are_computed_once(org: Any, employee: Any) -> None:
    now = timezone.now()
    survey_round = do_create_round(
        round_spec(org, opens_at=now - dt.timedelta(days=20), closes_at=now + dt.timedelta(days=1))
    )
    assert schedule.compute_closed_rounds(now) == []
    later = now + dt.timedelta(days=2)
    [job] = schedule.compute_closed_rounds(later)
    assert job.round == survey_round
    assert schedule.compute_closed_rounds(later) == []
    Round.objects.filter(pk=survey_round.pk).update(closes_at=now - dt.timedelta(minutes=1))
    assert run_queued() == 1
    assert ResultSet.objects.filter(round=survey_round, kind="employee").exists()
    assert schedule.compute_closed_rounds() == []


def test_planned_reminders_go_out_once_at_their_time(org: Any, employee: Any) -> None:
    now = timezone.now()
    when = now + dt.timedelta(hours=2)
    survey_round = do_create_round(round_spec(org, planned_reminders=(when,)))
    assert schedule.planned_reminders(now) == []
    [job] = schedule.planned_reminders(when + dt.timedelta(minutes=1))
    assert job.kind == "send_reminders" and job.params["wave"] == 1
    assert job.round == survey_round
    assert schedule.planned_reminders(when + dt.timedelta(minutes=2)) == []


def test_a_planned_reminder_outside_the_round_is_refused_by_the_form(
    org: Any, persona_clients: dict[str, Client]
) -> None:
    answer = persona_clients["admin"].post(
        "/runder/ny/",
        {
            "name": "Runde",
            "employee_instrument": "employee@1",
            "units": [str(org.root.pk)],
            "opens_at": "2030-01-01T08:00",
            "closes_at": "2030-01-15T16:00",
            "reminder_1": "2030-02-01T08:00",
        },
    )
    assert answer.status_code == 200
    assert "En påminnelse må sendes mens runden er åpen." in answer.content.decode()
    assert not Round.objects.exists()


def test_the_daily_hms_reminders_are_queued_once_a_day_from_the_configured_hour(
    settings: Any,
) -> None:
    settings.HMS_REMINDER_HOUR = 7
    oslo = schedule.OSLO
    early = dt.datetime(2026, 12, 3, 6, 30, tzinfo=oslo)
    assert schedule.daily_hms_reminders(early) is None
    morning = dt.datetime(2026, 12, 3, 7, 5, tzinfo=oslo)
    job = schedule.daily_hms_reminders(morning)
    assert job is not None and job.params == {"today": "2026-12-03"}
    assert schedule.daily_hms_reminders(morning + dt.timedelta(hours=3)) is None
    assert run_queued() == 1
    job.refresh_from_db()
    assert job.status == "done"
    assert schedule.daily_hms_reminders(morning + dt.timedelta(days=1)) is not None


def test_a_job_whose_worker_went_silent_is_queued_again_and_fails_after_three_losses(
    open_round: Round, settings: Any
) -> None:
    job, _ = do_enqueue_job("send_invitations", survey_round=open_round)
    for attempt in (1, 2, 3):
        claimed = do_claim_job(job.pk)
        assert claimed is not None and claimed.attempts == attempt
        silent = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
        Job.objects.filter(pk=job.pk).update(heartbeat_at=silent)
        assert schedule.recover_lost_jobs() == 1
        job.refresh_from_db()
        assert job.status == ("queued" if attempt < 3 else "failed")
    assert "stoppet uventet 3 ganger" in job.error
    # A running job with a fresh heartbeat is left alone.
    fresh, _ = do_enqueue_job("send_invitations", survey_round=open_round)
    assert do_claim_job(fresh.pk) is not None
    assert schedule.recover_lost_jobs() == 0


def test_the_progress_bar_draws_on_a_terminal_and_stays_silent_elsewhere() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = ProgressBar("Beregner", "enheter", stream=screen)
    bar(0, 300)
    bar(212, 300)
    bar.close()
    assert screen.getvalue().endswith("] 212/300 enheter\n")
    assert "#" * 21 + "." * 9 in screen.getvalue()
    piped = io.StringIO()
    quiet = ProgressBar("Beregner", "enheter", stream=piped)
    quiet(5, 10)
    quiet.close()
    assert piped.getvalue() == ""


def test_a_job_nobody_picks_up_warns_the_admin_that_no_worker_runs(
    open_round: Round, persona_clients: dict[str, Client]
) -> None:
    job, _ = do_enqueue_job("send_invitations", survey_round=open_round)
    page = f"/runder/{open_round.pk}/"
    assert "hjemmekontor worker" not in persona_clients["admin"].get(page).content.decode()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    html = persona_clients["admin"].get(page).content.decode()
    assert "Ingen arbeidsprosess har tatt jobben ennå." in html


@pytest.mark.django_db(transaction=True)
def test_the_command_follows_a_computation_a_worker_is_already_running(
    org: Any, employee: Any
) -> None:
    import threading

    from django.db import connection

    from hjemmekontor.jobs.inline import run_inline

    now = timezone.now()
    survey_round = do_create_round(
        round_spec(org, opens_at=now - dt.timedelta(days=3), closes_at=now + dt.timedelta(days=3))
    )
    job, _ = do_enqueue_job("compute_results", survey_round=survey_round)
    assert do_claim_job(job.pk) is not None  # a worker elsewhere has it

    def worker_finishes() -> None:
        try:
            ProgressWriter(job)(1, 2)
            Job.objects.filter(pk=job.pk).update(status="done", done=2, total=2)
        finally:
            connection.close()

    seen: list[tuple[int, int]] = []
    timer = threading.Timer(0.3, worker_finishes)
    timer.start()
    followed = run_inline(
        "compute_results", survey_round=survey_round, observer=lambda d, t: seen.append((d, t))
    )
    timer.join()
    assert followed.pk == job.pk and followed.status == "done"
    assert seen[-1] == (2, 2)
    assert Job.objects.filter(kind="compute_results").count() == 1
