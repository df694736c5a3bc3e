"""Raking (iterative proportional fitting) to population margins.

The algorithm and its stopping rule are those of R ``survey::rake`` (Lumley
2010, sec. 7.3; Deming & Stephan 1940): in each pass the weights are
post-stratified on every margin in turn; raking stops when no cell of the full
cross-classification of the raking variables changes by ``epsilon`` or more
(``epsilon < 1`` is taken as a fraction of the sum of the weights), or after
``max_iterations`` passes. With the same defaults (``epsilon=1``,
``max_iterations=10``) our weights equal R's.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import polars as pl

from hjemmekontor.analysis.design import Calibration, SurveyDesign, category_codes
from hjemmekontor.analysis.errors import AnalysisError

__all__ = ["Margins", "rake", "trim_weights"]

Margins = Mapping[str, Mapping[str, float]]


def rake(
    design: SurveyDesign,
    margins: Margins,
    *,
    epsilon: float = 1.0,
    max_iterations: int = 10,
    tolerance: float = 1e-6,
    trim: tuple[float, float] | None = None,
) -> SurveyDesign:
    """Rake the design weights to known population margins.

    Parameters
    ----------
    design : SurveyDesign
        The design whose weights are the starting point.
    margins : mapping
        ``{variable: {category: population count}}``. Categories are matched
        to the data as text. A category with count 0 and no respondents is
        ignored.
    epsilon : float, default 1
        Convergence criterion, as in R: the largest change of a weighted cell
        count of the cross-classification in one pass; below 1 it is a fraction
        of the sum of the weights.
    max_iterations : int, default 10
        Most passes over all margins.
    tolerance : float, default 1e-6
        Relative tolerance for margin totals that must agree.
    trim : (float, float), optional
        Lower and upper bound for the weights as multiples of the mean weight;
        see :func:`trim_weights`.

    Returns
    -------
    SurveyDesign
        A design with the raked weights and the calibration needed for
        calibration-aware standard errors.

    Raises
    ------
    AnalysisError
        If a variable is missing or has empty values, the margin totals
        differ, a category in the data has no margin, or a margin category with
        a positive count has no respondents.

    Warns
    -----
    RuntimeWarning
        If raking did not converge (the weights are still returned; the
        diagnostics record ``converged=False``).
    """
    if not margins:
        raise AnalysisError("Ingen marginaler å vekte mot.")
    if max_iterations < 1:
        raise AnalysisError("Antall iterasjoner må være minst 1.")
    _check_totals(margins, tolerance)
    codes: list[np.ndarray] = []
    categories: list[tuple[str, ...]] = []
    targets: list[np.ndarray] = []
    for variable, margin in margins.items():
        code, labels, target = _margin_codes(design.data, variable, margin)
        codes.append(code)
        categories.append(labels)
        targets.append(target)

    w = design.weights.copy()
    threshold = epsilon * float(w.sum()) if epsilon < 1 else epsilon
    cells = _cell_index(codes, [len(c) for c in categories])
    n_cells = int(cells.max()) + 1
    old = np.bincount(cells, weights=w, minlength=n_cells)
    step_weights: list[np.ndarray] = []
    converged = False
    iterations = 0
    while iterations < max_iterations:
        step_weights = []
        for code, target in zip(codes, targets, strict=True):
            sums = np.bincount(code, weights=w, minlength=target.size)
            w = w * (target / sums)[code]
            step_weights.append(w)
        new = np.bincount(cells, weights=w, minlength=n_cells)
        delta = float(np.max(np.abs(old - new)))
        iterations += 1
        if delta < threshold:
            converged = True
            break
        old = new
    if not converged:
        warnings.warn(
            f"Rakingen konvergerte ikke etter {iterations} runder (største endring {delta:.3g}).",
            RuntimeWarning,
            stacklevel=2,
        )
    calibration = Calibration(
        variables=tuple(margins),
        codes=tuple(codes),
        categories=tuple(categories),
        step_weights=tuple(step_weights),
    )
    trimmed = 0
    if trim is not None:
        w, trimmed = trim_weights(w, trim)
    return design.with_weights(
        w, calibration, iterations=iterations, converged=converged, trimmed=trimmed
    )


def trim_weights(
    weights: np.ndarray, bounds: tuple[float, float], *, max_iterations: int = 50
) -> tuple[np.ndarray, int]:
    """Trim weights to bounds and give the trimmed amount to the others.

    Like R ``survey::trimWeights(strict=TRUE)``: weights outside
    ``[lower, upper] * mean weight`` are set to the bound, and the difference
    is spread over the untrimmed weights in proportion to their size, so the
    sum of weights (the population size) is kept; repeated until no weight is
    outside the bounds. Trimming after raking makes the margins hold only
    approximately; the variance still uses the raking calibration (Valliant,
    Dever & Kreuter 2013, sec. 14.4).

    Parameters
    ----------
    weights : ndarray
        Positive weights.
    bounds : (float, float)
        Lower and upper bound as multiples of the mean weight.
    max_iterations : int, default 50
        Most rounds of trimming and redistribution.

    Returns
    -------
    (ndarray, int)
        The trimmed weights and how many were set to a bound.
    """
    lower, upper = bounds
    if not (0 <= lower < 1 < upper):
        raise AnalysisError(
            f"Trimmegrensene må oppfylle 0 ≤ nedre < 1 < øvre (ganger snittvekten), fikk {bounds}."
        )
    w = weights.astype(np.float64).copy()
    total = float(w.sum())
    low, high = lower * total / w.size, upper * total / w.size
    fixed = np.zeros(w.size, dtype=bool)
    for _ in range(max_iterations):
        outside = (w < low * (1 - 1e-12)) | (w > high * (1 + 1e-12))
        if not outside.any():
            break
        fixed |= outside
        w = np.clip(w, low, high)
        free = ~fixed
        if not free.any():
            break
        surplus = total - float(w.sum())
        w[free] += surplus * w[free] / float(w[free].sum())
    return w, int(fixed.sum())


def _check_totals(margins: Margins, tolerance: float) -> None:
    totals = {variable: float(sum(margin.values())) for variable, margin in margins.items()}
    for variable, margin in margins.items():
        for category, count in margin.items():
            if not np.isfinite(count) or count < 0:
                raise AnalysisError(
                    f"Marginalen for «{variable}» har et ugyldig antall for «{category}»: {count}."
                )
    first, first_total = next(iter(totals.items()))
    for variable, total in totals.items():
        if abs(total - first_total) > tolerance * max(abs(first_total), 1.0):
            raise AnalysisError(
                "Marginalene er inkonsistente: summen for "
                f"«{first}» er {first_total:g}, men summen for «{variable}» er {total:g}."
            )


def _margin_codes(
    data: pl.DataFrame, variable: str, margin: Mapping[str, float]
) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
    if variable not in data.columns:
        raise AnalysisError(f"Vektevariabelen «{variable}» finnes ikke i dataene.")
    column = data.get_column(variable)
    if column.null_count():
        row = int(column.is_null().arg_true()[0]) + 1
        raise AnalysisError(
            f"Vektevariabelen «{variable}» mangler verdi i rad {row} "
            f"({column.null_count()} rader i alt); alle må ha en verdi for å kunne vektes."
        )
    inverse, label_list = category_codes(column)
    labels = np.array(label_list, dtype=object)
    counts = np.bincount(inverse, minlength=len(label_list))
    known = {str(category): float(count) for category, count in margin.items()}
    for label, count in zip(labels, counts, strict=True):
        if label not in known:
            raise AnalysisError(
                f"Kategorien «{label}» i «{variable}» ({count} respondenter) "
                "finnes ikke i populasjonsmarginalene."
            )
        if known[label] == 0:
            raise AnalysisError(
                f"Kategorien «{label}» i «{variable}» har {count} respondenter, "
                "men 0 i populasjonen."
            )
    present = set(labels.tolist())
    for category, count in known.items():
        if count > 0 and category not in present:
            raise AnalysisError(
                f"Kategorien «{category}» i «{variable}» har {count:g} i populasjonen, "
                "men ingen respondenter; slå den sammen med en nabokategori."
            )
    target = np.array([known[label] for label in labels], dtype=np.float64)
    return inverse, tuple(label_list), target


def _cell_index(codes: list[np.ndarray], sizes: list[int]) -> np.ndarray:
    # The cross-classification used by R's convergence check (svytable of all
    # raking variables). Dense when small, otherwise only the observed cells.
    if float(np.prod(np.array(sizes, dtype=np.float64))) <= 4_000_000:
        index = np.zeros(codes[0].size, dtype=np.int64)
        for code, size in zip(codes, sizes, strict=True):
            index = index * size + code
        return index
    stacked = np.stack(codes, axis=1)
    _, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64)
