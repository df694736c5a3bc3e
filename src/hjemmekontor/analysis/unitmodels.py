"""The adjusted regressions of every unit's consequences block, fitted together.

Each unit's consequences block (:func:`~hjemmekontor.analysis.consequences.consequences_from_groups`
on the unit's subtree, with the organisation's weights) fits one regression per
outcome on cell sums (:func:`~hjemmekontor.analysis.regression.fit_cells`).
Fitted one at a time, thousands of units make tens of thousands of tiny
models whose cost is numpy's per-call overhead. Here they are fitted as
stacks:

* the cell sums of every unit come from one ``bincount`` per quantity on a
  grid of group × every covariate level (with a slot for "missing"), added up
  into subtrees by the sparse subtree matrix; each unit's own grid (the
  covariates with more than one level in the unit, its levels in the same
  sorted order) is a selection and sum over that grid, so the cells, their
  order and the design matrix are the unit's own;
* the identified columns are chosen as :func:`~hjemmekontor.analysis.consequences._independent_columns`
  does (greedy, ``numpy.linalg.matrix_rank``'s tolerance with the unit's own
  shape), on the triangular factor of each unit's design, all units at once;
* the Newton iterations run on the stack (columns not identified are zero
  with an identity block in the Hessian, which leaves them at zero and the
  rest as in the reduced model); a unit stops when its step is small, or
  when a cell's fitted mean reaches the edge, as in ``fit_cells``;
* a separated model is fitted again without its edge cells in the next
  stack, as :func:`~hjemmekontor.analysis.consequences.fit_identified` does
  for one unit.

A model whose linear equations were singular or whose result is not finite
is fitted on its own by ``fit_identified``; one that cannot be fitted, or
does not converge, gives no effects, as in the per-unit path. The tests
compare every unit's effects with the per-unit block (to 1e-10: the cell
sums are added up in another order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from hjemmekontor.analysis.consequences import (
    REFERENCE_GROUP,
    SEPARATION_ROUNDS,
    ModelInputs,
    effect_rows,
    fit_identified,
)
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.analysis.indicators import HO_GROUPS
from hjemmekontor.analysis.regression import (
    CellModel,
    Family,
    _mean,
    edge_cells,
    residual_squares,
)

__all__ = ["UnitModels", "unit_models"]

_SUMS = 6  # count, sum w, sum w y, sum w^2, sum w^2 y, sum w^2 y^2


@dataclass(frozen=True)
class UnitModels:
    """Every selected unit's regression effects.

    Attributes
    ----------
    effects : list of list of dict
        Per selected unit (in order), its effect rows as
        :func:`~hjemmekontor.analysis.consequences.effect_rows` makes them
        (groups whose estimate is hidden have their effect hidden too).
    covariates : list of tuple of str
        Per unit, the covariates used (those with more than one level).
    """

    effects: list[list[dict[str, object]]]
    covariates: list[tuple[str, ...]]


@dataclass
class _Model:
    """One unit's model of one outcome, as ``_outcome_effects`` sets it up."""

    unit: int
    x: np.ndarray  # used cells x all columns
    sums: tuple[np.ndarray, ...]  # the six sums of the used cells
    present: list[int]
    others: list[int]
    group_n: np.ndarray
    keep: list[int] | None = None
    fit: CellModel | None = None


def _unit_grids(
    inputs: ModelInputs,
    weights: np.ndarray,
    leaf: np.ndarray,
    rows: sp.csr_matrix,
) -> tuple[list[np.ndarray], np.ndarray, list[int], np.ndarray]:
    """Each unit's present levels per covariate, weight mean, and the global grid.

    Returns the present-level masks (units x levels, one per covariate), the
    mean weight of each unit's rows, the grid's sizes and each row's grid cell
    (-1 where the row has no group or no unit).
    """
    n_units = rows.shape[1]
    valid = leaf >= 0
    present = []
    sizes = [len(HO_GROUPS)]
    cell = np.where(valid & (inputs.groups >= 0), inputs.groups, -1)
    for _, codes, levels in inputs.covariates:
        levels_n = len(levels)
        ok = valid & (codes >= 0)
        own = np.bincount(leaf[ok] * levels_n + codes[ok], minlength=n_units * levels_n)
        present.append(np.asarray(rows @ own.reshape(n_units, levels_n)) > 0)
        slot = np.where(codes >= 0, codes, levels_n)
        cell = np.where(cell >= 0, cell * (levels_n + 1) + slot, -1)
        sizes.append(levels_n + 1)
    count = np.asarray(rows @ np.bincount(leaf[valid], minlength=n_units), dtype=np.float64)
    total = np.asarray(rows @ np.bincount(leaf[valid], weights=weights[valid], minlength=n_units))
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / count
    return present, mean, sizes, cell


def _grid_sums(
    y: np.ndarray,
    weights: np.ndarray,
    leaf: np.ndarray,
    cell: np.ndarray,
    rows: sp.csr_matrix,
    n_cells: int,
) -> np.ndarray:
    """The six sums per (selected unit, grid cell), shape (6, units, cells)."""
    n_units = rows.shape[1]
    ok = ~np.isnan(y) & (cell >= 0)
    index = leaf[ok] * n_cells + cell[ok]
    w, yy = weights[ok], y[ok]
    w2 = w * w
    found = []
    for quantity in (None, w, w * yy, w2, w2 * yy, w2 * yy * yy):
        own = np.bincount(index, weights=quantity, minlength=n_units * n_cells)
        found.append(np.asarray(rows @ own.reshape(n_units, n_cells).astype(np.float64)))
    return np.stack(found)


def _unit_cells(
    sums: np.ndarray, sizes: list[int], levels: list[np.ndarray], used: list[bool]
) -> np.ndarray:
    """One unit's sums on its own grid: (6, cells), cells in its mixed-radix order."""
    grid = sums.reshape(_SUMS, *sizes)
    # Axis 0 holds the sums, axis 1 the group; covariates follow.
    for axis in range(len(levels), 0, -1):
        if used[axis - 1]:
            grid = np.take(grid, levels[axis - 1], axis=axis + 1)
        else:
            grid = grid.sum(axis=axis + 1)
    return grid.reshape(_SUMS, -1)


def _design(sizes: list[int], others: list[int]) -> np.ndarray:
    """The design matrix of a unit grid, as ``_outcome_effects`` builds it."""
    cell_values = np.indices(sizes).reshape(len(sizes), -1)
    group_of_cell = cell_values[0]
    columns = [np.ones(group_of_cell.size)]
    columns += [(group_of_cell == g).astype(np.float64) for g in others]
    for index, levels_n in enumerate(sizes[1:], start=1):
        values = cell_values[index]
        columns += [(values == level).astype(np.float64) for level in range(1, levels_n)]
    return np.column_stack(columns)


def _stack(models: list[_Model]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Designs padded with zero rows and columns, the six sums, and the used-cell counts."""
    rows_n = max(m.x.shape[0] for m in models)
    columns_n = max(m.x.shape[1] for m in models)
    x = np.zeros((len(models), rows_n, columns_n))
    sums = np.zeros((_SUMS, len(models), rows_n))
    cells = np.zeros(len(models), dtype=np.int64)
    for b, model in enumerate(models):
        c, p = model.x.shape
        x[b, :c, :p] = model.x
        for q in range(_SUMS):
            sums[q, b, :c] = model.sums[q]
        cells[b] = c
    return x, sums, cells


def _independent(x: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """Greedy identified columns of each design, as ``_independent_columns``.

    A candidate column is kept when the rank of the kept columns and it equals
    their number; the rank is ``matrix_rank``'s (singular values above
    ``S.max() * max(rows, columns) * eps`` with the unit's own used rows and
    candidate columns). The singular values of ``x`` equal those of its
    triangular factor, which is small.
    """
    r = np.linalg.qr(x, mode="r")
    batch, columns_n = x.shape[0], x.shape[2]
    keep = np.zeros((batch, columns_n), dtype=bool)
    eps = np.finfo(np.float64).eps
    for j in range(columns_n):
        candidate = keep.copy()
        candidate[:, j] = True
        chosen = candidate.sum(axis=1)
        values = np.linalg.svd(r * candidate[:, None, :], compute_uv=False)
        tolerance = values.max(axis=1) * np.maximum(cells, chosen) * eps
        rank = (values > tolerance[:, None]).sum(axis=1)
        keep[:, j] = rank == chosen
    return keep


def _solve(matrices: np.ndarray, rhs: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """``solve(matrices[b], rhs[b])`` where ``ok``; a singular one clears its ``ok``.

    Rows not ``ok`` get zeros (their matrix is replaced by the identity, so
    one failed model does not stop the stack).
    """
    eye = np.eye(matrices.shape[1])
    matrices = np.where(ok[:, None, None], matrices, eye)
    try:
        found = np.linalg.solve(matrices, rhs[:, :, None])[..., 0]
    except np.linalg.LinAlgError:
        # Rare: find the singular ones (fit_cells would fail on them too).
        found = np.zeros_like(rhs)
        for b in np.flatnonzero(ok):
            try:
                found[b] = np.linalg.solve(matrices[b], rhs[b])
            except np.linalg.LinAlgError:
                ok[b] = False
    return np.where(ok[:, None], found, 0.0)


FITTED, NO_FIT, ON_ITS_OWN, SEPARATED = 0, 1, 2, 3


def _newton(
    x: np.ndarray, sums: np.ndarray, keep: np.ndarray, family: Family
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fit the stack: coefficients, robust covariances, each model's status, edge cells.

    The status is, as :func:`~hjemmekontor.analysis.consequences.fit_identified`
    would find it: ``FITTED``; ``SEPARATED`` where fitted means reach the
    edge (those cells are marked; the model is fitted again without them);
    ``NO_FIT`` where nothing can be shown (a start that is not finite because
    everyone in the unit answered alike, or no convergence without
    separation); or ``ON_ITS_OWN`` where a linear model's equations were
    singular or a result not finite, which ``fit_cells`` decides for itself.
    """
    count, sw, swy, sw2, sw2y, sw2y2 = sums
    batch, _, columns_n = x.shape
    x = x * keep[:, None, :]
    dropped = np.where(keep, 0.0, 1.0)[:, :, None] * np.eye(columns_n)
    xt = x.transpose(0, 2, 1)

    def hessian(weight: np.ndarray) -> np.ndarray:
        return xt @ (x * weight[:, :, None]) + dropped

    status = np.full(batch, FITTED)
    converged = np.ones(batch, dtype=bool)
    if family == "gaussian":
        regular = np.ones(batch, dtype=bool)
        beta = _solve(hessian(sw), np.einsum("bcp,bc->bp", x, swy), regular)
        status[~regular] = ON_ITS_OWN
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            overall = swy.sum(axis=1) / sw.sum(axis=1)
            ybar = np.where(sw > 0, swy / np.where(sw > 0, sw, 1.0), 0.0)
            start = (ybar + overall[:, None]) / 2
            eta0 = np.log(start / (1 - start)) if family == "binomial" else np.log(start + 1e-3)
        used = sw > 0
        finite = np.asarray(np.where(used, np.isfinite(eta0), True).all(axis=1))
        status[~finite] = NO_FIT
        eta0 = np.where(used & finite[:, None], eta0, 0.0)
        root = np.sqrt(sw)
        beta = np.einsum("bpc,bc->bp", np.linalg.pinv(x * root[:, :, None]), eta0 * root)
        active = finite.copy()
        converged[:] = False
        for _ in range(50):
            # Only the models still iterating: after a few steps most have
            # converged, and each model's arithmetic is its own (the same
            # numbers as a step of the whole stack).
            rows = np.flatnonzero(active)
            if rows.size == 0:
                break
            xa = x[rows]
            mu, dmu = _mean(family, np.einsum("bcp,bp->bc", xa, beta[rows]))
            # Separated: stop, as fit_cells does.
            separated = (edge_cells(family, mu) & (count[rows] > 0)).any(axis=1)
            going = ~separated
            active[rows[separated]] = False
            rows, xa, mu, dmu = rows[going], xa[going], mu[going], dmu[going]
            score = np.einsum("bcp,bc->bp", xa, swy[rows] - mu * sw[rows])
            # A singular Hessian (fitted shares of exactly 0 or 1) stops the
            # model unconverged, as in fit_cells.
            regular = np.ones(rows.size, dtype=bool)
            information = xa.transpose(0, 2, 1) @ (xa * (sw[rows] * dmu)[:, :, None])
            step = _solve(information + dropped[rows], score, regular)
            active[rows[~regular]] = False
            beta[rows] = beta[rows] + step
            size = np.abs(step).max(axis=1)
            done = regular & (size < 1e-10 * (1 + np.abs(beta[rows]).max(axis=1)))
            converged[rows[done]] = True
            active[rows[done]] = False
    mu, dmu = _mean(family, np.einsum("bcp,bp->bc", x, beta))
    edge = edge_cells(family, mu) & (count > 0)
    status[(status == FITTED) & edge.any(axis=1)] = SEPARATED
    status[(status == FITTED) & ~converged] = NO_FIT
    fitted = status == FITTED
    information = np.where(fitted[:, None, None], hessian(sw * dmu), np.eye(columns_n))
    invertible = fitted.copy()
    bread = _inverse(information, invertible)
    status[fitted & ~invertible] = ON_ITS_OWN
    squares = residual_squares(mu, sw2, sw2y, sw2y2)
    cov = bread @ (xt @ (x * squares[:, :, None])) @ bread
    if family == "gaussian":
        n = count.sum(axis=1)
        p = keep.sum(axis=1)
        cov *= (n / (n - p))[:, None, None]
    finite_result = np.isfinite(beta).all(axis=1) & np.isfinite(cov).all(axis=(1, 2))
    status[(status == FITTED) & ~finite_result] = ON_ITS_OWN
    return beta, cov, status, edge


def _inverse(matrices: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Inverses where ``ok``; a singular one clears its ``ok`` (and gets zeros)."""
    try:
        return np.asarray(np.linalg.inv(matrices))
    except np.linalg.LinAlgError:
        found = np.zeros_like(matrices)
        for b in np.flatnonzero(ok):
            try:
                found[b] = np.linalg.inv(matrices[b])
            except np.linalg.LinAlgError:
                ok[b] = False
        return found


def _fit_all(models: list[_Model], family: Family) -> None:
    """Fit every model of one outcome; sets ``keep`` and ``fit`` (None: no fit).

    A separated model is fitted again without its edge cells, in the next
    stack, as :func:`~hjemmekontor.analysis.consequences.fit_identified` does.
    """
    pending = [(model, model.x, model.sums) for model in models]
    for _ in range(1 + SEPARATION_ROUNDS):
        for model, x, _ in pending:
            model.fit = None
            if x.shape[0] == 0:
                # Every cell was on the edge: nothing is left to estimate from.
                model.keep = []
        pending = [(m, x, sums) for m, x, sums in pending if x.shape[0] > 0]
        if not pending:
            break
        pending = _fit_round(pending, family)
    for model, _, _ in pending:
        # Still separated after the last round: shown as nothing.
        model.fit = None


def _fit_round(
    pending: list[tuple[_Model, np.ndarray, tuple[np.ndarray, ...]]], family: Family
) -> list[tuple[_Model, np.ndarray, tuple[np.ndarray, ...]]]:
    stack = [_Model(m.unit, x, sums, m.present, m.others, m.group_n) for m, x, sums in pending]
    x, sums, cells = _stack(stack)
    keep = _independent(x, cells)
    columns = [
        [int(j) for j in np.flatnonzero(mask[: m.x.shape[1]])]
        for m, mask in zip(stack, keep, strict=True)
    ]
    status = np.full(len(stack), NO_FIT)
    # As fit_cells: a model needs more respondents than coefficients.
    fitted = [b for b, m in enumerate(stack) if int(m.sums[0].sum()) > len(columns[b])]
    beta = np.zeros((len(stack), x.shape[2]))
    cov = np.zeros((len(stack), x.shape[2], x.shape[2]))
    edge = np.zeros(sums.shape[1:], dtype=bool)
    if fitted:
        with np.errstate(all="ignore"):
            beta[fitted], cov[fitted], status[fitted], edge[fitted] = _newton(
                x[fitted], sums[:, fitted], keep[fitted], family
            )
    again = []
    for b, ((model, model_x, model_sums), kept) in enumerate(zip(pending, columns, strict=True)):
        model.keep = kept
        model.fit = None
        if status[b] == FITTED:
            n = int(model_sums[0].sum())
            model.fit = CellModel(beta[b, kept], cov[b][np.ix_(kept, kept)], n, True, False)
        elif status[b] == SEPARATED:
            rest = ~edge[b, : model_x.shape[0]]
            again.append((model, model_x[rest], tuple(part[rest] for part in model_sums)))
        elif status[b] == ON_ITS_OWN:
            # Exactly as the per-unit path fits it (or fails to).
            try:
                with np.errstate(all="ignore"):
                    model.fit, model.keep = fit_identified(model_x, model_sums, family, kept)
            except (AnalysisError, np.linalg.LinAlgError):
                model.fit = None
    return again


def unit_models(
    inputs: ModelInputs,
    weights: np.ndarray,
    leaf: np.ndarray,
    rows: sp.csr_matrix,
    shown: Sequence[dict[str, dict[str, bool]]],
    *,
    k: int,
) -> UnitModels:
    """Fit every selected unit's adjusted regressions, all units at once.

    Parameters
    ----------
    inputs : ModelInputs
        The regressions' inputs of all rows (covariate codes of all rows).
    weights : ndarray
        All rows' weights (each unit's are divided by their mean, as the
        per-unit path does).
    leaf : ndarray
        Each row's own unit (-1 for none).
    rows : scipy.sparse.csr_matrix
        Selected units x units: which units make up each selected unit's subtree.
    shown : sequence of dict
        Per selected unit: outcome → ho_group → whether its group estimate is shown.
    k : int
    """
    present, mean, sizes, cell = _unit_grids(inputs, weights, leaf, rows)
    batch = rows.shape[0]
    n_cells = int(np.prod(sizes))
    used = [[bool(p[b].sum() > 1) for p in present] for b in range(batch)]
    levels = [[np.flatnonzero(p[b]) for p in present] for b in range(batch)]
    unit_sizes = [
        [len(HO_GROUPS)] + [len(lv) for lv, u in zip(levels[b], used[b], strict=True) if u]
        for b in range(batch)
    ]
    reference = HO_GROUPS.index(REFERENCE_GROUP)
    effects: list[list[dict[str, object]]] = [[] for _ in range(batch)]
    for outcome, y in zip(inputs.outcomes, inputs.values, strict=True):
        grid = _grid_sums(y, weights, leaf, cell, rows, n_cells)
        models: list[_Model] = []
        for b in range(batch):
            scale = mean[b]
            unit = _unit_cells(grid[:, b], sizes, levels[b], used[b])
            unit[1:3] /= scale
            unit[3:] /= scale * scale
            count = unit[0]
            group_n = count.reshape(len(HO_GROUPS), -1).sum(axis=1)
            found = [g for g, n in enumerate(group_n) if n > 0]
            if reference not in found or len(found) < 2:
                continue
            others = [g for g in found if g != reference]
            x = _design(unit_sizes[b], others)
            cells_used = count > 0
            models.append(
                _Model(
                    b,
                    x[cells_used],
                    tuple(unit[q][cells_used] for q in range(_SUMS)),
                    found,
                    others,
                    group_n,
                )
            )
        _fit_all(models, outcome.family)
        for model in models:
            if model.fit is None or model.keep is None:
                continue
            effects[model.unit] += effect_rows(
                outcome,
                model.fit,
                model.keep,
                model.present,
                model.group_n,
                shown[model.unit].get(outcome.id, {}),
                k,
            )
    covariates = [
        tuple(
            name
            for (name, _, _), is_used in zip(inputs.covariates, used[b], strict=True)
            if is_used
        )
        for b in range(batch)
    ]
    return UnitModels(effects, covariates)
