"""Load, detect and clear the demo organisation."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hjemmekontor.demo.errors import DemoLoadError
from hjemmekontor.demo.personas import ADMIN, USERNAMES, create_accounts
from hjemmekontor.demo.register import DEMO_FILENAME, import_people
from hjemmekontor.demo.summary import DemoSummary, demo_summary
from hjemmekontor.hms.demo import clear_demo_hms, load_demo_hms
from hjemmekontor.organisation.models import ImportBatch, Person, Unit
from hjemmekontor.surveys.models import Invitation, Response, Round

DEFAULT_SIZE = 400
DEFAULT_SEED = 2026


def demo_state() -> str:
    """`empty` (no units), `loaded`, `partial` (a load was interrupted) or `foreign`.

    The marker is the demo's people import (`demo-ansatte.csv`); the logins are
    created last, so all of them existing means the load ran to the end.
    """
    marked = ImportBatch.objects.filter(filename=DEMO_FILENAME, applied_at__isnull=False).exists()
    if marked:
        found = get_user_model().objects.filter(username__in=USERNAMES).count()
        return "loaded" if found == len(USERNAMES) else "partial"
    if Unit.objects.exists() or Round.objects.exists():
        return "foreign"
    return "empty"


def clear_demo() -> None:
    """Delete the demo: every round, response, invitation, import, person and unit,
    and the persona logins and other accounts of demo people (the `admin` account
    stays; loading sets its password again).

    Refuses a database that holds data not loaded by the demo.
    """
    if demo_state() == "foreign":
        raise DemoLoadError(
            "Databasen inneholder enheter eller runder som ikke kommer fra demoen; "
            "--reset-demo sletter bare en demo. Ingenting er slettet."
        )
    user_model: Any = get_user_model()
    with transaction.atomic(durable=True):
        doomed_users = set(
            user_model.objects.filter(person__isnull=False, is_staff=False).values_list(
                "pk", flat=True
            )
        )
        doomed_users |= set(
            user_model.objects.filter(username__in=USERNAMES)
            .exclude(username=ADMIN.username)
            .values_list("pk", flat=True)
        )
        Response.objects.all().delete()
        Invitation.objects.all().delete()  # drafts go with them
        Round.objects.all().delete()
        clear_demo_hms()  # its records protect the people and units deleted below
        ImportBatch.objects.all().delete()
        Person.objects.all().delete()
        # Units protect their children; cut the tree before deleting it.
        Unit.objects.update(parent=None)
        Unit.objects.all().delete()
        user_model.objects.filter(pk__in=doomed_users).delete()


def load_demo(
    size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED, reset: bool = False
) -> DemoSummary:
    """Load the demo organisation into the database, through the web app's actions.

    Parameters
    ----------
    size
        Employees of the synthetic organisation (see ``hjemmekontor.synth``).
    seed
        The generator's seed; the same size and seed give the same demo.
    reset
        Delete the demo first (all rounds, responses, people, units and demo
        logins) and load it again.

    Returns
    -------
    DemoSummary
        Counts, the logins and a respondent link. If the demo is already loaded
        (and ``reset`` is false), nothing changes and the summary describes what
        is there.

    Raises
    ------
    DemoLoadError
        If the database holds other data, or an earlier load was interrupted
        (then ``reset=True`` starts over).
    """
    state = demo_state()
    if reset:
        clear_demo()
    elif state == "loaded":
        return demo_summary()
    elif state == "partial":
        raise DemoLoadError(
            "Demoen ble ikke lastet ferdig forrige gang. Start med --reset-demo for å "
            "slette den og laste den på nytt."
        )
    elif state == "foreign":
        raise DemoLoadError(
            "Databasen har allerede enheter eller runder som ikke kommer fra demoen; "
            "demoen lastes bare inn i en tom database."
        )
    # Imported here: numpy and polars take a second to import, and every start of the
    # product asks `demo_state` and `demo_summary`, which need neither.
    from hjemmekontor.demo.casting import choose_personas
    from hjemmekontor.demo.rounds import load_closed_round, load_open_round
    from hjemmekontor.synth import generate_organisation, generate_responses
    from hjemmekontor.timesheets.demo import load_demo_timesheets

    started = time.perf_counter()
    org = generate_organisation(size, seed)
    answers = {round_no: generate_responses(org, round_no, seed) for round_no in (1, 2)}
    import_people(org)
    personas = choose_personas(org, answers[2]["employee"], settings.ANONYMITY_K)
    from hjemmekontor.results.compute import do_compute_results
    from hjemmekontor.surveys.residue import do_clear_round_residue

    for round_no in (1, 2):
        closed = load_closed_round(round_no, answers[round_no])
        # As when a round closes: responses shuffled, results computed once.
        do_clear_round_residue(closed)
        do_compute_results(closed)
    load_open_round(timezone.now(), answers[2], set(personas.values()))
    load_demo_timesheets(seed)
    # Last: the logins complete the marker (see demo_state).
    create_accounts(personas)
    load_demo_hms(seed)  # after the logins: they comment, sign and handle requests
    return demo_summary(loaded_now=True, seconds=time.perf_counter() - started)
