"""Unit trees: every unit is its whole subtree.

A unit's estimate covers the respondents of the unit and of every unit below
it. :func:`unit_domains` turns a tree (unit → parent, or unit → ancestor
path) into the leaf group of each respondent and the sparse matrix that adds
leaf groups up into subtrees.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl
import scipy.sparse as sp

from hjemmekontor.analysis.design import category_codes
from hjemmekontor.analysis.errors import AnalysisError

__all__ = ["unit_domains"]


def unit_domains(
    data: pl.DataFrame, unit_column: str, tree: Mapping[str, str | Sequence[str] | None]
) -> tuple[np.ndarray, list[str], sp.csr_matrix, dict[str, str | None]]:
    """Leaf group of each row and the unit x unit subtree matrix.

    Parameters
    ----------
    data : polars.DataFrame
    unit_column : str
        Column with each respondent's unit.
    tree : mapping
        Unit → parent unit (None for a root), or unit → its ancestor path
        (root first).

    Returns
    -------
    (ndarray, list of str, scipy.sparse.csr_matrix, dict)
        Unit index per row (-1 if empty), unit ids in order, the matrix
        whose row u marks u and every unit below it, and unit → parent.
    """
    if unit_column not in data.columns:
        raise AnalysisError(f"Enhetskolonnen «{unit_column}» finnes ikke i dataene.")
    parent: dict[str, str | None] = {}
    for unit, up in tree.items():
        if up is None or isinstance(up, str):
            parent[str(unit)] = None if up is None or up == "" else str(up)
        else:
            path = [str(p) for p in up]
            parent[str(unit)] = path[-1] if path else None
            for above, below in itertools.pairwise(path):
                parent.setdefault(below, above)
            if path:
                parent.setdefault(path[0], None)
    for unit, up in parent.items():
        if up is not None and up not in parent:
            raise AnalysisError(f"Enheten «{unit}» har en overordnet enhet «{up}» som ikke finnes.")
    units = sorted(parent)
    index = {unit: i for i, unit in enumerate(units)}
    rows, cols = [], []
    for unit in units:
        seen = set()
        current: str | None = unit
        while current is not None:
            if current in seen:
                raise AnalysisError(f"Enhetstreet har en sløyfe ved «{current}».")
            seen.add(current)
            rows.append(index[current])
            cols.append(index[unit])
            current = parent[current]
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(units), len(units)))
    found_codes, found = category_codes(data.get_column(unit_column))
    counts = np.bincount(found_codes[found_codes >= 0], minlength=len(found))
    for label, count in zip(found, counts, strict=True):
        if label not in index:
            raise AnalysisError(
                f"Enheten «{label}» i kolonnen «{unit_column}» finnes ikke i enhetstreet "
                f"({count} rader)."
            )
    mapping = np.array([index[label] for label in found] + [-1], dtype=np.int64)
    codes = mapping[found_codes]
    return codes, units, matrix, parent
