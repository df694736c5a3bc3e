"""Fixtures of the synthetic-data tests: organisations generated once per session."""

from __future__ import annotations

import polars as pl
import pytest

from hjemmekontor.synth import Organisation, generate_organisation, generate_responses

LARGE_SIZE = 100_000
LARGE_SEED = 2026


@pytest.fixture(scope="session")
def large_org() -> Organisation:
    """100,000 employees: big enough that the reference figures are stable to ±1 pp."""
    return generate_organisation(LARGE_SIZE, LARGE_SEED)


@pytest.fixture(scope="session")
def large_answers(large_org: Organisation) -> dict[int, dict[str, pl.DataFrame]]:
    return {r: generate_responses(large_org, r, LARGE_SEED) for r in (1, 2)}


@pytest.fixture(scope="session")
def small_org() -> Organisation:
    return generate_organisation(3_000, 11)


@pytest.fixture(scope="session")
def small_answers(small_org: Organisation) -> dict[int, dict[str, pl.DataFrame]]:
    return {r: generate_responses(small_org, r, 11) for r in (1, 2)}
