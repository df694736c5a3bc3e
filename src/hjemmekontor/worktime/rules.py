"""The catalogue of working-time rules (norwegian-rules.md section 6).

Each rule has a stable id used in breaches, exports and the documentation
page ``docs/worktime/<id>.md`` (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One rule: its id, the section of the law, and what it checks."""

    id: str
    section: str
    kind: str  # "breach": reported per person; "definition"/"pattern": no breaches
    title_nb: str
    title_en: str
    title_nn: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule(
            "RT-REG",
            "aml. § 10-7",
            "breach",
            "Mangelfull registrering",
            "Incomplete record",
            "Mangelfull registrering",
        ),
        Rule(
            "RT-NORM-D",
            "aml. § 10-4 (1), § 10-5",
            "breach",
            "Alminnelig arbeidstid per 24 timer",
            "Normal hours per 24 hours",
            "Alminneleg arbeidstid per 24 timar",
        ),
        Rule(
            "RT-NORM-W",
            "aml. § 10-4 (1), § 10-5",
            "breach",
            "Alminnelig arbeidstid per sju dager",
            "Normal hours per 7 days",
            "Alminneleg arbeidstid per sju dagar",
        ),
        Rule(
            "RT-OT-DEF",
            "aml. § 10-6 (2)",
            "definition",
            "Hva som regnes som overtid",
            "What counts as overtime",
            "Kva som blir rekna som overtid",
        ),
        Rule(
            "RT-OT-7D",
            "aml. § 10-6 (4)",
            "breach",
            "Overtid per sju dager",
            "Overtime per 7 days",
            "Overtid per sju dagar",
        ),
        Rule(
            "RT-OT-4W",
            "aml. § 10-6 (4)",
            "breach",
            "Overtid per fire uker",
            "Overtime per 4 weeks",
            "Overtid per fire veker",
        ),
        Rule(
            "RT-OT-52W",
            "aml. § 10-6 (4)",
            "breach",
            "Overtid per 52 uker",
            "Overtime per 52 weeks",
            "Overtid per 52 veker",
        ),
        Rule(
            "RT-TOT-D",
            "aml. § 10-6 (8)",
            "breach",
            "Samlet arbeidstid per 24 timer",
            "Total hours per 24 hours",
            "Samla arbeidstid per 24 timar",
        ),
        Rule(
            "RT-TOT-W",
            "aml. § 10-6 (8)",
            "breach",
            "Samlet arbeidstid per sju dager",
            "Total hours per 7 days",
            "Samla arbeidstid per sju dagar",
        ),
        Rule(
            "RT-REST-D",
            "aml. § 10-8 (1)",
            "breach",
            "Daglig arbeidsfri",
            "Daily rest",
            "Dagleg arbeidsfri",
        ),
        Rule(
            "RT-REST-W",
            "aml. § 10-8 (2)",
            "breach",
            "Ukentlig arbeidsfri",
            "Weekly rest",
            "Arbeidsfri kvar veke",
        ),
        Rule(
            "RT-SUN-NEXT",
            "aml. § 10-8 (4)",
            "breach",
            "Fri påfølgende søn- og helgedag",
            "Next Sunday or holiday off",
            "Fri påfølgjande sun- og heilagdag",
        ),
        Rule("RT-BREAK", "aml. § 10-9 (1)", "breach", "Pauser", "Breaks", "Pausar"),
        Rule(
            "RT-BREAK-OT",
            "aml. § 10-9 (2)",
            "breach",
            "Pause ved overtid",
            "Break during overtime",
            "Pause ved overtid",
        ),
        Rule(
            "RT-SUNDAY",
            "aml. § 10-10 (1), (2); lov om 1. og 17. mai §§ 1-2",
            "breach",
            "Søn- og helgedagsarbeid",
            "Sunday and holiday work",
            "Arbeid på sun- og heilagdagar",
        ),
        Rule(
            "RT-NIGHT", "aml. § 10-11 (1)-(3)", "breach", "Nattarbeid", "Night work", "Nattarbeid"
        ),
        Rule(
            "RT-NIGHT-AVG",
            "aml. § 10-11 (6)",
            "breach",
            "Arbeidstid ved regelmessig nattarbeid",
            "Hours of regular night workers",
            "Arbeidstid ved regelmessig nattarbeid",
        ),
        Rule(
            "RT-EVE-REST",
            "aml. § 10-8 (1), § 10-11 (3)",
            "breach",
            "Hvile etter kveldsarbeid",
            "Rest after evening work",
            "Kvile etter kveldsarbeid",
        ),
        Rule(
            "RT-10-2",
            "aml. § 10-2 (1)",
            "pattern",
            "Arbeidstidsordninger og belastning (mønstre)",
            "Working-time patterns and strain",
            "Arbeidstidsordningar og belasting (mønster)",
        ),
    ]
}

BREACH_RULES = [r.id for r in RULES.values() if r.kind == "breach"]
