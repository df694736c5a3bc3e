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


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("RT-REG", "aml. § 10-7", "breach", "Mangelfull registrering", "Incomplete record"),
        Rule(
            "RT-NORM-D",
            "aml. § 10-4 (1), § 10-5",
            "breach",
            "Alminnelig arbeidstid per 24 timer",
            "Normal hours per 24 hours",
        ),
        Rule(
            "RT-NORM-W",
            "aml. § 10-4 (1), § 10-5",
            "breach",
            "Alminnelig arbeidstid per sju dager",
            "Normal hours per 7 days",
        ),
        Rule(
            "RT-OT-DEF",
            "aml. § 10-6 (2)",
            "definition",
            "Hva som regnes som overtid",
            "What counts as overtime",
        ),
        Rule(
            "RT-OT-7D", "aml. § 10-6 (4)", "breach", "Overtid per sju dager", "Overtime per 7 days"
        ),
        Rule(
            "RT-OT-4W", "aml. § 10-6 (4)", "breach", "Overtid per fire uker", "Overtime per 4 weeks"
        ),
        Rule(
            "RT-OT-52W", "aml. § 10-6 (4)", "breach", "Overtid per 52 uker", "Overtime per 52 weeks"
        ),
        Rule(
            "RT-TOT-D",
            "aml. § 10-6 (8)",
            "breach",
            "Samlet arbeidstid per 24 timer",
            "Total hours per 24 hours",
        ),
        Rule(
            "RT-TOT-W",
            "aml. § 10-6 (8)",
            "breach",
            "Samlet arbeidstid per sju dager",
            "Total hours per 7 days",
        ),
        Rule("RT-REST-D", "aml. § 10-8 (1)", "breach", "Daglig arbeidsfri", "Daily rest"),
        Rule("RT-REST-W", "aml. § 10-8 (2)", "breach", "Ukentlig arbeidsfri", "Weekly rest"),
        Rule(
            "RT-SUN-NEXT",
            "aml. § 10-8 (4)",
            "breach",
            "Fri påfølgende søn- og helgedag",
            "Next Sunday or holiday off",
        ),
        Rule("RT-BREAK", "aml. § 10-9 (1)", "breach", "Pauser", "Breaks"),
        Rule(
            "RT-BREAK-OT", "aml. § 10-9 (2)", "breach", "Pause ved overtid", "Break during overtime"
        ),
        Rule(
            "RT-SUNDAY",
            "aml. § 10-10 (1), (2); lov om 1. og 17. mai §§ 1-2",
            "breach",
            "Søn- og helgedagsarbeid",
            "Sunday and holiday work",
        ),
        Rule("RT-NIGHT", "aml. § 10-11 (1)-(3)", "breach", "Nattarbeid", "Night work"),
        Rule(
            "RT-NIGHT-AVG",
            "aml. § 10-11 (6)",
            "breach",
            "Arbeidstid ved regelmessig nattarbeid",
            "Hours of regular night workers",
        ),
        Rule(
            "RT-EVE-REST",
            "aml. § 10-8 (1), § 10-11 (3)",
            "breach",
            "Hvile etter kveldsarbeid",
            "Rest after evening work",
        ),
        Rule(
            "RT-10-2",
            "aml. § 10-2 (1)",
            "pattern",
            "Arbeidstidsordninger og belastning (mønstre)",
            "Working-time patterns and strain",
        ),
    ]
}

BREACH_RULES = [r.id for r in RULES.values() if r.kind == "breach"]
