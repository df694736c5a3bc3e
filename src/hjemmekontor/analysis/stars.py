"""The anonymity rules on star tables, the shape of one unit's breakdowns.

A unit's table for one variable is a *star*: the unit's whole and its groups
along a few dimensions (genders, age groups, home-office groups), every group
a part of the whole and of nothing else. A round has tens of thousands of
them (one per unit and variable, 29,000 distinct ones at 100,000 employees),
and building the general index (:class:`~hjemmekontor.analysis.cellindex.CellIndex`)
for each cost about half of deciding them.

:func:`anonymity.decide_table <hjemmekontor.analysis.anonymity.decide_table>`
decides every table that :func:`star_of` finds to be a star with
:func:`decide_star`: the decision the general index makes, with the general
rules reduced to what they mean on a star:

- a group's parts are leaves, so the frontier of known parts is the known
  groups themselves, and the bit-set coverage check of the general walk finds
  exactly the frontier's breach again (an attacker cannot break a hidden leaf
  down further), so it is left out: in the general loop that duplicate is
  always skipped as touched;
- the equations are the dimensions whose groups add up to the whole.

Everything else (the order breaches are met in, which cell is hidden for each,
when a pass ends) follows the general loop step by step, and the tests compare
the two on random stars. A table that is not a star, or that the general
index would refuse (repeated keys, unknown keys, parts larger than the whole),
goes to the general index.
"""

from __future__ import annotations

from hjemmekontor.analysis import cellindex
from hjemmekontor.analysis.cellindex import COMPLEMENT, DERIVED, SMALL, known_cells, mend
from hjemmekontor.analysis.errors import AnonymityError

__all__ = ["decide_star", "star_of"]

# A breach: the cell it is about, and the cells behind it (cell, is_parent).
_Breach = tuple[int, list[tuple[int, bool]]]


def star_of(
    keys: list[str], counts: list[int], edges: list[tuple[str, str, str]]
) -> tuple[int, list[list[int]]] | None:
    """``(whole, groups of each dimension)`` when the table is a valid star, else None.

    Dimensions come in the order of their first edge and each dimension's
    groups in edge order, as the general index keeps them.
    """
    if not edges:
        return None
    index = {key: i for i, key in enumerate(keys)}
    if len(index) != len(keys):
        return None
    whole = index.get(edges[0][1])
    if whole is None:
        return None
    dimensions: dict[str, list[int]] = {}
    seen: set[int] = set()
    for child, parent, dimension in edges:
        cell = index.get(child)
        if cell is None or index.get(parent) != whole or cell == whole or cell in seen:
            return None
        seen.add(cell)
        dimensions.setdefault(dimension, []).append(cell)
    groups = list(dimensions.values())
    if any(sum(counts[c] for c in cells) > counts[whole] for cells in groups):
        return None
    return whole, groups


def decide_star(
    keys: list[str], counts: list[int], whole: int, groups: list[list[int]], k: int
) -> tuple[list[bool], list[str | None]]:
    """``(suppressed, reasons)`` of a star table (see the module's docstring)."""
    shown = [n >= k for n in counts]
    reasons: list[str | None] = [None if visible else SMALL for visible in shown]
    exact = [(whole, cells) for cells in groups if sum(counts[c] for c in cells) == counts[whole]]

    def breaches() -> tuple[list[_Breach], dict[int, list[tuple[int, bool]]], int]:
        known, via = known_cells(shown, counts, exact)
        found: list[_Breach] = [
            (i, via[i])
            for i, count in enumerate(counts)
            if known[i] and not shown[i] and 0 < count < k
        ]
        derived = len(found)
        if known[whole]:
            for cells in groups:
                # The general frontier walk pops its stack: last group first.
                parts = [c for c in reversed(cells) if known[c]]
                left = counts[whole] - sum(counts[c] for c in parts)
                if 0 < left < k:
                    found.append((whole, [(c, False) for c in parts]))
        return found, via, derived

    while True:
        found, via, derived = breaches()
        if not found:
            break
        if not mend(found, shown, reasons, via, counts, keys, set()):
            # Unreachable with consistent counts, as in the general loop.
            cell = found[0][0]
            kind = DERIVED if derived else COMPLEMENT
            raise AnonymityError(f"cellen «{keys[cell]}» kan ikke beskyttes ({kind}).")
    # What CellIndex.restore does: show again, largest first, every
    # complementary cell that breaches nothing when shown.
    for cell in sorted(
        (i for i, reason in enumerate(reasons) if cellindex.RESTORE and reason == COMPLEMENT),
        key=lambda i: (-counts[i], keys[i]),
    ):
        shown[cell] = True
        if breaches()[0]:
            shown[cell] = False
        else:
            reasons[cell] = None
    return [not s for s in shown], reasons
