"""The headline indicators and the home-office frequency groups.

Exact definitions: docs/analysis.md, "Scores, indicators and national
references" (variables of ``docs/dev/instrument-variables.md``). An indicator is a weighted share or
mean over its own population; respondents outside that population, or with
the item unanswered, are outside the domain (R: ``svymean(~x, subset(d, pop),
na.rm=TRUE)``). National reference values: AFI/OsloMet, *Hjemme–Borte–
Uavgjort* (2022).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import polars as pl

from hjemmekontor.analysis.estimates import Estimate
from hjemmekontor.analysis.regression import normal_p_value

__all__ = [
    "HO_GROUPS",
    "INDICATORS",
    "Indicator",
    "add_derived",
    "indicator_estimates",
    "indicator_table_of",
    "indicator_table_of_rows",
]

WEEKLY = ("1_day_week", "2_days_week", "3_4_days_week", "every_day")
AFTER_HOURS_WEEKLY = ("daily", "several_times_week", "weekly")
CAN_WORK_HOME = ("yes", "partly")
SOURCE_AFI = "AFI/OsloMet: Hjemme–Borte–Uavgjort (2022)"
# Ordered from least to most home office; the trend test scores them 0..3.
HO_GROUPS = ("never", "monthly_or_less", "1_2_days", "3_plus_days")
PREFIX = "indicator."
# The national figures are estimates from a sample too. The report's sample size
# for each indicator's population is not in our sources; 1,000 is a deliberately
# low stand-in (OsloMet's 2021 survey asked more than 5,000 employees, and each
# indicator covers part of them): a smaller n makes the reference's error larger
# and a national finding harder to claim, never easier. Replace it with the
# report's n per population when at hand (docs/analysis.md).
REFERENCE_N = 1_000


@dataclass(frozen=True)
class Indicator:
    """A headline indicator.

    Attributes
    ----------
    id : str
        Stable identifier.
    statistic : {"share", "mean"}
    instrument : str
        The questionnaire whose data it uses.
    label_nb, label_en : str
        What it measures, in bokmål and English.
    population_nb, population_en : str
        Whom it is computed over.
    subject_nb, subject_en : str
        Subject of a finding sentence ("Andelen som ...").
    reference : float
        National reference value (a proportion for shares, percent for
        ``share_time_home``).
    source : str
        Source of the reference value.
    better : {"higher", "lower", None}
        Which way is better for the employees' working environment, where
        the sources say so (after-hours work and managers' difficulty lower, a
        written agreement higher); None where a figure describes and does not
        judge (how much home office, what people wish for).
    label_nn, population_nn, subject_nn : str
        The texts in nynorsk. Last, with defaults, because code outside the
        library builds indicators positionally.
    """

    id: str
    statistic: str
    instrument: str
    label_nb: str
    label_en: str
    population_nb: str
    population_en: str
    subject_nb: str
    subject_en: str
    reference: float
    source: str
    better: str | None = None
    label_nn: str = ""
    population_nn: str = ""
    subject_nn: str = ""

    @property
    def column(self) -> str:
        """Name of the derived column holding the indicator's values."""
        return PREFIX + self.id

    @property
    def reference_se(self) -> float:
        """The national value's standard error, from :data:`REFERENCE_N` answers.

        A share's binomial SE; for ``share_time_home`` (percent, 0–100) the
        bound 50/√n, since no variable on 0–100 has a larger SD than 50.
        """
        if self.statistic == "share":
            return math.sqrt(self.reference * (1 - self.reference) / REFERENCE_N)
        return 50.0 / math.sqrt(REFERENCE_N)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "after_hours_weekly",
        "share",
        "employee",
        "Jobber hjemmefra utenom vanlig arbeidstid minst ukentlig",
        "Work from home outside normal hours weekly or more often",
        "ansatte med hjemmekontor",
        "employees with home office",
        "Andelen som jobber hjemmefra utenom vanlig arbeidstid minst ukentlig",
        "The share who work from home outside normal hours weekly",
        0.55,
        SOURCE_AFI,
        better="lower",
        label_nn="Jobbar heimanfrå utanom vanleg arbeidstid minst kvar veke",
        population_nn="tilsette med heimekontor",
        subject_nn="Delen som jobbar heimanfrå utanom vanleg arbeidstid minst kvar veke",
    ),
    Indicator(
        "wish_weekly",
        "share",
        "employee",
        "Ønsker hjemmekontor minst én dag i uka",
        "Wish to work from home at least one day a week",
        "ansatte med noe hjemmekontor",
        "employees with some home office",
        "Andelen som ønsker hjemmekontor minst én dag i uka",
        "The share who wish to work from home at least one day a week",
        0.72,
        SOURCE_AFI,
        label_nn="Ønskjer heimekontor minst éin dag i veka",
        population_nn="tilsette med noko heimekontor",
        subject_nn="Delen som ønskjer heimekontor minst éin dag i veka",
    ),
    Indicator(
        "manager_hms_hard",
        "share",
        "manager",
        "Ledere som synes det er vanskelig å følge opp HMS på hjemmekontoret",
        "Managers who find it difficult to follow up HMS at the home office",
        "ledere",
        "managers",
        "Andelen ledere som synes HMS-oppfølging på hjemmekontor er vanskelig",
        "The share of managers who find HMS follow-up at the home office difficult",
        0.58,
        SOURCE_AFI,
        better="lower",
        label_nn="Leiarar som synest det er vanskeleg å følgje opp HMS på heimekontoret",
        population_nn="leiarar",
        subject_nn="Delen av leiarane som synest HMS-oppfølging på heimekontor er vanskeleg",
    ),
    Indicator(
        "home_office_weekly",
        "share",
        "employee",
        "Jobber hele dager hjemmefra minst én dag i uka",
        "Work whole days from home at least one day a week",
        "ansatte som kan jobbe hjemmefra",
        "employees who can work from home",
        "Andelen som jobber hjemmefra minst én dag i uka",
        "The share who work from home at least one day a week",
        0.53,
        SOURCE_AFI,
        label_nn="Jobbar heile dagar heimanfrå minst éin dag i veka",
        population_nn="tilsette som kan jobbe heimanfrå",
        subject_nn="Delen som jobbar heimanfrå minst éin dag i veka",
    ),
    Indicator(
        "written_agreement",
        "share",
        "employee",
        "Har skriftlig avtale om hjemmekontor",
        "Have a written home-office agreement",
        "ansatte med hjemmekontor",
        "employees with home office",
        "Andelen med skriftlig hjemmekontoravtale",
        "The share with a written home-office agreement",
        0.18,
        SOURCE_AFI,
        better="higher",
        label_nn="Har skriftleg avtale om heimekontor",
        population_nn="tilsette med heimekontor",
        subject_nn="Delen med skriftleg heimekontoravtale",
    ),
    Indicator(
        "share_time_home",
        "mean",
        "employee",
        "Andel av arbeidstiden hjemme (prosent)",
        "Share of working time at home (percent)",
        "ansatte som kan jobbe hjemmefra",
        "employees who can work from home",
        "Andelen av arbeidstiden som jobbes hjemme",
        "The share of working time worked from home",
        37.0,
        SOURCE_AFI,
        label_nn="Del av arbeidstida heime (prosent)",
        population_nn="tilsette som kan jobbe heimanfrå",
        subject_nn="Delen av arbeidstida som blir jobba heime",
    ),
)


def _text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Utf8)


def _share(population: pl.Expr, column: str, hits: tuple[str, ...]) -> pl.Expr:
    value = _text(column)
    return (
        pl.when(population & value.is_not_null())
        .then(value.is_in(list(hits)).cast(pl.Int8))
        .otherwise(None)
    )


def add_derived(data: pl.DataFrame) -> pl.DataFrame:
    """Add ``ho_group`` and one column per computable headline indicator.

    ``ho_group`` is ``never`` (ho_freq never, or can_work_home no),
    ``monthly_or_less``, ``1_2_days`` or ``3_plus_days``; empty when
    ho_freq is unanswered by someone who can work from home. Indicator
    columns (``indicator.<id>``) are 1/0 inside the indicator's population
    and empty outside it; an indicator whose variables are missing from the
    data is skipped.
    """
    columns = set(data.columns)
    new: list[pl.Expr] = []
    if "ho_freq" in columns:
        freq = _text("ho_freq")
        can_no = (
            _text("can_work_home") == "no" if "can_work_home" in columns else pl.lit(False)
        ).fill_null(False)
        if "ho_group" not in columns:
            new.append(
                pl.when(can_no | (freq == "never"))
                .then(pl.lit("never"))
                .when(freq.is_in(["less_than_monthly", "monthly"]))
                .then(pl.lit("monthly_or_less"))
                .when(freq.is_in(["1_day_week", "2_days_week"]))
                .then(pl.lit("1_2_days"))
                .when(freq.is_in(["3_4_days_week", "every_day"]))
                .then(pl.lit("3_plus_days"))
                .otherwise(None)
                .alias("ho_group")
            )
        has_home_office = (freq.is_not_null() & (freq != "never")).fill_null(False)
        if "after_hours_freq" in columns:
            new.append(
                _share(has_home_office, "after_hours_freq", AFTER_HOURS_WEEKLY).alias(
                    PREFIX + "after_hours_weekly"
                )
            )
        if "wish_freq" in columns:
            new.append(_share(has_home_office, "wish_freq", WEEKLY).alias(PREFIX + "wish_weekly"))
        if "written_agreement" in columns:
            new.append(
                _share(has_home_office, "written_agreement", ("yes",)).alias(
                    PREFIX + "written_agreement"
                )
            )
    if "can_work_home" in columns:
        can = _text("can_work_home").is_in(list(CAN_WORK_HOME)).fill_null(False)
        if "ho_freq" in columns:
            new.append(_share(can, "ho_freq", WEEKLY).alias(PREFIX + "home_office_weekly"))
        if "share_time_home" in columns:
            new.append(
                pl.when(can)
                .then(pl.col("share_time_home").cast(pl.Float64, strict=False))
                .otherwise(None)
                .alias(PREFIX + "share_time_home")
            )
    if "mgr_hms_hard" in columns:
        value = pl.col("mgr_hms_hard").cast(pl.Float64, strict=False)
        new.append(
            pl.when(value.is_not_null())
            .then(value.is_in([4.0, 5.0]).cast(pl.Int8))
            .otherwise(None)
            .alias(PREFIX + "manager_hms_hard")
        )
    return data.with_columns(new) if new else data


def indicator_estimates(data: pl.DataFrame) -> list[tuple[Indicator, Estimate]]:
    """The indicators computable from ``data`` (after :func:`add_derived`)."""
    found = []
    for indicator in INDICATORS:
        if indicator.column in data.columns:
            estimate = Estimate(
                "share" if indicator.statistic == "share" else "mean",
                indicator.column,
                ("1",) if indicator.statistic == "share" else (),
                name=indicator.id,
            )
            found.append((indicator, estimate))
    return found


_INDICATOR_SCHEMA = {
    "variable": pl.Utf8,
    "statistic": pl.Utf8,
    "label_nb": pl.Utf8,
    "label_en": pl.Utf8,
    "label_nn": pl.Utf8,
    "population_nb": pl.Utf8,
    "population_en": pl.Utf8,
    "population_nn": pl.Utf8,
    "subject_nb": pl.Utf8,
    "subject_en": pl.Utf8,
    "subject_nn": pl.Utf8,
    "estimate": pl.Float64,
    "se": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "n": pl.Int64,
    "suppressed": pl.Boolean,
    "reason": pl.Utf8,
    "reference": pl.Float64,
    "reference_se": pl.Float64,
    "source": pl.Utf8,
    "p_value": pl.Float64,
}


def indicator_table_of(total: pl.DataFrame, instrument: str) -> pl.DataFrame:
    """The headline indicators of the total rows, beside the national reference."""
    wanted = [i.id for i in INDICATORS if i.instrument == instrument]
    found = total.filter(pl.col("variable").is_in(wanted)).to_dicts()
    return indicator_table_of_rows(found, instrument)


def indicator_table_of_rows(total: list[dict[str, Any]], instrument: str) -> pl.DataFrame:
    """:func:`indicator_table_of` of total rows given as dictionaries.

    The first row of each indicator's variable counts, as in the frame.
    """
    first: dict[object, dict[str, Any]] = {}
    for candidate in total:
        first.setdefault(candidate["variable"], candidate)
    rows = []
    for indicator in INDICATORS:
        row = first.get(indicator.id)
        if row is None or indicator.instrument != instrument:
            continue
        p = None
        if row["estimate"] is not None and row["se"]:
            # The reference is on the estimate's scale (a proportion, or percent),
            # and an independent sample's estimate: both errors count.
            z = (row["estimate"] - indicator.reference) / math.hypot(
                row["se"], indicator.reference_se
            )
            p = float(normal_p_value(z))
        rows.append(
            {
                "variable": indicator.id,
                "statistic": indicator.statistic,
                "label_nb": indicator.label_nb,
                "label_en": indicator.label_en,
                "label_nn": indicator.label_nn,
                "population_nb": indicator.population_nb,
                "population_en": indicator.population_en,
                "population_nn": indicator.population_nn,
                "subject_nb": indicator.subject_nb,
                "subject_en": indicator.subject_en,
                "subject_nn": indicator.subject_nn,
                "estimate": row["estimate"],
                "se": row["se"],
                "ci_low": row["ci_low"],
                "ci_high": row["ci_high"],
                "n": row["n"],
                "suppressed": row["suppressed"],
                "reason": row["reason"],
                "reference": indicator.reference,
                "reference_se": indicator.reference_se,
                "source": indicator.source,
                "p_value": p,
            }
        )
    return pl.DataFrame(rows, schema=_INDICATOR_SCHEMA, orient="row")
