"""What the database files remember beyond the rows they hold, and clearing it.

A deleted row is not gone from the files: SQLite leaves its bytes in the page's
free space and keeps older copies of the page in the write-ahead log (WAL) until a
checkpoint; a draft deleted in the submit transaction would sit there beside the
identical response. And both SQLite (rowid) and PostgreSQL (heap) store rows in the
order they were inserted, so the physical order of responses is the order of
submission, which can be matched against who answered when.

`secure_delete` (settings) makes SQLite overwrite deleted content with zeros;
`checkpoint_after_commit` then moves the pages into the database file and empties
the WAL; `shuffle_responses` rewrites a closed round's responses in random order
with new ids.
"""

from __future__ import annotations

import random
import uuid

from django.db import connection, transaction

from hjemmekontor.surveys.models import Draft, Response, Round

# Responses written per INSERT while shuffling.
BATCH = 500


def checkpoint() -> None:
    """Copy SQLite's WAL into the database file and truncate the WAL to nothing.

    A no-op on PostgreSQL, and inside a transaction (a checkpoint cannot run in
    one; the caller's transaction ends later, and checkpoints then).
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        # Returns (busy, wal pages, pages moved); busy=1 means a reader kept an old
        # snapshot, and the next checkpoint (or the last connection closing) finishes.
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def checkpoint_after_commit() -> None:
    """Checkpoint once the current transaction has committed (not if it rolls back)."""
    transaction.on_commit(checkpoint)


def shuffle_responses(survey_round: Round) -> int:
    """Rewrite the round's responses in random order with new random ids.

    Must run inside the caller's transaction: the copies and the deletion of the
    originals commit together. Nothing refers to a response's id (the schema has
    no foreign key to `Response`), so new ids lose nothing. Returns the count.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("shuffle_responses must run inside a transaction")
    columns = [field.attname for field in Response._meta.concrete_fields if not field.primary_key]
    rows = list(Response.objects.filter(round=survey_round).values(*columns))
    random.SystemRandom().shuffle(rows)
    Response.objects.filter(round=survey_round).delete()
    Response.objects.bulk_create(
        [Response(id=uuid.uuid4(), **row) for row in rows], batch_size=BATCH
    )
    return len(rows)


def clear_round(survey_round: Round) -> None:
    """Delete the round's drafts and shuffle its responses, in the caller's transaction.

    Called when a round closes; the WAL is checkpointed after the commit.
    """
    Draft.objects.filter(invitation__round=survey_round).delete()
    shuffle_responses(survey_round)
    checkpoint_after_commit()


@transaction.atomic(durable=True)
def do_clear_round_residue(survey_round: Round) -> None:
    """`clear_round` in its own transaction: for a round that closed by its end date."""
    if survey_round.status() != "closed":
        # An open round still takes answers, whose order a shuffle now would not hide.
        raise RuntimeError("Only a closed round's residue is cleared.")
    clear_round(survey_round)
