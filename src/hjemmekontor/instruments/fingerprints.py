"""Fingerprints that keep released instrument versions from changing meaning.

``files/fingerprints.json`` holds, per released ``id@version``, the sha256 of
the canonical meaning of each item (type, texts, help, options with labels,
range, unit, length, and the conditions under which it is shown) and of each
score (items, reversed items, minimum answered). Answers collected with a
version are interpreted with that version forever, so editing a released file
is an error: a test compares the files with this record and asks for a new
version. Titles, intros and section titles are not part of the meaning.

Record the fingerprints of a new version (never an existing one) with::

    python -m hjemmekontor.instruments.fingerprints
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hjemmekontor.instruments.condition import both
from hjemmekontor.instruments.instrument import Instrument
from hjemmekontor.instruments.loader import FILES_DIR, load_directory
from hjemmekontor.instruments.model import Item, Score

FINGERPRINTS_FILE = "fingerprints.json"
Fingerprints = dict[str, dict[str, dict[str, str]]]


def _number(x: float | None) -> float | int | None:
    """``0`` and ``0.0`` are the same meaning, so they must hash alike."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else float(x)


# The languages a version's meaning was released in. A translation added later
# (nynorsk) renders the same meaning and is recorded on its own, below, so
# that adding it leaves every item's fingerprint as it was.
MEANING_LANGUAGES = ("nb", "en")


def _meaning_text(text: Mapping[str, str] | None) -> dict[str, str] | None:
    if text is None:
        return None
    return {lang: value for lang, value in text.items() if lang in MEANING_LANGUAGES}


def item_meaning(instrument: Instrument, item: Item) -> dict[str, Any]:
    """Everything about ``item`` that decides what its answers mean."""
    when = both(instrument.section(item.section_id).when, item.when)
    return {
        "type": item.type,
        "text": _meaning_text(item.text),
        "help": _meaning_text(item.help),
        "options": [[o.value, _meaning_text(o.label)] for o in item.options],
        "min": _number(item.min),
        "max": _number(item.max),
        "step": _number(item.step),
        "unit": _meaning_text(item.unit),
        "max_length": item.max_length,
        "when": when.to_dict() if when is not None else None,
    }


def score_meaning(score: Score) -> dict[str, Any]:
    """Everything about ``score`` that decides its value."""
    return {
        "items": list(score.items),
        "reverse": sorted(score.reverse),
        "min_answered": _number(score.min_answered),
    }


def digest(meaning: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of ``meaning`` (sorted keys, no spaces)."""
    canonical = json.dumps(meaning, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def translation_texts(instrument: Instrument, lang: str) -> list[Any]:
    """The texts of ``instrument`` in ``lang`` that carry meaning, in questionnaire
    order: items, help, options, units and score labels. Titles and intros may be
    polished in place, in every language, as for the original."""
    texts: list[Any] = []
    for section in instrument.sections:
        for item in section.items:
            texts += [item.text.get(lang), (item.help or {}).get(lang), (item.unit or {}).get(lang)]
            texts += [o.label.get(lang) for o in item.options]
    texts += [score.label.get(lang) for score in instrument.scores]
    return texts


def compute(instrument: Instrument) -> dict[str, dict[str, str]]:
    """The fingerprints of one instrument version."""
    return {
        "items": {item.id: digest(item_meaning(instrument, item)) for item in instrument.items},
        "scores": {s.id: digest(score_meaning(s)) for s in instrument.scores},
        "translations": {
            lang: digest({"texts": translation_texts(instrument, lang)})
            for lang in instrument.languages
            if lang not in MEANING_LANGUAGES
        },
    }


def read(path: Path) -> Fingerprints:
    """The recorded fingerprints in ``path`` (empty if the file does not exist)."""
    if not path.exists():
        return {}
    data: Fingerprints = json.loads(path.read_text(encoding="utf-8"))
    return data


def verify(instruments: Iterable[Instrument], recorded: Mapping[str, Any]) -> list[str]:
    """Compare instruments with the recorded fingerprints.

    Returns
    -------
    list of str
        One message per problem, empty when every released version is unchanged.
        A version that is not recorded yet is reported too, so that a new version
        cannot be used before its fingerprints are committed.
    """
    problems: list[str] = []
    present: set[str] = set()
    for inst in instruments:
        present.add(inst.key)
        new_name = f"{inst.id}-{inst.version + 1}.yaml"
        advice = f"make a new version ({new_name}) instead of editing a released one"
        if inst.key not in recorded:
            problems.append(
                f"{inst.key} ({inst.file}): no fingerprints recorded; if this is a new "
                "version, record them with `python -m hjemmekontor.instruments.fingerprints`"
            )
            continue
        now, then = compute(inst), recorded[inst.key]
        before = len(problems)
        for part, label in (("items", "item"), ("scores", "score")):
            old, new = then.get(part, {}), now[part]
            for key in sorted(set(old) | set(new)):
                if key not in new:
                    change = "was removed"
                elif key not in old:
                    change = "was added"
                elif old[key] != new[key]:
                    change = "has changed"
                else:
                    continue
                problems.append(
                    f"{inst.key} ({inst.file}): {label} {key!r} {change} since this version "
                    f"was released — {advice}"
                )
        if len(problems) == before:
            # A changed item changes its translation too; one message says it.
            problems += _translation_problems(
                inst, now["translations"], then.get("translations", {})
            )
    for key in sorted(set(recorded) - present):
        problems.append(f"{key}: released, but its file is missing; restore it")
    return problems


def _translation_problems(
    inst: Instrument, now: Mapping[str, str], then: Mapping[str, str]
) -> list[str]:
    """A translation is recorded once; changing its wording needs a new version,
    like any other wording (respondents in that language answered those words)."""
    problems = []
    for lang in sorted(set(now) | set(then)):
        if lang not in then:
            problems.append(
                f"{inst.key} ({inst.file}): the {lang!r} texts are not recorded; record "
                "them with `python -m hjemmekontor.instruments.fingerprints`"
            )
        elif lang not in now:
            problems.append(f"{inst.key} ({inst.file}): the released {lang!r} texts were removed")
        elif now[lang] != then[lang]:
            problems.append(
                f"{inst.key} ({inst.file}): the {lang!r} texts have changed since they were "
                f"recorded — make a new version ({inst.id}-{inst.version + 1}.yaml) instead"
            )
    return problems


def record_new_versions(instruments: Iterable[Instrument], path: Path) -> list[str]:
    """Add fingerprints for versions not yet in ``path``; never change recorded ones.

    Returns
    -------
    list of str
        The keys that were added.
    """
    recorded = read(path)
    added = []
    for inst in instruments:
        now = compute(inst)
        if inst.key not in recorded:
            recorded[inst.key] = now
            added.append(inst.key)
            continue
        # A released version may gain a translation, never change a recorded one.
        translations = recorded[inst.key].get("translations", {})
        for lang in sorted(set(now["translations"]) - set(translations)):
            recorded[inst.key]["translations"] = translations
            translations[lang] = now["translations"][lang]
            added.append(f"{inst.key} {lang}")
    if added:
        ordered = {k: recorded[k] for k in sorted(recorded)}
        path.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> int:
    """Record fingerprints of new versions, or ``--check`` all of them."""
    parser = argparse.ArgumentParser(
        prog="python -m hjemmekontor.instruments.fingerprints",
        description="Record fingerprints of new instrument versions (never of released ones).",
    )
    parser.add_argument("--directory", type=Path, default=FILES_DIR, help="instrument files")
    parser.add_argument("--check", action="store_true", help="only verify, change nothing")
    args = parser.parse_args(argv)
    instruments = list(load_directory(args.directory).values())
    path = args.directory / FINGERPRINTS_FILE
    if not args.check:
        for key in record_new_versions(instruments, path):
            print(f"recorded {key}")
    problems = verify(instruments, read(path))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
