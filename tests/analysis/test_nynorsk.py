"""Nynorsk beside bokmål and English: every text of the library, every finding sentence."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import fields

import jsonschema
import polars as pl
import pytest

from hjemmekontor.analysis import api
from hjemmekontor.analysis.consequences import OUTCOMES, Outcome
from hjemmekontor.analysis.findings import Finding
from hjemmekontor.analysis.indicators import INDICATORS, Indicator, indicator_table_of_rows
from hjemmekontor.analysis.language import pick
from hjemmekontor.analysis.scores import SCALES, Scale
from hjemmekontor.analysis.sentences import EFFECT_NAMES, GROUP_NAMES, number, signed
from tests.analysis.test_api import DATA, margins, synthetic
from tests.analysis.test_findings import crafted

# Forms that are bokmål only (docs/nynorsk.md): a nynorsk text with one of them
# is a bokmål text, or half of one.
BOKMAL_ONLY = frozenset({
    "ikke", "hva", "hvor", "hvordan", "noe", "noen", "mye", "mer", "flere", "bare", "fra",
    "uten", "siden", "selv", "sammen", "hele", "helt", "egen", "annet", "samme",
    "hjemmekontor", "ansatte", "enhet", "også", "hvis", "uke", "måned", "hver", "hvert",
    "gjør", "vært", "høy", "lav", "enig", "sykefravær", "utbrenthet", "mening",
})  # fmt: skip
# What the bokmål sentence hedges with, and what the nynorsk one must say instead.
HEDGES = {
    "henger sammen med": "heng saman med",
    "men følger ikke jevnt": "men følgjer ikkje jamt",
    "95 % KI": "95 % KI",
    "med usikkerheten i begge tallene": "med uvissa i begge tala",
}
TEXT_OWNERS = [*INDICATORS, *SCALES, *OUTCOMES]


def bokmal_words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower())) & BOKMAL_ONLY


def numbers(text: str) -> Counter[str]:
    return Counter(re.findall(r"\d+", text))


def text_fields(owner: object) -> list[str]:
    """The texts of a dataclass that come in languages: ``label`` of ``label_nb``."""
    return [f.name[: -len("_nb")] for f in fields(owner) if f.name.endswith("_nb")]  # type: ignore[arg-type]


def _before_with_changes(now: pl.DataFrame) -> pl.DataFrame:
    """A compared round with fewer agreements, less burnout and less time at home."""
    return now.with_columns(
        pl.when(pl.col("written_agreement") == "yes")
        .then(pl.lit("no"))
        .otherwise(pl.col("written_agreement"))
        .alias("written_agreement"),
        *[(pl.col(f"cbi_{i}") - 1).clip(1, 5).alias(f"cbi_{i}") for i in range(1, 7)],
        (pl.col("share_time_home") * 0.7).alias("share_time_home"),
    )


def _national_findings() -> list[Finding]:
    """A national sentence above and below the reference for every indicator."""
    found = []
    for indicator in INDICATORS:
        share = indicator.statistic == "share"
        for estimate in (indicator.reference * 1.3, indicator.reference * 0.7):
            row = {
                "variable": indicator.id,
                "estimate": min(estimate, 0.99) if share else estimate,
                "se": 0.005 if share else 0.5,
                "ci_low": None,
                "ci_high": None,
                "n": 3000,
                "suppressed": False,
                "reason": None,
            }
            found += api.findings(indicators=indicator_table_of_rows([row], indicator.instrument))
    return found


@pytest.fixture(scope="module")
def result() -> api.AnalysisResult:
    # As tests/analysis/test_api.py analyses the synthetic round.
    tree = dict(pl.read_csv(DATA / "synthetic_units.csv").iter_rows())
    return api.analyze(
        synthetic(), margins=margins(), by=["gender"], estimates=["total:sick_days"], unit_tree=tree
    )


@pytest.fixture(scope="module")
def every_finding(result: api.AnalysisResult) -> list[Finding]:
    """Findings of every kind and form the analysis tests produce, both ways round."""
    now = synthetic()
    before = _before_with_changes(now)
    found = list(result.findings)
    found += api.analyze(now, compare_to=before).findings
    found += api.analyze(before, compare_to=now).findings
    cases: list[dict[str, tuple[float, int]]] = [
        # From test_findings.py: a rising and a falling trend, and a step up or
        # down that the other groups do not follow.
        {"monthly_or_less": (60, 600), "1_2_days": (62, 600), "3_plus_days": (65, 600)},
        {"monthly_or_less": (70, 400), "1_2_days": (65, 400), "3_plus_days": (60, 400)},
        {"monthly_or_less": (50, 600), "1_2_days": (70, 600), "3_plus_days": (55, 600)},
        {"monthly_or_less": (60, 600), "1_2_days": (40, 600), "3_plus_days": (55, 600)},
    ]
    for levels in cases:
        found += api.analyze(crafted(levels)).findings
    return found + _national_findings()


def test_every_text_pair_in_the_library_has_a_nynorsk_member() -> None:
    for owner in TEXT_OWNERS:
        for name in text_fields(owner):
            assert getattr(owner, f"{name}_nn").strip(), (owner.id, name)  # type: ignore[attr-defined]
    for names in (*GROUP_NAMES.values(), *EFFECT_NAMES.values()):
        assert set(names) == {"nb", "nn", "en"}
        assert names["nn"].strip(), names


def test_every_indicator_has_a_nynorsk_label_population_and_subject() -> None:
    for indicator in INDICATORS:
        assert indicator.label_nn and indicator.population_nn and indicator.subject_nn


def test_the_nynorsk_texts_of_the_library_use_no_bokmal_only_word() -> None:
    for owner in TEXT_OWNERS:
        for name in text_fields(owner):
            text = getattr(owner, f"{name}_nn")
            assert not bokmal_words(text), (owner.id, name, text)  # type: ignore[attr-defined]
    for names in (*GROUP_NAMES.values(), *EFFECT_NAMES.values()):
        assert not bokmal_words(names["nn"]), names


def test_nynorsk_fields_come_last_with_an_empty_default() -> None:
    # Code outside the library builds these positionally; that must keep working.
    for cls, last in (
        (Indicator, ["label_nn", "population_nn", "subject_nn"]),
        (Scale, ["label_nn"]),
        (Outcome, ["label_nn", "unit_nn"]),
        (Finding, ["text_nn"]),
    ):
        tail = fields(cls)[-len(last) :]
        assert [f.name for f in tail] == last, cls
        assert all(f.default == "" for f in tail), cls
    old_style = Finding(
        "dose_response", "meaning", "Opplevd mening synker.", "Meaning falls.", 0.01
    )
    assert old_style.text_nn == ""


def test_the_tests_produce_every_kind_and_form_of_finding(every_finding: list[Finding]) -> None:
    kinds = {f.kind for f in every_finding}
    assert kinds == {"dose_response", "change", "national"}
    texts = [f.text_nb for f in every_finding]
    for form in (
        "desto høyere",
        "desto lavere",
        "er høyere blant dem",
        "er lavere blant dem",
        "har økt fra",
        "har sunket fra",
        "justert oddsratio",
        "justert rateratio",
        "justert forskjell",
    ):
        assert any(form in text for text in texts), form
    changed = {f.variable for f in every_finding if f.kind == "change"}
    assert {"written_agreement", "share_time_home", "burnout"} <= changed


def test_every_finding_has_a_nynorsk_sentence_with_the_same_numbers(
    every_finding: list[Finding],
) -> None:
    for finding in every_finding:
        nn, nb = finding.text_nn, finding.text_nb
        assert nn and nn != nb, nb
        assert numbers(nn) == numbers(nb), (nb, nn)
        assert not bokmal_words(nn), (bokmal_words(nn), nn)


def test_nynorsk_findings_hedge_exactly_as_the_bokmal_ones(every_finding: list[Finding]) -> None:
    for finding in every_finding:
        for bokmal, nynorsk in HEDGES.items():
            assert (bokmal in finding.text_nb) == (nynorsk in finding.text_nn), finding.text_nn
        assert "fører til" not in finding.text_nn
        # Numbers are written as in bokmål: decimal comma, real minus sign.
        assert not re.search(r"\d\.\d", finding.text_nn)
        assert not re.search(r"(?<!\w)-\d", finding.text_nn)


def test_a_nynorsk_finding_is_the_nynorsk_of_its_bokmal_sentence(
    result: api.AnalysisResult,
) -> None:
    meaning = next(f for f in result.findings if f.variable == "meaning")
    assert meaning.text_nn.startswith(
        "Opplevd meining heng saman med kor ofte dei tilsette jobbar heimanfrå: "
    )
    assert "blant dei som jobbar heime kvar månad eller sjeldnare" in meaning.text_nn
    assert "3 dagar i veka eller meir; jo oftare heime, desto lågare (justert skilnad" in (
        meaning.text_nn
    )


def test_findings_json_and_tables_carry_the_nynorsk_texts(result: api.AnalysisResult) -> None:
    document = json.loads(result.to_json())
    jsonschema.validate(document, api.json_schema())
    assert all(f["text_nn"] for f in document["findings"])
    assert all(i["label_nn"] and i["subject_nn"] for i in document["indicators"])
    table = result.tables()["findings"]
    assert table["text_nn"].to_list() == [f.text_nn for f in result.findings]
    assert {"label_nn", "population_nn", "subject_nn"} <= set(result.indicators.columns)


def test_results_stored_before_nynorsk_still_follow_the_schema(result: api.AnalysisResult) -> None:
    document = json.loads(result.to_json())
    for finding in document["findings"]:
        del finding["text_nn"]
    for indicator in document["indicators"]:
        for name in ("label_nn", "population_nn", "subject_nn"):
            del indicator[name]
    jsonschema.validate(document, api.json_schema())
    document["findings"][0]["text_nn"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, api.json_schema())


def test_the_summary_is_written_in_nynorsk(result: api.AnalysisResult) -> None:
    text = result.summary("nn")
    assert "Har skriftleg avtale om heimekontor" in text
    assert "Funn:" in text
    assert result.findings[0].text_nn in text
    assert result.summary("nb") == result.summary()
    assert "Har skriftlig avtale om hjemmekontor" in result.summary("nb")


def test_nynorsk_falls_back_to_bokmal_only_where_there_is_no_nynorsk_text() -> None:
    stored = Finding("national", "wish_weekly", "Bokmål.", "English.", 0.01)
    assert stored.text("nn") == "Bokmål."
    assert stored.text("nb") == "Bokmål."
    assert stored.text("en") == "English."
    new = Finding("national", "wish_weekly", "Bokmål.", "English.", 0.01, None, "Nynorsk.")
    assert new.text("nn") == "Nynorsk."
    assert pick({"label_nb": "Enhet", "label_en": "Unit"}, "label", "nn") == "Enhet"
    assert pick({"label_nb": "Enhet", "label_nn": "Eining"}, "label", "nn") == "Eining"


def test_an_indicator_table_without_nynorsk_columns_still_gets_nynorsk_sentences() -> None:
    # An indicator table made before nynorsk: the library's own texts stand in.
    row = {
        "variable": "wish_weekly",
        "estimate": 0.80,
        "se": 0.008,
        "ci_low": None,
        "ci_high": None,
        "n": 3000,
        "suppressed": False,
        "reason": None,
    }
    table = indicator_table_of_rows([row], "employee").drop(
        "label_nn", "population_nn", "subject_nn"
    )
    (finding,) = api.findings(indicators=table)
    assert finding.text_nn.startswith(
        "Delen som ønskjer heimekontor minst éin dag i veka blant tilsette med noko heimekontor"
    )


def test_numbers_in_nynorsk_are_written_as_in_bokmal() -> None:
    for value, decimals in ((-1.25, 2), (0.5, 1), (12.0, 0)):
        assert number(value, decimals, "nn") == number(value, decimals, "nb")
        assert signed(value, decimals, "nn") == signed(value, decimals, "nb")
    assert number(-1.25, 2, "nn") == "−1,25"
    assert signed(0.5, 1, "nn") == "+0,5"
    assert number(-1.25, 2, "en") == "−1.25"
