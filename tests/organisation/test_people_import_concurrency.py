"""Two confirmations of one import at the same moment (double click, two tabs) on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from hjemmekontor.organisation.actions import ImportRefused, do_import_people
from hjemmekontor.organisation.models import Person, Unit
from tests.organisation.org_files import batch_for


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_confirmations_of_one_batch_import_it_once() -> None:
    batch = batch_for(
        [["ansattnr", "navn", "enhet"], *[[str(n), f"Person {n}", "Demo/IT"] for n in range(50)]]
    )
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def confirm() -> None:
        try:
            start.wait()
            do_import_people(batch)
            outcomes.append("imported")
        except ImportRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["imported", "refused", "refused", "refused"]
    assert Person.objects.count() == 50
    assert Unit.objects.count() == 2
