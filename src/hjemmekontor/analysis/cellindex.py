"""The index of one table's cells and edges that the suppression walks.

:mod:`hjemmekontor.analysis.anonymity` states the rules and takes tables as
frames or lists; this module holds what it walks: each parent's parts along
each dimension, the equations with no remainder, the cells an attacker knows,
and the suppression loop that hides cells until no breach is left, with the
incremental passes that keep it linear on a table of every unit's groups.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from hjemmekontor.analysis.errors import AnonymityError

__all__ = ["COMPLEMENT", "DERIVED", "SMALL", "CellIndex", "known_cells", "mend", "victim"]

SMALL = "small_n"
DERIVED = "derived"
COMPLEMENT = "complement"

# Tests set this to compare every incremental pass of the suppression with a
# full walk of the table (:meth:`CellIndex.violations`).
VERIFY_PASSES = False
# Tables with at least this many cells are re-checked incrementally.
INCREMENTAL_FROM = 200
# benchmarks/visibility.py turns this off to measure what the restore pass
# (:meth:`CellIndex.restore`, and its star version) shows that mending alone hid.
RESTORE = True


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


def victim(
    behind: list[tuple[int, bool]],
    shown: list[bool],
    via: dict[int, list[tuple[int, bool]]],
    counts: list[int],
    keys: list[str],
    fixed: set[int],
) -> int | None:
    """The shown cell to hide for a breach.

    The smallest shown part among the cells behind the breach; a parent only
    when no part is shown; never a fixed cell. When all of them are themselves
    derived, follow their derivations back to the shown cells they came from.
    """
    level = behind
    seen: set[int] = set()
    while level:
        shown_here = [(c, is_parent) for c, is_parent in level if shown[c] and c not in fixed]
        if shown_here:
            return min(shown_here, key=lambda e: (e[1], counts[e[0]], keys[e[0]]))[0]
        seen.update(c for c, _p in level)
        level = [e for c, _p in level for e in via.get(c, ()) if e[0] not in seen]
    return None


def mend(
    breaches: Iterable[tuple[int, list[tuple[int, bool]]]],
    shown: list[bool],
    reasons: list[str | None],
    via: dict[int, list[tuple[int, bool]]],
    counts: list[int],
    keys: list[str],
    fixed: set[int],
) -> set[int]:
    """One pass of mending: hide a cell for every breach (``(cell, cells
    behind it)``, in order) whose cells no earlier fix of this pass touched.

    The next pass re-derives what is known, so a fix that also mends another
    breach does not cause extra suppression. Returns the cells touched (none:
    nothing could be mended).
    """
    touched: set[int] = set()
    for cell, behind in breaches:
        involved = {cell, *(c for c, _p in behind)}
        if involved & touched:
            continue
        chosen = victim(behind, shown, via, counts, keys, fixed)
        if chosen is None and shown[cell] and cell not in fixed:
            chosen = cell
        if chosen is None:
            # A derivation through cells hidden earlier in this pass; the
            # next pass sees it afresh.
            continue
        shown[chosen] = False
        reasons[chosen] = COMPLEMENT
        touched |= involved | {chosen}
    return touched


class CellIndex:
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
                breach = self._coverage(pi, dimension, known, memo)
                if breach is not None:
                    found.append(breach)
        return found, via

    def _coverage(
        self, pi: int, dimension: str, known: list[bool], memo: dict[int, int]
    ) -> tuple[str, int, str | None, int, list[tuple[int, bool]]] | None:
        """The coverage check of one equation: the breach if the most an attacker
        can account for of ``pi`` leaves 1 … k − 1 respondents, else None."""
        reach = 1
        for c in self.children[(pi, dimension)]:
            reach = _sumset(reach, self._options(c, known, memo))
        low = max(self.n[pi] - self.k + 1, 0)
        window = (reach >> low) & ((1 << (self.n[pi] - low)) - 1)
        if not window:
            return None
        covered = low + window.bit_length() - 1
        parts = self.reachable_known(pi, dimension, known)
        return (COMPLEMENT, pi, dimension, self.n[pi] - covered, [(c, False) for c in parts])

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
        breach = self._coverage(pi, dimension, known, memo)
        if breach is not None:
            bits[j] = breach

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
                if RESTORE:
                    self.restore(shown, reasons)
                return
            touched = mend(
                ((cell, behind) for _kind, cell, _dimension, _count, behind in breaches),
                shown,
                reasons,
                via,
                self.n,
                self.keys,
                self.fixed,
            )
            if not touched:
                if self.fixed:
                    # Only fixed cells could mend what is left; the caller's
                    # check_published sees it and decides (the cells are not ours).
                    return
                # Unreachable with consistent counts: a derived cell always
                # traces back to shown cells.
                kind, cell = breaches[0][0], breaches[0][1]
                raise AnonymityError(f"cellen «{self.keys[cell]}» kan ikke beskyttes ({kind}).")

    def restore(self, shown: list[bool], reasons: list[str | None]) -> None:
        """Show again every complementary cell that breaches nothing when shown.

        Mending hides one cell per breach as the breaches come; a later fix
        can make an earlier one unnecessary, and a hidden cell that shown
        cells pin down protects nobody. Each complementary cell is tried once,
        largest first (so that the most respondents are shown), and stays
        shown if that makes no breach. Showing a cell never removes a breach
        (what is known only grows), so after this pass showing any one
        complementary cell still hidden would breach: the result is
        irreducible (the property the tests check).

        A try re-checks only what the cell can change: the cells it makes
        known (through the equations with no remainder) and the equations
        above them, as the incremental passes of :meth:`breaches` do.
        """
        candidates = sorted(
            (
                i
                for i, reason in enumerate(reasons)
                if reason == COMPLEMENT and not shown[i] and i not in self.fixed
            ),
            key=lambda i: (-self.n[i], self.keys[i]),
        )
        if not candidates:
            return
        self._equations()
        known, _via = self.known_fast(shown)
        for cell in candidates:
            if 0 < self.n[cell] < self.k:
                continue
            newly = self._reveal(cell, known)
            shown[cell] = True
            breach = self._breach_near(newly, known, shown)
            if VERIFY_PASSES and breach != any(
                kind != SMALL for kind, *_rest in self.violations(shown)[0]
            ):
                raise AssertionError("restore's local check differs from violations()")
            if breach:
                shown[cell] = False
                for c in newly:
                    known[c] = False
            else:
                reasons[cell] = None

    def _reveal(self, cell: int, known: list[bool]) -> list[int]:
        """Mark ``cell`` known and everything it pins down; returns the cells newly known."""
        if known[cell]:
            return []
        known[cell] = True
        newly = [cell]
        stack = [cell]
        while stack:
            for e in self._eqs_with.get(stack.pop(), ()):
                pi, kids = self.exact[e]
                unknown = [c for c in (pi, *kids) if not known[c]]
                if len(unknown) == 1:
                    known[unknown[0]] = True
                    newly.append(unknown[0])
                    stack.append(unknown[0])
        return newly

    def _breach_near(self, newly: list[int], known: list[bool], shown: list[bool]) -> bool:
        """Whether cells becoming known (``newly``, already marked) make a breach,
        in a table that had none: a hidden small cell now known, or a check of
        an equation that can see one of them."""
        if any(not shown[c] and 0 < self.n[c] < self.k for c in newly):
            return True
        fresh = set(newly)
        affected = set(newly)
        stack = list(newly)
        while stack:
            for parent, _dimension in self.as_child.get(stack.pop(), ()):
                # Above a parent that was known already, its checks read it, not
                # what is below it (as in _above).
                if parent not in affected:
                    affected.add(parent)
                    if not (known[parent] and parent not in fresh):
                        stack.append(parent)
        memo: dict[int, int] = {}
        front: dict[int, Any] = {}
        bits: dict[int, Any] = {}
        for pi in affected:
            if known[pi]:
                for j in self._eqs_of.get(pi, ()):
                    self._check(j, known, memo, front, bits)
                    if front or bits:
                        return True
        return False
