"""Generated answers are valid answers to the product's questionnaires."""

from __future__ import annotations

import polars as pl
import pytest

from hjemmekontor.instruments import load_instrument
from hjemmekontor.synth import INSTRUMENTS, Organisation, generate_responses
from hjemmekontor.synth.comments import CLOSINGS, TOPICS
from hjemmekontor.synth.names import FEMALE_FIRST, LAST, MALE_FIRST


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_generator_variables_match_the_instrument_file(name: str) -> None:
    instrument = load_instrument(name, 1)
    ours = INSTRUMENTS[name]
    assert [item.id for item in instrument.items] == [v.id for v in ours]
    for item, variable in zip(instrument.items, ours, strict=True):
        assert list(item.export_columns()) == list(variable.columns), item.id
        if variable.kind in ("single", "multiple"):
            assert [str(code) for code in item.codes] == list(variable.codes), item.id


def raw_answers(row: dict[str, object], name: str) -> dict[str, object]:
    """One exported row back into the answer dictionary a web form would submit."""
    raw: dict[str, object] = {}
    for variable in INSTRUMENTS[name]:
        if variable.kind == "multiple":
            values = [row[c] for c in variable.columns]
            if all(v is None for v in values):
                continue
            raw[variable.id] = [c for c, v in zip(variable.codes, values, strict=True) if v == 1]
        elif row[variable.id] is not None:
            raw[variable.id] = row[variable.id]
    return raw


@pytest.mark.parametrize("round_no", [1, 2])
@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_every_generated_answer_passes_clean_answers_unchanged(
    small_answers: dict[int, dict[str, pl.DataFrame]], round_no: int, name: str
) -> None:
    """No invalid value, and no answer to an item the form would have hidden."""
    instrument = load_instrument(name, 1)
    frame = small_answers[round_no][name]
    assert frame.height > 10
    for row in frame.iter_rows(named=True):
        raw = raw_answers(row, name)
        clean, errors = instrument.clean_answers(raw)
        assert errors == {}, (row, errors)
        assert clean == raw


def test_comments_are_written_by_one_in_eight_and_never_name_anyone(
    small_org: Organisation, small_answers: dict[int, dict[str, pl.DataFrame]]
) -> None:
    comments = small_answers[2]["employee"]["comment"]
    rate = comments.drop_nulls().len() / comments.len()
    assert 0.09 < rate < 0.16
    names = set(FEMALE_FIRST + MALE_FIRST + LAST)
    words = {w.strip(".,!?«»") for text in comments.drop_nulls() for w in text.split()}
    assert not words & names
    assert comments.drop_nulls().n_unique() > 100


def test_the_comment_bank_is_varied() -> None:
    sentences = [s for bank in TOPICS.values() for s in bank]
    assert len(set(sentences)) >= 80
    assert len(TOPICS) >= 8
    assert len(set(CLOSINGS)) == len(CLOSINGS)


def test_responses_of_the_same_seed_differ_between_rounds(small_org: Organisation) -> None:
    one = generate_responses(small_org, 1, 5)["employee"]
    two = generate_responses(small_org, 2, 5)["employee"]
    assert one["sick_days"].to_list() != two["sick_days"].to_list()
