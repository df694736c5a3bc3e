"""Analysis results of closed rounds, computed once and stored.

A `ResultSet` holds the whole `hjemmekontor.analysis/1` JSON of one round and one
questionnaire; `ResultUnit` holds the slice a unit page needs (so that a page view
reads one small row per unit instead of parsing the whole result). Nothing here is
computed on a page view: see `hjemmekontor.results.compute`.
"""

from __future__ import annotations

from django.db import models

from hjemmekontor.results.payload import PayloadField
from hjemmekontor.surveys.models import KIND_CHOICES, Round

# The organisation as a whole has no unit; its slice is stored under this code.
ORGANISATION = ""


class ResultSet(models.Model):
    """The stored analysis of one closed round and one questionnaire (instrument)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="result_sets")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    instrument = models.CharField(max_length=64)
    computed_at = models.DateTimeField()
    previous_round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondents = models.PositiveIntegerField(default=0)
    # The whole AnalysisResult.to_dict() of the organisation-level analysis (with a
    # row for every unit of the tree and the filter breakdowns), schema
    # hjemmekontor.analysis/1. Deferred on page views; exports read it.
    payload = PayloadField(default=dict)
    # The round's unit tree as analysed: {code: {"pk", "name", "parent", "path"}}.
    tree = PayloadField(default=dict)
    # Weighting as done: method, a note when raking fell back, the raking cells.
    weighting = PayloadField(default=dict)
    # Units x headline indicators for the heat map: {code: {indicator: row}}.
    heatmap = PayloadField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="one_result_set_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.round} ({self.kind})"


class ResultUnit(models.Model):
    """What a unit page needs of one result set, for one unit (its subtree)."""

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(max_length=64, blank=True)  # ORGANISATION for the whole
    payload = PayloadField(default=dict)
    # Free-text comments of the unit's subtree, or None when they may not be shown
    # (kept apart from the figures: a unit page reads the organisation's figures,
    # never its comments).
    comments = PayloadField(null=True, default=None)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["result_set", "code"], name="one_slice_per_unit")
        ]
