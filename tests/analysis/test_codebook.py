"""Codebooks: foreign columns and codes onto the instrument's variables."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hjemmekontor.analysis.codebook import CodebookError, load_codebook


def _codebook(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SWAA_LIKE = """
codebook: 1
instrument: employee
wave: date
weight: w
missing: [-99]
filter:
  - column: employed
    in: [1]
variables:
  wish_freq:
    from: days
    map: {0: never, 1: 1_day_week, 2: 2_days_week, 3: 3_4_days_week, 4: 3_4_days_week, 5: every_day}
  sick_days:
    from: sick
    bins:
      - {min: 0, max: 0, to: 0}
      - {min: 1, max: 5, to: 3}
      - {min: 6, to: 10}
  can_work_home:
    value: "yes"
extra:
  wish_days: days
"""


def _data() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "days": [0, 1, 3, 4, 5, -99, 2],
            "sick": [0.0, 2.0, 7.5, None, 1.0, 0.0, 5.0],
            "date": ["2023m9", "2023m10", "2023m9", "2023m9", "2024m1", "2024m1", "2024m1"],
            "w": [1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 0.5],
            "employed": [1, 1, 1, 1, 1, 1, 0],
        }
    )


def test_swaa_like_days_per_week_map_onto_the_wished_frequency_scale(tmp_path: Path) -> None:
    out = load_codebook(_codebook(tmp_path, SWAA_LIKE)).apply(_data())
    assert out.height == 6  # the non-employed row is filtered away
    assert out["wish_freq"].to_list() == [
        "never", "1_day_week", "3_4_days_week", "3_4_days_week", "every_day", None
    ]  # fmt: skip
    assert out["sick_days"].to_list() == [0, 3, 10, None, 3, 0]
    assert out["can_work_home"].to_list() == ["yes"] * 6
    assert out["wish_days"].to_list() == [0, 1, 3, 4, 5, None]
    assert out["wave"].to_list()[:2] == ["2023-09", "2023-10"]
    assert out["weight"].to_list()[:2] == [1.0, 2.0]


def test_an_unknown_instrument_variable_is_refused_with_key_and_value(tmp_path: Path) -> None:
    text = "variables:\n  wish_frequency:\n    from: days\n"
    with pytest.raises(
        CodebookError, match=r"cb\.yaml, nøkkel «variables\.wish_frequency»"
    ) as info:
        load_codebook(_codebook(tmp_path, text))
    assert info.value.value == "wish_frequency"


def test_a_code_the_instrument_does_not_have_is_refused(tmp_path: Path) -> None:
    text = "variables:\n  wish_freq:\n    from: days\n    map: {0: never, 1: weekly}\n"
    with pytest.raises(CodebookError, match=r"«weekly» er ingen kode for wish_freq") as info:
        load_codebook(_codebook(tmp_path, text))
    assert info.value.key == "variables.wish_freq.map"


def test_a_number_outside_the_items_range_is_refused(tmp_path: Path) -> None:
    text = "variables:\n  sick_days:\n    from: s\n    map: {lots: 400}\n"
    with pytest.raises(CodebookError, match="400 ligger utenfor sick_days"):
        load_codebook(_codebook(tmp_path, text))


def test_a_source_column_missing_from_the_data_is_named(tmp_path: Path) -> None:
    codebook = load_codebook(
        _codebook(tmp_path, "variables:\n  wish_freq:\n    from: Days\n    map: {0: never}\n")
    )
    with pytest.raises(
        CodebookError, match=r"kolonnen «Days» finnes ikke i dataene\. Mente du «days»\?"
    ):
        codebook.apply(_data())


def test_unmapped_values_are_listed_with_counts_or_made_missing(tmp_path: Path) -> None:
    text = "variables:\n  wish_freq:\n    from: days\n    map: {0: never, 1: 1_day_week}\n"
    with pytest.raises(CodebookError) as info:
        load_codebook(_codebook(tmp_path, text)).apply(_data())
    message = str(info.value)
    assert "'-99' (1 rader)" in message
    assert "'3' (1 rader)" in message
    assert "unmapped: missing" in message
    lenient = text + "    unmapped: missing\n"
    out = load_codebook(_codebook(tmp_path, lenient)).apply(_data())
    assert out["wish_freq"].to_list() == ["never", "1_day_week", None, None, None, None, None]


def test_an_extra_variable_may_not_shadow_an_instrument_variable(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"extra\.ho_freq"):
        load_codebook(_codebook(tmp_path, "extra:\n  ho_freq: days\n"))


def test_unknown_keys_and_bad_yaml_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="ukjente nøkler weights"):
        load_codebook(_codebook(tmp_path, "weights: w\nextra:\n  x: days\n"))
    with pytest.raises(CodebookError, match="ikke gyldig YAML"):
        load_codebook(_codebook(tmp_path, "variables: [\n"))
    with pytest.raises(CodebookError, match="ukjent instrument"):
        load_codebook(_codebook(tmp_path, "instrument: boss\nextra:\n  x: days\n"))


def test_spss_value_codes_as_floats_match_integer_codebook_keys(tmp_path: Path) -> None:
    text = "variables:\n  gender:\n    from: kjonn\n    map: {1: female, 2: male}\n"
    data = pl.DataFrame({"kjonn": [1.0, 2.0, None]})
    out = load_codebook(_codebook(tmp_path, text)).apply(data)
    assert out["gender"].to_list() == ["female", "male", None]
