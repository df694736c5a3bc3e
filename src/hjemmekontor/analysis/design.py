"""Survey designs: the data, their weights, clusters and population size.

A :class:`SurveyDesign` corresponds to R ``survey::svydesign(ids=~1 or
~cluster, weights=~w, fpc=~N, data=...)`` (Lumley 2010, ch. 2): one stage,
with-replacement variance of PSU totals, optionally multiplied by the finite
population correction ``1 - n/N``. After :func:`hjemmekontor.analysis.raking.rake`
the design also carries the calibration that the variance must account for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import polars as pl

from hjemmekontor.analysis.errors import AnalysisError

__all__ = [
    "Calibration",
    "SurveyDesign",
    "WeightDiagnostics",
    "as_text",
    "category_codes",
    "survey_design",
    "weight_diagnostics",
]


@dataclass(frozen=True)
class Calibration:
    """What the variance needs to know about a raking calibration.

    R ``survey::rake`` post-stratifies on each margin in turn and keeps, for
    the last pass, the category of every row and the weights right after that
    margin's step (``attr(index, "weights")``). ``svyrecvar`` then removes the
    part of the influence functions explained by the margins (Lumley 2010,
    sec. 7.4; Deville & Särndal 1992). We keep exactly the same state.

    Attributes
    ----------
    variables : tuple of str
        The raking variables, in margin order.
    codes : tuple of ndarray
        Per margin, the integer category of each row.
    categories : tuple of tuple of str
        Per margin, the category labels in code order.
    step_weights : tuple of ndarray
        Per margin, the weights right after that margin's post-stratification
        in the last raking pass.
    """

    variables: tuple[str, ...]
    codes: tuple[np.ndarray, ...]
    categories: tuple[tuple[str, ...], ...]
    step_weights: tuple[np.ndarray, ...]
    # Cross-products computed once per design by the estimators.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class WeightDiagnostics:
    """Weight diagnostics (Kish 1965, sec. 11.7).

    Attributes
    ----------
    n : int
        Respondents.
    sum_weights : float
        Estimated population size.
    effective_n : float
        Kish's effective sample size ``(sum w)^2 / sum w^2``.
    deff_weighting : float
        Design effect due to unequal weights, ``n * sum w^2 / (sum w)^2``.
    min, max, ratio : float
        Smallest and largest weight and their ratio.
    iterations : int or None
        Raking passes, if raked.
    converged : bool or None
        Whether raking met the convergence criterion.
    trimmed : int
        Weights changed by trimming.
    """

    n: int
    sum_weights: float
    effective_n: float
    deff_weighting: float
    min: float
    max: float
    ratio: float
    iterations: int | None = None
    converged: bool | None = None
    trimmed: int = 0

    def to_dict(self) -> dict[str, float | int | bool | None]:
        """Return the diagnostics as a plain dictionary (for JSON)."""
        return {
            "n": self.n,
            "sum_weights": self.sum_weights,
            "effective_n": self.effective_n,
            "deff_weighting": self.deff_weighting,
            "min": self.min,
            "max": self.max,
            "ratio": self.ratio,
            "iterations": self.iterations,
            "converged": self.converged,
            "trimmed": self.trimmed,
        }


@dataclass(frozen=True)
class SurveyDesign:
    """A one-stage survey design over a polars DataFrame.

    Build it with :func:`survey_design`; do not construct it directly.

    Attributes
    ----------
    data : polars.DataFrame
        The responses, one row each.
    weights : ndarray
        Final weights (after raking and trimming, if any).
    clusters : ndarray or None
        Integer PSU code of each row, or None when every row is its own PSU.
    n_psu : int
        Number of PSUs in the sample (rows when there are no clusters).
    population_size : float or None
        Number of PSUs in the population, for the finite population
        correction; None for with-replacement variance.
    calibration : Calibration or None
        The raking calibration, if the weights come from :func:`rake`.
    diagnostics : WeightDiagnostics
        Weight diagnostics.
    """

    data: pl.DataFrame
    weights: np.ndarray
    clusters: np.ndarray | None
    n_psu: int
    population_size: float | None
    calibration: Calibration | None
    diagnostics: WeightDiagnostics

    @property
    def n(self) -> int:
        """Number of respondents."""
        return self.data.height

    @property
    def fpc_factor(self) -> float:
        """The factor ``1 - n/N`` (1 without a population size)."""
        if self.population_size is None:
            return 1.0
        return (self.population_size - self.n_psu) / self.population_size

    def with_weights(
        self,
        weights: np.ndarray,
        calibration: Calibration | None,
        *,
        iterations: int | None = None,
        converged: bool | None = None,
        trimmed: int = 0,
    ) -> SurveyDesign:
        """Return a copy with new weights (used by raking and trimming)."""
        diagnostics = weight_diagnostics(
            weights, iterations=iterations, converged=converged, trimmed=trimmed
        )
        return replace(self, weights=weights, calibration=calibration, diagnostics=diagnostics)


def weight_diagnostics(
    weights: np.ndarray,
    *,
    iterations: int | None = None,
    converged: bool | None = None,
    trimmed: int = 0,
) -> WeightDiagnostics:
    """Compute :class:`WeightDiagnostics` for a weight vector."""
    n = int(weights.size)
    total = float(weights.sum())
    squares = float(np.dot(weights, weights))
    low = float(weights.min()) if n else float("nan")
    high = float(weights.max()) if n else float("nan")
    return WeightDiagnostics(
        n=n,
        sum_weights=total,
        effective_n=total * total / squares if squares > 0 else 0.0,
        deff_weighting=n * squares / (total * total) if total > 0 else float("nan"),
        min=low,
        max=high,
        ratio=high / low if low > 0 else float("inf"),
        iterations=iterations,
        converged=converged,
        trimmed=trimmed,
    )


def survey_design(
    data: pl.DataFrame,
    *,
    weights: str | Sequence[float] | np.ndarray | None = None,
    clusters: str | None = None,
    population: float | None = None,
) -> SurveyDesign:
    """Describe how the responses were sampled.

    Parameters
    ----------
    data : polars.DataFrame
        One row per respondent.
    weights : str or array-like, optional
        A weight column name or a vector of positive weights. Without weights
        every respondent has weight 1 (R: ``svydesign(ids=~1, data=d)``).
    clusters : str, optional
        Column with the PSU (cluster) of each row, for a one-stage cluster
        sample (R: ``ids=~cluster``). Variance then comes from PSU totals.
    population : float, optional
        Population size for the finite population correction: the number of
        people, or of clusters when ``clusters`` is given (R: ``fpc=``).

    Returns
    -------
    SurveyDesign

    Raises
    ------
    AnalysisError
        If a column is missing, a weight is missing, not a number, negative
        or zero, or the population is smaller than the sample.
    """
    n = data.height
    if n == 0:
        raise AnalysisError("Datasettet har ingen rader.")
    w = _weights(data, weights)
    codes: np.ndarray | None = None
    n_psu = n
    if clusters is not None:
        _require_column(data, clusters)
        column = data.get_column(clusters)
        if column.null_count():
            row = int(column.is_null().arg_true()[0]) + 1
            raise AnalysisError(
                f"Kolonnen «{clusters}» (klynge) mangler verdi i rad {row}; "
                "hver rad må ha en klynge."
            )
        _, inverse = np.unique(column.cast(pl.Utf8).to_numpy(), return_inverse=True)
        codes = inverse.astype(np.int64)
        n_psu = int(codes.max()) + 1
    if population is not None:
        population = float(population)
        if not np.isfinite(population) or population < n_psu:
            unit = "klynger" if clusters is not None else "personer"
            raise AnalysisError(
                f"Populasjonsstørrelsen {population:g} er mindre enn utvalget ({n_psu} {unit})."
            )
    return SurveyDesign(
        data=data,
        weights=w,
        clusters=codes,
        n_psu=n_psu,
        population_size=population,
        calibration=None,
        diagnostics=weight_diagnostics(w),
    )


def _require_column(data: pl.DataFrame, name: str) -> None:
    if name not in data.columns:
        known = ", ".join(data.columns[:20])
        raise AnalysisError(f"Ukjent kolonne «{name}». Kolonnene er: {known}.")


def _weights(data: pl.DataFrame, weights: str | Sequence[float] | np.ndarray | None) -> np.ndarray:
    n = data.height
    if weights is None:
        return np.ones(n)
    name = "vekter"
    if isinstance(weights, str):
        _require_column(data, weights)
        name = weights
        column = data.get_column(weights)
        if not column.dtype.is_numeric():
            cast = column.cast(pl.Float64, strict=False)
            bad = cast.is_null() & column.is_not_null()
            if bad.any():
                row = int(bad.arg_true()[0])
                raise AnalysisError(
                    f"Vektkolonnen «{weights}» har en verdi som ikke er et tall i rad "
                    f"{row + 1}: «{column[row]}»."
                )
            column = cast
        values = column.cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64)
    else:
        values = np.asarray(weights, dtype=np.float64)
        if values.shape != (n,):
            raise AnalysisError(f"Vektene har lengde {values.size}, men datasettet har {n} rader.")
    bad_rows = np.flatnonzero(~np.isfinite(values) | (values <= 0))
    if bad_rows.size:
        row = int(bad_rows[0])
        raise AnalysisError(
            f"Vekten i «{name}» må være et positivt tall, men rad {row + 1} har "
            f"«{values[row]}» ({bad_rows.size} rader i alt)."
        )
    # Squares and sums of weights far from 1 overflow or vanish in floating
    # point (a weight of 1e-300 divided by zero): refuse them with the row.
    low, high = WEIGHT_RANGE
    outside = np.flatnonzero((values < low) | (values > high))
    if outside.size:
        row = int(outside[0])
        raise AnalysisError(
            f"Vekten i «{name}» i rad {row + 1} er {values[row]:g}, utenfor {low:g}–{high:g} "
            f"({outside.size} rader i alt). Skaler vektene: for gjennomsnitt og andeler "
            "betyr bare forholdet mellom dem noe."
        )
    if values.size and values.max() / values.min() > MAX_WEIGHT_RATIO:
        raise AnalysisError(
            f"Den største vekten i «{name}» er {values.max() / values.min():.3g} ganger den "
            f"minste (høyst {MAX_WEIGHT_RATIO:g}); så ulike vekter gir ingen meningsfulle "
            "estimater. Sjekk vektkolonnen."
        )
    return values.copy()


# Weights a computation can take: survey weights are population counts per
# respondent, or relative weights around 1.
WEIGHT_RANGE = (1e-6, 1e12)
MAX_WEIGHT_RATIO = 1e9


def as_text(column: pl.Series) -> pl.Series:
    """Categories as text, so that data and margin or codebook files match.

    Booleans become ``true``/``false`` and whole floats ``1`` rather than
    ``1.0`` (a category read from a file as 1.0 is written "1" in a margin
    file). Nulls stay null.
    """
    if column.dtype == pl.Boolean:
        return column.cast(pl.Utf8)
    if column.dtype.is_float():
        finite = column.drop_nulls()
        if finite.len() == 0 or bool((finite == finite.round(0)).all()):
            column = column.cast(pl.Int64)
    return column.cast(pl.Utf8)


def category_codes(column: pl.Series) -> tuple[np.ndarray, list[str]]:
    """Integer code of each value (sorted text order) and the labels.

    Empty values get code -1. Casting to a polars ``Enum`` of the sorted
    labels is much faster than sorting a million strings.
    """
    text = as_text(column)
    labels = text.drop_nulls().unique().sort().to_list()
    if not labels:
        return np.full(text.len(), -1, dtype=np.int64), []
    codes = text.cast(pl.Enum(labels)).to_physical().fill_null(-1)
    return codes.to_numpy().astype(np.int64), labels
