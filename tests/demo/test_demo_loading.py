"""The demo organisation in the database: loaded through the actions, once, and resettable.

The demo is loaded once for this module (outside the per-test transactions) and
deleted again at the end, so that no other test sees it. Tests that change it
run inside their own transaction and are rolled back.
"""

from __future__ import annotations

import datetime as dt
from argparse import Namespace
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from hjemmekontor.accounts.roles import (
    managed_unit_ids,
    represented_unit_ids,
    roles_of,
)
from hjemmekontor.commands.start import _demo, run
from hjemmekontor.demo import (
    DEFAULT_SEED,
    DEFAULT_SIZE,
    DEMO_PASSWORD,
    PERSONAS,
    DemoLoadError,
    DemoSummary,
    clear_demo,
    demo_state,
    load_demo,
)
from hjemmekontor.instruments import load_instrument
from hjemmekontor.organisation.models import ImportBatch, Person, Unit, UnitTree
from hjemmekontor.surveys.links import parse_token
from hjemmekontor.surveys.models import Invitation, Response, Round
from hjemmekontor.synth import ROUNDS, generate_organisation, generate_responses

OSLO = ZoneInfo("Europe/Oslo")
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Loaded:
    summary: DemoSummary
    answers: dict[int, dict[str, pl.DataFrame]]
    units: int
    mails: int


def counts() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "rounds": Round.objects.count(),
        "invitations": Invitation.objects.count(),
        "responses": Response.objects.count(),
        "imports": ImportBatch.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Loaded]:
    # The conftest's fast hasher is per test; hash the demo password with it here
    # too, so that logins in the tests can verify it.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        # Count only the demo's own mail, not what earlier tests left in the outbox.
        mail.outbox = []
        summary = load_demo()
        sent = len(mail.outbox)
        org = generate_organisation(DEFAULT_SIZE, DEFAULT_SEED)
        answers = {r: generate_responses(org, r, DEFAULT_SEED) for r in (1, 2)}
        yield Loaded(summary, answers, org.units.height, sent)
        clear_demo()
        get_user_model().objects.filter(username="admin").delete()


@pytest.fixture
def rounds(demo: Loaded, db: Any) -> list[Round]:
    return list(Round.objects.order_by("opens_at"))


def test_the_demo_has_the_organisation_two_closed_rounds_and_one_open(
    demo: Loaded, rounds: list[Round]
) -> None:
    assert demo.summary.loaded_now
    assert Unit.objects.count() == demo.units
    assert Person.objects.count() == DEFAULT_SIZE
    assert [r.status() for r in rounds] == ["closed", "closed", "open"]
    for round_no, survey_round in zip((1, 2), rounds[:2], strict=False):
        for kind, frame in demo.answers[round_no].items():
            stored = Response.objects.filter(round=survey_round, kind=kind).count()
            assert stored == frame.height > 0, (round_no, kind)
    early = Response.objects.filter(round=rounds[2]).count()
    assert 5 <= early < Invitation.objects.filter(round=rounds[2], kind="employee").count() / 4


def test_the_summary_lists_every_login_with_its_password_and_a_link(demo: Loaded) -> None:
    text = "\n".join(demo.summary.lines(base_url="http://127.0.0.1:8080/"))
    for persona in PERSONAS:
        assert f"brukernavn {persona.username} " in text
    assert text.count(f"passord {DEMO_PASSWORD}") == len(PERSONAS)
    assert "http://127.0.0.1:8080/svar/" in text
    assert "oppdiktet demodata" in text


def test_response_rates_are_below_all_and_lower_for_the_young(
    demo: Loaded, rounds: list[Round]
) -> None:
    for survey_round in rounds[:2]:
        invitations = Invitation.objects.filter(round=survey_round, kind="employee")

        def rate(group: str, invitations: Any = invitations) -> float:
            chosen = invitations.filter(age_group=group)
            return chosen.filter(answered=True).count() / chosen.count()

        overall = invitations.filter(answered=True).count() / invitations.count()
        assert 0.4 < overall < 0.75
        # The generator's non-response model: under-30s answer least (docs/synth.md).
        assert rate("<30") < rate("40-49") - 0.1


def test_responses_carry_their_round_dates_and_background(
    demo: Loaded, rounds: list[Round]
) -> None:
    for round_no, survey_round in zip((1, 2), rounds[:2], strict=False):
        period = ROUNDS[round_no]
        days = set(
            Response.objects.filter(round=survey_round).values_list("submitted_on", flat=True)
        )
        assert min(days) >= period.opens and max(days) <= period.closes
        assert len(days) > 5
        assert survey_round.snapshot_taken_at == survey_round.opens_at
        sent = set(survey_round.invitations.values_list("sent_at", flat=True))
        assert sent == {survey_round.opens_at}
        # Age groups are those of the round's own year: they shift between the rounds.
        assert survey_round.opens_at.astimezone(OSLO).year == period.year
    young = [
        Invitation.objects.filter(round=r, kind="employee", age_group="<30").count()
        for r in rounds[:2]
    ]
    assert young[0] != young[1]
    today = dt.datetime.now(tz=OSLO).date()
    assert set(Response.objects.filter(round=rounds[2]).values_list("submitted_on", flat=True)) == {
        today
    }


def test_the_open_round_invitations_went_out_by_mail_and_shift_workers_wait_for_letters(
    demo: Loaded, rounds: list[Round]
) -> None:
    invitations = rounds[2].invitations
    assert not invitations.exclude(email="").filter(sent_at__isnull=True).exists()
    people = invitations.exclude(email="").values("email").distinct().count()
    assert demo.mails == people > 0
    # The shift workers have no address: nothing is sent, the letters are for them.
    paper = invitations.filter(email="")
    assert paper.count() >= 10
    assert not paper.filter(sent_at__isnull=False).exists()
    assert all(name.startswith("Skift ") for name in paper.values_list("unit__name", flat=True))


def test_every_stored_answer_passes_clean_answers_unchanged(demo: Loaded, db: Any) -> None:
    instruments: dict[str, Any] = {}
    checked = 0
    for key, answers in Response.objects.values_list("instrument", "answers"):
        if key not in instruments:
            name, _, version = key.partition("@")
            instruments[key] = load_instrument(name, int(version))
        cleaned, errors = instruments[key].clean_answers(answers)
        assert errors == {}
        assert cleaned == answers
        checked += 1
    assert checked == Response.objects.count() > 400


def test_the_demo_logins_work_and_have_their_roles(demo: Loaded, db: Any) -> None:
    expected = {
        "admin": {"admin"},
        "leder": {"employee", "manager"},
        "leder2": {"employee", "manager"},
        "verneombud": {"employee", "representative"},
        "tillitsvalgt": {"employee", "representative"},
        "ansatt": {"employee"},
    }
    user_model = get_user_model()
    for persona in PERSONAS:
        client = Client()
        response = client.post(
            reverse("login"), {"username": persona.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, persona.username
        assert client.get(reverse("home")).status_code == 200
        user = user_model.objects.get(username=persona.username)
        assert roles_of(user) == expected[persona.username]
    assert user_model.objects.get(username="verneombud").person.representative_role == "safety"
    assert user_model.objects.get(username="tillitsvalgt").person.representative_role == "union"


def test_the_managers_units_have_enough_answers_and_the_others_cover_them(
    demo: Loaded, rounds: list[Round]
) -> None:
    user_model = get_user_model()
    tree = UnitTree()
    leder = user_model.objects.get(username="leder")
    leder2 = user_model.objects.get(username="leder2")
    own = managed_unit_ids(leder, tree)
    other = managed_unit_ids(leder2, tree)
    assert own and other and not own & other
    for units in (own, other):
        answered = Response.objects.filter(
            round=rounds[1], kind="employee", unit_id__in=units
        ).count()
        assert answered >= 5
    # The representatives' areas overlap the manager's unit; the employee works in it.
    assert represented_unit_ids(user_model.objects.get(username="verneombud"), tree) & own
    assert represented_unit_ids(user_model.objects.get(username="tillitsvalgt"), tree) & own
    assert user_model.objects.get(username="ansatt").person.unit_id in own


def test_the_printed_respondent_link_opens_the_questionnaire(
    demo: Loaded, rounds: list[Round]
) -> None:
    link = demo.summary.respondent_link("http://127.0.0.1:8000")
    assert link is not None
    path = link.removeprefix("http://127.0.0.1:8000")
    token = path.split("/")[2]
    invitation = Invitation.objects.get(public_id=parse_token(token))
    assert invitation.round == rounds[2] and not invitation.answered
    assert invitation.person is not None and invitation.person.user.username == "ansatt"
    page = Client().get(path)
    assert page.status_code == 200
    title = load_instrument("employee", 1).title
    assert str(title["nb"] if isinstance(title, dict) else title) in page.content.decode()
    first = Client().get(f"{path}1/")
    assert first.status_code == 200
    assert 'name="can_work_home"' in first.content.decode()


def test_loading_twice_changes_nothing(demo: Loaded, db: Any) -> None:
    before = counts()
    again = load_demo()
    assert not again.loaded_now
    assert counts() == before
    # The same invitation; each link handed out carries its own draft key, so the
    # part after the dot differs from one printing to the next.
    assert again.respondent_path.split(".")[0] == demo.summary.respondent_path.split(".")[0]
    assert again.logins == demo.summary.logins


def test_reset_deletes_the_demo_and_loads_it_again(demo: Loaded, db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER
    before = counts()
    old_links = set(Invitation.objects.values_list("public_id", flat=True))
    fresh = load_demo(reset=True)
    assert fresh.loaded_now
    assert counts() == {**before, "imports": 1}
    assert not old_links & set(Invitation.objects.values_list("public_id", flat=True))
    assert fresh.respondent_path != demo.summary.respondent_path
    assert Client().login(username="leder", password=DEMO_PASSWORD)


def test_an_interrupted_load_is_refused_until_reset(demo: Loaded, db: Any) -> None:
    get_user_model().objects.filter(username="ansatt").delete()
    assert demo_state() == "partial"
    with pytest.raises(DemoLoadError, match="--reset-demo"):
        load_demo()


def test_other_data_is_never_replaced_or_deleted(demo: Loaded, db: Any) -> None:
    clear_demo()
    assert demo_state() == "empty"
    Unit.objects.create(code="REAL", name="Ekte AS")
    with pytest.raises(DemoLoadError, match="ikke kommer fra demoen"):
        load_demo()
    with pytest.raises(DemoLoadError, match="Ingenting er slettet"):
        load_demo(reset=True)
    assert list(Unit.objects.values_list("code", flat=True)) == ["REAL"]
    assert _demo("auto") == (None, "")


def test_the_start_command_loads_the_demo_only_into_an_empty_sqlite_database(
    demo: Loaded, db: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER
    assert _demo("off")[0] is not None  # loaded already: described, not loaded
    clear_demo()
    assert _demo("off") == (None, "")
    summary, note = _demo("auto")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert summary is not None and summary.loaded_now and not note
    else:
        assert summary is None and "--demo" in note
        assert not Unit.objects.exists()


def test_start_without_demo_on_an_empty_database_prints_a_generated_admin_password(
    demo: Loaded, db: Any, settings: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER
    settings.DATA_DIR = tmp_path
    clear_demo()
    get_user_model().objects.filter(username="admin").delete()
    args = Namespace(
        host="127.0.0.1", port=8000, no_serve=True, no_demo=True, reset_demo=False, demo=False
    )
    assert run(args) == 0
    output = capsys.readouterr().out
    assert "Demo-organisasjonen" not in output
    password = (tmp_path / "admin-passord.txt").read_text().strip()
    assert f"brukernavn admin, passord {password}" in output
    assert Client().login(username="admin", password=password)
    assert not Unit.objects.exists()
