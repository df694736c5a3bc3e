"""Check the unit tree a people file describes with code and parent-code columns.

Plain code, no database: the register's units come in as a mapping from code to
parent code. The file's definitions override the register's (an HR export is
the source of truth for where a unit sits), and the merged tree must have no
unknown parents, no contradictions and no cycles. Every line that uses a bad
unit is rejected with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hjemmekontor.organisation.importing import Row


@dataclass
class UnitCodes:
    """The outcome: file definitions of good units, and problems by line."""

    parents: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    problems: dict[int, list[str]] = field(default_factory=dict)


def check_unit_codes(rows: list[Row], known: Mapping[str, str | None]) -> UnitCodes:
    """Validate the units named by `unit_code` (+ `parent_code`, `unit_name`) in `rows`.

    Parameters
    ----------
    rows
        Parsed rows; rows whose unit cells could not be read are skipped.
    known
        Units already in the register: code -> parent code (None at the top).
    """
    parents_seen: dict[str, dict[str | None, list[int]]] = {}
    names_seen: dict[str, dict[str, list[int]]] = {}
    users: dict[str, list[int]] = {}
    for row in rows:
        code = row.values.get("unit_code")
        if not code:
            continue
        users.setdefault(code, []).append(row.line)
        if "parent_code" in row.values:
            parents_seen.setdefault(code, {}).setdefault(row.values["parent_code"], []).append(
                row.line
            )
        if row.values.get("unit_name"):
            names_seen.setdefault(code, {}).setdefault(row.values["unit_name"], []).append(row.line)

    bad: dict[str, str] = {}
    graph: dict[str, str | None] = dict(known)
    result = UnitCodes()
    for code in users:
        parents = parents_seen.get(code, {})
        names = names_seen.get(code, {})
        if len(parents) > 1:
            bad[code] = _(
                "Enhetskode «%(code)s» har ulike overordnede koder i filen: %(list)s."
            ) % {
                "code": code,
                "list": _listing(parents),
            }
        elif len(names) > 1:
            bad[code] = _("Enhetskode «%(code)s» har ulike enhetsnavn i filen: %(list)s.") % {
                "code": code,
                "list": _listing(names),
            }
        elif parents:
            graph[code] = result.parents[code] = next(iter(parents))
        elif code not in known:
            if names:
                # A new unit with a name but no parent column sits at the top.
                graph[code] = result.parents[code] = None
            else:
                bad[code] = _(
                    "Ukjent enhetskode «%(code)s»: den finnes ikke i registeret, og filen oppgir "
                    "verken overordnet kode eller enhetsnavn for den."
                ) % {"code": code}
        if names and len(names) == 1:
            result.names[code] = next(iter(names))

    for code in users:
        _walk(code, graph, bad)

    for code, lines in users.items():
        reason = _chain_problem(code, graph, bad)
        if reason:
            for line in lines:
                result.problems.setdefault(line, []).append(reason)
            result.parents.pop(code, None)
            result.names.pop(code, None)
    return result


def _listing(values: Mapping[str | None, list[int]] | Mapping[str, list[int]]) -> str:
    parts = []
    for value, lines in values.items():
        shown = f"«{value}»" if value else _("ingen")
        parts.append(
            _("%(value)s (linje %(lines)s)")
            % {"value": shown, "lines": ", ".join(str(line) for line in lines)}
        )
    return "; ".join(parts)


def _walk(code: str, graph: Mapping[str, str | None], bad: dict[str, str]) -> None:
    """Follow parents from `code`; mark cycles and unknown parents as bad."""
    path: list[str] = []
    node: str | None = code
    while node is not None:
        if node in bad:
            return
        if node in path:
            cycle = [*path[path.index(node) :], node]
            reason = _("Enhetskodene danner en sirkel: %(cycle)s.") % {"cycle": " → ".join(cycle)}
            for member in cycle:
                bad[member] = reason
            return
        if node not in graph:
            child = path[-1] if path else node
            bad[child] = _(
                "Overordnet kode «%(parent)s» for enhet «%(code)s» finnes verken i filen eller "
                "i registeret."
            ) % {"parent": node, "code": child}
            return
        path.append(node)
        node = graph[node]


def _chain_problem(code: str, graph: Mapping[str, str | None], bad: Mapping[str, str]) -> str:
    node: str | None = code
    seen: set[str] = set()
    while node is not None and node not in seen:
        if node in bad:
            return bad[node]
        seen.add(node)
        node = graph.get(node)
    return ""
