"""The product's own response export, read back into the analysis.

The web application writes it (``hjemmekontor.surveys.export``); this reads it
without a codebook, since its names and codes already are the instrument's.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from hjemmekontor.analysis.io import InputError, SurveyData, read_survey

__all__ = ["RESPONSE_EXPORT_BACKGROUND", "read_response_export"]


RESPONSE_EXPORT_BACKGROUND = ("unit", "gender", "age_group", "is_manager")


def read_response_export(path: str | Path) -> SurveyData:
    """Read the response export written by the web application.

    The layout (documented in ``docs/analysis.md``): UTF-8 CSV with ``,``; one
    row per response; one column per instrument variable named by its id;
    multiple-choice items as one ``0``/``1`` column per option, named
    ``<item>_<option>`` (e.g. ``ho_place_cabin``); the background columns
    ``unit`` (unit path), ``gender``, ``age_group`` and ``is_manager``
    (``true``/``false``). No codebook is needed: names and codes already are
    the instrument's.

    Parameters
    ----------
    path : str or Path
        The exported CSV (may be ``.csv.gz``).

    Returns
    -------
    SurveyData
        ``is_manager`` is converted to Boolean.

    Raises
    ------
    InputError
        A background column is missing or ``is_manager`` holds another value.
    """
    data = read_survey(path)
    frame = data.frame
    missing = [name for name in RESPONSE_EXPORT_BACKGROUND if name not in frame.columns]
    if missing:
        raise InputError(
            f"er ikke en svareksport fra Hjemmekontor: mangler kolonnene {', '.join(missing)}.",
            path=data.path,
            line=1,
        )
    flag = frame["is_manager"].cast(pl.String).str.to_lowercase()
    allowed = {"true": True, "false": False, "1": True, "0": False}
    bad = flag.drop_nulls().filter(~flag.drop_nulls().is_in(list(allowed)))
    if bad.len():
        row = int(flag.is_in(list(allowed)).not_().arg_true()[0])
        raise InputError(
            "is_manager må være true eller false.",
            path=data.path,
            line=row + 2,
            column="is_manager",
            value=bad[0],
        )
    frame = frame.with_columns(
        flag.replace_strict(allowed, default=None, return_dtype=pl.Boolean).alias("is_manager")
    )
    for name in ("unit", "gender", "age_group"):
        frame = frame.with_columns(pl.col(name).cast(pl.String))
    return SurveyData(
        frame=frame,
        path=data.path,
        format="response_export",
        encoding=data.encoding,
        delimiter=data.delimiter,
        decimal_comma=data.decimal_comma,
        compression=data.compression,
    )
