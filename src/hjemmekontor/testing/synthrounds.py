"""Two closed rounds of a synthetic organisation, stored as the product stores them.

Used by ``benchmarks/results.py`` and by the results tests that need a
realistic unit tree (hundreds of units, many of them below k). The
organisation comes from ``hjemmekontor.synth`` and is imported with the demo's
people import; each of the generator's two rounds is created with
``do_create_round`` (the invitation snapshot), and every generated answer,
after the questionnaire's own ``clean_answers``, is bulk-created and its
invitation marked answered. (The demo submits each answer through
``do_submit_response``; for thousands of answers that costs minutes.)
"""

from __future__ import annotations

from django.db import transaction

from hjemmekontor.demo.register import import_people
from hjemmekontor.demo.rounds import KINDS, _at, _spec, raw_answers
from hjemmekontor.instruments import load_instrument
from hjemmekontor.surveys.actions import do_create_round
from hjemmekontor.surveys.models import Response, Round
from hjemmekontor.synth import ROUNDS, generate_organisation, generate_responses

__all__ = ["synthetic_rounds"]


def synthetic_rounds(people: int, seed: int) -> list[Round]:
    """Create the organisation of ``people`` employees and its two closed rounds."""
    org = generate_organisation(people, seed)
    import_people(org)
    rounds = []
    for round_no in (1, 2):
        answers = generate_responses(org, round_no, seed)
        period = ROUNDS[round_no]
        opens = _at(period.opens, 8)
        survey_round = do_create_round(
            _spec(f"Runde {period.year}", opens, _at(period.closes, 23, 59)), now=opens
        )
        invitations = {
            (inv.person.employee_number, inv.kind): inv
            for inv in survey_round.invitations.select_related("person")
            if inv.person is not None
        }
        rows, answered = [], []
        for kind in KINDS:
            instrument = load_instrument(kind, 1)
            for row in answers[kind].iter_rows(named=True):
                cleaned, errors = instrument.clean_answers(raw_answers(row, kind))
                assert not errors, errors
                invitation = invitations[(str(row["employee_number"]), kind)]
                answered.append(invitation.pk)
                rows.append(
                    Response(
                        round=survey_round,
                        kind=kind,
                        instrument=f"{kind}@1",
                        submitted_on=row["submitted_on"],
                        unit_id=invitation.unit_id,
                        gender=invitation.gender,
                        age_group=invitation.age_group,
                        is_manager=invitation.is_manager,
                        answers=cleaned,
                    )
                )
        with transaction.atomic():
            Response.objects.bulk_create(rows, batch_size=2000)
            survey_round.invitations.filter(pk__in=answered).update(answered=True)
        rounds.append(survey_round)
    return rounds
