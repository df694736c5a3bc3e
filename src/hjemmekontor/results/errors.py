"""What the results pages raise, apart from the computation.

Here, not in ``results.compute``, so that the web pages that only catch it do
not import the analysis (numpy, polars, scipy: seconds of every worker's start).
"""

from __future__ import annotations


class NoResults(Exception):
    """The round has no results (it is not closed, or nobody was invited)."""
