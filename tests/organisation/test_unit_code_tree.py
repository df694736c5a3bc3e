"""Unit codes with parent codes: unknown parents, contradictions and cycles. No database."""

from __future__ import annotations

from hjemmekontor.organisation.unitcodes import check_unit_codes
from tests.organisation.org_files import csv_file, parse

HEADER = ["ansattnr", "navn", "enhetskode", "overordnet_kode", "enhetsnavn"]


def rows(*lines: list[str]) -> list:
    return parse(csv_file([HEADER, *lines])).rows


def test_new_units_under_a_known_parent_are_accepted() -> None:
    result = check_unit_codes(
        rows(["1", "Kari", "LONN", "OKO", "Lønn"], ["2", "Ola", "OKO", "", "Økonomi"]), {}
    )

    assert result.problems == {}
    assert result.parents == {"LONN": "OKO", "OKO": None}
    assert result.names == {"LONN": "Lønn", "OKO": "Økonomi"}


def test_parent_code_in_neither_file_nor_register_rejects_the_line() -> None:
    result = check_unit_codes(
        rows(["1", "Kari", "LONN", "OKO", "Lønn"], ["2", "Ola", "IT", "DEMO", "IT"]),
        {"DEMO": None},
    )

    assert result.problems == {
        2: ["Overordnet kode «OKO» for enhet «LONN» finnes verken i filen eller i registeret."]
    }
    assert "IT" in result.parents


def test_unit_code_without_definition_must_exist_in_the_register() -> None:
    result = check_unit_codes(
        parse(csv_file([["navn", "epost", "enhetskode"], ["Kari", "k@x.no", "X9"]])).rows,
        {"IT": None},
    )

    assert result.problems == {
        2: [
            "Ukjent enhetskode «X9»: den finnes ikke i registeret, og filen oppgir verken "
            "overordnet kode eller enhetsnavn for den."
        ]
    }


def test_a_cycle_in_the_file_is_reported_with_its_codes_on_every_line() -> None:
    result = check_unit_codes(
        rows(
            ["1", "Kari", "A", "B", "Enhet A"],
            ["2", "Ola", "B", "C", "Enhet B"],
            ["3", "Per", "C", "A", "Enhet C"],
            ["4", "Liv", "D", "A", "Under sirkelen"],
            ["5", "Siv", "E", "", "Utenfor"],
        ),
        {},
    )

    assert sorted(result.problems) == [2, 3, 4, 5]
    reason = result.problems[2][0]
    assert reason.startswith("Enhetskodene danner en sirkel: ")
    cycle = reason.removeprefix("Enhetskodene danner en sirkel: ").rstrip(".").split(" → ")
    assert cycle[0] == cycle[-1]
    assert sorted(cycle[:-1]) == ["A", "B", "C"]
    assert result.problems[3] == result.problems[4] == [reason]
    assert result.problems[5] == [reason]  # D hangs below the cycle
    assert result.parents == {"E": None}


def test_a_unit_that_is_its_own_parent_is_a_cycle() -> None:
    result = check_unit_codes(rows(["1", "Kari", "A", "A", "Enhet A"]), {})

    assert result.problems == {2: ["Enhetskodene danner en sirkel: A → A."]}


def test_a_cycle_through_the_register_is_found() -> None:
    # In the register OKO sits under DEMO; the file puts DEMO under LONN, a new unit
    # under OKO, which closes the loop DEMO -> LONN -> OKO -> DEMO.
    result = check_unit_codes(
        rows(["1", "Kari", "LONN", "OKO", "Lønn"], ["2", "Ola", "DEMO", "LONN", "Demo AS"]),
        {"DEMO": None, "OKO": "DEMO"},
    )

    assert sorted(result.problems) == [2, 3]
    assert "sirkel" in result.problems[2][0]
    for code in ("DEMO", "LONN", "OKO"):
        assert code in result.problems[2][0]


def test_contradicting_parents_for_one_code_reject_all_its_lines() -> None:
    result = check_unit_codes(
        rows(["1", "Kari", "LONN", "OKO", "Lønn"], ["2", "Ola", "LONN", "IT", "Lønn"]),
        {"OKO": None, "IT": None},
    )

    expected = (
        "Enhetskode «LONN» har ulike overordnede koder i filen: «OKO» (linje 2); «IT» (linje 3)."
    )
    assert result.problems == {2: [expected], 3: [expected]}
