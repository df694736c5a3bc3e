"""Read survey data files into polars DataFrames.

One entry point, :func:`read_survey`, reads whatever a researcher or an HR
system hands us: CSV (any of ``;`` ``,`` tab ``|``, UTF-8, UTF-8 with BOM or
Windows-1252, quoted fields with line breaks, decimal comma), the same CSV
inside ``.gz`` or ``.zip``, XLSX, SPSS ``.sav``, Stata ``.dta`` and Parquet.
:func:`hjemmekontor.analysis.exportfile.read_response_export` reads the product's
own response export on top of it. CSV and XLSX are read by the product's one
table reader, :mod:`hjemmekontor.tables` (the same as the web imports, without
their upload limits: these are the researcher's own files); this module adds the
survey's rules: unique column names, rows exactly as wide as the header, numbers.

Every problem is raised as :class:`InputError`, which names the file and, where
it applies, the line, the column and the offending value.
"""

from __future__ import annotations

import gzip
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from hjemmekontor import tables
from hjemmekontor.analysis.errors import AnalysisError
from hjemmekontor.tables import Table, TableError, infer_types

__all__ = [
    "InputError",
    "SurveyData",
    "read_survey",
]

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
# The separators the one reader chooses among; survey tools also write "|".
DELIMITERS = (";", ",", "\t", "|")


class InputError(AnalysisError):
    """A data file that cannot be read, with where and why.

    Parameters
    ----------
    message : str
        Bokmål sentence for the user; the location is prefixed by ``str()``.
    path : str or Path, optional
        The file.
    line : int, optional
        1-based physical line in the file (the header is line 1).
    column : str, optional
        Column name.
    value : object, optional
        The offending value.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.value = value
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.path:
            where.append(f"fila {self.path}")
        if self.line is not None:
            where.append(f"linje {self.line}")
        if self.column is not None:
            where.append(f"kolonne «{self.column}»")
        prefix = ", ".join(where)
        text = f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message
        if self.value is not None:
            text += f" (verdi: {self.value!r})"
        return text


@dataclass(frozen=True)
class SurveyData:
    """A data file read into memory, with what we learnt while reading it.

    Attributes
    ----------
    frame : polars.DataFrame
        One row per respondent. Numeric-looking text columns are converted to
        ``Int64``/``Float64``; everything else stays ``String``; empty cells
        are null.
    path : Path
        The file that was read.
    format : str
        ``csv``, ``xlsx``, ``sav``, ``dta`` or ``parquet``.
    encoding : str or None
        For CSV: ``utf-8``, ``utf-8-sig`` (UTF-8 with byte-order mark) or
        ``cp1252`` (Windows-1252, used by Norwegian Excel).
    delimiter : str or None
        For CSV, the field separator found.
    decimal_comma : bool
        True when numbers were written with a decimal comma (``1,5``).
    compression : str or None
        ``gzip`` or ``zip`` when the CSV came compressed.
    sheet : str or None
        For XLSX, the sheet read.
    value_labels : dict
        ``{column: {code: label}}`` from SPSS/Stata files, for codebooks.
    column_labels : dict
        ``{column: label}`` from SPSS/Stata files.
    notes : tuple of str
        What the reader changed (bokmål), e.g. a repeated column name.
    """

    frame: pl.DataFrame
    path: Path
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    decimal_comma: bool = False
    compression: str | None = None
    sheet: str | None = None
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def metadata(self) -> dict[str, Any]:
        """Plain description of how the file was read (for JSON output)."""
        return {
            "path": str(self.path),
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "decimal_comma": self.decimal_comma,
            "compression": self.compression,
            "sheet": self.sheet,
            "rows": self.frame.height,
            "columns": self.frame.width,
            "notes": list(self.notes),
        }


def read_survey(
    path: str | Path,
    *,
    sheet: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
) -> SurveyData:
    """Read a survey data file of any supported format.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.tsv``/``.txt`` (optionally ``.gz``), ``.zip`` holding one
        CSV, ``.xlsx``, ``.sav``, ``.dta`` or ``.parquet``.
    sheet : str, optional
        XLSX sheet name; the first sheet when omitted.
    delimiter : str, optional
        Force the CSV delimiter instead of detecting it.
    encoding : str, optional
        Force the CSV encoding instead of detecting it.

    Returns
    -------
    SurveyData

    Raises
    ------
    InputError
        Missing, empty or unreadable file, ragged rows, unknown extension.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("finnes ikke.", path=path)
    if path.is_dir():
        raise InputError("er en mappe, ikke en datafil.", path=path)
    suffixes = [s.lower() for s in path.suffixes]
    suffix = suffixes[-1] if suffixes else ""
    if suffix == ".gz":
        inner = suffixes[-2] if len(suffixes) > 1 else ""
        if inner not in CSV_SUFFIXES:
            raise InputError(
                "bare CSV kan leses komprimert med gzip (filnavn som slutter på .csv.gz).",
                path=path,
            )
        try:
            raw = gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as exc:
            raise InputError(f"kan ikke pakkes ut med gzip: {exc}", path=path) from exc
        return _read_csv_bytes(raw, path, delimiter, encoding, compression="gzip")
    if suffix == ".zip":
        return _read_csv_bytes(_unzip_one_csv(path), path, delimiter, encoding, compression="zip")
    if suffix in CSV_SUFFIXES:
        return _read_csv_bytes(path.read_bytes(), path, delimiter, encoding, compression=None)
    if suffix == ".xlsx":
        return _read_xlsx(path, sheet)
    if suffix in (".sav", ".zsav", ".dta"):
        return _read_readstat(path, suffix)
    if suffix == ".parquet":
        return _read_parquet(path)
    raise InputError(
        f"ukjent filtype «{suffix or '(ingen)'}». Støttet: .csv, .tsv, .txt, .csv.gz, .zip, "
        ".xlsx, .sav, .dta, .parquet.",
        path=path,
    )


# ---------------------------------------------------------------------------
# CSV


def _unzip_one_csv(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [
                info.filename
                for info in archive.infolist()
                if not info.is_dir()
                and not info.filename.startswith("__MACOSX/")
                and Path(info.filename).suffix.lower() in CSV_SUFFIXES
            ]
            if len(names) != 1:
                found = ", ".join(names) or "ingen"
                raise InputError(
                    f"zip-fila må inneholde nøyaktig én CSV-fil; fant {found}.", path=path
                )
            return archive.read(names[0])
    except zipfile.BadZipFile as exc:
        raise InputError(f"er ikke en gyldig zip-fil: {exc}", path=path) from exc


def _unique_header(header: list[str], path: Path) -> tuple[list[str], list[str]]:
    """Header names made unique, and notes on what was renamed.

    Real questionnaires repeat follow-up texts ("Why or why not?"); the
    second one becomes "Why or why not? (2)" rather than refusing the file.
    """
    names: list[str] = []
    notes: list[str] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name.strip():
            raise InputError(
                f"kolonne nr. {position} mangler navn i overskriften.", path=path, line=1
            )
        if name in seen:
            seen[name] += 1
            new = f"{name} ({seen[name]})"
            notes.append(f"Kolonne nr. {position} «{name}» finnes fra før; kalt «{new}».")
            name = new
        else:
            seen[name] = 1
        names.append(name)
    return names, notes


def _table_error(error: TableError, path: Path) -> InputError:
    return InputError(error.message, path=path, line=error.line)


def _read_csv_bytes(
    raw: bytes,
    path: Path,
    delimiter: str | None,
    encoding: str | None,
    *,
    compression: str | None,
) -> SurveyData:
    try:
        table = tables.read_table(
            raw,
            name=path.name,
            format="csv",
            encoding=encoding,
            delimiter=delimiter,
            delimiters=DELIMITERS,
        )
        frame, notes = _frame(table, path)
    except TableError as error:
        raise _table_error(error, path) from error
    if frame.height == 0:
        raise InputError("har en overskrift, men ingen datarader.", path=path)
    frame, used_comma = infer_types(frame, decimal_comma=table.decimal_comma)
    return SurveyData(
        frame=frame,
        path=path,
        format="csv",
        encoding=table.encoding,
        delimiter=table.delimiter,
        decimal_comma=used_comma,
        compression=compression,
        notes=tuple(notes),
    )


def _frame(table: Table, path: Path) -> tuple[pl.DataFrame, list[str]]:
    """The table under unique column names; every row must be as wide as the header."""
    _line, header = table.header()
    names, notes = _unique_header(header, path)
    return table.frame(names, exact_width=True), notes


# ---------------------------------------------------------------------------
# Other formats


def _read_xlsx(path: Path, sheet: str | None) -> SurveyData:
    try:
        table = tables.read_table(path, format="xlsx", sheet=sheet)
        frame, notes = _frame(table, path)
    except TableError as error:
        raise _table_error(error, path) from error
    if frame.height == 0:
        raise InputError(f"arket «{table.sheet}» har ingen datarader.", path=path)
    frame, _ = infer_types(frame, decimal_comma=False)
    return SurveyData(frame=frame, path=path, format="xlsx", sheet=table.sheet, notes=tuple(notes))


def _as_int_if_whole(values: list[Any]) -> pl.Series | None:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, float) and v.is_integer() for v in present):
        return pl.Series([None if v is None else int(v) for v in values], dtype=pl.Int64)
    return None


def _read_readstat(path: Path, suffix: str) -> SurveyData:
    import pyreadstat

    reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
    try:
        data, meta = reader(str(path), output_format="dict")
    except Exception as exc:  # pyreadstat.ReadstatError and OSError alike
        raise InputError(f"kan ikke leses: {exc}", path=path) from exc
    if not data:
        raise InputError("har ingen kolonner.", path=path)
    columns = []
    for name, values in data.items():
        values = list(values)
        whole = _as_int_if_whole(values)
        if whole is not None:
            columns.append(whole.alias(name))
        else:
            series = pl.Series(name, values, strict=False)
            if series.dtype == pl.String:
                series = series.replace("", None)
            columns.append(series)
    frame = pl.DataFrame(columns)
    if frame.height == 0:
        raise InputError("har ingen datarader.", path=path)
    labels: dict[str, dict[Any, str]] = {}
    for name, mapping in (meta.variable_value_labels or {}).items():
        labels[name] = {
            (int(k) if isinstance(k, float) and k.is_integer() else k): str(v)
            for k, v in mapping.items()
        }
    column_labels = {k: v for k, v in (meta.column_names_to_labels or {}).items() if v}
    return SurveyData(
        frame=frame,
        path=path,
        format="dta" if suffix == ".dta" else "sav",
        value_labels=labels,
        column_labels=column_labels,
    )


def _read_parquet(path: Path) -> SurveyData:
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several unrelated types here
        raise InputError(f"kan ikke leses som Parquet: {exc}", path=path) from exc
    if frame.height == 0:
        raise InputError("har ingen datarader.", path=path)
    return SurveyData(frame=frame, path=path, format="parquet")
