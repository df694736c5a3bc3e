"""Write a synthetic organisation and its answers to files.

Files (see ``docs/synth.md``): ``people.csv`` (the register an HR system
would export), ``units.csv``, ``margins.csv`` (population counts for
weighting) and, per round and questionnaire, ``responses_round<N>_<instrument>``
in CSV and/or Parquet, plus ``manifest.json``. Responses are written without
the loader-only columns, so nothing in them points at a person.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from hjemmekontor.synth.organisation import Organisation
from hjemmekontor.synth.people import GENDERS
from hjemmekontor.synth.population import AGE_GROUPS, ROUNDS, age_group
from hjemmekontor.synth.responses import LOADER_ONLY

__all__ = ["GENERATOR_VERSION", "PEOPLE_COLUMNS", "margins", "write_files"]

# Bump when the same seed and size would give different data.
GENERATOR_VERSION = "1.0"
PEOPLE_COLUMNS = (
    "employee_number",
    "name",
    "email",
    "unit_path",
    "unit_code",
    "parent_code",
    "is_manager",
    "representative_role",
    "gender",
    "birth_year",
)
UNIT_COLUMNS = (
    "unit_code",
    "parent_code",
    "name",
    "unit_path",
    "level",
    "unit_type",
    "n_employees",
    "n_subtree",
    "manager_employee_number",
)
FORMATS = ("csv", "parquet")


def margins(org: Organisation, round_no: int) -> pl.DataFrame:
    """Population counts by unit (code), gender and age group in the round's year.

    Returns
    -------
    polars.DataFrame
        Columns ``variable``, ``category``, ``count``; every category of the
        population appears, so the counts of each variable sum to ``org.size``.
    """
    year = ROUNDS[round_no].year
    groups = pl.Series(AGE_GROUPS, dtype=pl.String).gather(
        age_group(year - org.people["birth_year"].to_numpy())
    )
    people = org.people.select("unit_code", "gender").with_columns(age_group=groups)
    orders = {
        "unit": org.units["unit_code"].to_list(),
        "gender": list(GENDERS),
        "age_group": list(AGE_GROUPS),
    }
    parts = []
    for variable, column in (
        ("unit", "unit_code"),
        ("gender", "gender"),
        ("age_group", "age_group"),
    ):
        rank = {category: i for i, category in enumerate(orders[variable])}
        counts = (
            people.group_by(column)
            .len()
            .with_columns(rank=pl.col(column).replace_strict(rank, return_dtype=pl.Int64))
            .sort("rank")
        )
        parts.append(
            counts.select(
                variable=pl.lit(variable),
                category=pl.col(column),
                count=pl.col("len").cast(pl.Int64),
            )
        )
    return pl.concat(parts)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_files(
    org: Organisation,
    responses: Mapping[int, Mapping[str, pl.DataFrame]],
    out_dir: str | Path,
    formats: Iterable[str] = FORMATS,
) -> dict[str, object]:
    """Write the organisation and its answers into ``out_dir``.

    Parameters
    ----------
    org : Organisation
    responses : mapping of round number to the result of ``generate_responses``
    out_dir : str or Path
        An existing, empty directory (the command writes into a temporary
        directory and renames it, so that nothing is half-written).
    formats : iterable of ``"csv"`` and/or ``"parquet"``
        For the response files; the register, units and margins are CSV.

    Returns
    -------
    dict
        The manifest, also written as ``manifest.json``.
    """
    out = Path(out_dir)
    chosen = tuple(formats)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise ValueError(
            f"Ukjent format: {', '.join(unknown) or '(ingen)'}; bruk csv og/eller parquet."
        )
    files: dict[str, pl.DataFrame] = {
        "people.csv": org.people.select(PEOPLE_COLUMNS),
        "units.csv": org.units.select(UNIT_COLUMNS),
    }
    latest = max(responses) if responses else 2
    files["margins.csv"] = margins(org, latest)
    for round_no in sorted(responses):
        if round_no != latest:
            files[f"margins_round{round_no}.csv"] = margins(org, round_no)
    for round_no in sorted(responses):
        for instrument, frame in responses[round_no].items():
            export = frame.drop([c for c in LOADER_ONLY if c in frame.columns])
            for fmt in chosen:
                files[f"responses_round{round_no}_{instrument}.{fmt}"] = export

    listing = []
    for name, frame in files.items():
        path = out / name
        if name.endswith(".parquet"):
            frame.write_parquet(path, statistics=False)
        else:
            frame.write_csv(path)
        listing.append({"name": name, "rows": frame.height, "sha256": _sha256(path)})
    manifest: dict[str, object] = {
        "generator": "hjemmekontor.synth",
        "generator_version": GENERATOR_VERSION,
        "seed": org.seed,
        "size": org.size,
        "units": org.units.height,
        "rounds": {
            str(r): {
                "year": ROUNDS[r].year,
                "opens": ROUNDS[r].opens.isoformat(),
                "closes": ROUNDS[r].closes.isoformat(),
            }
            for r in sorted(responses)
        },
        "margins": {"margins.csv": f"round {latest}"}
        | {f"margins_round{r}.csv": f"round {r}" for r in sorted(responses) if r != latest},
        "files": listing,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest
