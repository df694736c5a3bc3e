"""What the database keeps beyond its rows: the order of responses after a round closes.

The files themselves (a submitted draft's bytes, file modes) are read in
`test_residue_files.py`, against a real SQLite file in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from hjemmekontor.jobs.inline import run_inline
from hjemmekontor.organisation.models import Person
from hjemmekontor.surveys.actions import (
    do_close_round,
    do_create_round,
    do_save_draft,
    do_submit_response,
)
from hjemmekontor.surveys.links import parse_link, token_for
from hjemmekontor.surveys.models import Draft, Invitation, Response, Round
from tests.conftest import round_spec

pytestmark = pytest.mark.django_db

RESPONDENTS = 60


def answered_round(org: Any, **overrides: Any) -> Round:
    """A round in which RESPONDENTS people answered, each their sequence number."""
    Person.objects.bulk_create(
        Person(name=f"P{i}", employee_number=f"P{i}", unit=org.unit_a1, birth_year=1980)
        for i in range(RESPONDENTS)
    )
    survey_round = do_create_round(
        round_spec(org, manager_instrument="", representative_instrument="", **overrides)
    )
    for sequence, invitation in enumerate(survey_round.invitations.order_by("pk")):
        do_submit_response(invitation, {"comment": f"svar {sequence}"})
    return survey_round


def stored_order(survey_round: Round) -> list[int]:
    """The submission sequence numbers in the order the rows lie in the table."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Response._meta.db_table} WHERE round_id = %s ORDER BY {position}",  # noqa: S608 - our own names
            [survey_round.pk],
        )
        ids = [uuid.UUID(str(row[0])) for row in cursor.fetchall()]
    sequence = {
        pk: int(answers["comment"].split()[1])
        for pk, answers in Response.objects.filter(round=survey_round).values_list("id", "answers")
    }
    return [sequence[pk] for pk in ids]


def rank_correlation(order: list[int]) -> float:
    """Spearman's rho between table position and submission sequence."""
    return statistics.correlation(list(range(len(order))), order)


def test_responses_lie_in_submission_order_until_the_round_closes(org):
    # The finding: without the shuffle, the table is the submission sequence.
    if connection.vendor != "sqlite":
        # PostgreSQL first fills space that earlier, rolled-back tests left in the
        # table, and how much there is depends on when autovacuum ran.
        pytest.skip("the physical order is exactly the submission order on SQLite only")
    survey_round = answered_round(org)
    assert stored_order(survey_round) == list(range(RESPONDENTS))


def test_closing_a_round_stores_its_responses_in_an_order_unrelated_to_submission(org):
    survey_round = answered_round(org)
    do_close_round(survey_round)
    order = stored_order(survey_round)
    assert sorted(order) == list(range(RESPONDENTS))
    # A random order of 60 correlates beyond 0.6 with the sequence once in ~10^5.
    assert abs(rank_correlation(order)) < 0.6, order


def test_closing_a_round_gives_its_responses_new_ids_and_keeps_their_content(org):
    survey_round = answered_round(org)
    fields = ["kind", "instrument", "submitted_on", "unit_id", "gender", "age_group", "answers"]

    def content() -> list[tuple]:
        rows = Response.objects.filter(round=survey_round).values_list(*fields)
        return sorted(rows, key=lambda row: row[-1]["comment"])

    before_ids = set(Response.objects.filter(round=survey_round).values_list("id", flat=True))
    before = content()
    do_close_round(survey_round)
    after_ids = set(Response.objects.filter(round=survey_round).values_list("id", flat=True))
    assert content() == before
    assert not before_ids & after_ids


def test_closing_a_round_leaves_other_rounds_responses_alone(org):
    survey_round = answered_round(org)
    other = do_create_round(round_spec(org, name="Annen runde", representative_instrument=""))
    invitation = other.invitations.filter(kind="employee").first()
    kept = do_submit_response(invitation, {"comment": "svar 0"})
    do_close_round(survey_round)
    assert list(Response.objects.filter(round=other).values_list("id", flat=True)) == [kept.id]


def test_a_round_closed_by_its_end_date_is_shuffled_and_purged_before_its_results(org):
    survey_round = answered_round(org)
    Person.objects.create(name="Utkast", employee_number="U1", unit=org.unit_a1)
    invitation = Invitation.objects.create(
        round=survey_round,
        person=Person.objects.get(name="Utkast"),
        kind="employee",
        unit=org.unit_a1,
    )
    key = parse_link(token_for(invitation.public_id)).draft_key
    assert key is not None
    do_save_draft(invitation, key, {"comment": "ikke sendt"})
    Round.objects.filter(pk=survey_round.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    survey_round.refresh_from_db()
    run_inline("compute_results", survey_round=survey_round)
    assert not Draft.objects.filter(invitation__round=survey_round).exists()
    assert abs(rank_correlation(stored_order(survey_round))) < 0.6
