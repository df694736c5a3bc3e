"""The real-data examples under examples/ run end to end and give the documented numbers."""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import zipfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from statsmodels.stats.contingency_tables import Table

from hjemmekontor.commands import analyze

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SWAA = EXAMPLES / "data" / "swaa_WFHdata_October24_minimal.zip"
OSMI = EXAMPLES / "data" / "osmi_mental_health_in_tech_2016.csv.gz"


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    analyze.add_arguments(parser)
    return analyze.run(parser.parse_args([*argv, "--quiet"]))


def _swaa_raw() -> pl.DataFrame:
    with zipfile.ZipFile(SWAA) as archive:
        return pl.read_csv(archive.read("WFHdata_October24_minimal.csv"))


@pytest.fixture(scope="module")
def swaa_subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Four waves keep the test fast; the docs show the full run.
    raw = _swaa_raw().filter(pl.col("date").is_in(["2020m5", "2021m5", "2022m5", "2024m9"]))
    path = tmp_path_factory.mktemp("swaa") / "swaa.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("swaa.csv", raw.write_csv())
    return path


def test_swaa_trend_by_wave_matches_a_direct_count(swaa_subset: Path, tmp_path: Path) -> None:
    out = tmp_path / "swaa.json"
    code = _run(
        [
            str(swaa_subset),
            "--codebook", str(EXAMPLES / "swaa.codebook.yaml"),
            "--by", "wave",
            "--estimate", "mean:wish_days",
            "--estimate", "share:wish_freq=1_day_week,2_days_week,3_4_days_week,every_day",
            "--out", str(out),
        ]
    )  # fmt: skip
    assert code == 0
    rows = json.loads(out.read_text(encoding="utf-8"))["estimates"]
    raw = _swaa_raw().filter(pl.col("date").is_in(["2020m5", "2021m5", "2022m5", "2024m9"]))
    # Independent recoding: days wished = SWAA's bundled code minus one;
    # weekly or more = unbundled code 3 (1 day a week) or higher.
    direct = (
        raw.group_by("date")
        .agg(
            (pl.col("wfh_days_postCOVID_ss") - 1).mean().alias("days"),
            (pl.col("wfh_days_postCOVID_s") >= 3).mean().alias("weekly"),
            pl.len().alias("n"),
        )
        .with_columns(
            pl.col("date").str.replace(r"m(\d)$", "m0$1").str.replace("m", "-").alias("wave")
        )
    )
    for wave, days, weekly, n in direct.select("wave", "days", "weekly", "n").iter_rows():
        mean_row = next(
            r for r in rows if r["variable"] == "wish_days" and r["by"].get("wave") == wave
        )
        share_row = next(
            r for r in rows if r["variable"] == "wish_freq" and r["by"].get("wave") == wave
        )
        assert mean_row["n"] == n
        assert mean_row["estimate"] == pytest.approx(days, rel=1e-10)
        assert share_row["estimate"] == pytest.approx(weekly, rel=1e-10)


def _osmi_trend_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("osmi_trend", EXAMPLES / "osmi_trend.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_osmi_disorder_by_remote_work_and_its_trend_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "osmi.json"
    code = _run(
        [
            str(OSMI),
            "--codebook", str(EXAMPLES / "osmi.codebook.yaml"),
            "--by", "remote_work",
            "--estimate", "share:mental_disorder=yes",
            "--out", str(out),
        ]
    )  # fmt: skip
    assert code == 0
    rows = json.loads(out.read_text(encoding="utf-8"))["estimates"]
    raw = pl.read_csv(OSMI).filter(pl.col("Are you self-employed?") == 0)
    remote, disorder = "Do you work remotely?", "Do you currently have a mental health disorder?"
    for answer, group in (
        ("Never", "1_never"),
        ("Sometimes", "2_sometimes"),
        ("Always", "3_always"),
    ):
        part = raw.filter(pl.col(remote) == answer)
        row = next(r for r in rows if r["by"].get("remote_work") == group)
        assert row["n"] == part.height
        assert row["estimate"] == pytest.approx((part[disorder] == "Yes").mean(), rel=1e-12)

    result = _osmi_trend_module().osmi_trend(OSMI)
    table = np.array([[g["yes"], g["n"] - g["yes"]] for g in result["groups"]])
    # statsmodels' linear-by-linear test is (N−1)·r²; Cochran–Armitage is N·r².
    reference = Table(table).test_ordinal_association(
        row_scores=np.array([1.0, 2.0, 3.0]), col_scores=np.array([1.0, 0.0])
    )
    n = table.sum()
    z_linear = reference.zscore
    assert abs(result["z"]) == pytest.approx(abs(z_linear) * math.sqrt(n / (n - 1)), rel=1e-10)
    assert result["p_value"] > 0.05  # no trend: the docs say so
