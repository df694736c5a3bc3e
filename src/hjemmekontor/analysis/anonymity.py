"""Anonymity: which cells of a table may be published (BRIEF.md, "Anonymity rules").

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

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from hjemmekontor.analysis.errors import AnalysisError

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
    "known_cells",
    "regrouping_edges",
    "suppress_table",
    "validate_k",
]

DEFAULT_K = 5
OWN_SUFFIX = "#own"
MISSING_VALUE = "#missing"
MIN_K = 3
COMMENT_K = 10

SMALL = "small_n"
DERIVED = "derived"
COMPLEMENT = "complement"
FORCED = "forced"

# Tests set this to compare every incremental pass of the suppression with a
# full walk of the table (:meth:`_Table.violations`).
VERIFY_PASSES = False
# Tables with at least this many cells are re-checked incrementally.
INCREMENTAL_FROM = 200


class AnonymityError(AnalysisError):
    """A cell table that cannot be checked (bad k, unknown keys, parts larger than parents)."""


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


def _sumset(a: int, b: int) -> int:
    """Bit set of all sums x + y with bit x set in ``a`` and bit y set in ``b``."""
    if a.bit_count() > b.bit_count():
        a, b = b, a
    result = 0
    while a:
        low = a & -a
        result |= b << (low.bit_length() - 1)
        a ^= low
    return result


def known_cells(
    shown: list[bool], counts: list[int], exact: list[tuple[int, list[int]]]
) -> tuple[list[bool], dict[int, list[tuple[int, bool]]]]:
    """Shown cells plus hidden cells whose count one exact equation pins down.

    ``exact`` lists the equations with no remainder, ``(parent, parts)``, in
    the order they are swept until nothing changes. Returns the known flags
    and, for each derived cell, the other cells of the equation that gave it
    away (``(cell, is_parent)``).
    """
    # An empty cell reveals nobody, and "no answers here" is often public
    # (response rates), so its zero counts as known.
    known = [visible or count == 0 for visible, count in zip(shown, counts, strict=True)]
    via: dict[int, list[tuple[int, bool]]] = {}
    changed = True
    while changed:
        changed = False
        for pi, kids in exact:
            unknown = [c for c in kids if not known[c]]
            if not known[pi] and not unknown:
                known[pi] = True
                via[pi] = [(c, False) for c in kids]
                changed = True
            elif known[pi] and len(unknown) == 1:
                cell = unknown[0]
                known[cell] = True
                via[cell] = [(c, False) for c in kids if c != cell] + [(pi, True)]
                changed = True
    return known, via


class _Table:
    """Cells and edges of one table, indexed for the suppression loop."""

    def __init__(
        self,
        keys: list[str],
        counts: list[int],
        edges: Iterable[tuple[str, str, str]],
        k: int,
    ) -> None:
        self.k = k
        self.keys = keys
        self.n = counts
        # Cells already published elsewhere (fixed): never chosen to be hidden.
        self.fixed: set[int] = set()
        self.index = {key: i for i, key in enumerate(keys)}
        if len(self.index) != len(keys):
            dupes = sorted({key for key in keys if keys.count(key) > 1})
            raise AnonymityError(f"group_key må være unik; gjentatt: {', '.join(dupes[:5])}.")
        # children[(parent, dimension)] -> list of child indices
        self.children: dict[tuple[int, str], list[int]] = defaultdict(list)
        # equations a cell takes part in as a child
        self.as_child: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.dims: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self._below: dict[int, set[int]] = {}
        index, children, as_child, dims = self.index, self.children, self.as_child, self.dims
        for child, parent, dimension in edges:
            ci, pi = index.get(child), index.get(parent)
            if ci is None or pi is None:
                missing = child if ci is None else parent
                raise AnonymityError(f"kanten viser til en ukjent celle «{missing}».")
            if ci == pi:
                raise AnonymityError(f"cellen «{child}» kan ikke være sin egen del.")
            key = (pi, dimension)
            kids = children.get(key)
            if kids is None:
                kids = children[key] = []
                dims[pi].append(key)
            kids.append(ci)
            as_child[ci].append(key)
        # Equations with no remainder (parts add up to the parent): the only ones
        # that can give a hidden cell away; counts never change, so found once.
        self.exact: list[tuple[int, list[int]]] = []
        n = self.n
        for (pi, dimension), kids in self.children.items():
            total = sum([n[c] for c in kids])
            if total == self.n[pi]:
                self.exact.append((pi, kids))
            if total > self.n[pi]:
                raise AnonymityError(
                    f"delene av «{keys[pi]}» langs «{dimension}» har til sammen {total} svar, "
                    f"mer enn de {self.n[pi]} i cellen selv; delene må være disjunkte delmengder."
                )

    def known(self, shown: list[bool]) -> tuple[list[bool], dict[int, list[tuple[int, bool]]]]:
        """Shown cells plus hidden cells whose count one equation pins down.

        Returns the known flags and, for each derived cell, the other cells of
        the equation that gave it away (``(cell, is_parent)``), so that a
        breach can be traced back to the shown cells behind it.
        """
        return known_cells(shown, self.n, self.exact)

    def frontier(self, parent: int, dimension: str, known: list[bool]) -> list[int]:
        """Known parts of ``parent``, descending through unknown parts in the same dimension."""
        found: list[int] = []
        stack = list(self.children.get((parent, dimension), ()))
        while stack:
            cell = stack.pop()
            if known[cell]:
                found.append(cell)
            else:
                stack.extend(self.children.get((cell, dimension), ()))
        return found

    def violations(
        self, shown: list[bool]
    ) -> tuple[list[tuple[str, int, str | None, int, list[tuple[int, bool]]]], dict[int, Any]]:
        """``(kind, cell, dimension, count, cells behind it)`` for every breach."""
        found: list[tuple[str, int, str | None, int, list[tuple[int, bool]]]] = []
        for i, visible in enumerate(shown):
            if visible and self.n[i] < self.k:
                found.append((SMALL, i, None, self.n[i], []))
        known, via = self.known(shown)
        for i, visible in enumerate(shown):
            if known[i] and not visible and 0 < self.n[i] < self.k:
                found.append((DERIVED, i, None, self.n[i], via[i]))
        for pi, dimension in self.children:
            if not known[pi]:
                continue
            parts = self.frontier(pi, dimension, known)
            left = self.n[pi] - sum(self.n[c] for c in parts)
            if 0 < left < self.k:
                found.append((COMPLEMENT, pi, dimension, left, [(c, False) for c in parts]))
        # Hidden parts can be replaced by their own known parts in any of
        # their dimensions (the women and men of a hidden sub-unit), so every
        # coverage an attacker can assemble is tried, as a bit set of counts.
        memo: dict[int, int] = {}
        for pi in range(len(self.n)):
            if not known[pi]:
                continue
            for _p, dimension in self._dims_of(pi):
                reach = 1
                for c in self.children[(pi, dimension)]:
                    reach = _sumset(reach, self._options(c, known, memo))
                low = max(self.n[pi] - self.k + 1, 0)
                window = (reach >> low) & ((1 << (self.n[pi] - low)) - 1)
                if window:
                    covered = low + window.bit_length() - 1
                    left = self.n[pi] - covered
                    parts = self.reachable_known(pi, dimension, known)
                    found.append((COMPLEMENT, pi, dimension, left, [(c, False) for c in parts]))
        return found, via

    def _options(self, cell: int, known: list[bool], memo: dict[int, int]) -> int:
        """Counts of ``cell`` an attacker can account for with known cells (bit set)."""
        if known[cell]:
            return 1 << self.n[cell]
        if cell not in memo:
            options = 1  # nothing of it
            for _p, dimension in self._dims_of(cell):
                reach = 1
                for c in self.children[(cell, dimension)]:
                    reach = _sumset(reach, self._options(c, known, memo))
                options |= reach
            memo[cell] = options
        return memo[cell]

    def reachable_known(self, parent: int, dimension: str, known: list[bool]) -> list[int]:
        """Known cells below ``parent`` along ``dimension``, through hidden cells of any dimension."""
        found: list[int] = []
        seen: set[int] = set()
        stack = list(self.children[(parent, dimension)])
        while stack:
            cell = stack.pop()
            if cell in seen:
                continue
            seen.add(cell)
            if known[cell]:
                found.append(cell)
            else:
                stack.extend(k for p, d in self._dims_of(cell) for k in self.children[(p, d)])
        return found

    def _dims_of(self, cell: int) -> list[tuple[int, str]]:
        return self.dims.get(cell, [])

    def _victim(
        self, behind: list[tuple[int, bool]], shown: list[bool], via: dict[int, Any]
    ) -> int | None:
        """The shown cell to hide for a breach.

        The smallest shown part among the cells behind the breach; a parent
        only when no part is shown. When all of them are themselves derived,
        follow their derivations back to the shown cells they came from.
        """
        level = behind
        seen: set[int] = set()
        while level:
            shown_here = [
                (c, is_parent) for c, is_parent in level if shown[c] and c not in self.fixed
            ]
            if shown_here:
                return min(shown_here, key=lambda e: (e[1], self.n[e[0]], self.keys[e[0]]))[0]
            seen.update(c for c, _p in level)
            level = [e for c, _p in level for e in via.get(c, ()) if e[0] not in seen]
        return None

    # -- incremental checks for the suppression loop ------------------------
    #
    # ``violations`` walks the whole table; the suppression loop calls it once
    # per pass, and on a table of every unit's groups the number of passes grows
    # with the tree. Between passes only the cells whose known state changed can
    # change a breach: a parent's complement checks read the known cells below
    # it, descending through cells that are not known. So a pass re-checks only
    # the parents above a changed cell (through cells not known, in the state
    # before or after), and the breaches come out in the order ``violations``
    # gives them, so every decision is the one the full walk makes.

    def _equations(self) -> None:
        if hasattr(self, "_eqs"):
            return
        self._eqs: list[tuple[int, str]] = list(self.children)
        self._eqs_of: dict[int, list[int]] = defaultdict(list)
        for j, (pi, _dimension) in enumerate(self._eqs):
            self._eqs_of[pi].append(j)
        self._small = [i for i, count in enumerate(self.n) if 0 < count < self.k]

    def known_fast(self, shown: list[bool]) -> tuple[list[bool], dict[int, list[tuple[int, bool]]]]:
        """What :meth:`known` returns, without sweeping every equation again.

        :meth:`known` sweeps the exact equations in order until nothing changes;
        an equation fires when exactly one of its cells is unknown. Here each
        equation's number of unknown cells is counted once (numpy) and an
        equation is visited only when that number is one, in the order the
        sweeps would reach it (sweep, position), so the same cells are derived
        through the same equations.
        """
        if not hasattr(self, "_inc_eq"):
            eq_index: list[int] = []
            eq_cell: list[int] = []
            self._eqs_with: dict[int, list[int]] = defaultdict(list)
            for e, (pi, kids) in enumerate(self.exact):
                for c in (pi, *kids):
                    eq_index.append(e)
                    eq_cell.append(c)
                    self._eqs_with[c].append(e)
            self._inc_eq = np.array(eq_index, dtype=np.int64)
            self._inc_cell = np.array(eq_cell, dtype=np.int64)
            self._zero = np.array(self.n, dtype=np.int64) == 0
        start = np.array(shown, dtype=bool) | self._zero
        known: list[bool] = start.tolist()
        via: dict[int, list[tuple[int, bool]]] = {}
        if not self.exact:
            return known, via
        count: list[int] = (
            np.bincount(self._inc_eq, weights=~start[self._inc_cell], minlength=len(self.exact))
            .astype(np.int64)
            .tolist()
        )
        heap = [(0, e) for e in np.flatnonzero(np.array(count) == 1).tolist()]
        while heap:
            sweep, e = heapq.heappop(heap)
            if count[e] != 1:
                continue
            pi, kids = self.exact[e]
            if not known[pi]:
                cell = pi
                via[pi] = [(c, False) for c in kids]
            else:
                cell = next(c for c in kids if not known[c])
                via[cell] = [(c, False) for c in kids if c != cell] + [(pi, True)]
            known[cell] = True
            for other in self._eqs_with[cell]:
                count[other] -= 1
                if count[other] == 1:
                    heapq.heappush(heap, (sweep if other > e else sweep + 1, other))
        return known, via

    def _check(
        self,
        j: int,
        known: list[bool],
        memo: dict[int, int],
        front: dict[int, tuple[str, int, str | None, int, list[tuple[int, bool]]]],
        bits: dict[int, tuple[str, int, str | None, int, list[tuple[int, bool]]]],
    ) -> None:
        """The two complement checks of equation ``j`` (as in :meth:`violations`)."""
        pi, dimension = self._eqs[j]
        parts = self.frontier(pi, dimension, known)
        left = self.n[pi] - sum(self.n[c] for c in parts)
        if 0 < left < self.k:
            front[j] = (COMPLEMENT, pi, dimension, left, [(c, False) for c in parts])
        reach = 1
        for c in self.children[(pi, dimension)]:
            reach = _sumset(reach, self._options(c, known, memo))
        low = max(self.n[pi] - self.k + 1, 0)
        window = (reach >> low) & ((1 << (self.n[pi] - low)) - 1)
        if window:
            covered = low + window.bit_length() - 1
            left = self.n[pi] - covered
            parts = self.reachable_known(pi, dimension, known)
            bits[j] = (COMPLEMENT, pi, dimension, left, [(c, False) for c in parts])

    def _above(self, changed: list[int], known: list[bool], before: list[bool]) -> set[int]:
        """Cells whose checks can see a cell of ``changed``."""
        affected = set(changed)
        stack = list(changed)
        seen = set(changed)
        while stack:
            cell = stack.pop()
            for parent, _dimension in self.as_child.get(cell, ()):
                affected.add(parent)
                if parent not in seen and not (known[parent] and before[parent]):
                    seen.add(parent)
                    stack.append(parent)
        return affected

    def breaches(
        self,
        shown: list[bool],
        state: dict[str, Any] | None,
    ) -> tuple[list[tuple[str, int, str | None, int, list[tuple[int, bool]]]], dict[int, Any]]:
        """The breaches of :meth:`violations` (all but ``small_n``), re-checked
        only where the known cells changed since the state of the last call."""
        self._equations()
        known, via = self.known_fast(shown)
        if VERIFY_PASSES and (known, via) != self.known(shown):
            raise AssertionError("known_fast differs from known()")
        if state is None or "known" not in (state or {}):
            front: dict[int, Any] = {}
            bits: dict[int, Any] = {}
            memo: dict[int, int] = {}
            for j, (pi, _dimension) in enumerate(self._eqs):
                if known[pi]:
                    self._check(j, known, memo, front, bits)
        else:
            before = state["known"]
            front, bits = state["front"], state["bits"]
            changed = [i for i, (a, b) in enumerate(zip(known, before, strict=True)) if a != b]
            memo = {}
            for pi in self._above(changed, known, before):
                for j in self._eqs_of.get(pi, ()):
                    front.pop(j, None)
                    bits.pop(j, None)
                    if known[pi]:
                        self._check(j, known, memo, front, bits)
        if state is not None:
            state.update(known=known, front=front, bits=bits)
        found: list[tuple[str, int, str | None, int, list[tuple[int, bool]]]] = [
            (DERIVED, i, None, self.n[i], via[i]) for i in self._small if known[i] and not shown[i]
        ]
        found.extend(front[j] for j in sorted(front))
        found.extend(bits[j] for j in sorted(bits, key=lambda j: (self._eqs[j][0], j)))
        return found, via

    def suppress(self, shown: list[bool], reasons: list[str | None]) -> None:
        for i in range(len(shown)):
            if shown[i] and self.n[i] < self.k and i not in self.fixed:
                shown[i] = False
                reasons[i] = SMALL
        state: dict[str, Any] = {}
        # Small tables (one unit's groups) are walked whole: the bookkeeping of
        # the incremental passes costs more than it saves there.
        whole = len(self.n) < INCREMENTAL_FROM
        while True:
            if whole:
                found, via = self.violations(shown)
                breaches = [v for v in found if v[0] != SMALL]
            else:
                breaches, via = self.breaches(shown, state)
            if VERIFY_PASSES and not whole:
                full = [v for v in self.violations(shown)[0] if v[0] != SMALL]
                if full != breaches:
                    raise AssertionError("incremental breaches differ from violations()")
            if not breaches:
                return
            # Mend every breach whose cells no earlier fix of this pass has
            # touched; the next pass re-derives what is known, so a fix that
            # also mends another breach does not cause extra suppression.
            touched: set[int] = set()
            for _kind, cell, _dimension, _count, behind in breaches:
                involved = {cell, *(c for c, _p in behind)}
                if involved & touched:
                    continue
                victim = self._victim(behind, shown, via)
                if victim is None and shown[cell] and cell not in self.fixed:
                    victim = cell
                if victim is None:
                    # A derivation through cells hidden earlier in this pass;
                    # the next pass sees it afresh.
                    continue
                shown[victim] = False
                reasons[victim] = COMPLEMENT
                touched |= involved | {victim}
            if not touched:
                if self.fixed:
                    # Only fixed cells could mend what is left; the caller's
                    # check_published sees it and decides (the cells are not ours).
                    return
                # Unreachable with consistent counts: a derived cell always
                # traces back to shown cells.
                kind, cell = breaches[0][0], breaches[0][1]
                raise AnonymityError(f"cellen «{self.keys[cell]}» kan ikke beskyttes ({kind}).")


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
) -> list[tuple[Any, pl.DataFrame, _Table]]:
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
    shared: dict[tuple[tuple[str, ...], tuple[int, ...], tuple[tuple[str, ...], ...]], _Table] = {}
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
            index = shared[signature] = _Table(
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
    k = validate_k(k)
    if any(n < 0 for n in counts):
        raise AnonymityError("n må være et ikke-negativt heltall i hver celle.")
    index = _Table(keys, counts, edges, k)
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
    :meth:`_Table.violations`, independent of the suppression loop's passes.

    Returns
    -------
    (suppressed, reasons, violations)
    """
    k = validate_k(k)
    if any(n < 0 for n in counts):
        raise AnonymityError("n må være et ikke-negativt heltall i hver celle.")
    index = _Table(keys, counts, edges, k)
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
