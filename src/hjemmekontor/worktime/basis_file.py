"""Import of the working-time basis file (one row per person).

CSV columns: ``person`` (required), ``normal_hours_day``,
``normal_hours_week``, ``averaging`` (none/individual/tariff/arbeidstilsynet
or ingen/individuell), ``tariff_bound``, ``evening_agreement``, ``exempt``
(ja/nei, yes/no, true/false, 1/0), and optionally ``normal_start``,
``normal_end`` (HH:MM) and ``sunday_rotation``. Empty cells take the
statutory default; bad values are reported with line and column.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .basis import BASIS_SCHEMA
from .files import FileError, RowError, read_table

TRUE = {"ja", "j", "yes", "y", "true", "sann", "1", "x"}
FALSE = {"nei", "n", "no", "false", "usann", "0"}
AVERAGING_WORDS = {
    "none": "none",
    "ingen": "none",
    "nei": "none",
    "individual": "individual",
    "individuell": "individual",
    "avtale": "individual",
    "tariff": "tariff",
    "tariffavtale": "tariff",
    "arbeidstilsynet": "arbeidstilsynet",
    "at": "arbeidstilsynet",
}
BOOLEAN = ("tariff_bound", "evening_agreement", "exempt", "sunday_rotation")
HOURS = ("normal_hours_day", "normal_hours_week")
CLOCK = ("normal_start", "normal_end")


def read_basis(path: Path | str) -> tuple[pl.DataFrame, list[RowError]]:
    """Read a basis file; returns the valid rows and the refused values."""
    path = Path(path)
    raw = read_table(path)
    if "person" not in raw.columns:
        raise FileError(f"{path}: mangler kolonnen person")
    unknown = [c for c in raw.columns if c not in BASIS_SCHEMA and c != "_line"]
    if unknown:
        raise FileError(f"{path}: ukjente kolonner {', '.join(unknown)}")
    parsed: list[pl.Expr] = [pl.col("person"), pl.col("_line")]
    checks: list[tuple[str, pl.Expr]] = [("person", pl.col("person").is_null())]
    for c in raw.columns:
        v = pl.col(c).str.to_lowercase()
        if c in BOOLEAN:
            out = pl.when(v.is_in(TRUE)).then(True).when(v.is_in(FALSE)).then(False)
            parsed.append(out.otherwise(None).alias(c))
            checks.append((c, pl.col(c).is_not_null() & ~v.is_in(TRUE | FALSE)))
        elif c in HOURS:
            num = pl.col(c).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
            parsed.append(num.alias(c))
            checks.append(
                (c, pl.col(c).is_not_null() & ~((num > 0) & (num <= 168)).fill_null(False))
            )
        elif c in CLOCK:
            ok = pl.col(c).str.contains(r"^([01]?\d|2[0-3]):[0-5]\d$")
            parsed.append(pl.col(c).str.zfill(5).alias(c))
            checks.append((c, pl.col(c).is_not_null() & ~ok))
        elif c == "averaging":
            parsed.append(v.replace_strict(AVERAGING_WORDS, default=None).alias(c))
            checks.append((c, pl.col(c).is_not_null() & ~v.is_in(list(AVERAGING_WORDS))))
    errors_frame = pl.concat(
        [
            raw.filter(cond.fill_null(False)).select(
                pl.col("_line").alias("line"),
                pl.lit(column).alias("column"),
                pl.col(column).fill_null("").alias("value"),
            )
            for column, cond in checks
        ]
    ).sort("line", maintain_order=True)
    errors = [
        RowError(str(path), r["line"], r["column"], r["value"], "ugyldig verdi")
        for r in errors_frame.iter_rows(named=True)
    ]
    good = raw.filter(~pl.col("_line").is_in(errors_frame["line"].unique().implode()))
    frame = good.select(parsed)
    if "averaging" in frame.columns:
        # § 10-5 (2): averaging by tariff agreement needs a tariff-bound employer.
        bound = (
            pl.col("tariff_bound").fill_null(False)
            if "tariff_bound" in frame.columns
            else pl.lit(False)
        )
        wrong = frame.filter(pl.col("averaging").eq("tariff") & ~bound)
        for row in wrong.iter_rows(named=True):
            errors.append(
                RowError(
                    str(path),
                    row["_line"],
                    "averaging",
                    "tariff",
                    "gjennomsnittsberegning etter tariffavtale krever tariff_bound = ja",
                )
            )
        frame = frame.filter(~(pl.col("averaging").eq("tariff") & ~bound).fill_null(False))
    dupes = frame.filter(pl.col("person").is_duplicated())
    for row in dupes.iter_rows(named=True):
        errors.append(
            RowError(str(path), row["_line"], "person", row["person"], "personen står flere ganger")
        )
    frame = frame.filter(~pl.col("person").is_duplicated()).drop("_line")
    return frame, errors
