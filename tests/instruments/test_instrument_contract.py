"""The instrument files implement docs/dev/instrument-variables.md exactly.

The contract is written out here as data, independently of the YAML files, so
a renamed id, a changed code or a lost condition fails a test.
"""

from __future__ import annotations

from typing import Any

import pytest

from hjemmekontor.instruments import Instrument, load_instrument

HO_FREQUENCY = [
    "never",
    "less_than_monthly",
    "monthly",
    "1_day_week",
    "2_days_week",
    "3_4_days_week",
    "every_day",
]
AFTER_HOURS = ["daily", "several_times_week", "weekly", "monthly", "less_often", "never"]
FIVE = [1, 2, 3, 4, 5]
YES_NO = ["yes", "no"]
YES_NO_DK = ["yes", "no", "dont_know"]
PRODUCTIVITY = ["much_lower", "lower", "same", "higher", "much_higher"]

ALWAYS = "always"
HOME = "home"  # shown when can_work_home in (yes, partly)

# id -> (type, codes | (min, max) | max_length, scale name for scale items, shown when)
EMPLOYEE: dict[str, tuple[str, Any, str | None, str]] = {
    "can_work_home": ("single", ["yes", "partly", "no"], None, ALWAYS),
    "ho_freq": ("single", HO_FREQUENCY, None, HOME),
    "share_time_home": ("number", (0, 100), None, HOME),
    "ho_place": ("multiple", ["own_home", "cabin", "elsewhere"], None, HOME),
    "written_agreement": ("single", YES_NO_DK, None, HOME),
    "wish_freq": ("single", HO_FREQUENCY, None, HOME),
    "after_hours_freq": ("single", AFTER_HOURS, None, HOME),
    "evening_work": ("single", AFTER_HOURS, None, HOME),
    "sunday_work": ("single", AFTER_HOURS, None, HOME),
    "expected_availability": ("scale", FIVE, "agree5", ALWAYS),
    "control_working_time": ("scale", FIVE, "agree5", ALWAYS),
    "sick_days": ("number", (0, 365), None, ALWAYS),
    "presenteeism_home": ("single", ["never", "once", "2_5_times", "more_than_5"], None, ALWAYS),
    # Kristensen et al. (2005), appendix: three "degree" items, then four
    # "frequency" items; the seventh is reverse-scored.
    "cbi_1": ("scale", FIVE, "cbi_degree", ALWAYS),
    "cbi_2": ("scale", FIVE, "cbi_degree", ALWAYS),
    "cbi_3": ("scale", FIVE, "cbi_degree", ALWAYS),
    "cbi_4": ("scale", FIVE, "cbi_freq", ALWAYS),
    "cbi_5": ("scale", FIVE, "cbi_freq", ALWAYS),
    "cbi_6": ("scale", FIVE, "cbi_freq", ALWAYS),
    "cbi_7": ("scale", FIVE, "cbi_freq", ALWAYS),
    "meaning_1": ("scale", FIVE, "extent5", ALWAYS),
    "meaning_2": ("scale", FIVE, "extent5", ALWAYS),
    "lost_spark": ("scale", FIVE, "agree5", ALWAYS),
    "productivity_home": ("single", PRODUCTIVITY, None, HOME),
    "concentration_home": ("scale", FIVE, "agree5", HOME),
    "creativity_home": ("scale", FIVE, "agree5", HOME),
    "wlc_1": ("scale", FIVE, "extent5", ALWAYS),
    "wlc_2": ("scale", FIVE, "extent5", ALWAYS),
    "wlc_3": ("scale", FIVE, "extent5", ALWAYS),
    "wlc_4": ("scale", FIVE, "often5", ALWAYS),
    "community_1": ("scale", FIVE, "often5", ALWAYS),
    "community_2": ("scale", FIVE, "often5", ALWAYS),
    "community_3": ("scale", FIVE, "often5", ALWAYS),
    "knowledge_sharing": ("scale", FIVE, "agree5", ALWAYS),
    "loneliness": ("scale", FIVE, "often5", ALWAYS),
    "manager_contact": ("scale", FIVE, "agree5", ALWAYS),
    "onboarding": ("scale", FIVE, "agree5", ALWAYS),
    "digital_meeting_hours": ("number", (0, 60), None, ALWAYS),
    "back_to_back": ("scale", FIVE, "often5", ALWAYS),
    "meeting_engagement": ("scale", FIVE, "agree5", ALWAYS),
    "informal_contact": ("scale", FIVE, "agree5", ALWAYS),
    "trust_from_manager": ("scale", FIVE, "agree5", ALWAYS),
    "monitoring_experienced": ("scale", FIVE, "agree5", ALWAYS),
    "equip_chair": ("single", YES_NO, None, HOME),
    "equip_screen": ("single", YES_NO, None, HOME),
    "equip_desk": ("single", YES_NO, None, HOME),
    "home_workplace_assessed": ("single", YES_NO_DK, None, HOME),
    "knows_safety_rep": ("single", YES_NO, None, ALWAYS),
    "talked_hms_manager": ("single", YES_NO, None, HOME),
    "children_under_12": ("single", YES_NO, None, ALWAYS),
    "commute": ("single", ["lt_15", "15_30", "30_60", "gt_60"], None, ALWAYS),
    "comment": ("text", 1500, None, ALWAYS),
}

MANAGER: dict[str, tuple[str, Any, str | None, str]] = {
    "mgr_share_home": ("number", (0, 100), None, ALWAYS),
    "mgr_productivity": ("single", PRODUCTIVITY, None, ALWAYS),
    **{
        name: ("scale", FIVE, "agree5", ALWAYS)
        for name in [
            "mgr_trust",
            "mgr_need_control",
            "mgr_hms_hard",
            "mgr_concern_social",
            "mgr_concern_competence",
            "mgr_concern_strategy",
            "mgr_concern_creativity",
            "mgr_concern_onboarding",
            "mgr_changed_view",
            "mgr_role_demanding",
        ]
    },
    "mgr_days_allowed": ("single", ["none", "1", "2", "3_plus", "no_rule"], None, ALWAYS),
    "mgr_agreements_in_use": ("single", ["all", "some", "none", "dont_know"], None, ALWAYS),
    "comment": ("text", 1500, None, ALWAYS),
}

REPRESENTATIVE: dict[str, tuple[str, Any, str | None, str]] = {
    "rep_role": ("single", ["safety", "union", "both"], None, ALWAYS),
    **{
        name: ("scale", FIVE, "agree5", ALWAYS)
        for name in [
            "rep_role_clarity",
            "rep_formal_digital",
            "rep_informal_members",
            "rep_informal_management",
            "rep_concern_community",
        ]
    },
    "comment": ("text", 1500, None, ALWAYS),
}

CONTRACTS = {"employee": EMPLOYEE, "manager": MANAGER, "representative": REPRESENTATIVE}
CODEBOOK_KEYS = {"name", "label_nb", "label_en", "label_nn", "type", "values", "section", "item"}


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_instrument_has_exactly_the_items_of_the_contract(name: str) -> None:
    inst = load_instrument(name, 1)
    assert sorted(item.id for item in inst.items) == sorted(CONTRACTS[name])


@pytest.mark.parametrize(
    ("name", "item_id"),
    [(name, item_id) for name, contract in CONTRACTS.items() for item_id in contract],
)
def test_item_has_the_type_codes_and_condition_of_the_contract(name: str, item_id: str) -> None:
    inst = load_instrument(name, 1)
    kind, spec, scale, shown = CONTRACTS[name][item_id]
    item = inst.item(item_id)
    assert item.type == kind
    if kind in ("single", "scale", "multiple"):
        assert list(item.codes) == spec
        assert all(isinstance(c, int if kind == "scale" else str) for c in item.codes)
    elif kind == "number":
        assert (item.min, item.max) == spec
        assert item.integer
    else:
        assert item.max_length == spec
    if scale is not None:
        assert item.scale == scale
    _assert_shown_when(inst, item_id, shown)


def _assert_shown_when(inst: Instrument, item_id: str, shown: str) -> None:
    item = inst.item(item_id)
    for answer in ("yes", "partly", "no"):
        visible = inst.is_visible(item, {"can_work_home": answer})
        expected = shown == ALWAYS or answer in ("yes", "partly")
        assert visible == expected, f"{item_id} with can_work_home={answer}"


def test_employee_scores_follow_the_contract(employee: Instrument) -> None:
    scores = {s.id: s for s in employee.scores}
    assert set(scores) == {"burnout", "meaning", "work_life_conflict", "social_community"}
    assert scores["burnout"].items == tuple(f"cbi_{k}" for k in range(1, 8))
    assert scores["burnout"].reverse == ("cbi_7",)
    assert scores["meaning"].items == ("meaning_1", "meaning_2")
    assert scores["work_life_conflict"].items == ("wlc_1", "wlc_2", "wlc_3", "wlc_4")
    assert scores["social_community"].items == ("community_1", "community_2", "community_3")
    assert {s.min_answered for s in scores.values()} == {0.5}
    assert [s.id for s in scores.values() if s.reverse] == ["burnout"]


def test_cbi_response_labels_are_the_inventorys_categories(employee: Instrument) -> None:
    # Kristensen et al. (2005): "Always, Often, Sometimes, Seldom, Never/almost
    # never" and "To a very high degree … To a very low degree", scored 100 … 0.
    freq = {o.value: o.label["en"] for o in employee.item("cbi_4").options}
    assert freq == {
        1: "Never or almost never",
        2: "Seldom",
        3: "Sometimes",
        4: "Often",
        5: "Always",
    }
    degree = {o.value: o.label["en"] for o in employee.item("cbi_1").options}
    assert degree[1] == "To a very low degree"
    assert degree[5] == "To a very high degree"
    assert "energy for family and friends" in employee.item("cbi_7").text["en"]


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_codebook_has_one_row_per_variable_of_the_contract(name: str) -> None:
    inst = load_instrument(name, 1)
    expected: list[str] = []
    for item_id, (kind, codes, _scale, _shown) in CONTRACTS[name].items():
        expected += [f"{item_id}_{c}" for c in codes] if kind == "multiple" else [item_id]
    expected += [s.id for s in inst.scores]
    rows = inst.codebook()
    assert sorted(row["name"] for row in rows) == sorted(expected)
    assert len({row["name"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row) == CODEBOOK_KEYS
        assert row["label_nb"] and row["label_en"] and row["label_nn"] and row["values"], row[
            "name"
        ]
