"""The unit tree and the register of a synthetic organisation."""

from __future__ import annotations

import re

import polars as pl
import pytest

from hjemmekontor.synth import Organisation, generate_organisation, margins
from hjemmekontor.synth.units import unit_count


def test_unit_count_is_about_300_at_ten_thousand_and_capped_at_a_million() -> None:
    assert 280 <= unit_count(10_000) <= 320
    assert unit_count(1_000_000) == 10_000
    assert unit_count(50) >= 4
    assert unit_count(100_000) > unit_count(10_000)


def test_every_unit_has_exactly_one_manager_who_works_in_it(small_org: Organisation) -> None:
    managers = small_org.people.filter(pl.col("is_manager"))
    assert managers.height == small_org.units.height
    assert managers["unit_code"].n_unique() == small_org.units.height
    joined = small_org.units.join(managers.select("unit_code", "employee_number"), on="unit_code")
    assert (joined["manager_employee_number"] == joined["employee_number"]).all()


def test_unit_tree_is_consistent(small_org: Organisation) -> None:
    units = small_org.units
    codes = set(units["unit_code"].to_list())
    parents = units["parent_code"].drop_nulls().to_list()
    assert set(parents) <= codes
    assert units["unit_path"].n_unique() == units.height
    by_code = dict(zip(units["unit_code"], units["unit_path"], strict=True))
    for code, parent, path in units.select("unit_code", "parent_code", "unit_path").iter_rows():
        if parent is not None:
            assert path.startswith(by_code[parent] + "/"), (code, path)
    assert units["n_employees"].sum() == small_org.size
    tops = units.filter(pl.col("parent_code").is_null())
    assert tops["n_subtree"].sum() == small_org.size
    assert set(units["level"]) == {"division", "department", "team"}


def test_division_names_are_the_bokmal_ones(small_org: Organisation) -> None:
    names = set(small_org.units.filter(pl.col("level") == "division")["name"])
    assert {"Økonomi og administrasjon", "IT og digitalisering", "Produksjon"} <= names


def test_a_few_units_are_below_the_anonymity_threshold(large_org: Organisation) -> None:
    small = large_org.units.filter(pl.col("n_employees").is_between(2, 4))
    assert 1 <= small.height <= 0.05 * large_org.units.height


def test_every_division_and_department_has_a_safety_representative(
    small_org: Organisation,
) -> None:
    people = small_org.people
    reps = people.filter(pl.col("representative_role").is_in(["safety", "both"]))
    assert not reps["is_manager"].any()
    paths = reps["unit_path"].to_list()
    for path in small_org.units.filter(pl.col("level") != "team")["unit_path"]:
        assert any(p == path or p.startswith(path + "/") for p in paths), path
    unions = people.filter(pl.col("representative_role").is_in(["union", "both"]))
    divisions = small_org.units.filter(pl.col("level") == "division").height
    assert unions.height >= divisions


def test_emails_are_unique_safe_ascii_addresses(small_org: Organisation) -> None:
    emails = small_org.people["email"]
    assert emails.n_unique() == small_org.size
    pattern = re.compile(r"^[a-z]+\.[a-z]+\.\d+@demo\.example$")
    assert all(pattern.match(email) for email in emails)
    assert "bjorg" in "".join(emails) or "oyvind" in "".join(emails) or "hakon" in "".join(emails)


def test_register_background_looks_like_a_norwegian_workforce(large_org: Organisation) -> None:
    people = large_org.people
    gender = people["gender"].value_counts(normalize=True)
    share = dict(zip(gender["gender"], gender["proportion"], strict=True))
    assert 0.003 < share["other"] < 0.02
    assert 0.35 < share["female"] < 0.55
    age = 2026 - people["birth_year"]
    assert age.min() >= 20 and age.max() <= 67
    assert 40 < age.mean() < 46


def test_margins_count_the_population_by_unit_gender_and_age_group(small_org: Organisation) -> None:
    for round_no in (1, 2):
        table = margins(small_org, round_no)
        assert table.columns == ["variable", "category", "count"]
        sums = table.group_by("variable").agg(pl.col("count").sum())
        assert dict(sums.iter_rows()) == {
            "unit": small_org.size,
            "gender": small_org.size,
            "age_group": small_org.size,
        }
    one, two = margins(small_org, 1), margins(small_org, 2)
    ages = pl.col("variable") == "age_group"
    assert one.filter(ages)["count"].to_list() != two.filter(ages)["count"].to_list()


@pytest.mark.parametrize("size", [49, 1_000_001, 0, -5])
def test_sizes_outside_the_range_are_refused(size: int) -> None:
    with pytest.raises(ValueError, match="mellom 50 og 1000000"):
        generate_organisation(size, 1)


def test_a_negative_seed_is_refused() -> None:
    with pytest.raises(ValueError, match="Frøet"):
        generate_organisation(100, -1)


def test_the_smallest_organisation_is_complete() -> None:
    org = generate_organisation(50, 3)
    assert org.people.height == 50
    assert org.units.height >= 4
    assert org.people.filter(pl.col("is_manager")).height == org.units.height
