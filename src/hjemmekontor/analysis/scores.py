"""Scale scores (0–100) from questionnaire items.

The scoring rule of ``docs/dev/instrument-variables.md``: every item is mapped
linearly from its 1–5 scale onto 0–100 (reversed items as 100 − value), and the
score is the mean of the answered items if at least half of them are answered
(Kristensen et al. 2005 for the Copenhagen Burnout Inventory; COPSOQ III,
Burr et al. 2019, for meaning of work, work–life conflict and social
community).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from hjemmekontor.analysis.errors import AnalysisError

__all__ = ["SCALES", "Scale", "add_scores"]


@dataclass(frozen=True)
class Scale:
    """A scale score.

    Attributes
    ----------
    id : str
        The score's variable name.
    items : tuple of str
        Item variables, each answered on a 1–5 scale.
    reversed : tuple of str
        Items scored as 100 − value.
    label_nb, label_en : str
        Name in bokmål and English.
    source : str
        Where the scale comes from.
    label_nn : str
        Name in nynorsk (last, with a default, like every ``*_nn`` text of
        the library: code outside it builds these positionally).
    """

    id: str
    items: tuple[str, ...]
    reversed: tuple[str, ...]
    label_nb: str
    label_en: str
    source: str
    label_nn: str = ""


SCALES: tuple[Scale, ...] = (
    Scale(
        "burnout",
        tuple(f"cbi_{i}" for i in range(1, 8)),
        ("cbi_7",),
        "Utbrenthet",
        "Burnout",
        "Copenhagen Burnout Inventory, arbeidsrelatert (Kristensen et al. 2005)",
        label_nn="Utbrentheit",
    ),
    Scale(
        "meaning",
        ("meaning_1", "meaning_2"),
        (),
        "Opplevd mening",
        "Meaning of work",
        "COPSOQ III, mening i arbeidet (Burr et al. 2019), tilpasset",
        label_nn="Opplevd meining",
    ),
    Scale(
        "work_life_conflict",
        tuple(f"wlc_{i}" for i in range(1, 5)),
        (),
        "Konflikt mellom jobb og privatliv",
        "Work–life conflict",
        "COPSOQ III, konflikt arbeid–privatliv (Burr et al. 2019), tilpasset",
        label_nn="Konflikt mellom jobb og privatliv",
    ),
    Scale(
        "social_community",
        tuple(f"community_{i}" for i in range(1, 4)),
        (),
        "Sosialt fellesskap på jobben",
        "Social community at work",
        "COPSOQ III, sosialt fellesskap (Burr et al. 2019), tilpasset",
        label_nn="Sosialt fellesskap på jobben",
    ),
)


def _item(data: pl.DataFrame, name: str) -> pl.Series:
    column = data.get_column(name)
    numbers = column.cast(pl.Float64, strict=False)
    bad = (numbers.is_null() & column.is_not_null()) | ~numbers.is_between(1, 5)
    bad = bad.fill_null(False)
    if bad.any():
        row = int(bad.arg_true()[0])
        raise AnalysisError(
            f"Kolonnen «{name}» skal ha svar 1–5, men rad {row + 1} har «{column[row]}»."
        )
    return numbers


def add_scores(data: pl.DataFrame, scales: tuple[Scale, ...] = SCALES) -> pl.DataFrame:
    """Add a 0–100 score column for every scale whose items are all present.

    Parameters
    ----------
    data : polars.DataFrame
        Responses with the item columns (values 1–5 or empty).
    scales : tuple of Scale
        The scales to score.

    Returns
    -------
    polars.DataFrame
        ``data`` with one more column per scored scale. A scale whose items
        are not all in the data is skipped; an existing column of the score's
        name is kept as it is (e.g. data scored elsewhere).

    Raises
    ------
    AnalysisError
        If an item has a value outside 1–5.
    """
    new = []
    for scale in scales:
        if scale.id in data.columns or not all(i in data.columns for i in scale.items):
            continue
        values = []
        for item in scale.items:
            value = (_item(data, item) - 1.0) * 25.0
            values.append(100.0 - value if item in scale.reversed else value)
        frame = pl.DataFrame(values)
        answered = frame.select(pl.sum_horizontal(pl.all().is_not_null())).to_series()
        mean = frame.select(pl.mean_horizontal(pl.all())).to_series()
        enough = answered >= len(scale.items) / 2
        new.append(pl.when(enough).then(mean).otherwise(None).alias(scale.id))
    return data.with_columns(new) if new else data
