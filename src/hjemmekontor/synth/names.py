"""Banks of Norwegian first and last names, and safe ASCII e-mail addresses.

The banks hold common names in Norway (after the frequency lists of
Statistics Norway, SSB "Navn"), enough to look real without pointing at
anyone. Everything here is synthetic: no generated person exists.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["FEMALE_FIRST", "LAST", "MALE_FIRST", "ascii_slug", "person_names"]

# fmt: off
FEMALE_FIRST = (
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
    "Hilde", "Anna", "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth",
    "Kristin", "Bente", "Heidi", "Silje", "Hanne", "Gunn", "Tone", "Camilla", "Julie",
    "Ragnhild", "Åse", "Sara", "Nora", "Emma", "Ingeborg", "Mari", "Thea", "Linn", "Kristine",
    "Guro", "Sigrid", "Tove", "Wenche", "Sofie", "Malin", "Helene", "Eli", "Amalie", "Vilde",
    "Maja", "Hege", "Mette", "Aud", "Grete", "Frida", "Karoline",
)
MALE_FIRST = (
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas", "Hans",
    "Geir", "Tor", "Morten", "Terje", "Odd", "Erik", "Martin", "Andreas", "John", "Anders",
    "Rune", "Trond", "Tore", "Jon", "Espen", "Harald", "Daniel", "Kristian", "Jørgen", "Magnus",
    "Stian", "Henrik", "Eirik", "Sindre", "Håkon", "Sander", "Jonas", "Mathias", "Emil", "Ola",
    "Øyvind", "Vegard", "Frode", "Gunnar", "Petter", "Sverre", "Ivar", "Einar", "Kristoffer",
    "Aksel", "Filip", "Tobias", "Elias", "Sigurd",
)
LAST = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berntsen",
    "Moe", "Kristensen", "Bakke", "Nygård", "Ahmed", "Fredriksen", "Holm", "Lien", "Aas",
    "Næss", "Myhre", "Hauge", "Haugland", "Sæther", "Dahle", "Østby", "Tveit", "Brekke", "Vik",
    "Ødegård", "Aasen", "Hovland", "Sandvik", "Rønning", "Kaur", "Khan", "Nowak", "Kowalski",
    "Hussain", "Andresen", "Foss", "Birkeland", "Fjeld", "Løken", "Thorsen", "Wold", "Bråthen",
    "Kleven", "Aune", "Vold",
)
# fmt: on

# Letters of bokmål that have no place in an ASCII e-mail local part.
_FOLD = {"æ": "ae", "ø": "o", "å": "a", "é": "e", "ö": "o", "ä": "a", "ü": "u"}


def ascii_slug(text: str) -> str:
    """Lower-case ASCII form of a name for an e-mail address ("Bjørg" → "bjorg")."""
    out = text.lower()
    for letter, replacement in _FOLD.items():
        out = out.replace(letter, replacement)
    return "".join(ch for ch in out if ch.isascii() and ch.isalnum())


def person_names(
    rng: np.random.Generator, gender: np.ndarray, employee_number: np.ndarray
) -> tuple[pl.Series, pl.Series]:
    """Draw full names and e-mail addresses for people of the given genders.

    Parameters
    ----------
    rng : numpy.random.Generator
    gender : ndarray of int
        0 female, 1 male, 2 other (drawn from either bank).
    employee_number : ndarray of int
        Makes every e-mail address unique: ``fornavn.etternavn.NNN@demo.example``.

    Returns
    -------
    (name, email) : tuple of polars.Series
    """
    n = len(gender)
    first = np.array(FEMALE_FIRST + MALE_FIRST)
    first_slug = np.array([ascii_slug(x) for x in first])
    last = np.array(LAST)
    last_slug = np.array([ascii_slug(x) for x in last])
    n_female = len(FEMALE_FIRST)
    female_pick = rng.integers(0, n_female, n)
    male_pick = n_female + rng.integers(0, len(MALE_FIRST), n)
    either = rng.random(n) < 0.5
    pick = np.where((gender == 0) | ((gender == 2) & either), female_pick, male_pick)
    last_pick = rng.integers(0, len(last), n)
    frame = pl.DataFrame(
        {
            "first": pl.Series(pick, dtype=pl.UInt32),
            "last": pl.Series(last_pick, dtype=pl.UInt32),
            "no": pl.Series(employee_number, dtype=pl.Int64),
        }
    )
    first_map = dict(enumerate(first.tolist()))
    first_slug_map = dict(enumerate(first_slug.tolist()))
    last_map = dict(enumerate(last.tolist()))
    last_slug_map = dict(enumerate(last_slug.tolist()))
    out = frame.select(
        name=pl.concat_str(
            pl.col("first").replace_strict(first_map, return_dtype=pl.String),
            pl.col("last").replace_strict(last_map, return_dtype=pl.String),
            separator=" ",
        ),
        email=pl.concat_str(
            pl.col("first").replace_strict(first_slug_map, return_dtype=pl.String),
            pl.lit("."),
            pl.col("last").replace_strict(last_slug_map, return_dtype=pl.String),
            pl.lit("."),
            pl.col("no").cast(pl.String),
            pl.lit("@demo.example"),
        ),
    )
    return out["name"], out["email"]
