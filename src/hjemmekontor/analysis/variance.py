"""Taylor-linearised variances that account for raking.

An estimate's influence values ``x`` (one column per estimate, zero outside
its domain) are first residualised on the raking margins and then their PSU
totals give the with-replacement variance, times ``1 - n/N`` with a known
population (Lumley 2010, sec. 2.3 and 7.4; Deville & Särndal 1992).

The residualisation is exactly that of R ``survey:::svyrecvar`` for a raked
design: ten backfitting sweeps over the margins, each subtracting from ``x``
the step weights times the category means of ``x / step weights``. Two
implementations give the same numbers:

* :func:`residualise` works on the n x p matrix itself (any design, clusters
  included) and is the reference;
* :class:`CalibrationProducts` does the same sweeps on the category
  coefficients only, using the cross-products of the margin indicators, so
  that thousands of domain estimates need only group sums of the data
  (cost linear in respondents, independent of the number of domains).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from hjemmekontor.analysis.design import Calibration, SurveyDesign

__all__ = ["BACKFIT_SWEEPS", "CalibrationProducts", "psu_variance", "residualise"]

# survey:::svyrecvar runs exactly ten sweeps ("for(iterations in 1:10)").
BACKFIT_SWEEPS = 10


def _indicator(codes: np.ndarray, size: int) -> sp.csr_matrix:
    n = codes.size
    return sp.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, size))


def residualise(x: np.ndarray, calibration: Calibration | None) -> np.ndarray:
    """Remove the part of influence values explained by the raking margins.

    Parameters
    ----------
    x : ndarray, shape (n, p)
        Weighted influence values, one column per estimate.
    calibration : Calibration or None
        The raking state; None returns ``x`` unchanged.

    Returns
    -------
    ndarray, shape (n, p)
    """
    if calibration is None:
        return x
    x = np.array(x, dtype=np.float64, copy=True)
    margins = []
    for codes, labels, psw in zip(
        calibration.codes, calibration.categories, calibration.step_weights, strict=True
    ):
        indicator = _indicator(codes, len(labels))
        counts = np.bincount(codes, minlength=len(labels)).astype(np.float64)
        margins.append((codes, indicator, counts, psw[:, None]))
    for _ in range(BACKFIT_SWEEPS):
        for codes, indicator, counts, psw in margins:
            means = (indicator.T @ (x / psw)) / counts[:, None]
            x -= psw * means[codes]
    return x


def psu_variance(x: np.ndarray, design: SurveyDesign) -> np.ndarray:
    """With-replacement variance of the column totals of ``x``.

    ``f * m / (m - 1) * sum_c (t_c - mean t)^2`` over the m PSU totals
    ``t_c`` (R ``survey:::onestrat``), with ``f = 1 - m/M`` when the
    population has M PSUs.

    Parameters
    ----------
    x : ndarray, shape (n, p)
        Residualised influence values.
    design : SurveyDesign

    Returns
    -------
    ndarray, shape (p,)
    """
    totals = x if design.clusters is None else _indicator(design.clusters, design.n_psu).T @ x
    m = design.n_psu
    centred = totals - totals.mean(axis=0)
    scale = design.fpc_factor * m / (m - 1) if m > 1 else design.fpc_factor
    return np.asarray(scale * np.einsum("ij,ij->j", centred, centred))


@dataclass(frozen=True)
class CalibrationProducts:
    """Cross-products of the margin indicators for coefficient-space sweeps.

    With margins m = 1..M, indicator matrices ``D_m``, step weights ``s_m``
    and influence values ``x0``, every backfitting sweep leaves
    ``x = x0 - sum_m s_m * (D_m a_m)`` for category coefficients ``a_m``.
    One sweep on margin m sets ``a_m = (B_m - sum_{l != m} C_ml a_l) / n_m``
    with ``B_m = D_m' (x0 / s_m)``, ``C_ml = D_m' diag(s_l / s_m) D_l`` and
    category counts ``n_m``. The residual moments then follow from
    ``P_m = D_m' s_m``, ``Q_m = D_m' (x0 * s_m)`` and
    ``H_ml = D_m' diag(s_m s_l) D_l``. Within a margin the categories
    exclude each other, so ``C_mm`` and ``H_mm`` are diagonal and are kept as
    vectors; only the blocks between margins are matrices.

    Attributes
    ----------
    offsets : ndarray
        Start of each margin's block in the stacked category index.
    counts : ndarray
        Respondents per category (stacked), the diagonal of ``C``.
    cross : dict
        ``C_ml`` for m != l.
    products : dict
        ``H_ml`` for m != l.
    squares : ndarray
        The diagonal of ``H`` (stacked).
    step_sums : ndarray
        ``P`` (stacked).
    """

    offsets: np.ndarray
    counts: np.ndarray
    cross: dict[tuple[int, int], np.ndarray]
    products: dict[tuple[int, int], np.ndarray]
    squares: np.ndarray
    step_sums: np.ndarray

    @classmethod
    def from_calibration(cls, calibration: Calibration) -> CalibrationProducts:
        """Compute the cross-products once per design."""
        sizes = [len(labels) for labels in calibration.categories]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        total = int(offsets[-1])
        cross: dict[tuple[int, int], np.ndarray] = {}
        products: dict[tuple[int, int], np.ndarray] = {}
        counts = np.zeros(total)
        squares = np.zeros(total)
        step_sums = np.zeros(total)
        items = list(zip(calibration.codes, calibration.step_weights, sizes, strict=True))
        for m, (code_m, psw_m, size_m) in enumerate(items):
            block = slice(offsets[m], offsets[m + 1])
            counts[block] = np.bincount(code_m, minlength=size_m)
            squares[block] = np.bincount(code_m, weights=psw_m * psw_m, minlength=size_m).astype(
                np.float64, copy=False
            )
            step_sums[block] = np.bincount(code_m, weights=psw_m, minlength=size_m).astype(
                np.float64, copy=False
            )
            for other, (code_l, psw_l, size_l) in enumerate(items):
                if other == m:
                    continue
                pair = code_m * size_l + code_l
                cross[m, other] = np.bincount(
                    pair, weights=psw_l / psw_m, minlength=size_m * size_l
                ).reshape(size_m, size_l)
                products[m, other] = np.bincount(
                    pair, weights=psw_l * psw_m, minlength=size_m * size_l
                ).reshape(size_m, size_l)
        return cls(offsets, counts, cross, products, squares, step_sums)

    def _blocks(self) -> list[slice]:
        return [slice(self.offsets[m], self.offsets[m + 1]) for m in range(self.offsets.size - 1)]

    def _sweeps(
        self, b: np.ndarray, b_big: np.ndarray | sp.csr_matrix
    ) -> tuple[int, list[int], dict[int, np.ndarray], dict[int, np.ndarray] | None]:
        """The sweeps on the small margins, the big one eliminated.

        ``b`` holds the stacked ``B_m`` of the small margins (the big block's
        rows are not read); ``b_big`` is the big margin's block, dense or
        sparse. Returns the big margin, the others, their coefficients and
        their values at the big margin's last update (None before any).
        """
        blocks = self._blocks()
        sizes = [blk.stop - blk.start for blk in blocks]
        big = int(np.argmax(sizes))
        others = [m for m in range(len(blocks)) if m != big]
        inverse = 1.0 / self.counts[blocks[big]]
        p = b_big.shape[1]
        if isinstance(b_big, sp.csr_matrix):
            scaled_t = sp.csr_matrix(b_big.multiply(inverse[:, None])).T.tocsr()
            f = {m: np.asarray(scaled_t @ self.cross[m, big].T).T for m in others}
        else:
            scaled = b_big * inverse[:, None]
            f = {m: self.cross[m, big] @ scaled for m in others}
        g = {
            (m, other): self.cross[m, big] @ (inverse[:, None] * self.cross[big, other])
            for m in others
            for other in others
        }
        a = {m: np.zeros((sizes[m], p)) for m in others}
        snapshot: dict[int, np.ndarray] | None = None  # a_B = 0 until its first update
        for _ in range(BACKFIT_SWEEPS):
            for m in range(len(blocks)):
                if m == big:
                    snapshot = dict(a)
                    continue
                rest = b[blocks[m]].copy()
                for other in others:
                    if other != m:
                        rest -= self.cross[m, other] @ a[other]
                if snapshot is not None:
                    rest -= f[m]
                    for other in others:
                        rest += g[m, other] @ snapshot[other]
                a[m] = rest / self.counts[blocks[m], None]
        return big, others, a, snapshot

    def coefficients(self, b: np.ndarray) -> np.ndarray:
        """Run the backfitting sweeps on the coefficients.

        The margin with most categories (the units) is eliminated: its
        update is ``a_B = (b_B - sum_l C_Bl a_l) / n_B``, so the other margins
        need only ``C_mB a_B = F_m - sum_l G_ml a_l`` with ``F_m = C_mB
        (b_B / n_B)`` and ``G_ml = C_mB diag(1 / n_B) C_Bl``, where ``a_l``
        are the values at B's last update. The sweeps then run on the small
        margins only; the result is the same sequence of updates as R's.

        Parameters
        ----------
        b : ndarray, shape (K, p)
            Stacked ``B_m`` for p estimates.

        Returns
        -------
        ndarray, shape (K, p)
            Stacked coefficients ``a_m`` after the sweeps.
        """
        blocks = self._blocks()
        sizes = [blk.stop - blk.start for blk in blocks]
        big_block = blocks[int(np.argmax(sizes))]
        b_big = b[big_block]
        big, others, a, snapshot = self._sweeps(b, b_big)
        inverse = 1.0 / self.counts[big_block]
        result = np.empty_like(b)
        for m in others:
            result[blocks[m]] = a[m]
        big_part = b_big.copy()
        if snapshot is not None:
            for other in others:
                big_part -= self.cross[big, other] @ snapshot[other]
        result[blocks[big]] = big_part * inverse[:, None]
        return result

    def residual_moments(
        self, sum_x: np.ndarray, sum_x2: np.ndarray, b: np.ndarray, q: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Sum and sum of squares of the residualised influence values.

        Parameters
        ----------
        sum_x, sum_x2 : ndarray, shape (p,)
            ``sum x0`` and ``sum x0^2`` per estimate.
        b, q : ndarray or scipy.sparse matrix, shape (K, p)
            Stacked ``B_m`` and ``Q_m``. Sparse (both) for domains that are
            subtrees of the big margin: see :meth:`_sparse_moments`.

        Returns
        -------
        (ndarray, ndarray)
            ``sum e`` and ``sum e^2``.
        """
        if sp.issparse(b) or sp.issparse(q):
            return self._sparse_moments(sum_x, sum_x2, sp.csr_matrix(b), sp.csr_matrix(q))
        a = self.coefficients(b)
        sum_e = sum_x - self.step_sums @ a
        h_a = self.squares[:, None] * a
        blocks = self._blocks()
        for m, block in enumerate(blocks):
            for other, other_block in enumerate(blocks):
                if other != m:
                    h_a[block] += self.products[m, other] @ a[other_block]
        sum_e2 = sum_x2 - 2.0 * np.einsum("kp,kp->p", q, a) + np.einsum("kp,kp->p", a, h_a)
        return sum_e, sum_e2

    def _sparse_moments(
        self, sum_x: np.ndarray, sum_x2: np.ndarray, b: sp.csr_matrix, q: sp.csr_matrix
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`residual_moments` without a dense (big margin x p) array.

        With the units both the big margin and the domains, the big blocks
        ``b_B`` and ``q_B`` are non-zero only where a unit lies in the
        domain's subtree. The big coefficients are ``a_B = U - V`` with
        ``U = b_B / n_B`` on that pattern and ``V = E S`` of rank K_s
        (``E = diag(1 / n_B) C_Bs``, ``S`` the small coefficients at B's
        last update), so every sum over the big margin is a sum of ``-V``
        over all categories (through K_s x K_s products) corrected on the
        pattern. The squares are taken of ``a_B`` itself on the pattern,
        not expanded, so no cancellation beyond the dense path's is added.
        Cost: (pattern + big margin) x K_s per estimate column.
        """
        blocks = self._blocks()
        sizes = [blk.stop - blk.start for blk in blocks]
        big = int(np.argmax(sizes))
        p = b.shape[1]
        small = np.zeros((b.shape[0], p))
        small_q = np.zeros((q.shape[0], p))
        for m, block in enumerate(blocks):
            if m != big:
                small[block] = b[block].toarray()
                small_q[block] = q[block].toarray()
        # The big blocks on the union of their patterns.
        big_b = b[blocks[big]].tocoo()
        big_q = q[blocks[big]].tocoo()
        keys = np.concatenate(
            [
                big_b.row.astype(np.int64) * p + big_b.col,
                big_q.row.astype(np.int64) * p + big_q.col,
            ]
        )
        cells, position = np.unique(keys, return_inverse=True)
        b_pat = np.bincount(position[: big_b.nnz], weights=big_b.data, minlength=cells.size).astype(
            np.float64, copy=False
        )
        q_pat = np.bincount(position[big_b.nnz :], weights=big_q.data, minlength=cells.size).astype(
            np.float64, copy=False
        )
        r, d = cells // p, cells % p
        n_big = sizes[big]
        b_big = sp.csr_matrix((b_pat, (r, d)), shape=(n_big, p))
        _, others, a, snapshot = self._sweeps(small, b_big)
        inverse = 1.0 / self.counts[blocks[big]]
        k_small = sum(sizes[m] for m in others)
        if snapshot is not None and others:
            s_mat = np.vstack([snapshot[m] for m in others])
        else:
            s_mat = np.zeros((k_small, p))
        c_mat = np.hstack([self.cross[big, m] for m in others]) if others else np.zeros((n_big, 0))
        h_mat = (
            np.hstack([self.products[big, m] for m in others]) if others else np.zeros((n_big, 0))
        )
        a_small = np.vstack([a[m] for m in others]) if others else np.zeros((0, p))
        e_mat = inverse[:, None] * c_mat
        # On the pattern: C S, V, a_B and U.
        cs_pat = np.einsum("ik,ki->i", c_mat[r], s_mat[:, d])
        v_pat = inverse[r] * cs_pat
        a_pat = inverse[r] * (b_pat - cs_pat)
        u_pat = inverse[r] * b_pat
        u_big = sp.csr_matrix((u_pat, (r, d)), shape=(n_big, p))
        u_big_t = u_big.T.tocsr()

        def pattern_sum(values: np.ndarray) -> np.ndarray:
            # float even when there are no cells (bincount then returns int64).
            return np.bincount(d, weights=values, minlength=p).astype(np.float64, copy=False)

        step_big = self.step_sums[blocks[big]]
        sum_e = sum_x - (pattern_sum(step_big[r] * u_pat) - (step_big @ e_mat) @ s_mat)
        sum_qa = pattern_sum(q_pat * a_pat)
        # sum_B a_B (H_Bs a_s) with a_B = U - V.
        ha_pat = np.einsum("ik,ki->i", h_mat[r], a_small[:, d])
        sum_aha = pattern_sum(u_pat * ha_pat) - np.einsum(
            "kp,kp->p", s_mat, (e_mat.T @ h_mat) @ a_small
        )
        # sum_B H_BB a_B^2: -V off the pattern, a_B on it.
        squares_big = self.squares[blocks[big]]
        gram = e_mat.T @ (squares_big[:, None] * e_mat)
        sum_aha += np.einsum("kp,kp->p", s_mat, gram @ s_mat)
        sum_aha += pattern_sum(squares_big[r] * (a_pat * a_pat - v_pat * v_pat))
        for m in others:
            block = blocks[m]
            sum_e -= self.step_sums[block] @ a[m]
            sum_qa += np.einsum("kp,kp->p", small_q[block], a[m])
            h_a = self.squares[block, None] * a[m]
            for other in others:
                if other != m:
                    h_a += self.products[m, other] @ a[other]
            h_mb = self.products[m, big]
            h_a += np.asarray(u_big_t @ h_mb.T).T - ((inverse * h_mb) @ c_mat) @ s_mat
            sum_aha += np.einsum("kp,kp->p", a[m], h_a)
        sum_e2 = sum_x2 - 2.0 * sum_qa + sum_aha
        return sum_e, sum_e2
