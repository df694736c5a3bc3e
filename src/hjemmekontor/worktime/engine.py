"""The rules engine: registrations and bases in, breaches out."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .basis import basis_frame, limits_for
from .breaches import BreachSink
from .breaks import check_breaks, check_overtime_break
from .config import RuleConfig
from .context import Context
from .hours import check_hours, check_overtime
from .night import check_night, check_night_average
from .rest import check_evening_rest, check_rest
from .sunday import check_next_sunday, check_sunday
from .timeline import Normalised, Timeline, normalise

CHECKS = (
    check_hours,
    check_overtime,
    check_rest,
    check_evening_rest,
    check_sunday,
    check_next_sunday,
    check_night,
    check_night_average,
    check_breaks,
    check_overtime_break,
)


@dataclass
class CheckResult:
    """What :func:`check` found.

    Attributes
    ----------
    breaches : polars.DataFrame
        One row per breach: ``person``, ``rule``, ``section``, ``start``,
        ``end`` (Europe/Oslo), ``value``, ``limit``, ``unit``, ``message``.
    warnings : polars.DataFrame
        Data-quality warnings: overlapping registrations that were merged
        (``person``, ``line``, ``other_line``, ``start``, ``end``, ``message``).
    context : Context
        The prepared timeline and limits, reused by :func:`patterns`.
    """

    breaches: pl.DataFrame
    warnings: pl.DataFrame
    context: Context


def prepare(
    registrations: pl.DataFrame | Normalised,
    basis: pl.DataFrame | None = None,
    config: RuleConfig | None = None,
) -> tuple[Context, Normalised]:
    """Normalise registrations and build the shared context."""
    config = config or RuleConfig()
    norm = registrations if isinstance(registrations, Normalised) else normalise(registrations)
    everyone = sorted(
        set(norm.rows["person"].unique().to_list())
        | set(norm.incomplete["person"].unique().to_list())
    )
    tl = Timeline(norm.rows, persons=everyone)
    # The timeline holds what the checks need; let the frame go (memory).
    norm = Normalised(rows=norm.rows.clear(), incomplete=norm.incomplete, overlaps=norm.overlaps)
    frame = basis_frame(basis, tl.persons)
    limits = limits_for(frame, config)
    sink = BreachSink(tl.persons, skip=limits.exempt)
    return Context(tl=tl, limits=limits, config=config, sink=sink, basis=frame), norm


def check(
    registrations: pl.DataFrame | Normalised,
    basis: pl.DataFrame | None = None,
    config: RuleConfig | None = None,
) -> CheckResult:
    """Check registrations against the working-time rules of aml. chapter 10.

    Parameters
    ----------
    registrations : polars.DataFrame
        Columns ``person``, ``start``, ``end`` (Europe/Oslo local times, naive
        or aware), ``break_minutes``, ``location`` and optionally ``line``.
    basis : polars.DataFrame, optional
        Per-person working-time basis (see :mod:`hjemmekontor.worktime.basis`);
        persons without a row get the statutory defaults.
    config : RuleConfig, optional
        Configurable choices; the defaults are the conservative ones.

    Returns
    -------
    CheckResult
    """
    ctx, norm = prepare(registrations, basis, config)
    _record(ctx, norm)
    for run in CHECKS:
        run(ctx)
    warnings = ctx.tl.overlaps.with_columns(
        pl.format(
            "Overlappende registreringer på linje {} og {} er slått sammen",
            pl.col("line"),
            pl.col("other_line"),
        ).alias("message"),
    )
    warnings = warnings.with_columns(_local("start"), _local("end"))
    return CheckResult(breaches=ctx.sink.frame(), warnings=warnings, context=ctx)


def _local(column: str) -> pl.Expr:
    return (
        pl.from_epoch(pl.col(column), time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone("Europe/Oslo")
    )


def _record(ctx: Context, norm: Normalised) -> None:
    """RT-REG: a registration must show date, start, end and breaks (§ 10-7)."""
    gaps = norm.incomplete
    if gaps.height == 0:
        return
    if not ctx.config.record_exempt:
        exempt = [p for p, x in zip(ctx.tl.persons, ctx.limits.exempt, strict=True) if x]
        gaps = gaps.filter(~pl.col("person").is_in(exempt))
    names = (
        pl.col("missing").str.replace_all("break_minutes", "pause").str.replace_all("end", "slutt")
    )
    part = gaps.select(
        pl.col("person").cast(pl.String),
        pl.lit("RT-REG").alias("rule"),
        pl.lit("aml. § 10-7").alias("section"),
        pl.coalesce("start_s", "end_s").alias("start_s"),
        pl.coalesce("end_s", "start_s").alias("end_s"),
        (pl.col("missing").str.count_matches(",") + 1).cast(pl.Float64).alias("value"),
        pl.lit(0.0).alias("limit"),
        pl.lit("felt").alias("unit"),
        pl.format(
            "Linje {}: registreringen mangler {}",
            pl.col("line"),
            names.str.replace_all(",", " og ", literal=True),
        ).alias("message"),
    )
    ctx.sink.add_frame(part)
