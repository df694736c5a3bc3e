"""`hjemmekontor analyze round:ID` reads a closed round's responses from the database."""

from __future__ import annotations

import json

import pytest

from hjemmekontor import cli
from hjemmekontor.organisation.models import Person
from hjemmekontor.surveys.actions import do_close_round, do_create_round, do_submit_response
from hjemmekontor.surveys.models import Invitation
from tests.conftest import round_spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(org):
    for i in range(12):
        Person.objects.create(
            name=f"P{i}",
            employee_number=f"P{i}",
            unit=org.unit_a1 if i < 7 else org.unit_b,
            gender="female" if i % 2 else "male",
            birth_year=1970 + i,
        )
    survey_round = do_create_round(
        round_spec(org, manager_instrument="", representative_instrument="")
    )
    for n, invitation in enumerate(Invitation.objects.filter(round=survey_round).order_by("pk")):
        if n < 10:
            do_submit_response(
                invitation,
                {
                    "can_work_home": "yes",
                    "ho_freq": "2_days_week",
                    "share_time_home": 20 + n,
                    "wish_freq": "2_days_week",
                },
            )
    do_close_round(survey_round)
    return survey_round


def test_analyze_reads_a_closed_round_from_the_database_and_rakes_to_its_snapshot(
    closed_round, tmp_path, capsys
):
    out = tmp_path / "round.json"
    code = cli.main(
        ["analyze", f"round:{closed_round.pk}", "--rake", "round", "--quiet", "--out", str(out)]
    )
    assert code == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    share = next(row for row in result["indicators"] if row["variable"] == "share_time_home")
    assert share["n"] == 10
    assert share["estimate"] != pytest.approx(
        sum(range(20, 30)) / 10
    )  # weighted, not the plain mean
    assert "Analyse av 10 svar" in capsys.readouterr().out


def test_analyze_refuses_an_open_round_and_an_unknown_one(org, open_round, capsys):
    assert cli.main(["analyze", f"round:{open_round.pk}", "--quiet"]) == 1
    assert "ikke stengt" in capsys.readouterr().err
    assert cli.main(["analyze", "round:Finnes ikke", "--quiet"]) == 1
    assert "fant ingen runde" in capsys.readouterr().err


def test_the_compared_round_can_be_raked_to_its_own_snapshot(closed_round, tmp_path, capsys):
    out = tmp_path / "trend.json"
    spec = f"round:{closed_round.pk}"
    argv = ["analyze", spec, "--rake", "round", "--compare-to", spec, "--quiet"]
    assert cli.main([*argv, "--compare-margins", "round", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["metadata"]["compared_margins"] == "own"
    share = next(r for r in result["trends"] if r["variable"] == "share_time_home")
    # The same round raked to the same snapshot: the same estimate both times.
    assert share["previous"] == pytest.approx(share["current"], rel=1e-12)
    capsys.readouterr()
    other = tmp_path / "other.csv"
    other.write_text("share_time_home\n20\n")
    assert cli.main([*argv[:4], "--compare-to", str(other), "--compare-margins", "round"]) == 2
    assert "gjelder bare --compare-to round:ID" in capsys.readouterr().err
