"""Errors raised by the analysis library.

Every error carries a bokmål message that a user can act on: it names the
column, the category or the value that is wrong.
"""

from __future__ import annotations

__all__ = ["AnalysisError", "AnonymityError"]


class AnalysisError(ValueError):
    """Bad input or an impossible request in the analysis library."""


class AnonymityError(AnalysisError):
    """A cell table that cannot be checked (bad k, unknown keys, parts larger than parents)."""
