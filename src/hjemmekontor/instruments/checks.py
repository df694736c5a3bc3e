"""Semantic checks of an instrument file, run after the JSON Schema.

The schema checks shapes; these check meaning and cross-references: unique
ids, scales that exist, conditions that point backwards to real codes, score
items that are numeric scale items. Each problem names what it is about
(``item 'ho_freq'``) and where it is (a JSON path, turned into a line number by
the loader).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hjemmekontor.instruments.model import CODED_TYPES
from hjemmekontor.instruments.text import DEFAULT_LANGUAGES

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, about what, and why."""

    path: Path
    subject: str
    reason: str


def _codes(options: list[dict[str, Any]]) -> list[Any]:
    return [o["value"] for o in options]


def _show(code: Any) -> str:
    return repr(code) if isinstance(code, str) else str(code)


class _Checker:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.scales: dict[str, list[Any]] = {
            name: _codes(scale["options"]) for name, scale in data["scales"].items()
        }
        # Item id -> (type, codes or None) for the items seen so far, in file order.
        self.seen: dict[str, tuple[str, list[Any] | None]] = {}
        self.item_sections: dict[str, str] = {}
        self.export_names: dict[str, str] = {}

    def add(self, path: Path, subject: str, reason: str) -> None:
        self.problems.append(Problem(path, subject, reason))

    def run(self) -> list[Problem]:
        for name, scale in self.data["scales"].items():
            self.check_options(("scales", name, "options"), f"scale {name!r}", scale["options"])
            kinds = {type(v) for v in _codes(scale["options"])}
            if len(kinds) > 1:
                self.add(
                    ("scales", name),
                    f"scale {name!r}",
                    "mixes text codes and number codes; use one kind",
                )
        section_ids: set[str] = set()
        for s_index, section in enumerate(self.data["sections"]):
            s_path: Path = ("sections", s_index)
            subject = f"section {section['id']!r}"
            if section["id"] in section_ids:
                self.add((*s_path, "id"), subject, "the section id is used twice")
            section_ids.add(section["id"])
            if "when" in section:
                self.check_condition((*s_path, "when"), subject, section["when"])
            for i_index, item in enumerate(section["items"]):
                self.check_item((*s_path, "items", i_index), item, section["id"])
        self.check_scores()
        return self.problems

    def check_options(self, path: Path, subject: str, options: list[dict[str, Any]]) -> None:
        seen: set[str] = set()
        for index, code in enumerate(_codes(options)):
            if str(code) in seen:
                self.add((*path, index, "value"), subject, f"code {_show(code)} is used twice")
            seen.add(str(code))

    def resolve_codes(self, path: Path, subject: str, item: Mapping[str, Any]) -> list[Any] | None:
        """The item's codes, checking that it has options xor an existing scale."""
        kind = item["type"]
        has_options, has_scale = "options" in item, "scale" in item
        if kind not in CODED_TYPES:
            for key in ("options", "scale"):
                if key in item:
                    self.add((*path, key), subject, f"a {kind} item cannot have {key}")
            return None
        if has_options and has_scale:
            self.add(path, subject, "give either options or scale, not both")
            return None
        if not has_options and not has_scale:
            self.add(path, subject, f"a {kind} item needs options or a scale")
            return None
        if has_scale:
            name = item["scale"]
            if name not in self.scales:
                known = ", ".join(sorted(self.scales)) or "none"
                self.add(
                    (*path, "scale"),
                    subject,
                    f"scale {name!r} is not defined (defined scales: {known})",
                )
                return None
            codes = self.scales[name]
        else:
            self.check_options((*path, "options"), subject, item["options"])
            codes = _codes(item["options"])
        where = (*path, "scale") if has_scale else (*path, "options")
        if kind == "scale":
            text_codes = [c for c in codes if not isinstance(c, int)]
            if text_codes:
                self.add(
                    where,
                    subject,
                    f"a scale item needs whole-number codes, but {_show(text_codes[0])} is text",
                )
        else:
            number_codes = [c for c in codes if not isinstance(c, str)]
            if number_codes:
                c = number_codes[0]
                self.add(
                    where,
                    subject,
                    f'code {c} of a {kind} item must be text; write it in quotes: "{c}"',
                )
        return codes

    def check_item(self, path: Path, item: Mapping[str, Any], section_id: str) -> None:
        item_id, kind = item["id"], item["type"]
        subject = f"item {item_id!r}"
        if item_id in self.item_sections:
            self.add(
                (*path, "id"),
                subject,
                f"the item id is used twice (also in section {self.item_sections[item_id]!r})",
            )
        # The condition may only look at earlier items, so check it before
        # this item is registered as seen.
        if "when" in item:
            self.check_condition((*path, "when"), subject, item["when"], own=item_id)
        codes = self.resolve_codes(path, subject, item)
        for key in ("min", "max", "step", "unit"):
            if key in item and kind != "number":
                self.add((*path, key), subject, f"{key} only applies to number items")
        if "max_length" in item and kind != "text":
            self.add((*path, "max_length"), subject, "max_length only applies to text items")
        if kind == "number":
            if "min" not in item or "max" not in item:
                self.add(path, subject, "a number item needs both min and max")
            elif not item["min"] < item["max"]:
                self.add(
                    (*path, "min"),
                    subject,
                    f"min ({item['min']}) must be less than max ({item['max']})",
                )
        if kind == "text":
            if "max_length" not in item:
                self.add(path, subject, "a text item needs max_length")
            elif item["max_length"] <= 0:
                self.add(
                    (*path, "max_length"),
                    subject,
                    f"max_length must be greater than 0, not {item['max_length']}",
                )
        names = [f"{item_id}_{c}" for c in codes or []] if kind == "multiple" else [item_id]
        if item_id in self.item_sections:
            names = []  # a duplicate id, reported above
        for name in names:
            if name in self.export_names:
                self.add(
                    path,
                    subject,
                    f"export column {name!r} clashes with {self.export_names[name]}",
                )
            self.export_names.setdefault(name, subject)
        self.item_sections.setdefault(item_id, section_id)
        self.seen.setdefault(item_id, (kind, codes))

    def check_condition(
        self, path: Path, subject: str, cond: Mapping[str, Any], own: str | None = None
    ) -> None:
        forms = [k for k in ("in", "not_in", "all", "any") if k in cond]
        if len(forms) != 1:
            self.add(
                path,
                subject,
                "a condition needs exactly one of in, not_in, all or any "
                f"(found: {', '.join(forms) or 'none'})",
            )
            return
        form = forms[0]
        if form in ("all", "any"):
            if "item" in cond:
                self.add(path, subject, f"a condition with {form} cannot also name an item")
            for index, sub in enumerate(cond[form]):
                self.check_condition((*path, form, index), subject, sub, own)
            return
        if "item" not in cond:
            self.add(path, subject, f"a condition with {form} needs the item it looks at")
            return
        target = cond["item"]
        if target == own:
            self.add((*path, "item"), subject, "condition refers to the item itself")
            return
        if target not in self.seen:
            later = any(it["id"] == target for sec in self.data["sections"] for it in sec["items"])
            why = "comes later in the questionnaire" if later else "does not exist"
            self.add(
                (*path, "item"),
                subject,
                f"condition refers to item {target!r}, which {why}; "
                "conditions may only refer to earlier items",
            )
            return
        target_type, target_codes = self.seen[target]
        if target_codes is None:
            if target_type not in CODED_TYPES:
                self.add(
                    (*path, "item"),
                    subject,
                    f"condition refers to {target_type} item {target!r}, which has no codes",
                )
            return
        known = {str(c) for c in target_codes}
        for index, code in enumerate(cond[form]):
            if str(code) not in known:
                listed = ", ".join(str(c) for c in target_codes)
                self.add(
                    (*path, form, index),
                    subject,
                    f"condition on {target!r}: code {_show(code)} is not one of its codes "
                    f"({listed})",
                )

    def check_scores(self) -> None:
        score_ids: set[str] = set()
        for index, score in enumerate(self.data["scores"]):
            path: Path = ("scores", index)
            subject = f"score {score['id']!r}"
            if score["id"] in score_ids:
                self.add((*path, "id"), subject, "the score id is used twice")
            if score["id"] in self.export_names:
                self.add(
                    (*path, "id"),
                    subject,
                    f"the score id clashes with {self.export_names[score['id']]}",
                )
            score_ids.add(score["id"])
            for i, item_id in enumerate(score["items"]):
                where = (*path, "items", i)
                if score["items"].index(item_id) != i:
                    self.add(where, subject, f"item {item_id!r} is listed twice")
                elif item_id not in self.seen:
                    self.add(where, subject, f"item {item_id!r} does not exist")
                elif self.seen[item_id][0] != "scale":
                    self.add(
                        where,
                        subject,
                        f"item {item_id!r} is a {self.seen[item_id][0]} item, "
                        "not a numeric scale item",
                    )
            for i, item_id in enumerate(score.get("reverse", [])):
                if item_id not in score["items"]:
                    self.add(
                        (*path, "reverse", i),
                        subject,
                        f"reverse item {item_id!r} is not one of the score's items",
                    )


def _texts(value: Any, path: Path) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """Every user-visible text (a mapping with ``nb``) in ``value``, with its path."""
    if isinstance(value, Mapping):
        if "nb" in value and all(isinstance(v, str) for v in value.values()):
            yield path, value
            return
        for key, child in value.items():
            yield from _texts(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _texts(child, (*path, i))


def subject_of(data: Any, path: Sequence[str | int]) -> tuple[str, Sequence[str | int]]:
    """Name what ``path`` points into (``item 'x'``) and the rest of the path;
    the loader's schema messages and the language check both name it so."""
    try:
        if len(path) >= 4 and path[0] == "sections" and path[2] == "items":
            item = data["sections"][path[1]]["items"][path[3]]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return f"item {item['id']!r}", path[4:]
        if len(path) >= 2 and path[0] in ("sections", "scores"):
            entry = data[path[0]][path[1]]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                kind = "section" if path[0] == "sections" else "score"
                return f"{kind} {entry['id']!r}", path[2:]
        if len(path) >= 2 and path[0] == "scales":
            return f"scale {path[1]!r}", path[2:]
    except (KeyError, IndexError, TypeError):
        pass
    return "", path


def _missing_languages(data: Mapping[str, Any]) -> list[Problem]:
    """A file that claims a language must have it in every text.

    A respondent who chose nynorsk must never meet a bokmål question halfway
    through, so a claimed language is all or nothing.
    """
    claimed = list(data.get("languages", DEFAULT_LANGUAGES))
    problems = []
    for path, text in _texts(data, ()):
        missing = [lang for lang in claimed if not str(text.get(lang, "")).strip()]
        if missing:
            problems.append(
                Problem(
                    path,
                    subject_of(data, path)[0],
                    f"the {', '.join(missing)} text is missing; the file claims "
                    f"languages {', '.join(claimed)}",
                )
            )
    return problems


def check(data: Mapping[str, Any]) -> list[Problem]:
    """All semantic problems of schema-valid instrument ``data``, in file order."""
    return [*_Checker(data).run(), *_missing_languages(data)]
