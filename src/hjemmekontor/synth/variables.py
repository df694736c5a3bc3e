"""The questionnaire variables the generator writes, copied from the contract.

The ids and codes follow ``docs/dev/instrument-variables.md`` and the order
follows the instrument files (version 1); ``tests/synth`` checks both. Order matters: drop-outs stop
answering at a position in this order, as a respondent would in the web form.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AFTER_HOURS",
    "EMPLOYEE",
    "HO_FREQUENCY",
    "INSTRUMENTS",
    "MANAGER",
    "REPRESENTATIVE",
    "Variable",
]

HO_FREQUENCY = (
    "never",
    "less_than_monthly",
    "monthly",
    "1_day_week",
    "2_days_week",
    "3_4_days_week",
    "every_day",
)
# Whole days a week at home that each frequency stands for; "monthly" is
# 1–3 days a month, i.e. about half a day a week.
HO_DAYS = (0.0, 0.1, 0.5, 1.0, 2.0, 3.5, 5.0)
AFTER_HOURS = ("daily", "several_times_week", "weekly", "monthly", "less_often", "never")
YES_NO = ("yes", "no")
YES_NO_DK = ("yes", "no", "dont_know")
PRODUCTIVITY = ("much_lower", "lower", "same", "higher", "much_higher")


@dataclass(frozen=True)
class Variable:
    """One questionnaire item as the generator sees it.

    ``kind`` is ``single`` (string codes), ``scale`` (integers 1–5),
    ``number`` (integers ``low``–``high``), ``multiple`` (one 0/1 column per
    code, named ``<id>_<code>``) or ``text``. ``home_block`` marks items shown
    only when ``can_work_home`` is ``yes`` or ``partly``.
    """

    id: str
    kind: str
    codes: tuple[str, ...] = ()
    low: int = 1
    high: int = 5
    home_block: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names of this item in the export layout."""
        if self.kind == "multiple":
            return tuple(f"{self.id}_{code}" for code in self.codes)
        return (self.id,)


def _single(id_: str, codes: tuple[str, ...], home: bool = False) -> Variable:
    return Variable(id_, "single", codes, home_block=home)


def _scale(id_: str, home: bool = False) -> Variable:
    return Variable(id_, "scale", home_block=home)


def _number(id_: str, high: int, home: bool = False) -> Variable:
    return Variable(id_, "number", low=0, high=high, home_block=home)


EMPLOYEE: tuple[Variable, ...] = (
    _single("can_work_home", ("yes", "partly", "no")),
    _single("ho_freq", HO_FREQUENCY, home=True),
    _number("share_time_home", 100, home=True),
    Variable("ho_place", "multiple", ("own_home", "cabin", "elsewhere"), home_block=True),
    _single("written_agreement", YES_NO_DK, home=True),
    _single("wish_freq", HO_FREQUENCY, home=True),
    _single("after_hours_freq", AFTER_HOURS, home=True),
    _single("evening_work", AFTER_HOURS, home=True),
    _single("sunday_work", AFTER_HOURS, home=True),
    _scale("expected_availability"),
    _scale("control_working_time"),
    _number("sick_days", 365),
    _single("presenteeism_home", ("never", "once", "2_5_times", "more_than_5")),
    *(_scale(f"cbi_{i}") for i in range(1, 8)),
    _scale("meaning_1"),
    _scale("meaning_2"),
    _scale("lost_spark"),
    _single("productivity_home", PRODUCTIVITY, home=True),
    _scale("concentration_home", home=True),
    _scale("creativity_home", home=True),
    *(_scale(f"wlc_{i}") for i in range(1, 5)),
    *(_scale(f"community_{i}") for i in range(1, 4)),
    _scale("knowledge_sharing"),
    _scale("loneliness"),
    _scale("onboarding"),
    _scale("manager_contact"),
    _scale("trust_from_manager"),
    _scale("monitoring_experienced"),
    _number("digital_meeting_hours", 60),
    _scale("back_to_back"),
    _scale("meeting_engagement"),
    _scale("informal_contact"),
    _single("equip_chair", YES_NO, home=True),
    _single("equip_screen", YES_NO, home=True),
    _single("equip_desk", YES_NO, home=True),
    _single("home_workplace_assessed", YES_NO_DK, home=True),
    _single("knows_safety_rep", YES_NO),
    _single("talked_hms_manager", YES_NO, home=True),
    _single("children_under_12", YES_NO),
    _single("commute", ("lt_15", "15_30", "30_60", "gt_60")),
    Variable("comment", "text"),
)

MANAGER: tuple[Variable, ...] = (
    _number("mgr_share_home", 100),
    _single("mgr_productivity", PRODUCTIVITY),
    _single("mgr_days_allowed", ("none", "1", "2", "3_plus", "no_rule")),
    _single("mgr_agreements_in_use", ("all", "some", "none", "dont_know")),
    *(
        _scale(name)
        for name in (
            "mgr_trust",
            "mgr_need_control",
            "mgr_hms_hard",
            "mgr_changed_view",
            "mgr_role_demanding",
            "mgr_concern_social",
            "mgr_concern_competence",
            "mgr_concern_strategy",
            "mgr_concern_creativity",
            "mgr_concern_onboarding",
        )
    ),
    Variable("comment", "text"),
)

REPRESENTATIVE: tuple[Variable, ...] = (
    _single("rep_role", ("safety", "union", "both")),
    *(
        _scale(name)
        for name in (
            "rep_role_clarity",
            "rep_formal_digital",
            "rep_informal_members",
            "rep_informal_management",
            "rep_concern_community",
        )
    ),
    Variable("comment", "text"),
)

INSTRUMENTS: dict[str, tuple[Variable, ...]] = {
    "employee": EMPLOYEE,
    "manager": MANAGER,
    "representative": REPRESENTATIVE,
}
