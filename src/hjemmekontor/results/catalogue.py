"""What the results pages show: the estimates asked of the analysis, with short labels.

Each entry is an ``Item``: the id the page uses, the estimate in the analysis
library's ``--estimate`` syntax (``share:VAR=V1,V2`` or ``mean:VAR``), and short
bokmål, English and nynorsk labels. Agreement items are reported as the share who
agree or strongly agree (4–5), frequency items as the share "often" or "always"
(4–5), as the national survey reports them (AFI 2022).
"""

from __future__ import annotations

from dataclasses import dataclass

from hjemmekontor.analysis.indicators import HO_GROUPS, INDICATORS

__all__ = [
    "DIGITAL_MEETINGS",
    "EXTENT_FREQUENCY",
    "EXTENT_PLACES",
    "EXTENT_WISH",
    "FILTERS",
    "HEATMAP_INDICATORS",
    "HMS_AT_HOME",
    "HO_GROUPS",
    "HO_GROUP_LABELS",
    "MANAGERS",
    "OTHER_QUESTION",
    "QUESTION_OF",
    "REPRESENTATIVES",
    "Item",
    "estimates_for",
    "in_language",
]


# Where each language is in the catalogue's text tuples: (bokmål, English,
# nynorsk), nynorsk last because it came last.
_POSITION = {"nb": 0, "en": 1, "nn": 2}


def in_language(texts: tuple[str, ...], lang: str) -> str:
    """The text of a ``(nb, en, nn)`` tuple in ``lang``; bokmål for any other."""
    return texts[_POSITION.get(lang, 0)]


@dataclass(frozen=True)
class Item:
    """An estimate shown on the page.

    Attributes
    ----------
    id : str
        The ``variable`` of the analysis' estimate rows (the estimate's name).
    spec : str
        The estimate, as ``hjemmekontor.analysis.api.parse_estimate`` reads it.
    label_nb, label_en : str
        Short label.
    label_nn : str
        Short label in nynorsk (empty only for an ``Item`` made without one).
    """

    id: str
    spec: str
    label_nb: str
    label_en: str
    label_nn: str = ""

    @property
    def statistic(self) -> str:
        return self.spec.split(":", 1)[0]


def _share(id_: str, variable: str, codes: str, nb: str, en: str, nn: str) -> Item:
    # The estimate's name is given explicitly (`share:NAME:VAR=…` is not the
    # syntax), so shares get their variable + codes as `variable`; see estimates_for.
    return Item(id_, f"share:{variable}={codes}", nb, en, label_nn=nn)


HO_FREQ_CODES = (
    ("never", "Aldri", "Never", "Aldri"),
    (
        "less_than_monthly",
        "Sjeldnere enn månedlig",
        "Less than monthly",
        "Sjeldnare enn kvar månad",
    ),
    ("monthly", "1–3 dager i måneden", "1–3 days a month", "1–3 dagar i månaden"),
    ("1_day_week", "1 dag i uka", "1 day a week", "1 dag i veka"),
    ("2_days_week", "2 dager i uka", "2 days a week", "2 dagar i veka"),
    ("3_4_days_week", "3–4 dager i uka", "3–4 days a week", "3–4 dagar i veka"),
    ("every_day", "Hver arbeidsdag", "Every working day", "Kvar arbeidsdag"),
)
EXTENT_FREQUENCY = tuple(
    _share(f"ho_freq={code}", "ho_freq", code, nb, en, nn) for code, nb, en, nn in HO_FREQ_CODES
)
EXTENT_WISH = tuple(
    _share(f"wish_freq={code}", "wish_freq", code, nb, en, nn) for code, nb, en, nn in HO_FREQ_CODES
)
# A multiple-choice option is a 0/1 column; the share is of those who answered.
EXTENT_PLACES = (
    _share("ho_place_own_home", "ho_place_own_home", "1", "Eget hjem", "Own home", "Eigen heim"),
    _share(
        "ho_place_cabin",
        "ho_place_cabin",
        "1",
        "Hytte eller fritidsbolig",
        "Cabin",
        "Hytte eller fritidsbustad",
    ),
    _share(
        "ho_place_elsewhere", "ho_place_elsewhere", "1", "Andre steder", "Elsewhere", "Andre stader"
    ),
)
DIGITAL_MEETINGS = (
    Item(
        "digital_meeting_hours",
        "mean:digital_meeting_hours",
        "Timer i digitale møter per uke (gjennomsnitt)",
        "Hours in digital meetings a week (mean)",
        "Timar i digitale møte per veke (gjennomsnitt)",
    ),
    _share(
        "back_to_back=4,5",
        "back_to_back",
        "4,5",
        "Har ofte eller alltid møter rett etter hverandre uten pause",
        "Often or always have back-to-back meetings without a break",
        "Har ofte eller alltid møte rett etter kvarandre utan pause",
    ),
    _share(
        "meeting_engagement=4,5",
        "meeting_engagement",
        "4,5",
        "Opplever engasjement i digitale møter",
        "Find digital meetings engaging",
        "Opplever engasjement i digitale møte",
    ),
    _share(
        "informal_contact=4,5",
        "informal_contact",
        "4,5",
        "Har nok uformell kontakt med kolleger",
        "Have enough informal contact with colleagues",
        "Har nok uformell kontakt med kollegaer",
    ),
)
HMS_AT_HOME = (
    _share(
        "equip_chair=yes",
        "equip_chair",
        "yes",
        "Har god arbeidsstol hjemme",
        "Good chair",
        "Har god arbeidsstol heime",
    ),
    _share(
        "equip_screen=yes",
        "equip_screen",
        "yes",
        "Har egen skjerm hjemme",
        "Own screen",
        "Har eigen skjerm heime",
    ),
    _share(
        "equip_desk=yes",
        "equip_desk",
        "yes",
        "Har godt arbeidsbord hjemme",
        "Good desk",
        "Har godt arbeidsbord heime",
    ),
    _share(
        "home_workplace_assessed=yes",
        "home_workplace_assessed",
        "yes",
        "Hjemmearbeidsplassen er vurdert",
        "Home workplace has been assessed",
        "Arbeidsplassen heime er vurdert",
    ),
    _share(
        "talked_hms_manager=yes",
        "talked_hms_manager",
        "yes",
        "Har snakket med leder om HMS hjemme",
        "Have talked with their manager about HMS at home",
        "Har snakka med leiaren om HMS heime",
    ),
    _share(
        "knows_safety_rep=yes",
        "knows_safety_rep",
        "yes",
        "Vet hvem verneombudet er",
        "Know who the safety representative is",
        "Veit kven verneombodet er",
    ),
)
_AGREE = "4,5"
MANAGERS = (
    Item(
        "mgr_share_home",
        "mean:mgr_share_home",
        "Andel av arbeidstiden de ansatte jobber hjemme (lederes anslag, %)",
        "Share of working time employees work from home (managers' estimate, %)",
        "Del av arbeidstida dei tilsette jobbar heime (leiarane sitt overslag, %)",
    ),
    _share(
        "mgr_productivity=higher,much_higher",
        "mgr_productivity",
        "higher,much_higher",
        "Produktiviteten er høyere med hjemmekontor",
        "Productivity is higher with home office",
        "Produktiviteten er høgare med heimekontor",
    ),
    _share(
        "mgr_trust=4,5",
        "mgr_trust",
        _AGREE,
        "Har tillit til de ansatte",
        "Trust employees",
        "Har tillit til dei tilsette",
    ),
    _share(
        "mgr_need_control=4,5",
        "mgr_need_control",
        _AGREE,
        "Har behov for mer kontroll",
        "Need more control",
        "Har behov for meir kontroll",
    ),
    _share(
        "mgr_hms_hard=4,5",
        "mgr_hms_hard",
        _AGREE,
        "Synes det er vanskelig å følge opp HMS på hjemmekontor",
        "Find it difficult to follow up HMS at the home office",
        "Synest det er vanskeleg å følgje opp HMS på heimekontor",
    ),
    _share(
        "mgr_concern_social=4,5",
        "mgr_concern_social",
        _AGREE,
        "Bekymret for det sosiale arbeidsmiljøet",
        "Concerned about the social work environment",
        "Uroleg for det sosiale arbeidsmiljøet",
    ),
    _share(
        "mgr_concern_competence=4,5",
        "mgr_concern_competence",
        _AGREE,
        "Bekymret for kompetanseutviklingen",
        "Concerned about competence development",
        "Uroleg for kompetanseutviklinga",
    ),
    _share(
        "mgr_concern_strategy=4,5",
        "mgr_concern_strategy",
        _AGREE,
        "Bekymret for langsiktig utviklingsarbeid",
        "Concerned about long-term development work",
        "Uroleg for langsiktig utviklingsarbeid",
    ),
    _share(
        "mgr_concern_creativity=4,5",
        "mgr_concern_creativity",
        _AGREE,
        "Bekymret for kreativ idéutvikling",
        "Concerned about creative idea development",
        "Uroleg for kreativ idéutvikling",
    ),
    _share(
        "mgr_role_demanding=4,5",
        "mgr_role_demanding",
        _AGREE,
        "Opplever lederrollen som krevende",
        "Find the leader role demanding",
        "Opplever leiarrolla som krevjande",
    ),
)
REPRESENTATIVES = (
    _share(
        "rep_role_clarity=4,5",
        "rep_role_clarity",
        _AGREE,
        "Rollen ved hjemmekontor er tydelig",
        "The role at the home office is clear",
        "Rolla ved heimekontor er tydeleg",
    ),
    _share(
        "rep_formal_digital=4,5",
        "rep_formal_digital",
        _AGREE,
        "Formelle møter fungerer godt digitalt",
        "Formal meetings work well digitally",
        "Formelle møte fungerer godt digitalt",
    ),
    _share(
        "rep_informal_members=4,5",
        "rep_informal_members",
        _AGREE,
        "Har nok uformell kontakt med medlemmene",
        "Have enough informal contact with members",
        "Har nok uformell kontakt med medlemmene",
    ),
    _share(
        "rep_informal_management=4,5",
        "rep_informal_management",
        _AGREE,
        "Har nok uformell kontakt med ledelsen",
        "Have enough informal contact with management",
        "Har nok uformell kontakt med leiinga",
    ),
    _share(
        "rep_concern_community=4,5",
        "rep_concern_community",
        _AGREE,
        "Bekymret for fellesskapet på lang sikt",
        "Concerned about the community in the long run",
        "Uroleg for fellesskapet på lang sikt",
    ),
)
HO_GROUP_LABELS: dict[str, tuple[str, str, str]] = {
    # Also those whose job cannot be done from home: not a dose of zero, and the
    # findings' trends leave it out (analysis.consequences.DOSE_GROUPS).
    "never": ("Aldri / kan ikke", "Never / cannot", "Aldri / kan ikkje"),
    "monthly_or_less": (
        "Månedlig eller sjeldnere",
        "Monthly or less",
        "Kvar månad eller sjeldnare",
    ),
    "1_2_days": ("1–2 dager i uka", "1–2 days a week", "1–2 dagar i veka"),
    "3_plus_days": (
        "3 dager i uka eller mer",
        "3 days a week or more",
        "3 dagar i veka eller meir",
    ),
}
# Filters a page may apply: the coarse background variables, one at a time.
FILTERS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "gender": (
        ("female", "Kvinner", "Women", "Kvinner"),
        ("male", "Menn", "Men", "Menn"),
        ("other", "Annet", "Other", "Anna"),
    ),
    "age_group": tuple((g, g, g, g) for g in ("<30", "30-39", "40-49", "50-59", "60+")),
    "is_manager": (
        ("true", "Ledere", "Managers", "Leiarar"),
        ("false", "Ikke ledere", "Non-managers", "Ikkje leiarar"),
    ),
}
FILTER_LABELS: dict[str, tuple[str, str, str]] = {
    "gender": ("Kjønn", "Gender", "Kjønn"),
    "age_group": ("Aldersgruppe", "Age group", "Aldersgruppe"),
    "is_manager": ("Leder", "Manager", "Leiar"),
}


# The question or section each estimate belongs to, for tables that list estimates
# of several questions (the change since the previous round): an answer such as
# "Aldri" means nothing without it. The page's own headings, in the three languages.
QUESTION_OF: dict[str, tuple[str, str, str]] = {
    **{
        item.id: (
            "Hvor ofte de ansatte jobber hjemmefra (hele dager, siste tre måneder)",
            "How often employees work from home (whole days, last three months)",
            "Kor ofte dei tilsette jobbar heimanfrå (heile dagar, siste tre månader)",
        )
        for item in EXTENT_FREQUENCY
    },
    **{
        item.id: (
            "Hvor ofte de ønsker å jobbe hjemmefra",
            "How often they would like to work from home",
            "Kor ofte dei ønskjer å jobbe heimanfrå",
        )
        for item in EXTENT_WISH
    },
    **{
        item.id: (
            "Hvor de jobber når de ikke er på kontoret",
            "Where they work when they are not at the office",
            "Kvar dei jobbar når dei ikkje er på kontoret",
        )
        for item in EXTENT_PLACES
    },
    **{
        item.id: ("Digitale møter", "Digital meetings", "Digitale møte")
        for item in DIGITAL_MEETINGS
    },
    **{
        item.id: ("HMS på hjemmekontoret", "HMS at the home office", "HMS på heimekontoret")
        for item in HMS_AT_HOME
    },
}
OTHER_QUESTION: tuple[str, str, str] = (
    "Hovedtall og skårer",
    "Headline figures and scores",
    "Hovudtal og skårar",
)


def estimates_for(kind: str) -> tuple[Item, ...]:
    """The ad-hoc estimates asked of the analysis for a questionnaire (``kind``)."""
    if kind == "employee":
        return EXTENT_FREQUENCY + EXTENT_WISH + EXTENT_PLACES + DIGITAL_MEETINGS + HMS_AT_HOME
    if kind == "manager":
        return MANAGERS
    if kind == "representative":
        return REPRESENTATIVES
    return ()


# The heat map's columns: the employees' headline indicators (computed and
# stored by compute, shown by pages).
HEATMAP_INDICATORS = tuple(i for i in INDICATORS if i.instrument == "employee")
