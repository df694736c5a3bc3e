"""Simultaneous submissions against a real PostgreSQL server: none lost, none doubled."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from hjemmekontor.organisation.models import Person
from hjemmekontor.surveys.actions import do_create_round
from hjemmekontor.surveys.links import token_for
from hjemmekontor.surveys.models import Invitation, Response
from tests.conftest import round_spec

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def submit_all(tokens: list[str]) -> Counter[int]:
    barrier = threading.Barrier(len(tokens))
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def worker(token: str) -> None:
        try:
            client = Client()
            barrier.wait(timeout=60)
            status = client.post(f"/svar/{token}/send/").status_code
            with lock:
                statuses[status] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_two_hundred_simultaneous_submissions_on_distinct_links_store_two_hundred_responses(org):
    assert connection.vendor == "postgresql"
    Person.objects.bulk_create(
        [
            Person(
                name=f"P{i}",
                employee_number=f"P{i}",
                unit=org.unit_a1,
                gender="female",
                birth_year=1980,
            )
            for i in range(200)
        ]
    )
    survey_round = do_create_round(
        round_spec(org, manager_instrument="", representative_instrument="")
    )
    tokens = [
        token_for(public_id)
        for public_id in Invitation.objects.filter(round=survey_round).values_list(
            "public_id", flat=True
        )
    ]
    assert len(tokens) == 200
    statuses = submit_all(tokens)
    assert statuses == {302: 200}
    assert Response.objects.filter(round=survey_round).count() == 200
    assert Invitation.objects.filter(round=survey_round, answered=False).count() == 0


def test_fifty_simultaneous_submissions_on_one_link_store_exactly_one_response(org):
    assert connection.vendor == "postgresql"
    Person.objects.create(name="Dobbel", employee_number="D1", unit=org.unit_a1)
    survey_round = do_create_round(
        round_spec(org, manager_instrument="", representative_instrument="")
    )
    public_id = Invitation.objects.get(round=survey_round).public_id
    statuses = submit_all([token_for(public_id)] * 50)
    assert statuses[302] == 1  # the one that won goes to the thank-you page
    assert statuses[200] == 49  # the others are told the link has already been used
    assert Response.objects.filter(round=survey_round).count() == 1
