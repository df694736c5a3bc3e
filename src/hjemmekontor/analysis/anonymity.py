"""Anonymity: which cells of a table may be published (docs/analysis.md, "Anonymity").

A *cell* is a group of respondents for which a statistic would be shown: a
unit (with its whole subtree), a unit filtered by gender, a ``--by`` group,
the total. Cells are related by *edges*: a child cell is a part of its parent
cell along one *dimension*. The children of one parent along one dimension are
disjoint (sub-units of a unit; the genders within a unit); whatever of the
parent they do not cover (respondents placed directly on the parent unit, a
gender left out) is the parent's *remainder* in that dimension.

Rules enforced by :func:`suppress_table` and verified by
:func:`check_published`:

1. **Primary suppression**: a cell with fewer than ``k`` respondents is never
   shown (``k`` = 5 by default, never below 3; free-text comments need 10).
2. **No subtraction**: for every parent whose count is known and every
   dimension, the respondents not covered by the known parts -- parent minus
   all parts whose counts are known, descending through hidden sub-units to
   their known parts -- must be none or at least ``k``. Otherwise the smallest
   shown part is suppressed as well, and the check repeats (secondary
   suppression, as in the hierarchical method of de Wolf, "HiTaS: a heuristic
   approach to cell suppression in hierarchical tables", 2002).
3. **Derived cells count as shown**: a hidden cell whose count follows exactly
   from one equation (parent = sum of parts + remainder, all other terms known,
   no remainder) is treated as known, so a suppression cannot be undone
   through another dimension (the 2 × 2 table with margins).
4. **Rounds** are separate samples of answers and are never subtracted from
   each other: the same unit may be shown in two rounds. The risk is one
   round's answers grouped by two different unit trees (a round shown under
   today's organisation after a reorganisation). Put both groupings into one
   table: :func:`regrouping_edges` links every group of one tree to every
   group of the other that it strictly contains, each pair as its own
   dimension, so that "old unit minus new unit" must be none or at least k.

What is *not* covered: inference from bounds on cells that are not linked by
any edge (Fréchet bounds between two unrelated breakdowns). Publish crossed
breakdowns only as cells with edges to both margins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from hjemmekontor.analysis.cellindex import DERIVED, SMALL, CellIndex
from hjemmekontor.analysis.errors import AnonymityError
from hjemmekontor.analysis.stars import decide_star, star_of

__all__ = [
    "COMMENT_K",
    "DEFAULT_K",
    "MIN_K",
    "AnonymityError",
    "Violation",
    "cells_from_respondents",
    "check_published",
    "decide_checked_table",
    "decide_table",
    "regrouping_edges",
    "suppress_table",
    "validate_k",
]

DEFAULT_K = 5
OWN_SUFFIX = "#own"
MISSING_VALUE = "#missing"
MIN_K = 3
COMMENT_K = 10

FORCED = "forced"


def validate_k(k: int) -> int:
    """Return ``k`` if it is an allowed anonymity threshold, else raise.

    Parameters
    ----------
    k : int
        Minimum number of respondents per published cell.

    Raises
    ------
    AnonymityError
        ``k`` is not an integer or is below :data:`MIN_K`.
    """
    if isinstance(k, bool) or not isinstance(k, int):
        raise AnonymityError(f"k må være et heltall, ikke {k!r}.")
    if k < MIN_K:
        raise AnonymityError(
            f"k = {k} er for lavt: anonymitetsgrensen kan aldri være under {MIN_K}."
        )
    return k


@dataclass(frozen=True)
class Violation:
    """A published cell, or a difference of published cells, below k.

    Attributes
    ----------
    kind : str
        ``small_n`` (a shown cell below k), ``derived`` (a hidden cell below k
        whose count follows from one equation of shown cells) or
        ``complement`` (parent minus its known parts is between 1 and k − 1).
    group_key : str
        The shown cell (``small_n``) or the parent (``complement``).
    dimension : str or None
        The dimension of the parts for ``complement``.
    count : int
        The number of respondents that can be singled out.
    table : object
        The ``table`` value the cell belongs to (None without such a column).
    """

    kind: str
    group_key: str
    dimension: str | None
    count: int
    table: Any = None

    def message(self) -> str:
        """Bokmål sentence describing the violation."""
        if self.kind == SMALL:
            return f"Cellen «{self.group_key}» vises med bare {self.count} svar."
        if self.kind == DERIVED:
            return (
                f"Den skjulte cellen «{self.group_key}» med {self.count} svar kan regnes ut "
                "fra de viste cellene."
            )
        return (
            f"Cellen «{self.group_key}» minus de viste delene langs «{self.dimension}» "
            f"avslører en gruppe på {self.count} svar."
        )


def _edges_of(cells: pl.DataFrame, edges: pl.DataFrame | None) -> pl.DataFrame:
    if edges is not None:
        missing = {"child_key", "parent_key", "dimension"} - set(edges.columns)
        if missing:
            raise AnonymityError(f"kanttabellen mangler kolonnene {', '.join(sorted(missing))}.")
        return edges
    if "parent_key" not in cells.columns:
        return pl.DataFrame(
            {"child_key": [], "parent_key": [], "dimension": []},
            schema={"child_key": pl.String, "parent_key": pl.String, "dimension": pl.String},
        )
    dimension = (
        pl.col("dimension").cast(pl.String).fill_null("part")
        if "dimension" in cells.columns
        else pl.lit("part")
    )
    keep = ["table"] if "table" in cells.columns else []
    return cells.filter(pl.col("parent_key").is_not_null()).select(
        pl.col("group_key").cast(pl.String).alias("child_key"),
        pl.col("parent_key").cast(pl.String),
        dimension.alias("dimension"),
        *keep,
    )


def _split(frame: pl.DataFrame) -> list[tuple[Any, pl.DataFrame]]:
    if "table" not in frame.columns:
        return [(None, frame)]
    return [(key[0], part) for key, part in frame.group_by("table", maintain_order=True)]


def _tables(
    cells: pl.DataFrame, edges: pl.DataFrame | None, k: int
) -> list[tuple[Any, pl.DataFrame, CellIndex]]:
    for column in ("group_key", "n"):
        if column not in cells.columns:
            raise AnonymityError(f"celletabellen mangler kolonnen «{column}».")
    if cells["n"].null_count() or (cells.height and cells["n"].min() < 0):  # type: ignore[operator]
        raise AnonymityError("n må være et ikke-negativt heltall i hver celle.")
    all_edges = _edges_of(cells, edges)
    edge_parts = dict(_split(all_edges)) if "table" in all_edges.columns else None
    result = []
    # Tables with the same cells, counts and edges share one index (and so the
    # callers' decisions): a round's variables mostly have the same respondents
    # in every cell, and building and walking an index is most of the cost.
    shared: dict[
        tuple[tuple[str, ...], tuple[int, ...], tuple[tuple[str, ...], ...]], CellIndex
    ] = {}
    for table, part in _split(cells):
        mine = edge_parts.get(table, all_edges.clear()) if edge_parts is not None else all_edges
        keys = tuple(str(key) for key in part["group_key"].to_list())
        counts = tuple(int(v) for v in part["n"].to_list())
        edge_lists = (
            tuple(mine["child_key"].cast(pl.String).to_list()),
            tuple(mine["parent_key"].cast(pl.String).to_list()),
            tuple(mine["dimension"].cast(pl.String).to_list()),
        )
        signature = (keys, counts, edge_lists)
        index = shared.get(signature)
        if index is None:
            index = shared[signature] = CellIndex(
                list(keys), list(counts), zip(*edge_lists, strict=True), k
            )
        result.append((table, part, index))
    return result


def suppress_table(
    cells: pl.DataFrame,
    *,
    k: int = DEFAULT_K,
    edges: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Decide which cells of a table may be published.

    Parameters
    ----------
    cells : polars.DataFrame
        One row per cell with ``group_key`` (unique within its table) and
        ``n`` (respondents). Optional: ``parent_key`` and ``dimension`` (the
        cell's one parent, for simple trees); ``table`` (independent tables
        are checked separately, e.g. one per variable when item non-response
        makes n differ); ``suppressed`` (True forces a cell hidden, e.g. a
        small unit's manager alone). Other columns are kept.
    k : int, default 5
        Minimum respondents per published cell (at least 3).
    edges : polars.DataFrame, optional
        ``child_key``, ``parent_key``, ``dimension`` (and ``table``) when a
        cell has several parents, as crossed filters do. Replaces the
        ``parent_key``/``dimension`` columns.

    Returns
    -------
    polars.DataFrame
        ``cells`` with ``suppressed`` (bool) and ``reason`` (``small_n``,
        ``complement``, ``forced`` or null) set.

    Notes
    -----
    An optional boolean ``fixed`` column marks cells whose publication was
    decided elsewhere (e.g. unit totals already on the page): they keep their
    ``suppressed`` state and are never chosen for complementary suppression, so
    the parts around them are hidden instead. If only a fixed cell could mend a
    breach, the breach is left for :func:`check_published` to report.

    Raises
    ------
    AnonymityError
        Bad ``k``, duplicate keys, unknown keys in edges, or parts that add up
        to more than their parent.
    """
    k = validate_k(k)
    frames = []
    # The decision depends only on the index and the forced and fixed cells:
    # tables that share all three share it.
    decided: dict[tuple[int, tuple[bool, ...], frozenset[int]], tuple[list[bool], list[str | None]]]
    decided = {}
    for _table, part, index in _tables(cells, edges, k):
        forced = (
            part["suppressed"].fill_null(False).to_list()
            if "suppressed" in part.columns
            else [False] * part.height
        )
        fixed = (
            frozenset(i for i, f in enumerate(part["fixed"].fill_null(False).to_list()) if f)
            if "fixed" in part.columns
            else frozenset()
        )
        key = (id(index), tuple(forced), fixed)
        if key not in decided:
            shown: list[bool] = [not f for f in forced]
            reasons: list[str | None] = [FORCED if f else None for f in forced]
            index.fixed = set(fixed)
            index.suppress(shown, reasons)
            decided[key] = (shown, reasons)
        shown, reasons = decided[key]
        frames.append(
            part.with_columns(
                pl.Series("suppressed", [not s for s in shown], dtype=pl.Boolean),
                pl.Series("reason", reasons, dtype=pl.String),
            )
        )
    if not frames:
        return cells.with_columns(
            pl.lit(False).alias("suppressed"), pl.lit(None, dtype=pl.String).alias("reason")
        )
    return pl.concat(frames, how="vertical")


def decide_table(
    keys: list[str], counts: list[int], edges: Iterable[tuple[str, str, str]], k: int
) -> tuple[list[bool], list[str | None]]:
    """Suppression of one table given as plain lists: ``(suppressed, reasons)``.

    The same decision as :func:`suppress_table` makes for a table without
    ``suppressed`` or ``fixed`` cells, without building a frame per table, for
    callers that publish thousands of small tables (one per unit and variable).

    Parameters
    ----------
    keys, counts : list
        The cells' ``group_key`` and ``n``.
    edges : iterable of (child_key, parent_key, dimension)
    k : int
    """
    k = _valid_counts(counts, k)
    edge_list = list(edges)
    # A unit's own tables are stars; they have a cheaper walk of the same rules.
    star = star_of(keys, counts, edge_list)
    if star is not None:
        return decide_star(keys, counts, star[0], star[1], k)
    return _decide_general(keys, counts, edge_list, k)


def _valid_counts(counts: list[int], k: int) -> int:
    k = validate_k(k)
    if any(n < 0 for n in counts):
        raise AnonymityError("n må være et ikke-negativt heltall i hver celle.")
    return k


def _decide_general(
    keys: list[str], counts: list[int], edges: Iterable[tuple[str, str, str]], k: int
) -> tuple[list[bool], list[str | None]]:
    """:func:`decide_table` through the general index, whatever the table's shape."""
    k = _valid_counts(counts, k)
    index = CellIndex(keys, counts, edges, k)
    shown = [True] * len(keys)
    reasons: list[str | None] = [None] * len(keys)
    index.suppress(shown, reasons)
    return [not s for s in shown], reasons


def decide_checked_table(
    keys: list[str],
    counts: list[int],
    edges: Iterable[tuple[str, str, str]],
    k: int,
    *,
    forced: list[bool],
    fixed: list[bool],
) -> tuple[list[bool], list[str | None], list[Violation]]:
    """Suppression and check of one table given as plain lists.

    What :func:`suppress_table` followed by :func:`check_published` give for a
    table with ``suppressed`` (``forced``) and ``fixed`` columns, with the
    table's index built once for both, for a caller that assembles large tables
    (every unit's groups) as lists. The check is the full walk of
    :meth:`CellIndex.violations`, independent of the suppression loop's passes.

    Returns
    -------
    (suppressed, reasons, violations)
    """
    k = _valid_counts(counts, k)
    index = CellIndex(keys, counts, edges, k)
    shown = [not f for f in forced]
    reasons: list[str | None] = [FORCED if f else None for f in forced]
    index.fixed = {i for i, f in enumerate(fixed) if f}
    index.suppress(shown, reasons)
    violations = [
        Violation(kind, keys[cell], dimension, count)
        for kind, cell, dimension, count, _parts in index.violations(shown)[0]
    ]
    return [not s for s in shown], reasons, violations


def check_published(
    cells: pl.DataFrame,
    *,
    k: int = DEFAULT_K,
    edges: pl.DataFrame | None = None,
) -> list[Violation]:
    """Verify that a set of published cells reveals no group below k.

    The last line of defence before output, and the oracle of the tests.
    Cells with ``suppressed`` True are treated as hidden; all others as shown.

    Parameters
    ----------
    cells, k, edges
        As for :func:`suppress_table`.

    Returns
    -------
    list of Violation
        Empty when the publication is safe.
    """
    k = validate_k(k)
    found: list[Violation] = []
    # Tables with the same index and the same hidden cells breach the same way.
    breaches: dict[tuple[int, tuple[bool, ...]], list[tuple[str, int, str | None, int]]] = {}
    for table, part, index in _tables(cells, edges, k):
        hidden = (
            part["suppressed"].fill_null(False).to_list()
            if "suppressed" in part.columns
            else [False] * part.height
        )
        key = (id(index), tuple(hidden))
        if key not in breaches:
            shown = [not h for h in hidden]
            breaches[key] = [
                (kind, cell, dimension, count)
                for kind, cell, dimension, count, _parts in index.violations(shown)[0]
            ]
        for kind, cell, dimension, count in breaches[key]:
            found.append(Violation(kind, index.keys[cell], dimension, count, table))
    return found


# Building cell tables from respondents lives in hjemmekontor.analysis.cells;
# re-exported here so that callers keep one place to import the rules from.
from hjemmekontor.analysis.cells import cells_from_respondents, regrouping_edges  # noqa: E402
