"""Names of divisions, departments and teams in bokmål, by kind of work.

Each division type carries the home-office character of its work (see
``people.OCCUPATIONS``): IT and administration can mostly work from home,
production and field service mostly cannot.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CITIES", "DIVISION_TYPES", "REGIONS", "TEAM_NAMES", "DivisionType", "numbered"]


@dataclass(frozen=True)
class DivisionType:
    """A kind of division: its name, its departments and its share of staff."""

    key: str
    name: str
    departments: tuple[str, ...]
    staff_share: float
    # Production lines and field crews are organised in shifts and crews, offices in teams.
    team_style: str = "team"


# fmt: off
DIVISION_TYPES: tuple[DivisionType, ...] = (
    DivisionType("admin", "Økonomi og administrasjon",
                 ("Lønn", "Regnskap", "Innkjøp", "Controlling", "Dokumentsenter", "Juridisk",
                  "Fakturering", "Eiendom og kontordrift"), 0.12),
    DivisionType("production", "Produksjon",
                 ("Montasje", "Lager og logistikk", "Vedlikehold", "Kvalitet", "Pakkeri",
                  "Prosess", "Verksted", "Planlegging"), 0.25, "shift"),
    DivisionType("it", "IT og digitalisering",
                 ("Drift", "Utvikling", "Brukerstøtte", "Infrastruktur",
                  "Informasjonssikkerhet", "Data og analyse", "Arkitektur"), 0.12),
    DivisionType("customer", "Kundeservice",
                 ("Kundesenter", "Reklamasjon", "Sentralbord", "Chat og e-post",
                  "Bedriftskunder", "Kundeoppfølging"), 0.15),
    DivisionType("field", "Feltservice",
                 ("Montørtjeneste", "Service og reparasjon", "Beredskap", "Installasjon",
                  "Befaring", "Ressursstyring"), 0.15, "crew"),
    DivisionType("sales", "Salg og marked",
                 ("Bedriftsmarked", "Privatmarked", "Marked og kommunikasjon", "Salgsstøtte",
                  "Nøkkelkunder", "Netthandel"), 0.13),
    DivisionType("hr", "HR og organisasjon",
                 ("Rekruttering", "Kompetanse og opplæring", "HMS", "Personal",
                  "Organisasjonsutvikling"), 0.08),
)

REGIONS = ("Øst", "Vest", "Midt", "Nord", "Sør")

CITIES = (
    "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Kristiansand", "Drammen",
    "Fredrikstad", "Bodø", "Ålesund", "Hamar", "Lillehammer", "Molde", "Haugesund",
    "Sandnes", "Skien", "Gjøvik", "Arendal", "Harstad", "Narvik", "Tønsberg", "Sarpsborg",
    "Larvik", "Halden", "Kongsberg", "Steinkjer", "Alta", "Førde", "Mo i Rana", "Elverum",
)

TEAM_NAMES: dict[str, tuple[str, ...]] = {
    "team": ("Team Nord", "Team Sør", "Team Øst", "Team Vest", "Team Midt", "Team Alfa",
             "Team Beta", "Team Gamma", "Team Delta", "Team Kyst", "Team Fjell", "Team Fjord"),
    "shift": ("Skift A", "Skift B", "Skift C", "Skift D", "Dagskift", "Kveldsskift",
              "Nattskift", "Helgeskift"),
    "crew": ("Lag 1", "Lag 2", "Lag 3", "Lag 4", "Lag 5", "Lag 6", "Vaktlag", "Prosjektlag"),
}
# fmt: on


def numbered(names: tuple[str, ...], count: int, places: tuple[str, ...] = CITIES) -> list[str]:
    """The first ``count`` distinct names: the bank, then each name with a place, then numbers.

    Unique names under one parent keep unit paths unambiguous.
    """
    out = list(names[:count])
    for place in places:
        if len(out) >= count:
            break
        out.extend(f"{name} {place}" for name in names[: count - len(out)])
    number = 2
    while len(out) < count:
        out.extend(f"{name} {number}" for name in names[: count - len(out)])
        number += 1
    return out
