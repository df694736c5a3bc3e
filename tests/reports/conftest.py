"""Fixtures for the reports: the demo organisation (loaded once) and a hand-made view.

The demo is loaded once for the package, outside the per-test transactions, and
deleted again at the end (the pattern of tests/demo/test_demo_loading.py). Its
second round ("vår 2026") is closed and has stored results.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from hjemmekontor.demo import DEMO_PASSWORD, clear_demo, load_demo
from hjemmekontor.organisation.models import Unit
from hjemmekontor.results.pages import (
    Comments,
    Consequence,
    ConsequenceGroup,
    Figure,
    Finding,
    Indicator,
    ItemFigure,
    ResponseRate,
    Section,
    Trend,
    UnitView,
)
from hjemmekontor.surveys.models import Round

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CLOSED_ROUND = "Hjemmekontor og HMS, vår 2026"


@dataclass
class Demo:
    closed: Round
    open: Round


@pytest.fixture(scope="package")
def demo_org(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        load_demo()
        closed = Round.objects.get(name=CLOSED_ROUND)
        still_open = next(r for r in Round.objects.all() if r.status() == "open")
        yield Demo(closed, still_open)
        clear_demo()
        get_user_model().objects.filter(username="admin").delete()


@pytest.fixture
def demo(demo_org: Demo, db: Any) -> Demo:
    return demo_org


def demo_login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD), username
    return client


def unit_at(path: str) -> Unit:
    return next(u for u in Unit.objects.all() if u.path == path)


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = True) -> str:
    """The PDF's text as poppler's pdftotext reads it (a real PDF reader)."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    command = ["pdftotext", *(["-layout"] if layout else []), str(source), "-"]
    done = subprocess.run(command, capture_output=True, check=True, timeout=30)
    return done.stdout.decode("utf-8")


def _figure(estimate: float | None, half: float, n: int, statistic: str = "share") -> Figure:
    if estimate is None:
        return Figure(statistic, None, None, None, n, True, "small_n")
    return Figure(statistic, estimate, estimate - half, estimate + half, n, False, None)


@pytest.fixture
def made_view() -> UnitView:
    """A unit's results made by hand, with every block filled and one hidden group.

    Values are arbitrary; the tests check that they come out as they went in.
    """
    groups = [
        ("never", "Aldri", "Never", _figure(48.5, 4.0, 40, "mean")),
        (
            "monthly_or_less",
            "Månedlig eller sjeldnere",
            "Monthly or less",
            _figure(52.0, 5.0, 30, "mean"),
        ),
        ("1_2_days", "1–2 dager i uka", "1–2 days a week", _figure(None, 0, 4, "mean")),
        (
            "3_plus_days",
            "3 dager i uka eller mer",
            "3 days a week or more",
            _figure(41.2, 6.5, 12, "mean"),
        ),
    ]
    item = ItemFigure(
        "equip_chair=yes", "Har god arbeidsstol hjemme", "Good chair", _figure(0.72, 0.1, 60)
    )
    return UnitView(
        round_id=1,
        round_name="Runde 2026",
        opens_on="2026-03-02",
        closes_on="2026-03-20",
        unit_id=7,
        unit_code="E07",
        unit_path='=HYPERLINK("http://x")/Drift',
        filters={},
        lang="nb",
        k=5,
        k_comments=10,
        weighting={"method": "raking", "note": "Vektet."},
        response_rate=ResponseRate(80, 61, 61 / 80, False, None),
        respondents=61,
        indicators=[
            Indicator(
                "after_hours_weekly",
                "Jobber utenom arbeidstid minst ukentlig",
                "Work after hours weekly",
                "ansatte med hjemmekontor",
                "employees with home office",
                _figure(0.634, 0.08, 50),
                _figure(0.55, 0.04, 400),
                0.55,
                "AFI 2022",
            )
        ],
        extent_frequency=Section(
            [ItemFigure("ho_freq=never", "Aldri", "Never", _figure(0.2, 0.05, 61))]
        ),
        extent_wish=Section(
            [ItemFigure("wish_freq=never", "Aldri", "Never", _figure(0.1, 0.04, 61))]
        ),
        extent_places=Section(
            [ItemFigure("ho_place_cabin", "Hytte", "Cabin", _figure(0.3, 0.1, 61, "mean"))]
        ),
        consequences=[
            Consequence(
                "meaning",
                "Opplevd mening",
                "Experienced meaning",
                "poeng på en skala 0–100",
                "points on a 0–100 scale",
                "mean",
                [ConsequenceGroup(g, nb, en, f, None) for g, nb, en, f in groups],
                None,
            )
        ],
        findings=[
            Finding("dose_response", "meaning", "Opplevd mening synker.", "Meaning falls.", 0.01)
        ],
        managers=Section(
            [ItemFigure("mgr_trust=4,5", "Har tillit", "Trust", _figure(0.9, 0.05, 12))]
        ),
        representatives=Section([], "unit", 0),
        digital_meetings=Section([item]),
        hms_at_home=Section([item]),
        trends=[
            Trend(
                "written_agreement",
                "Skriftlig avtale",
                "Written agreement",
                "share",
                0.25,
                0.57,
                0.32,
                0.15,
                0.49,
                0.001,
                40,
                50,
            )
        ],
        previous_round_name="Runde 2025",
        comments=Comments(True, 61, 10, ["Savner kollegene."], None),
    )


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 4, 1)
