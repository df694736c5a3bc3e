"""Letters with one-time codes for people without e-mail, the code entry and the
kiosk: a code opens the answers once, is stored only as a keyed digest, is
refused the second time, and wrong codes are limited per address."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from hjemmekontor.audit.models import AuditEntry
from hjemmekontor.organisation.models import Person
from hjemmekontor.surveys.actions import do_create_round
from hjemmekontor.surveys.codeentry import KIOSK_SEEN
from hjemmekontor.surveys.codes import ALPHABET, FAILURES_ALLOWED, do_issue_codes, formatted
from hjemmekontor.surveys.models import Draft, Invitation, LetterCode, Round
from tests.conftest import login, round_spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_round(org: Any, employee: Person, manager_a: Person) -> Round:
    for number in range(3):
        Person.objects.create(
            name=f"Renholder {number}", employee_number=f"R-{number}", unit=org.unit_b
        )
    return do_create_round(round_spec(org))


def _code(invitation: Invitation) -> str:
    return do_issue_codes([invitation])[invitation.pk]


def _paper(paper_round: Round) -> list[Invitation]:
    return list(paper_round.invitations.filter(email="").order_by("pk"))


def _read_letters(pdf: bytes, folder: Any) -> tuple[str, list[str]]:
    """The letters' text, as pdftotext reads it, and the codes printed in it."""
    path = folder / "brev.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text, [word for word in text.split() if len(word) == 14 and word.count("-") == 2]


def test_the_admin_gets_one_letter_per_invitation_without_email_once_and_it_is_audited(
    paper_round: Round, admin_user: Any, tmp_path: Any
) -> None:
    client = login(admin_user)
    page = client.get(f"/runder/{paper_round.pk}/").content.decode()
    assert "Lag brev (PDF)" in page
    response = client.post(f"/runder/{paper_round.pk}/brev.pdf", {"language": "nb"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text, printed = _read_letters(response.content, tmp_path)
    pages = text.split("\f")[:-1]
    assert len(pages) == 3 == LetterCode.objects.filter(invitation__round=paper_round).count()
    assert all("http://127.0.0.1:8000/kode/" in p or "/kode/" in p for p in pages)
    assert "Til Renholder 0, IT" in text
    # The codes on paper are not in the database, only their digests.
    assert len(printed) == 3
    stored = set(LetterCode.objects.values_list("digest", flat=True))
    assert not any(code.replace("-", "") in "".join(stored) for code in printed)
    entry = AuditEntry.objects.get(action="letters-printed")
    assert entry.actor_name == "hms" and "3 brev" in entry.detail
    # Made again only with a confirmation, and then the first codes stop working.
    again = client.post(f"/runder/{paper_round.pk}/brev.pdf", {"language": "nb"})
    assert again.status_code == 302
    renewed = client.post(f"/runder/{paper_round.pk}/brev.pdf", {"confirm": "yes"})
    assert renewed["Content-Type"] == "application/pdf"
    refused = Client().post("/kode/", {"code": printed[0]})
    assert refused.status_code == 400


def test_only_the_admin_makes_letters(paper_round: Round, persona_clients: Any) -> None:
    for persona in ("employee", "manager_a"):
        answer = persona_clients[persona].post(f"/runder/{paper_round.pk}/brev.pdf")
        assert answer.status_code == 403
    assert (
        persona_clients["anonymous"].post(f"/runder/{paper_round.pk}/brev.pdf").status_code == 302
    )
    assert not LetterCode.objects.exists()


def test_a_code_opens_the_answers_once_and_is_refused_the_second_time(
    paper_round: Round,
) -> None:
    invitation = _paper(paper_round)[0]
    code = _code(invitation)
    assert len(code) == 12 and set(code) <= set(ALPHABET)
    typed = formatted(code).lower().replace("-", " ")
    first = Client().post("/kode/", {"code": typed})
    assert first.status_code == 302 and first["Location"].startswith("/svar/")
    assert Client().get(first["Location"]).status_code == 200
    second = Client().post("/kode/", {"code": code})
    assert second.status_code == 400
    assert "allerede brukt" in second.content.decode()
    # The link the code gave goes on working: it can be bookmarked.
    assert Client().get(first["Location"]).status_code == 200


def test_a_double_tap_on_start_gives_one_link_and_one_refusal(paper_round: Round) -> None:
    code = _code(_paper(paper_round)[0])
    client = Client()
    answers = [client.post("/kode/", {"code": code}).status_code for _ in range(2)]
    assert answers == [302, 400]


def test_codes_of_answered_invitations_and_closed_rounds_say_why(paper_round: Round) -> None:
    first, second = _paper(paper_round)[:2]
    answered, closed = _code(first), _code(second)
    Invitation.objects.filter(pk=first.pk).update(answered=True)
    assert "allerede svart" in Client().post("/kode/", {"code": answered}).content.decode()
    Round.objects.filter(pk=paper_round.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=2),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert "ikke åpen" in Client().post("/kode/", {"code": closed}).content.decode()


def test_wrong_codes_are_limited_per_address_and_a_right_one_then_waits_too(
    paper_round: Round,
) -> None:
    code = _code(_paper(paper_round)[0])
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(FAILURES_ALLOWED):
        assert guesser.post("/kode/", {"code": "AAAA-AAAA-AAAA"}).status_code == 400
    assert guesser.post("/kode/", {"code": code}).status_code == 429
    # Another address is not held up, and the code was not spent by the refusal.
    assert Client(REMOTE_ADDR="203.0.113.10").post("/kode/", {"code": code}).status_code == 302


def test_the_kiosk_forgets_the_respondent_so_the_next_one_cannot_go_back(
    paper_round: Round,
) -> None:
    invitation = _paper(paper_round)[0]
    code = _code(invitation)
    tablet = Client()
    assert tablet.get("/kiosk/").status_code == 200
    started = tablet.post("/kiosk/", {"code": code})
    link = started["Location"]
    page = tablet.get(link).content.decode()
    assert 'data-kiosk-end="/kiosk/avslutt/"' in page and "kiosk.js" in page
    assert '<noscript><meta http-equiv="refresh"' in page
    tablet.post(link.rstrip("/") + "/1/", {"can_work_home": "no", "next": "1"})
    assert Draft.objects.filter(invitation=invitation).exists()
    # The respondent chose nynorsk on the start page.
    tablet.post("/sprak/", {"language": "nn", "next": link})
    assert '<html lang="nn">' in tablet.get(link).content.decode()
    # «Avslutt»: the next person on the tablet finds nothing of the first,
    # not even the language they chose.
    back = tablet.get("/kiosk/avslutt/")
    assert back["Location"] == "/kiosk/"
    assert tablet.get(link).status_code == 404
    assert not Draft.objects.filter(invitation=invitation).exists()
    entry = tablet.get("/kiosk/").content.decode()
    assert "Skriv inn koden" in entry and '<html lang="nb">' in entry


def test_an_idle_kiosk_starts_over_at_the_code_entry(paper_round: Round) -> None:
    invitation = _paper(paper_round)[0]
    tablet = Client()
    tablet.get("/kiosk/")
    link = tablet.post("/kiosk/", {"code": _code(invitation)})["Location"]
    with override_settings(KIOSK_IDLE_MINUTES=5):
        session = tablet.session
        session[KIOSK_SEEN] = int(time.time()) - 3 * 5 * 60 - 1
        session.save()
        tablet.cookies["django_language"] = "en"
        restarted = tablet.get(link)
        assert restarted["Location"] == "/kiosk/"
        assert restarted.cookies["django_language"].value == ""
    assert Client().get(link).status_code == 404


def test_a_lost_letter_is_replaced_for_that_person_only(
    paper_round: Round, admin_user: Any, tmp_path: Any
) -> None:
    first, second = _paper(paper_round)[:2]
    codes = do_issue_codes([first, second])
    client = login(admin_user)
    page = client.get(f"/runder/{paper_round.pk}/").content.decode()
    assert "Nytt brev til én person" in page and 'data-search-label="' in page
    again = client.post(f"/runder/{paper_round.pk}/brev.pdf", {"invitation": first.pk})
    assert again["Content-Type"] == "application/pdf"
    text, (new,) = _read_letters(again.content, tmp_path)
    assert text.count("\f") == 1 and first.person.name in text
    assert Client().post("/kode/", {"code": codes[first.pk]}).status_code == 400
    assert Client().post("/kode/", {"code": new}).status_code == 302
    assert Client().post("/kode/", {"code": codes[second.pk]}).status_code == 302
    entry = AuditEntry.objects.get(action="letters-printed")
    assert first.person.name in entry.detail
    # An invitation of another round, or one with an e-mail address, is not for this form.
    with_email = paper_round.invitations.exclude(email="").first()
    assert (
        client.post(f"/runder/{paper_round.pk}/brev.pdf", {"invitation": with_email.pk}).status_code
        == 404
    )


def test_letters_are_written_in_the_organisations_language_unless_another_is_chosen(
    paper_round: Round, admin_user: Any, tmp_path: Any
) -> None:
    client = login(admin_user)
    with override_settings(LANGUAGE_CODE="nn"):
        page = client.get(f"/runder/{paper_round.pk}/").content.decode()
        # Nynorsk is chosen beforehand in the form, and a post without a choice gets it.
        assert '<option value="nn" selected>' in page
        text, _codes = _read_letters(
            client.post(f"/runder/{paper_round.pk}/brev.pdf").content, tmp_path
        )
    assert "Slik svarar du" in text and "Slik svarer du" not in text
    other = paper_round.invitations.filter(email="").order_by("pk").first()
    english = client.post(
        f"/runder/{paper_round.pk}/brev.pdf", {"invitation": other.pk, "language": "en"}
    )
    english_text, _codes = _read_letters(english.content, tmp_path)
    assert "Slik svar" not in english_text and "How to answer" in english_text
