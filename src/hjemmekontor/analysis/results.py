"""The results of an analysis, and their JSON, CSV and XLSX forms.

The JSON follows the versioned schema ``hjemmekontor.analysis/1``
(``schema.json`` beside this module, documented in ``docs/analysis.md``).
A change that removes or renames a field makes a new version.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from hjemmekontor.analysis.consequences import Consequences
from hjemmekontor.analysis.design import WeightDiagnostics
from hjemmekontor.analysis.findings import Finding
from hjemmekontor.analysis.language import norwegian, pick
from hjemmekontor.spreadsheets import inert_frame

__all__ = ["SCHEMA", "AnalysisResult", "json_schema"]

SCHEMA = "hjemmekontor.analysis/1"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`AnalysisResult.to_json` output."""
    text = resources.files("hjemmekontor.analysis").joinpath("schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        # Scalars inline (one call per row, not per field: results hold
        # hundreds of thousands of rows).
        out: dict[Any, Any] = {}
        for key, item in value.items():
            if isinstance(item, float):
                out[key] = item if math.isfinite(item) else None
            elif isinstance(item, (dict, list)):
                out[key] = _clean(item)
            else:
                out[key] = item
        return out
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def clean_record(row: dict[str, Any]) -> dict[str, Any]:
    """A result row as stored in JSON: ``by`` without empty fields, no NaN or infinity."""
    by = row.get("by")
    if isinstance(by, dict):
        row = {**row, "by": {k: v for k, v in by.items() if v is not None}}
    cleaned: dict[str, Any] = _clean(row)
    return cleaned


def _records(frame: pl.DataFrame | None) -> list[dict[str, Any]] | None:
    if frame is None:
        return None
    # NaN and infinity become null in the frame (one expression per column,
    # not a check per value in Python); only ``by`` and nested values are
    # cleaned row by row.
    floats = [name for name, dtype in frame.schema.items() if dtype.is_float()]
    if floats:
        frame = frame.with_columns(
            pl.when(pl.col(name).is_finite()).then(pl.col(name)).alias(name) for name in floats
        )
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    rows = frame.to_dicts()
    by = frame.schema.get("by")
    if (
        nested == ["by"]
        and isinstance(by, pl.Struct)
        and not any(f.dtype.is_float() or f.dtype.is_nested() for f in by.fields)
    ):
        return [_without_empty_by(row) for row in rows]
    return [clean_record(row) for row in rows]


def _without_empty_by(row: dict[str, Any]) -> dict[str, Any]:
    by = row["by"]
    if isinstance(by, dict):
        row["by"] = {k: v for k, v in by.items() if v is not None}
    return row


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Frame with ``by`` as JSON text, for CSV and XLSX."""
    if "by" not in frame.columns:
        return frame
    records = _records(frame.select("by")) or []
    text = [json.dumps(r["by"], ensure_ascii=False) for r in records]
    return frame.with_columns(pl.Series("by", text, dtype=pl.Utf8))


@dataclass
class AnalysisResult:
    """Everything an analysis produced.

    Attributes
    ----------
    estimates : polars.DataFrame
        Estimate rows: ad-hoc estimates, scores and indicators, for the total,
        each breakdown and each unit (columns as
        :func:`~hjemmekontor.analysis.estimates.estimate_by`).
    indicators : polars.DataFrame
        The headline indicators (whole sample) beside the national reference.
    consequences : Consequences or None
        The consequences block (employee data only).
    trends : polars.DataFrame or None
        Change since the compared round.
    findings : list of Finding
        Sentences supported by significant results.
    weighting : WeightDiagnostics or None
        Weight diagnostics (None without weights).
    metadata : dict
        Instrument, k, respondents, weighting method, options.
    """

    estimates: pl.DataFrame
    indicators: pl.DataFrame
    consequences: Consequences | None = None
    trends: pl.DataFrame | None = None
    findings: list[Finding] = field(default_factory=list)
    weighting: WeightDiagnostics | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain Python data in the ``hjemmekontor.analysis/1`` schema."""
        consequences = None
        if self.consequences is not None:
            consequences = {
                "covariates": list(self.consequences.covariates),
                "groups": _records(self.consequences.groups),
                "effects": _records(self.consequences.effects),
            }
        return {
            "schema": SCHEMA,
            "metadata": _clean(self.metadata),
            "weighting": _clean(self.weighting.to_dict()) if self.weighting else None,
            "estimates": _records(self.estimates),
            "indicators": _records(self.indicators),
            "consequences": consequences,
            "trends": _records(self.trends),
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self, path: str | Path | None = None, *, indent: int | None = 2) -> str:
        """Serialise to JSON (and write it to ``path`` if given)."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def tables(self) -> dict[str, pl.DataFrame]:
        """All tables by name, ``by`` as JSON text (the sheets of the XLSX)."""
        tables = {"estimates": _flat(self.estimates), "indicators": self.indicators}
        if self.consequences is not None:
            tables["consequences"] = _flat(self.consequences.groups)
            tables["effects"] = self.consequences.effects
        if self.trends is not None:
            tables["trends"] = _flat(self.trends)
        tables["findings"] = pl.DataFrame(
            [f.to_dict() for f in self.findings],
            schema={
                "kind": pl.Utf8,
                "variable": pl.Utf8,
                "text_nb": pl.Utf8,
                "text_en": pl.Utf8,
                "text_nn": pl.Utf8,
                "p_value": pl.Float64,
            },
            orient="row",
        )
        if self.weighting is not None:
            items = self.weighting.to_dict()
            tables["weighting"] = pl.DataFrame(
                {
                    "measure": list(items),
                    "value": [None if v is None else float(v) for v in items.values()],
                }
            )
        return tables

    def to_csv(self, path: str | Path) -> None:
        """Write the estimate rows to a CSV file (UTF-8, ``by`` as JSON text)."""
        # Unit names come from the register; a spreadsheet must show them as text.
        inert_frame(_flat(self.estimates)).write_csv(Path(path))

    def to_xlsx(self, path: str | Path) -> None:
        """Write every table to a sheet of an XLSX workbook."""
        import xlsxwriter

        with xlsxwriter.Workbook(
            str(path), {"strings_to_formulas": False, "strings_to_urls": False}
        ) as workbook:
            for name, table in self.tables().items():
                table.write_excel(workbook, worksheet=name, autofit=True)

    def summary(self, lang: str = "nb") -> str:
        """A short plain-text summary for the terminal, in ``lang`` (nb, nn or en)."""
        # The summary's own words are the same in bokmål and nynorsk.
        norsk = norwegian(lang)
        lines = [
            ("Analyse av " if norsk else "Analysis of ")
            + f"{self.metadata.get('respondents', '?')} "
            + ("svar" if norsk else "responses")
            + f" ({self.metadata.get('instrument', '')}, k = {self.metadata.get('k')})"
        ]
        if self.weighting is not None:
            w = self.weighting
            lines.append(
                ("Vekting: effektiv n " if norsk else "Weighting: effective n ")
                + f"{w.effective_n:.0f}, deff {w.deff_weighting:.2f}, "
                + f"{w.min:.3g}–{w.max:.3g}"
            )
        for row in self.indicators.iter_rows(named=True):
            label = pick(row, "label", lang)
            if row["suppressed"]:
                value = "skjult" if norsk else "suppressed"
            else:
                scale = 100 if row["statistic"] == "share" else 1
                value = (
                    f"{scale * row['estimate']:.0f} % "
                    f"({scale * row['ci_low']:.0f}–{scale * row['ci_high']:.0f})"
                )
            lines.append(f"  {label}: {value}, n = {row['n']}")
        if self.findings:
            lines.append("Funn:" if norsk else "Findings:")
            lines += [f"  – {f.text(lang)}" for f in self.findings]
        return "\n".join(lines)
