"""Population margins files: read, checked, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hjemmekontor.analysis.io import InputError
from hjemmekontor.analysis.margins import collapse_empty, read_margins


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "margins.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_norwegian_excel_margins_are_read_into_a_nested_mapping(tmp_path: Path) -> None:
    text = "Variable;Category;Count\ngender;female;60\ngender;male;40\nunit;Økonomi;70\nunit;Drift;30\n"
    margins = read_margins(_write(tmp_path, text, "cp1252"))
    assert margins == {"gender": {"female": 60, "male": 40}, "unit": {"Økonomi": 70, "Drift": 30}}


def test_unequal_totals_are_refused_with_both_totals(tmp_path: Path) -> None:
    text = "variable,category,count\ngender,female,60\ngender,male,40\nunit,a,70\nunit,b,31\n"
    with pytest.raises(InputError, match="gender = 100, unit = 101"):
        read_margins(_write(tmp_path, text))


@pytest.mark.parametrize("count", ["-3", "2.5", "mange"])
def test_a_count_that_is_not_a_non_negative_whole_number_names_line_and_value(
    tmp_path: Path, count: str
) -> None:
    text = f"variable,category,count\ngender,female,60\ngender,male,{count}\n"
    with pytest.raises(InputError, match=r"linje 3, kolonne «count»") as info:
        read_margins(_write(tmp_path, text))
    assert str(info.value.value) in {count, str(float(count)) if count == "2.5" else count, "-3"}


def test_duplicate_rows_name_both_lines(tmp_path: Path) -> None:
    text = "variable,category,count\ngender,female,60\ngender,male,40\ngender,female,60\n"
    with pytest.raises(
        InputError, match=r"linje 4: gender = female står to ganger \(også på linje 2\)"
    ):
        read_margins(_write(tmp_path, text))


def test_missing_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="mangler count"):
        read_margins(_write(tmp_path, "variable,category,n\ngender,female,1\n"))


def test_an_empty_unit_gives_its_population_to_the_nearest_ancestor_with_answers() -> None:
    data = pl.DataFrame({"unit": ["A", "A1", "A1", "B"], "age": ["<30", "<30", "60+", "60+"]})
    margins = {
        "unit": {"A": 10, "A1": 20, "A11": 5, "A2": 7, "B": 8, "C": 3},
        "age": {"<30": 20, "30-49": 15, "60+": 18},
    }
    tree = {"A": None, "A1": "A", "A11": "A1", "A2": "A", "B": None, "C": None}
    merged, collapsed = collapse_empty(data, margins, unit_tree=tree)
    # A11 → its parent A1; A2 → A; C has no ancestor: the nearest category
    # before it in the file with answers, B. 30-49 → <30 (before wins a tie).
    assert merged["unit"] == {"A": 17, "A1": 25, "B": 11}
    assert merged["age"] == {"<30": 35, "60+": 18}
    assert [(c.category, c.into) for c in collapsed] == [
        ("A11", "A1"),
        ("A2", "A"),
        ("C", "B"),
        ("30-49", "<30"),
    ]
    assert sum(merged["unit"].values()) == sum(margins["unit"].values())
    assert margins["unit"]["A11"] == 5  # the input is left as it was
    assert "slått sammen med «A1»" in collapsed[0].note()
    # Without a tree every unit goes to its nearest category in the file.
    merged, _ = collapse_empty(data, margins)
    assert merged["unit"] == {"A": 10, "A1": 25, "B": 18}
