"""The API is read against the results' closed round (tests/results/conftest.py)."""

from tests.results.conftest import closed, closed_waiting, populated

__all__ = ["closed", "closed_waiting", "populated"]
