"""The anonymity promise, as stored. Tested like security bugs."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test import Client

from hjemmekontor.surveys.actions import do_submit_response
from hjemmekontor.surveys.models import Invitation, Response
from tests.conftest import token_of

pytestmark = pytest.mark.django_db


def response_columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(
            cursor, Response._meta.db_table
        )
    return {column.name for column in description}


def test_response_table_has_no_link_to_invitation_person_or_time():
    columns = response_columns()
    assert columns == {
        "id",
        "round_id",
        "kind",
        "instrument",
        "submitted_on",
        "unit_id",
        "gender",
        "age_group",
        "is_manager",
        "answers",
    }
    for field in Response._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related is None or related.__name__ in {"Round", "Unit"}, field.name


def test_submission_date_is_a_date_not_a_timestamp(open_round, employee):
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    response = do_submit_response(invitation, {})
    field = Response._meta.get_field("submitted_on")
    assert field.get_internal_type() == "DateField"
    assert isinstance(response.submitted_on, dt.date) and not isinstance(
        response.submitted_on, dt.datetime
    )


def test_response_ids_are_random_not_a_sequence(
    open_round, employee, manager_a, manager_b, representative
):
    ids = []
    for person in (employee, manager_a, manager_b, representative):
        invitation = Invitation.objects.get(round=open_round, person=person, kind="employee")
        ids.append(do_submit_response(invitation, {}).id)
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)
    # Listing order is by random id, so it does not follow the order of submission.
    assert list(Response.objects.values_list("id", flat=True)) == sorted(ids)


def test_invitation_records_that_but_not_when_someone_answered():
    names = {field.name for field in Invitation._meta.get_fields()}
    assert "answered" in names
    assert not {"answered_at", "submitted_at", "response", "response_id"} & names


def test_no_ip_address_or_user_agent_is_stored_anywhere(employee_token, open_round):
    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Secret-Agent/1.0")
    client.post(f"/svar/{employee_token}/1/", {"can_work_home": "no", "next": "1"})
    client.post(f"/svar/{employee_token}/send/")
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            dump = repr(cursor.fetchall())
            assert "203.0.113.77" not in dump, table
            assert "Secret-Agent" not in dump, table


def test_the_stored_response_cannot_be_matched_to_the_invitation_by_any_shared_value(
    open_round, employee
):
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    response = do_submit_response(invitation, {"can_work_home": "no"})
    row = {
        field.attname: getattr(response, field.attname) for field in Response._meta.concrete_fields
    }
    # Small integer ids (round, unit) coincide with invitation ids by chance; what must
    # never appear is anything that identifies the invitation or the person.
    secrets = {
        str(invitation.public_id),
        invitation.public_id.hex,
        employee.email,
        employee.name,
        employee.employee_number,
    }
    for value in row.values():
        assert str(value) not in secrets


def test_marking_answered_and_storing_the_response_happen_together(
    open_round, employee, monkeypatch
):
    invitation = Invitation.objects.get(round=open_round, person=employee, kind="employee")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Response.objects, "create", explode)
    with pytest.raises(RuntimeError):
        do_submit_response(invitation, {})
    invitation.refresh_from_db()
    assert not invitation.answered  # rolled back with the failed insert: the person can try again


def test_two_people_answering_the_same_day_cannot_be_told_apart_by_order(
    open_round, employee, manager_b
):
    first = Invitation.objects.get(round=open_round, person=employee, kind="employee")
    second = Invitation.objects.get(round=open_round, person=manager_b, kind="employee")
    a = do_submit_response(first, {"can_work_home": "no"})
    b = do_submit_response(second, {"can_work_home": "yes"})
    assert a.submitted_on == b.submitted_on
    assert token_of(open_round, employee)  # the link itself still resolves to "answered"


def test_a_database_reader_can_match_a_response_whose_background_no_other_respondent_shares(
    open_round, employee, manager_a, manager_b
):
    # A known limit, pinned (docs/privacy.md, threat model): the response keeps the
    # invitation's background so results can be weighted and broken down, and only
    # the export generalises it. Whoever reads the tables can pair a response with
    # the one answered invitation of the same background. If this starts to fail,
    # the limit is closed: update the threat model.
    for person in (employee, manager_a, manager_b):
        invitation = Invitation.objects.get(round=open_round, person=person, kind="employee")
        do_submit_response(invitation, {"can_work_home": "no" if person == employee else "yes"})
    background = ("unit_id", "gender", "age_group", "is_manager")
    answered = Invitation.objects.filter(round=open_round, kind="employee", answered=True)
    identified = {}
    for response in Response.objects.filter(round=open_round, kind="employee"):
        same = [
            invitation
            for invitation in answered
            if all(getattr(invitation, f) == getattr(response, f) for f in background)
        ]
        if len(same) == 1:
            identified[same[0].person_id] = response.answers
    assert identified[employee.pk] == {"can_work_home": "no"}
