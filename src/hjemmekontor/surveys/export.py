"""Response exports for a closed round: CSV, XLSX and a codebook.

Only coarse background leaves the system, and only as coarse as anonymity allows:
each response's (unit, gender, age group, manager) combination is generalised
until at least k responses share it — the unit is first rolled up to the nearest
ancestor with k responses, then manager, age group and gender are blanked in
turn for combinations that are still rarer than k (k-anonymity on the
quasi-identifiers; Sweeney 2002). Rows are in random-id order.

The submission date is a quasi-identifier too: whoever saw a colleague answer on a
given day could find that row by its date. It is published as the ISO week only if
every week has at least k rows in every background combination, otherwise as the
round's period (the same value in every row). All rows get the same kind of value:
with weeks for some rows and the period for others, the rows with the period would
be known to fall in the other, smaller weeks.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import xlsxwriter
from django.conf import settings

from hjemmekontor.instruments import Instrument, load_instrument
from hjemmekontor.organisation.models import UnitTree
from hjemmekontor.spreadsheets import inert, writer
from hjemmekontor.surveys.models import Response, Round

OSLO = ZoneInfo("Europe/Oslo")
BACKGROUND = ["unit", "gender", "age_group", "is_manager"]
# Every published column that someone who knows the register, or who saw who
# answered when, could match against: the k-check covers them all together.
SUBMITTED = "submitted_in"
QUASI_IDENTIFIERS = [SUBMITTED, *BACKGROUND]


class TooFewResponses(Exception):
    """Fewer than k responses: even the answers alone could identify someone."""


@dataclass
class ResponseTable:
    instrument: Instrument | None
    header: list[str]
    rows: list[list[Any]]
    codebook: list[dict[str, str]] = field(default_factory=list)


def generalise_background(records: list[dict[str, Any]], tree: UnitTree, k: int) -> None:
    """Coarsen the background fields in place so that each combination has >= k rows."""
    # Step 1: roll each unit up to its nearest ancestor with at least k responses.
    per_unit = Counter(record["unit_id"] for record in records)
    subtree_count: dict[int, int] = {}
    for pk in tree.units:
        subtree_count[pk] = sum(per_unit.get(node, 0) for node in tree.subtree(pk))
    for record in records:
        node: int | None = record["unit_id"]
        while node is not None and subtree_count.get(node, 0) < k:
            node = tree.units[node].parent_id if node in tree.units else None
        record["unit"] = tree.path(node) if node is not None else ""

    # Step 2: blank the finer fields, one at a time, where a combination is rarer than k.
    def key(record: dict[str, Any]) -> tuple[str, ...]:
        return tuple(record[name] for name in BACKGROUND)

    for drop in ("is_manager", "age_group", "gender", "unit"):
        combos = Counter(key(record) for record in records)
        for record in records:
            if combos[key(record)] < k:
                record[drop] = ""
    # Step 3: the rows left with no background form a group of their own; if it is
    # smaller than k, whoever knows the register could tell who they are, so whole
    # smallest groups join it until it is large enough.
    blank = ("",) * len(BACKGROUND)
    combos = Counter(key(record) for record in records)
    while 0 < combos.get(blank, 0) < k and len(combos) > 1:
        smallest = min((c for c in combos if c != blank), key=lambda c: (combos[c], c))
        for record in records:
            if key(record) == smallest:
                for name in BACKGROUND:
                    record[name] = ""
        combos = Counter(key(record) for record in records)


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def round_period(survey_round: Round) -> str:
    """The round's dates as an ISO 8601 interval (Oslo dates)."""
    opens = survey_round.opens_at.astimezone(OSLO).date()
    closes = survey_round.effective_close.astimezone(OSLO).date()
    return f"{opens.isoformat()}/{closes.isoformat()}"


def generalise_dates(records: list[dict[str, Any]], period: str, k: int) -> None:
    """Set each record's `submitted_in` to its ISO week, or all of them to `period`.

    Runs after `generalise_background`: weeks are kept only where they split no
    published background combination into groups smaller than k.
    """
    for record in records:
        record[SUBMITTED] = iso_week(record["submitted_on"])
    combos = Counter(tuple(record[name] for name in QUASI_IDENTIFIERS) for record in records)
    if combos and min(combos.values()) >= k:
        return
    for record in records:
        record[SUBMITTED] = period


def response_table(survey_round: Round, kind: str) -> ResponseTable:
    key = survey_round.instrument_key(kind)
    instrument = None
    if key:
        identifier, _, version = key.partition("@")
        instrument = load_instrument(identifier, int(version))
    responses = list(Response.objects.filter(round=survey_round, kind=kind).order_by("id"))
    if 0 < len(responses) < settings.ANONYMITY_K:
        raise TooFewResponses(
            f"Runden har bare {len(responses)} svar på dette skjemaet; svardata eksporteres "
            f"først fra {settings.ANONYMITY_K} svar."
        )
    records = [
        {
            "unit_id": response.unit_id,
            "gender": response.gender,
            "age_group": response.age_group,
            "is_manager": "true" if response.is_manager else "false",
            "submitted_on": response.submitted_on,
            "answers": response.answers,
        }
        for response in responses
    ]
    generalise_background(records, UnitTree(), settings.ANONYMITY_K)
    generalise_dates(records, round_period(survey_round), settings.ANONYMITY_K)
    codebook = instrument.codebook() if instrument else []
    variables = [row["name"] for row in codebook]
    header = ["response_id", "round", *QUASI_IDENTIFIERS, *variables]
    rows = []
    for response, record in zip(responses, records, strict=True):
        scores = instrument.score(record["answers"]) if instrument else {}
        values = _flatten(codebook, record["answers"], scores)
        rows.append(
            [
                str(response.id),
                survey_round.name,
                record[SUBMITTED],
                record["unit"],
                record["gender"],
                record["age_group"],
                record["is_manager"],
                *values,
            ]
        )
    background_rows = [
        {
            "name": SUBMITTED,
            "label_nb": (
                f"Innsendt: ISO-uke (åååå-Wuu) hvis hver uke har minst {settings.ANONYMITY_K} "
                "svar i hver kombinasjon av bakgrunnsvariabler, ellers rundens periode (fra/til)"
            ),
            "label_en": (
                f"Submitted: ISO week (yyyy-Www) if every week has at least "
                f"{settings.ANONYMITY_K} responses in every combination of background "
                "variables, otherwise the round's period (from/to)"
            ),
            "label_nn": (
                f"Innsendt: ISO-veke (åååå-Wvv) dersom kvar veke har minst "
                f"{settings.ANONYMITY_K} svar i kvar kombinasjon av bakgrunnsvariablar, "
                "elles perioden til runden (frå/til)"
            ),
            "type": "background",
            "values": "; ".join(sorted({record[SUBMITTED] for record in records})),
        },
        {
            "name": "unit",
            "label_nb": "Enhet (sti), grovere der gruppen ellers er for liten",
            "label_en": "Unit (path), coarser where the group would otherwise be too small",
            "label_nn": "Eining (sti), grovare der gruppa elles ville vore for lita",
            "type": "background",
            "values": "",
        },
        {
            "name": "gender",
            "label_nb": "Kjønn fra registeret",
            "label_en": "Gender from the register",
            "label_nn": "Kjønn frå registeret",
            "type": "background",
            "values": "female; male; other",
        },
        {
            "name": "age_group",
            "label_nb": "Aldersgruppe fra registeret",
            "label_en": "Age group from the register",
            "label_nn": "Aldersgruppe frå registeret",
            "type": "background",
            "values": "<30; 30-39; 40-49; 50-59; 60+",
        },
        {
            "name": "is_manager",
            "label_nb": "Leder",
            "label_en": "Manager",
            "label_nn": "Leiar",
            "type": "background",
            "values": "true; false",
        },
    ]
    return ResponseTable(instrument, header, rows, background_rows + codebook)


def _flatten(
    codebook: list[dict[str, str]],
    answers: dict[str, Any],
    scores: dict[str, float | None],
) -> list[Any]:
    """One value per codebook row: answers, 0/1 per multiple-choice option, scores."""
    values: list[Any] = []
    for column in codebook:
        name, item = column["name"], column.get("item", column["name"])
        if column.get("type") == "score":
            score = scores.get(name)
            values.append("" if score is None else round(score, 4))
        elif column.get("type") == "binary":
            chosen = answers.get(item)
            code = name[len(item) + 1 :]
            values.append(0 if not chosen else int(code in {str(v) for v in chosen}))
        else:
            value = answers.get(name)
            if value is None:
                values.append("")
            else:
                values.append(inert(value) if isinstance(value, str) else value)
    return values


def table_csv(table: ResponseTable) -> str:
    buffer = io.StringIO()
    # Every cell, not just the answers: round and unit names are typed by people too.
    out = writer(buffer)
    out.writerow(table.header)
    out.writerows(table.rows)
    # A BOM so that Excel opens UTF-8 with æøå intact.
    return "\ufeff" + buffer.getvalue()


# The codebook's columns; nynorsk came last and is last, so that files read by
# column position before it still read the same.
CODEBOOK_COLUMNS = ["name", "label_nb", "label_en", "type", "values", "label_nn"]


def codebook_csv(table: ResponseTable) -> str:
    buffer = io.StringIO()
    out = writer(buffer)
    columns = CODEBOOK_COLUMNS
    out.writerow(columns)
    for row in table.codebook:
        out.writerow([str(row.get(column, "")) for column in columns])
    return "\ufeff" + buffer.getvalue()


def table_xlsx(table: ResponseTable) -> bytes:
    buffer = io.BytesIO()
    # strings_to_formulas=False: text is written as text, never as a formula.
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet("svar")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, table.header, bold)
    for index, row in enumerate(table.rows, start=1):
        sheet.write_row(index, 0, row)
    book = workbook.add_worksheet("kodebok")
    columns = CODEBOOK_COLUMNS
    book.write_row(0, 0, columns, bold)
    for index, entry in enumerate(table.codebook, start=1):
        book.write_row(index, 0, [str(entry.get(column, "")) for column in columns])
    workbook.close()
    return buffer.getvalue()
