"""The codebook describes every variable an export contains."""

from __future__ import annotations

from hjemmekontor.instruments import Instrument


def test_coded_items_list_every_code_with_its_bokmal_label(employee: Instrument) -> None:
    rows = {row["name"]: row for row in employee.codebook()}
    assert rows["can_work_home"]["values"] == "yes=Ja, det meste; partly=Delvis; no=Nei"
    assert rows["cbi_4"]["values"].startswith("1=Aldri eller nesten aldri; 2=Sjelden")
    assert rows["cbi_4"]["type"] == "scale"
    assert rows["ho_freq"]["section"] == "home_office"


def test_multiple_choice_becomes_one_binary_column_per_option(employee: Instrument) -> None:
    rows = {row["name"]: row for row in employee.codebook()}
    assert "ho_place" not in rows
    cabin = rows["ho_place_cabin"]
    assert cabin["type"] == "binary"
    assert cabin["item"] == "ho_place"
    assert cabin["values"] == "0=ikke valgt; 1=valgt"
    assert cabin["label_nb"].endswith("– På hytta")


def test_numbers_texts_and_scores_describe_their_range(employee: Instrument) -> None:
    rows = {row["name"]: row for row in employee.codebook()}
    assert rows["sick_days"]["values"] == "0–365 dager"
    assert rows["share_time_home"]["values"] == "0–100 prosent"
    assert rows["comment"]["values"] == "fritekst, høyst 1500 tegn"
    assert rows["burnout"]["type"] == "score"
    assert rows["burnout"]["values"] == "0–100"
    assert [r["name"] for r in employee.codebook()][-4:] == [s.id for s in employee.scores]


def test_every_column_has_its_nynorsk_label(employee: Instrument) -> None:
    rows = {row["name"]: row for row in employee.codebook()}
    assert rows["can_work_home"]["label_nn"] == employee.item("can_work_home").text["nn"]
    assert rows["ho_place_cabin"]["label_nn"].endswith("– På hytta")
    assert rows["burnout"]["label_nn"] != rows["burnout"]["label_nb"]
