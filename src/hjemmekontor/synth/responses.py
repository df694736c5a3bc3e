"""Survey answers of a synthetic organisation for one round, as export-layout frames."""

from __future__ import annotations

import numpy as np
import polars as pl

from hjemmekontor.synth.comments import (
    MANAGER_COMMENTS,
    REPRESENTATIVE_COMMENTS,
    draw_comments,
    draw_simple_comments,
)
from hjemmekontor.synth.consequences import draw_consequences
from hjemmekontor.synth.extent import draw_extent
from hjemmekontor.synth.latent import MISSING
from hjemmekontor.synth.managers import draw_manager_answers, draw_representative_answers
from hjemmekontor.synth.missingness import apply_item_missing, responds
from hjemmekontor.synth.organisation import Organisation
from hjemmekontor.synth.population import AGE_GROUPS, RoundPopulation, round_population
from hjemmekontor.synth.variables import INSTRUMENTS, Variable

__all__ = ["BACKGROUND", "COMMENT_RATE", "LOADER_ONLY", "generate_responses"]

# Background columns of the export layout, from the round's population snapshot.
BACKGROUND = ("unit", "unit_path", "gender", "age_group", "is_manager")
# In-memory columns for loading into the database; never written to files,
# because a response must not be linkable to a person.
LOADER_ONLY = ("employee_number", "submitted_on")
# Share of (complete) respondents who write a comment.
COMMENT_RATE = {"employee": 0.13, "manager": 0.15, "representative": 0.2}


def _column(variable: Variable, column: str, values: np.ndarray) -> pl.Series:
    if variable.kind == "single":
        mapping = dict(enumerate(variable.codes))
        return pl.Series(column, values, dtype=pl.Int64).replace_strict(
            mapping, default=None, return_dtype=pl.String
        )
    # Int64 rather than a narrow type: sums of item values must not overflow.
    series = pl.Series(column, values, dtype=pl.Int64)
    return series.set(series == MISSING, None)


def _frame(
    rng: np.random.Generator,
    org: Organisation,
    pop: RoundPopulation,
    instrument: str,
    positions: np.ndarray,
    answers: dict[str, np.ndarray],
    comments: pl.Series,
    has_comment: np.ndarray,
) -> pl.DataFrame:
    """Respondents' rows in random order (the order must not follow the register)."""
    order = rng.permutation(len(positions))
    positions = positions[order]
    people = org.people
    idx = pl.Series(positions, dtype=pl.Int64)
    rnd = pop.round
    days_open = (rnd.closes - rnd.opens).days
    # Most answer in the first days and after the reminders.
    offset = np.minimum(np.floor(rng.exponential(4.0, len(positions))), days_open)
    columns: list[pl.Series] = [
        people["employee_number"].gather(idx),
        pl.Series(
            "submitted_on",
            np.datetime64(rnd.opens) + offset.astype("timedelta64[D]"),
            dtype=pl.Date,
        ),
        people["unit_code"].gather(idx).alias("unit"),
        people["unit_path"].gather(idx),
        people["gender"].gather(idx),
        pl.Series("age_group", AGE_GROUPS, dtype=pl.String).gather(pop.age_group[positions]),
        people["is_manager"].gather(idx),
    ]
    for variable in INSTRUMENTS[instrument]:
        if variable.kind == "text":
            text = pl.Series("comment", [None] * len(positions), dtype=pl.String)
            where = np.flatnonzero(has_comment[order])
            text = text.scatter(where, comments.gather(_rank(has_comment, order)))
            columns.append(text)
            continue
        for column in variable.columns:
            columns.append(_column(variable, column, answers[column][order]))
    return pl.DataFrame(columns)


def _rank(has_comment: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Index into the comment series of each commenting row after reordering."""
    rank = np.cumsum(has_comment) - 1  # comment number of each row before reordering
    return rank[order][has_comment[order]]


def generate_responses(org: Organisation, round_no: int, seed: int) -> dict[str, pl.DataFrame]:
    """Answers of one survey round for the three questionnaires.

    Parameters
    ----------
    org : Organisation
    round_no : int
        1 (the year 2025) or 2 (2026); the model's round effects differ.
    seed : int
        Non-negative; the same organisation, round and seed give the same answers.
        Rounds draw from different streams even with the same seed.

    Returns
    -------
    dict of str to polars.DataFrame
        Keys ``employee``, ``manager`` and ``representative``. One row per
        respondent in random order. Columns: ``employee_number`` and
        ``submitted_on`` (for loading into the database only; ``write_files``
        drops them), the background ``unit`` (unit code), ``unit_path``,
        ``gender``, ``age_group``, ``is_manager``, then the instrument's
        variables in contract order (multiple choice as ``<item>_<code>``
        0/1 columns; null = not shown, skipped or after a drop-out) and
        ``comment``.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"Frøet må være et heltall som ikke er negativt, ikke {seed!r}.")
    pop = round_population(org, round_no)
    streams = np.random.SeedSequence([int(seed), int(round_no), org.size, 0x5EED]).spawn(8)
    (g_extent, g_conseq, g_respond, g_missing, g_comment, g_mgr, g_rep, g_frame) = [
        np.random.default_rng(s) for s in streams
    ]
    extent = draw_extent(g_extent, pop)
    employee = {**extent.answers, **draw_consequences(g_conseq, pop, extent)}

    out: dict[str, pl.DataFrame] = {}
    respondents = np.flatnonzero(responds(g_respond, pop))
    answers = {name: values[respondents] for name, values in employee.items()}
    complete = apply_item_missing(g_missing, answers, INSTRUMENTS["employee"])
    writes = complete & (g_comment.random(len(respondents)) < COMMENT_RATE["employee"])
    comments = draw_comments(
        g_comment, pop, extent.days, employee["after_hours_freq"], respondents[writes]
    )
    out["employee"] = _frame(g_frame, org, pop, "employee", respondents, answers, comments, writes)

    for instrument, generator, bank in (
        ("manager", g_mgr, MANAGER_COMMENTS),
        ("representative", g_rep, REPRESENTATIVE_COMMENTS),
    ):
        chosen = pop.is_manager if instrument == "manager" else pop.rep_role > 0
        positions = np.flatnonzero(chosen)
        positions = positions[responds(generator, pop, positions, instrument)]
        if instrument == "manager":
            drawn = draw_manager_answers(generator, pop, extent, pop.subtree_end, positions)
        else:
            drawn = draw_representative_answers(generator, pop, positions)
        complete = apply_item_missing(generator, drawn, INSTRUMENTS[instrument])
        writes = complete & (generator.random(len(positions)) < COMMENT_RATE[instrument])
        comments = draw_simple_comments(generator, bank, int(writes.sum()))
        out[instrument] = _frame(g_frame, org, pop, instrument, positions, drawn, comments, writes)
    return out
