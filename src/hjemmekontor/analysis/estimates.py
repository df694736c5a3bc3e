"""Weighted means, shares and totals with calibration-aware standard errors.

Point estimates and standard errors are those of R ``survey::svymean``,
``svytotal`` and ``svyby`` on a design made by ``svydesign`` (and ``rake``):
domains are estimated on the full sample with the influence values set to
zero outside the domain (Lumley 2010, sec. 2.4 and 7.4), which is what
``svyby`` does for a calibrated design. Missing values of an outcome make a
domain too, as with ``na.rm=TRUE``.

Without clusters the work is done with group sums and the cross-products of
:class:`~hjemmekontor.analysis.variance.CalibrationProducts`, so that all
groups of a breakdown and all outcomes cost one pass over the data. With
clusters each domain's influence values are formed explicitly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp

from hjemmekontor.analysis.design import SurveyDesign, category_codes
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.analysis.intervals import estimate_interval
from hjemmekontor.analysis.outcomes import (
    Z_95,
    Estimate,
    as_estimates,
    outcome_values,
    parse_estimate,
)
from hjemmekontor.analysis.publication import publish
from hjemmekontor.analysis.units import unit_domains
from hjemmekontor.analysis.variance import CalibrationProducts, psu_variance, residualise

__all__ = [
    "Z_95",
    "Estimate",
    "estimate_by",
    "estimate_table",
    "estimate_units",
    "outcome_values",
    "parse_estimate",
]


@dataclass(frozen=True)
class _Domains:
    """Rows grouped into leaf groups, and domains as unions of leaf groups."""

    group: np.ndarray  # leaf group per row, -1 outside every domain
    n_groups: int
    aggregation: sp.csr_matrix  # domains x groups, 0/1
    labels: list[dict[str, str]]  # one "by" object per domain


def _products(design: SurveyDesign) -> CalibrationProducts | None:
    calibration = design.calibration
    if calibration is None:
        return None
    if "products" not in calibration.cache:
        calibration.cache["products"] = CalibrationProducts.from_calibration(calibration)
    products: CalibrationProducts = calibration.cache["products"]
    return products


@dataclass(frozen=True)
class _Cells:
    """Where one margin's (domain, category) sums are non-zero.

    ``position`` maps each row to its (leaf group, category) pair; ``transfer``
    adds the pairs' sums up into the non-zero (domain, category) cells
    ``domain`` x ``category``. With the units as margin and domains this is
    about units x depth cells instead of units x units.
    """

    position: np.ndarray
    n_pairs: int
    transfer: sp.csr_matrix  # cells x pairs
    domain: np.ndarray
    category: np.ndarray

    @classmethod
    def build(cls, group: np.ndarray, codes: np.ndarray, size: int, agg: sp.csr_matrix) -> _Cells:
        pairs, position = np.unique(group * size + codes, return_inverse=True)
        n_pairs = pairs.size
        n_groups = agg.shape[1]
        membership = sp.csr_matrix(
            (np.ones(n_pairs), (pairs // size, np.arange(n_pairs))), shape=(n_groups, n_pairs)
        )
        spread = sp.coo_matrix(agg @ membership)
        cells, cell = np.unique(spread.row * size + pairs[spread.col] % size, return_inverse=True)
        transfer = sp.csr_matrix((spread.data, (cell, spread.col)), shape=(cells.size, n_pairs))
        return cls(position.ravel(), n_pairs, transfer, cells // size, cells % size)

    def sums(self, *values: np.ndarray) -> np.ndarray:
        """Cell sums of each of ``values`` (rows), shape (cells, len(values))."""
        pair_sums = np.column_stack(
            [np.bincount(self.position, weights=v, minlength=self.n_pairs) for v in values]
        )
        return np.asarray(self.transfer @ pair_sums)


def _domain_statistics(
    design: SurveyDesign, estimates: list[Estimate], domains: _Domains, values: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Estimates, standard errors and unweighted n, each (domains, estimates)."""
    if design.clusters is not None:
        return _dense_statistics(design, estimates, domains, values)
    w = design.weights
    keep_mask = domains.group >= 0
    # A view instead of a copy when every row belongs to some group.
    keep: slice | np.ndarray = slice(None) if keep_mask.all() else keep_mask
    g = domains.group[keep]
    n_groups = domains.n_groups
    agg = domains.aggregation
    products = _products(design)
    calibration = design.calibration
    margin_parts = []
    n_categories = 0
    if calibration is not None:
        for codes, labels, psw in zip(
            calibration.codes, calibration.categories, calibration.step_weights, strict=True
        ):
            cells = _Cells.build(g, codes[keep], len(labels), agg)
            rows = cells.category + n_categories
            margin_parts.append((cells, rows, (w / psw)[keep], (w * psw)[keep]))
            n_categories += len(labels)
    wk = w[keep]
    wk2 = wk * wk
    n_domains = agg.shape[0]
    shape = (n_domains, len(estimates))
    est = np.full(shape, np.nan)
    sum_x = np.zeros(shape)
    sum_x2 = np.zeros(shape)
    n_obs = np.zeros(shape, dtype=np.int64)
    sum_e = np.zeros(shape)
    sum_e2 = np.zeros(shape)

    def gsum(weights: np.ndarray) -> np.ndarray:
        return np.asarray(
            agg @ np.bincount(g, weights=weights, minlength=n_groups).astype(np.float64, copy=False)
        )

    for j, estimate in enumerate(estimates):
        y_all = values[j]
        observed_all = ~np.isnan(y_all)
        is_mean = estimate.statistic != "total"
        centre = 0.0
        if is_mean and observed_all.any():
            # Centring keeps the sums of squares below free of cancellation.
            centre = float(np.average(y_all[observed_all], weights=w[observed_all]))
        y = np.where(observed_all, y_all - centre, 0.0)[keep]
        observed = observed_all[keep].astype(np.float64)
        n_obs[:, j] = np.rint(gsum(observed)).astype(np.int64)
        w0 = gsum(wk * observed)
        w1 = gsum(wk * y)
        # The estimate itself from the raw values: exact 0 and 1 for shares.
        raw = gsum(wk * np.where(observed_all, y_all, 0.0)[keep]) if is_mean else w1
        v0 = gsum(wk2 * observed)
        v1 = gsum(wk2 * y)
        v2 = gsum(wk2 * y * y)
        # Per margin, the cell sums of ratio * (observed, y) and prod * (observed, y)
        # on the non-zero (domain, category) cells only.
        parts = [
            (cells, rows, cells.sums(ratio * observed, ratio * y, prod * observed, prod * y))
            for cells, rows, ratio, prod in margin_parts
        ]
        with np.errstate(divide="ignore", invalid="ignore"):
            if is_mean:
                mean = w1 / w0
                est[:, j] = raw / w0
                sum_x[:, j] = (w1 - mean * w0) / w0
                squares = v2 - 2 * mean * v1 + mean * mean * v0
                # A domain whose values are all equal has influence values of
                # exactly zero; only rounding would make them nonzero here.
                constant = squares <= 1e-12 * (v2 + mean * mean * v0)
                sum_x2[:, j] = np.where(constant, 0.0, squares / (w0 * w0))
            else:
                est[:, j] = w1
                sum_x[:, j] = w1
                sum_x2[:, j] = v2
        empty = n_obs[:, j] == 0
        sum_x[empty, j] = 0.0
        sum_x2[empty, j] = 0.0
        if products is not None:
            # One estimate at a time, and sparse (categories x domains): the
            # coefficients of all estimates at once would be cells x units x
            # estimates; the sweeps are linear, so the columns are independent.
            zero = empty | constant if is_mean else empty
            b_parts, q_parts, row_parts, domain_parts = [], [], [], []
            for cells, rows, sums in parts:
                domain = cells.domain
                dropped = zero[domain]
                with np.errstate(divide="ignore", invalid="ignore"):
                    if is_mean:
                        centre_d, scale_d = mean[domain], w0[domain]
                        b_cell = (sums[:, 1] - centre_d * sums[:, 0]) / scale_d
                        q_cell = (sums[:, 3] - centre_d * sums[:, 2]) / scale_d
                    else:
                        b_cell, q_cell = sums[:, 1], sums[:, 3]
                b_parts.append(np.where(dropped, 0.0, b_cell))
                q_parts.append(np.where(dropped, 0.0, q_cell))
                row_parts.append(rows)
                domain_parts.append(domain)
            index = (np.concatenate(row_parts), np.concatenate(domain_parts))
            shape_bq = (n_categories, n_domains)
            b = sp.csr_matrix((np.concatenate(b_parts), index), shape=shape_bq)
            q = sp.csr_matrix((np.concatenate(q_parts), index), shape=shape_bq)
            sum_e[:, j], sum_e2[:, j] = products.residual_moments(sum_x[:, j], sum_x2[:, j], b, q)
        else:
            sum_e[:, j], sum_e2[:, j] = sum_x[:, j], sum_x2[:, j]
    empty = n_obs == 0
    m = design.n_psu
    scale = design.fpc_factor * m / (m - 1) if m > 1 else design.fpc_factor
    variance = scale * (sum_e2 - sum_e * sum_e / m)
    se = np.sqrt(np.clip(variance, 0.0, None))
    est[empty] = np.nan
    se[empty] = np.nan
    return est, se, n_obs


def _dense_statistics(
    design: SurveyDesign, estimates: list[Estimate], domains: _Domains, values: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Reference path: the influence values of every (domain, estimate) are
    # formed, residualised and summed by PSU, as survey:::svyrecvar does.
    w = design.weights
    n = design.n
    agg = domains.aggregation.tocsr()
    n_domains = agg.shape[0]
    shape = (n_domains, len(estimates))
    est = np.full(shape, np.nan)
    se = np.full(shape, np.nan)
    n_obs = np.zeros(shape, dtype=np.int64)
    chunk = max(1, 4_000_000 // max(n, 1))
    columns: list[np.ndarray] = []
    slots: list[tuple[int, int]] = []

    def flush() -> None:
        if not columns:
            return
        x = residualise(np.column_stack(columns), design.calibration)
        variance = psu_variance(x, design)
        for (d, j), v in zip(slots, variance, strict=True):
            se[d, j] = np.sqrt(max(float(v), 0.0))
        columns.clear()
        slots.clear()

    for d in range(n_domains):
        members = agg.indices[agg.indptr[d] : agg.indptr[d + 1]]
        in_domain = np.isin(domains.group, members) & (domains.group >= 0)
        for j, estimate in enumerate(estimates):
            y = values[j]
            mask = in_domain & ~np.isnan(y)
            n_obs[d, j] = int(mask.sum())
            if not n_obs[d, j]:
                continue
            wd = np.where(mask, w, 0.0)
            yd = np.where(mask, y, 0.0)
            if estimate.statistic == "total":
                est[d, j] = float(wd @ yd)
                x0 = wd * yd
            else:
                total_w = float(wd.sum())
                est[d, j] = float(wd @ yd) / total_w
                x0 = wd * (yd - est[d, j]) / total_w
            columns.append(x0)
            slots.append((d, j))
            if len(columns) >= chunk:
                flush()
    flush()
    return est, se, n_obs


def _group_codes(data: pl.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, pl.DataFrame]:
    for column in columns:
        if column not in data.columns:
            raise AnalysisError(f"Ukjent kolonne «{column}» i oppdelingen (--by).")
    parts = [category_codes(data.get_column(c)) for c in columns]
    code = np.zeros(data.height, dtype=np.int64)
    missing = np.zeros(data.height, dtype=bool)
    for codes, labels in parts:
        code = code * max(len(labels), 1) + codes
        missing |= codes < 0
    # Only the combinations that occur become groups, in sorted order.
    present, group = np.unique(code[~missing], return_inverse=True)
    codes_out = np.full(data.height, -1, dtype=np.int64)
    codes_out[~missing] = group
    levels: dict[str, list[str]] = {c: [] for c in columns}
    for value in present.tolist():
        for column, (_, labels) in zip(reversed(columns), reversed(parts), strict=True):
            size = max(len(labels), 1)
            levels[column].append(labels[value % size])
            value //= size
    return codes_out, pl.DataFrame(levels, schema={c: pl.Utf8 for c in columns})


def _domain_psus(
    design: SurveyDesign, domains: _Domains, values: list[np.ndarray]
) -> np.ndarray | None:
    """Clusters with an answer in each (domain, estimate), for a share's
    degrees of freedom; None without clusters (then they are the rows)."""
    if design.clusters is None:
        return None
    agg = domains.aggregation.tocsr()
    counts = np.zeros((agg.shape[0], len(values)), dtype=np.int64)
    for d in range(agg.shape[0]):
        members = agg.indices[agg.indptr[d] : agg.indptr[d + 1]]
        in_domain = np.isin(domains.group, members) & (domains.group >= 0)
        for j, y in enumerate(values):
            counts[d, j] = len(np.unique(design.clusters[in_domain & ~np.isnan(y)]))
    return counts


def _rows(
    estimates: list[Estimate],
    domains: _Domains,
    est: np.ndarray,
    se: np.ndarray,
    n_obs: np.ndarray,
    breakdown: str,
    psus: np.ndarray | None,
    ci: str,
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for j, estimate in enumerate(estimates):
        for d, by in enumerate(domains.labels):
            value, error = float(est[d, j]), float(se[d, j])
            finite = np.isfinite(value)
            n = int(n_obs[d, j])
            df = None if psus is None else int(psus[d, j]) - 1
            low, high = (
                estimate_interval(estimate.statistic, value, error, n, df, ci)
                if finite
                else (None, None)
            )
            rows.append(
                {
                    "statistic": estimate.statistic,
                    "variable": estimate.label,
                    # Indicators are shares of a 0/1 column: "1" says nothing.
                    "category": None
                    if estimate.categories == ("1",)
                    else ",".join(estimate.categories) or None,
                    "breakdown": breakdown,
                    "by": by,
                    "estimate": value if finite else None,
                    "se": error if finite and np.isfinite(error) else None,
                    "ci_low": low,
                    "ci_high": high,
                    "n": n,
                    "suppressed": False,
                    "reason": None,
                }
            )
    return rows


def _frame(rows: list[dict[str, object]], by_fields: Sequence[str]) -> pl.DataFrame:
    by_type = pl.Struct({name: pl.Utf8 for name in by_fields}) if by_fields else pl.Struct({})
    schema: dict[str, Any] = {
        "statistic": pl.Utf8,
        "variable": pl.Utf8,
        "category": pl.Utf8,
        "breakdown": pl.Utf8,
        "by": by_type,
        "estimate": pl.Float64,
        "se": pl.Float64,
        "ci_low": pl.Float64,
        "ci_high": pl.Float64,
        "n": pl.Int64,
        "suppressed": pl.Boolean,
        "reason": pl.Utf8,
    }
    for row in rows:
        by = row["by"]
        assert isinstance(by, dict)
        row["by"] = {name: by.get(name) for name in by_fields}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _total_domains(n: int) -> _Domains:
    return _Domains(np.zeros(n, dtype=np.int64), 1, sp.csr_matrix(np.ones((1, 1))), [{}])


def estimate_table(
    design: SurveyDesign,
    estimates: Sequence[Estimate | str],
    by: Sequence[str | Sequence[str]] = (),
    *,
    k: int = 5,
    unit_column: str = "unit",
    unit_tree: Mapping[str, str | Sequence[str] | None] | None = None,
    total: bool = True,
    ci: str = "logit",
) -> tuple[list[dict[str, object]], list[str]]:
    """Rows of :func:`estimate_by` as dictionaries, and the ``by`` fields.

    Each outcome is read once for all breakdowns; all rows are published
    together (see :mod:`hjemmekontor.analysis.publication`).
    """
    specs = as_estimates(estimates)
    if unit_tree is not None and any(
        [unit_column] == ([b] if isinstance(b, str) else list(b)) for b in by
    ):
        raise AnalysisError(
            f"«{unit_column}» er både en oppdeling og enhetstreet; "
            "enhetstreet gir allerede hver enhet (med underenheter)."
        )
    values = [outcome_values(design.data, e) for e in specs]
    rows: list[dict[str, object]] = []
    if total:
        domains = _total_domains(design.n)
        stats = _domain_statistics(design, specs, domains, values)
        rows += _rows(specs, domains, *stats, "", _domain_psus(design, domains, values), ci)
    fields: list[str] = []
    for breakdown in by:
        columns = [breakdown] if isinstance(breakdown, str) else list(breakdown)
        codes, levels = _group_codes(design.data, columns)
        labels = [dict(zip(columns, map(str, row), strict=True)) for row in levels.iter_rows()]
        domains = _Domains(codes, len(labels), sp.identity(len(labels), format="csr"), labels)
        stats = _domain_statistics(design, specs, domains, values)
        psus = _domain_psus(design, domains, values)
        rows += _rows(specs, domains, *stats, "×".join(columns), psus, ci)
        fields += [c for c in columns if c not in fields]
    parents: dict[str, Mapping[str, str | None]] = {}
    if unit_tree is not None:
        codes, units, matrix, parent = unit_domains(design.data, unit_column, unit_tree)
        domains = _Domains(codes, len(units), matrix, [{unit_column: u} for u in units])
        stats = _domain_statistics(design, specs, domains, values)
        psus = _domain_psus(design, domains, values)
        rows += _rows(specs, domains, *stats, unit_column, psus, ci)
        parents[unit_column] = parent
        fields += [unit_column] if unit_column not in fields else []
    return publish(rows, k=k, parents=parents), fields


def estimate_by(
    design: SurveyDesign,
    estimates: Sequence[Estimate | str],
    by: Sequence[str | Sequence[str]] = (),
    *,
    k: int = 5,
    unit_column: str = "unit",
    unit_tree: Mapping[str, str | Sequence[str] | None] | None = None,
    ci: str = "logit",
) -> pl.DataFrame:
    """Estimate means, shares and totals for the whole sample and breakdowns.

    Equals R ``svymean``/``svytotal`` (total) and ``svyby`` (breakdowns) with
    ``na.rm=TRUE``, including standard errors after ``rake``.

    Parameters
    ----------
    design : SurveyDesign
    estimates : sequence of Estimate or str
        What to estimate; strings as in :func:`parse_estimate`.
    by : sequence of str or sequence of str
        Breakdowns. Each item is one breakdown: a column name, or a sequence of
        names for their cross-classification. Rows with an empty breakdown
        value belong to no group (but stay in the variance computation).
    k : int, default 5
        Anonymity threshold: a row with fewer than ``k`` respondents is
        suppressed (its estimate, SE and CI are null), and so is any row that
        would let a small group be derived from the others (complementary
        suppression).
    unit_column : str, default "unit"
        Column with each respondent's unit, used with ``unit_tree``.
    unit_tree : mapping, optional
        Unit → parent; adds a row for every unit (see :func:`estimate_units`).
    ci : {"logit", "kg", "wald"}, default "logit"
        The interval of a share (:mod:`hjemmekontor.analysis.intervals`).

    Returns
    -------
    polars.DataFrame
        Columns ``statistic, variable, category, breakdown, by, estimate, se,
        ci_low, ci_high, n, suppressed, reason``; the total rows (``by`` all
        null, ``breakdown`` empty) come first. The CI of a mean or total is
        ``estimate ± 1.959964 × se`` (R's ``confint``); a share's is ``ci``'s
        interval, always inside 0–1.
    """
    rows, fields = estimate_table(
        design, estimates, by, k=k, unit_column=unit_column, unit_tree=unit_tree, ci=ci
    )
    return _frame(rows, fields)


def estimate_units(
    design: SurveyDesign,
    estimates: Sequence[Estimate | str],
    unit_column: str,
    tree: Mapping[str, str | Sequence[str] | None],
    *,
    k: int = 5,
    ci: str = "logit",
) -> pl.DataFrame:
    """Estimate for every unit of a unit tree, a unit being its whole subtree.

    One pass over the data computes all units and all estimates: group sums
    per unit are added up the tree, and the calibration enters through
    coefficient-space sweeps (see :mod:`hjemmekontor.analysis.variance`).
    Each unit's numbers equal R's ``svymean(~y, subset(design, unit %in%
    subtree), na.rm=TRUE)`` on the raked design.

    Parameters
    ----------
    design : SurveyDesign
    estimates : sequence of Estimate or str
    unit_column : str
        Column with each respondent's unit id.
    tree : mapping
        Unit → parent (None for the root), or unit → ancestor path.
    k : int, default 5
        Anonymity threshold (see :func:`estimate_by`).
    ci : {"logit", "kg", "wald"}, default "logit"
        The interval of a share (see :func:`estimate_by`).

    Returns
    -------
    polars.DataFrame
        As :func:`estimate_by`, with ``breakdown`` = ``unit_column`` and
        ``by`` = ``{unit_column: unit id}``.
    """
    rows, fields = estimate_table(
        design, estimates, k=k, unit_column=unit_column, unit_tree=tree, total=False, ci=ci
    )
    return _frame(rows, fields)
