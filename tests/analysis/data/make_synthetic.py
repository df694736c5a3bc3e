"""Make the small synthetic employee survey used to check the analysis against R.

Run from the repository root: ``python tests/analysis/data/make_synthetic.py``.
It writes ``synthetic_employees.csv`` (2,000 respondents with the variables of
``docs/dev/instrument-variables.md``), ``synthetic_margins.csv`` (population
margins, 6,000 employees) and ``synthetic_units.csv`` (the unit tree). The
numbers are made up; home-office frequency is given effects in the direction
of the AFI study so that the findings have something to find.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

HERE = Path(__file__).parent
SEED = 20220601
N_SAMPLE = 2000
N_POP = 6000
FREQ = [
    "never",
    "less_than_monthly",
    "monthly",
    "1_day_week",
    "2_days_week",
    "3_4_days_week",
    "every_day",
]
AFTER = ["daily", "several_times_week", "weekly", "monthly", "less_often", "never"]
AGES = ["<30", "30-39", "40-49", "50-59", "60+"]


def tree() -> dict[str, str | None]:
    units: dict[str, str | None] = {"org": None}
    for d in range(1, 4):
        units[f"d{d}"] = "org"
        for u in range(1, 5):
            units[f"d{d}u{u}"] = f"d{d}"
    return units


def main() -> None:
    rng = np.random.default_rng(SEED)
    units = [u for u in tree() if u != "org"]
    # Population: larger units in division 1, an uneven response by unit,
    # gender and age so that the weights differ.
    pop_unit = rng.integers(150, 700, size=len(units)).astype(float)
    pop_unit = np.round(pop_unit / pop_unit.sum() * N_POP)
    pop_unit[0] += N_POP - pop_unit.sum()
    response = rng.uniform(0.2, 0.5, size=len(units))
    p_unit = pop_unit * response
    unit = rng.choice(len(units), size=N_SAMPLE, p=p_unit / p_unit.sum())
    gender = rng.choice(["female", "male", "other"], size=N_SAMPLE, p=[0.55, 0.43, 0.02])
    age = rng.choice(AGES, size=N_SAMPLE, p=[0.12, 0.25, 0.27, 0.24, 0.12])
    manager = rng.uniform(size=N_SAMPLE) < 0.12
    children = rng.uniform(size=N_SAMPLE) < 0.35
    can = rng.choice(["yes", "partly", "no"], size=N_SAMPLE, p=[0.45, 0.3, 0.25])
    freq_index = rng.choice(7, size=N_SAMPLE, p=[0.12, 0.1, 0.13, 0.2, 0.2, 0.15, 0.1])
    has = can != "no"
    level = np.where(has, np.array([0, 1, 1, 2, 2, 3, 3])[freq_index], 0)
    ho_freq = np.where(has, np.array(FREQ)[freq_index], None)
    share_home = np.where(
        has, np.clip(freq_index * 14 + rng.normal(0, 10, N_SAMPLE), 0, 100).round(), np.nan
    )
    wish_index = np.clip(freq_index + rng.integers(-1, 3, N_SAMPLE), 0, 6)
    wish = np.where(has, np.array(FREQ)[wish_index], None)
    agreement = np.where(
        has, rng.choice(["yes", "no", "dont_know"], N_SAMPLE, p=[0.2, 0.6, 0.2]), None
    )
    after_p = np.clip(0.25 + 0.12 * level, 0, 0.9)
    after_weekly = rng.uniform(size=N_SAMPLE) < after_p
    after = np.where(
        after_weekly,
        rng.choice(AFTER[:3], N_SAMPLE),
        rng.choice(AFTER[3:], N_SAMPLE),
    )
    after = np.where(has, after, None)
    sick = rng.poisson(np.exp(1.9 - 0.12 * level + 0.2 * (age == "60+")), N_SAMPLE).astype(float)

    def items(base: np.ndarray, count: int) -> list[np.ndarray]:
        return [np.clip(np.rint(base + rng.normal(0, 0.8, N_SAMPLE)), 1, 5) for _ in range(count)]

    burn = items(2.8 - 0.15 * level, 7)
    burn[6] = 6 - burn[6]  # cbi_7 is reversed
    meaning = items(4.0 - 0.25 * level, 2)
    wlc = items(2.3 + 0.1 * level + 0.3 * children, 4)
    community = items(3.9 - 0.2 * level, 3)
    productivity = np.where(
        has,
        np.array(["much_lower", "lower", "same", "higher", "much_higher"])[
            np.clip(np.rint(2 + 0.3 * level + rng.normal(0, 0.9, N_SAMPLE)), 0, 4).astype(int)
        ],
        None,
    )
    columns: dict[str, object] = {
        "respondent": np.arange(1, N_SAMPLE + 1),
        "unit": np.array(units)[unit],
        "gender": gender,
        "age_group": age,
        "is_manager": np.where(manager, "true", "false"),
        "children_under_12": np.where(children, "yes", "no"),
        "can_work_home": can,
        "ho_freq": ho_freq,
        "share_time_home": share_home,
        "written_agreement": agreement,
        "wish_freq": wish,
        "after_hours_freq": after,
        "sick_days": sick,
        "productivity_home": productivity,
    }
    for name, group in (
        ("cbi", burn),
        ("meaning", meaning),
        ("wlc", wlc),
        ("community", community),
    ):
        for i, values in enumerate(group, start=1):
            columns[f"{name}_{i}"] = values
    frame = pl.DataFrame({k: list(v) for k, v in columns.items()}, strict=False)
    # Item non-response: about 3 % of each item and of sick days is missing.
    missing = [c for c in frame.columns if c.startswith(("cbi_", "meaning_", "wlc_", "community_"))]
    missing.append("sick_days")
    frame = frame.with_columns(
        [
            pl.when(pl.Series(rng.uniform(size=N_SAMPLE) < 0.03))
            .then(None)
            .otherwise(pl.col(c))
            .alias(c)
            for c in missing
        ]
    )
    frame = frame.with_columns(
        *[pl.col(c).cast(pl.Int64) for c in missing],
        pl.col("share_time_home").fill_nan(None).cast(pl.Int64),
    )
    frame.write_csv(HERE / "synthetic_employees.csv")

    sample_gender = {g: float(np.mean(gender == g)) for g in ["female", "male", "other"]}
    sample_age = {a: float(np.mean(age == a)) for a in AGES}
    margins = []
    for i, name in enumerate(units):
        margins.append(("unit", name, int(pop_unit[i])))
    gender_pop = {"female": 0.5, "male": 0.48, "other": 0.02}
    counts = {g: round(N_POP * gender_pop[g]) for g in gender_pop}
    counts["female"] += N_POP - sum(counts.values())
    margins += [("gender", g, counts[g]) for g in sample_gender]
    age_pop = [0.15, 0.22, 0.25, 0.25, 0.13]
    age_counts = {a: round(N_POP * p) for a, p in zip(AGES, age_pop, strict=True)}
    age_counts["40-49"] += N_POP - sum(age_counts.values())
    margins += [("age_group", a, age_counts[a]) for a in sample_age]
    pl.DataFrame(margins, schema=["variable", "category", "count"], orient="row").write_csv(
        HERE / "synthetic_margins.csv"
    )
    pl.DataFrame(
        [(u, p or "") for u, p in tree().items()], schema=["unit", "parent"], orient="row"
    ).write_csv(HERE / "synthetic_units.csv")


if __name__ == "__main__":
    main()
