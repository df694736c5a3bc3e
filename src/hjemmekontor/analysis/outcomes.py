"""What to estimate: means, shares and totals of a column, and their values.

The ``--estimate`` syntax of the command line (``mean:VAR``, ``total:VAR``,
``share:VAR=V1,V2``) and the conversion of a column into numbers with
missing values, with errors that name the row and the value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from hjemmekontor.analysis.design import as_text
from hjemmekontor.analysis.errors import AnalysisError

__all__ = ["Z_95", "Estimate", "as_estimates", "outcome_values", "parse_estimate"]

# qnorm(0.975): R's confint() for svystat objects uses the normal quantile.
Z_95 = 1.959963984540054
Statistic = Literal["mean", "total", "share"]


@dataclass(frozen=True)
class Estimate:
    """One quantity to estimate.

    Attributes
    ----------
    statistic : {"mean", "total", "share"}
        A share is the mean of the indicator ``variable in categories``.
    variable : str
        The data column.
    categories : tuple of str
        For shares: the categories counted (as text).
    name : str, optional
        Name in the result's ``variable`` column; defaults to ``variable``.
    """

    statistic: Statistic
    variable: str
    categories: tuple[str, ...] = ()
    name: str | None = None

    @property
    def label(self) -> str:
        """The name shown in results."""
        return self.name or self.variable


def parse_estimate(text: str) -> Estimate:
    """Parse ``mean:VAR``, ``total:VAR`` or ``share:VAR=V1[,V2...]``.

    A bare ``VAR`` means ``mean:VAR``.

    Raises
    ------
    AnalysisError
        If the text does not follow one of the forms.
    """
    statistic, _, rest = text.partition(":")
    if not rest:
        statistic, rest = "mean", text
    statistic = statistic.strip().lower()
    rest = rest.strip()
    if statistic in ("mean", "total"):
        if not rest or "=" in rest:
            raise AnalysisError(f"Ugyldig estimat «{text}»: skriv {statistic}:VARIABEL.")
        return Estimate(statistic, rest)  # type: ignore[arg-type]
    if statistic == "share":
        variable, _, values = rest.partition("=")
        categories = tuple(v.strip() for v in values.split(",") if v.strip())
        if not variable.strip() or not categories:
            raise AnalysisError(f"Ugyldig estimat «{text}»: skriv share:VARIABEL=VERDI1,VERDI2.")
        return Estimate("share", variable.strip(), categories)
    raise AnalysisError(
        f"Ukjent statistikk «{statistic}» i «{text}»; bruk mean, total eller share."
    )


def as_estimates(estimates: Sequence[Estimate | str]) -> list[Estimate]:
    return [e if isinstance(e, Estimate) else parse_estimate(e) for e in estimates]


def outcome_values(data: pl.DataFrame, estimate: Estimate) -> np.ndarray:
    """The numeric outcome of an estimate, NaN where missing.

    Raises
    ------
    AnalysisError
        If the column is missing, or a mean or total meets a value that is not
        a number (naming the row and the value).
    """
    if estimate.variable not in data.columns:
        raise AnalysisError(
            f"Ukjent kolonne «{estimate.variable}» i estimatet {estimate.statistic}:"
            f"{estimate.variable}."
        )
    column = data.get_column(estimate.variable)
    if estimate.statistic == "share":
        text = as_text(column)
        hit = text.is_in(list(estimate.categories)).cast(pl.Float64)
        return np.where(text.is_null().to_numpy(), np.nan, hit.to_numpy())
    if column.dtype == pl.Boolean:
        column = column.cast(pl.Float64)
    elif not column.dtype.is_numeric():
        cast = column.cast(pl.Utf8).str.strip_chars().str.replace(",", ".")
        numbers = cast.cast(pl.Float64, strict=False)
        bad = numbers.is_null() & column.is_not_null() & (cast != "")
        if bad.any():
            row = int(bad.arg_true()[0])
            raise AnalysisError(
                f"Kolonnen «{estimate.variable}» har en verdi som ikke er et tall i rad "
                f"{row + 1}: «{column[row]}» ({int(bad.sum())} slike verdier); "
                "et gjennomsnitt eller en sum krever tall."
            )
        column = numbers
    values = column.cast(pl.Float64).to_numpy().astype(np.float64, copy=True)
    values[~np.isfinite(values)] = np.nan
    return values
