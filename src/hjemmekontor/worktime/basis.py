"""Each person's working-time basis and the limits that follow from it.

A basis row says what the law lets the employer agree with this person:
normal hours, an averaging agreement under aml. § 10-5, whether the employer
is tariff-bound, a written evening-work agreement (§ 10-11 (3)) and exemption
under § 10-12. Persons without a row get the statutory defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .config import RuleConfig

AVERAGING = ("none", "individual", "tariff", "arbeidstilsynet")
AVERAGING_SECTION = {
    "none": "aml. § 10-4 (1)",
    "individual": "aml. § 10-5 (1)",
    "tariff": "aml. § 10-5 (2)",
    "arbeidstilsynet": "aml. § 10-5 (3)",
}

BASIS_DEFAULTS: dict[str, object] = {
    "normal_hours_day": 8.0,
    "normal_hours_week": 40.0,
    "averaging": "none",
    "tariff_bound": False,
    "evening_agreement": False,
    "exempt": False,
    "normal_start": "08:00",
    "normal_end": "16:00",
    "sunday_rotation": False,
}

BASIS_SCHEMA: dict[str, pl.DataType] = {
    "person": pl.String(),
    "normal_hours_day": pl.Float64(),
    "normal_hours_week": pl.Float64(),
    "averaging": pl.String(),
    "tariff_bound": pl.Boolean(),
    "evening_agreement": pl.Boolean(),
    "exempt": pl.Boolean(),
    "normal_start": pl.String(),
    "normal_end": pl.String(),
    "sunday_rotation": pl.Boolean(),
}


def clock_minutes(text: str) -> int:
    """Minutes after midnight of ``"HH:MM"``."""
    hours, minutes = text.split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 24 * 60 or not 0 <= int(minutes) < 60:
        raise ValueError(text)
    return value


@dataclass(frozen=True)
class Limits:
    """Per-person arrays (indexed by person code) of the limits in force."""

    norm_day: np.ndarray  # hours per 24 h (§ 10-4 (1) / § 10-5)
    norm_week: np.ndarray  # hours per 7 days
    norm_avg_weeks: np.ndarray  # averaging period in weeks, 0 = none
    norm_section: list[str]
    ot_7d: np.ndarray
    ot_4w: np.ndarray
    ot_52w: np.ndarray
    ot_section: list[str]
    tot_day: np.ndarray
    tot_week: np.ndarray
    tot_week_cap: np.ndarray  # single-week cap when the total is averaged
    rest_day: np.ndarray
    rest_week: np.ndarray
    evening: np.ndarray
    exempt: np.ndarray
    tariff_avg: np.ndarray
    normal_start: np.ndarray  # minutes after midnight
    normal_end: np.ndarray
    sunday_rotation: np.ndarray


def basis_frame(basis: pl.DataFrame | None, persons: list[str]) -> pl.DataFrame:
    """One basis row per person in ``persons`` (in that order), defaults filled in."""
    frame = pl.DataFrame({"person": persons}, schema={"person": pl.String()})
    if basis is not None and basis.height:
        have = [c for c in BASIS_SCHEMA if c in basis.columns]
        given = basis.select([pl.col(c).cast(BASIS_SCHEMA[c]) for c in have])
        frame = frame.join(given.unique("person", keep="last"), on="person", how="left")
    if "normal_end" not in frame.columns and "normal_hours_day" in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("normal_end"))
    if "normal_end" in frame.columns:
        # Without an explicit end, the normal window is normal_start + normal_hours_day.
        start = (
            pl.col("normal_start").fill_null(str(BASIS_DEFAULTS["normal_start"]))
            if "normal_start" in frame.columns
            else pl.lit(str(BASIS_DEFAULTS["normal_start"]))
        )
        hours = pl.col("normal_hours_day").fill_null(float(BASIS_DEFAULTS["normal_hours_day"]))  # type: ignore[arg-type]
        minutes = (
            start.str.slice(0, 2).cast(pl.Int64) * 60
            + start.str.slice(3, 2).cast(pl.Int64)
            + (hours * 60).round().cast(pl.Int64)
        ).clip(0, 24 * 60)
        derived = pl.format(
            "{}:{}",
            (minutes // 60).cast(pl.String).str.zfill(2),
            (minutes % 60).cast(pl.String).str.zfill(2),
        )
        frame = frame.with_columns(pl.col("normal_end").fill_null(derived))
    for column, default in BASIS_DEFAULTS.items():
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(default, dtype=BASIS_SCHEMA[column]).alias(column))
        else:
            frame = frame.with_columns(pl.col(column).fill_null(default))
    bad = frame.filter(pl.col("averaging").eq("tariff") & ~pl.col("tariff_bound"))
    if bad.height:
        raise ValueError(
            f"gjennomsnittsberegning etter tariffavtale krever tariff_bound for {bad['person'][0]!r}"
        )
    bad = frame.filter(~pl.col("averaging").is_in(AVERAGING))
    if bad.height:
        raise ValueError(
            f"ukjent gjennomsnittsberegning {bad['averaging'][0]!r} for {bad['person'][0]!r}"
        )
    return frame


def limits_for(frame: pl.DataFrame, config: RuleConfig) -> Limits:
    """The limits of chapter 10 for each basis row (see the rule pages)."""
    averaging = frame["averaging"].to_numpy().astype(str)
    tariff = frame["tariff_bound"].to_numpy().astype(bool)
    ext = tariff & config.apply_tariff_extensions
    norm_day = np.select(
        [averaging == "individual", averaging == "tariff", averaging == "arbeidstilsynet"],
        [10.0, 12.5, 13.0],
        9.0,
    )
    averaged = averaging != "none"
    if config.average_normal_week:
        cap = np.select([averaging == "individual", averaging == "tariff"], [50.0, 54.0], 48.0)
    else:
        cap = np.full(averaging.shape, 48.0)
    norm_week = np.where(averaged, cap, 40.0)
    norm_avg_weeks = np.select([averaging == "arbeidstilsynet", averaged], [26, 52], 0).astype(
        np.int64
    )
    tariff_avg = averaging == "tariff"
    return Limits(
        norm_day=norm_day,
        norm_week=norm_week,
        norm_avg_weeks=norm_avg_weeks,
        norm_section=[AVERAGING_SECTION[str(a)] for a in averaging],
        ot_7d=np.where(ext, 20.0, 10.0),
        ot_4w=np.where(ext, 50.0, 25.0),
        ot_52w=np.where(ext, 300.0, 200.0),
        ot_section=["aml. § 10-6 (5)" if e else "aml. § 10-6 (4)" for e in ext],
        tot_day=np.where(ext, 16.0, 13.0),
        tot_week=np.full(averaging.shape, 48.0),
        tot_week_cap=np.where(tariff_avg | ext, 69.0, np.inf),
        rest_day=np.where(ext, 8.0, 11.0),
        rest_week=np.where(ext, 28.0, 35.0),
        evening=frame["evening_agreement"].to_numpy().astype(bool),
        exempt=frame["exempt"].to_numpy().astype(bool),
        tariff_avg=tariff_avg,
        normal_start=_clock_column(frame["normal_start"]),
        normal_end=_clock_column(frame["normal_end"]),
        sunday_rotation=frame["sunday_rotation"].to_numpy().astype(bool),
    )


def _clock_column(values: pl.Series) -> np.ndarray:
    """``"HH:MM"`` texts as minutes after midnight; each distinct text parsed once."""
    distinct = values.unique().to_list()
    table = {v: clock_minutes(v) for v in distinct}
    return values.replace_strict(table, return_dtype=pl.Int64).to_numpy()
