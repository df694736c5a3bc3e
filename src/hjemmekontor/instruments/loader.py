"""Read, validate and register instrument files.

Every file is checked at load: YAML syntax, the JSON Schema in
``schema.json``, that the file name matches ``id`` and ``version``, and the
semantic checks in :mod:`checks`. Any problem raises :class:`InstrumentError`
naming the file, what the problem is about and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from hjemmekontor.instruments import checks, yamlfile
from hjemmekontor.instruments.condition import Condition
from hjemmekontor.instruments.errors import InstrumentError
from hjemmekontor.instruments.instrument import Instrument
from hjemmekontor.instruments.model import Item, Option, Score, Section
from hjemmekontor.instruments.text import DEFAULT_LANGUAGES

PACKAGE_DIR = Path(__file__).resolve().parent
FILES_DIR = PACKAGE_DIR / "files"
"""Where the released instrument files live."""
SCHEMA_PATH = PACKAGE_DIR / "schema.json"
FILE_NAME = re.compile(r"(?P<id>[a-z][a-z0-9_]*)-(?P<version>[1-9][0-9]*)\.yaml")
_MAX_SCHEMA_PROBLEMS = 10


@lru_cache(maxsize=1)
def schema_validator() -> jsonschema.Draft202012Validator:
    """The validator for ``schema.json`` (read once)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _json_path(path: Sequence[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top level)"


def _message(name: str, subject: str, reason: str, line: int | None) -> str:
    where = f" (line {line})" if line is not None else ""
    about = f"{subject}: " if subject else ""
    return f"{name}: {about}{reason}{where}"


def _schema_problems(name: str, data: Any, root: yaml.Node | None) -> list[str]:
    errors = sorted(
        schema_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]
    )
    messages: list[str] = []
    for error in errors[:_MAX_SCHEMA_PROBLEMS]:
        path = list(error.absolute_path)
        subject, rest = checks.subject_of(data, path)
        reason = error.message
        if error.validator == "required" and {"nb", "en"} <= set(error.validator_value):
            missing = next((lang for lang in ("nb", "en") if lang not in error.instance), "nb")
            reason = f"the {missing!r} text is missing; every text needs both nb and en"
        elif error.validator == "oneOf" and "An answer code" in error.schema.get("description", ""):
            reason = (
                f"{error.instance!r} is not an answer code; use lower-case text "
                "(letters, digits, _) or a whole number"
            )
        elif error.validator == "additionalProperties" and not rest:
            reason = f"{error.message} (allowed: {', '.join(error.schema.get('properties', {}))})"
        location = _json_path(rest)
        if rest:
            reason = f"{location}: {reason}"
        messages.append(_message(name, subject, reason, yamlfile.line_of(root, path)))
    if len(errors) > _MAX_SCHEMA_PROBLEMS:
        messages.append(f"{name}: … and {len(errors) - _MAX_SCHEMA_PROBLEMS} more problems")
    return messages


def _localized(value: Mapping[str, str] | None) -> dict[str, str] | None:
    return dict(value) if value is not None else None


def _options(raw: list[dict[str, Any]]) -> tuple[Option, ...]:
    return tuple(Option(value=o["value"], label=dict(o["label"])) for o in raw)


def _build(data: Mapping[str, Any], name: str) -> Instrument:
    scales = {key: _options(scale["options"]) for key, scale in data["scales"].items()}
    sections: list[Section] = []
    for s in data["sections"]:
        items: list[Item] = []
        for it in s["items"]:
            options = scales[it["scale"]] if "scale" in it else _options(it.get("options", []))
            items.append(
                Item(
                    id=it["id"],
                    type=it["type"],
                    text=dict(it["text"]),
                    section_id=s["id"],
                    help=_localized(it.get("help")),
                    options=options,
                    scale=it.get("scale"),
                    min=it.get("min"),
                    max=it.get("max"),
                    step=it.get("step"),
                    unit=_localized(it.get("unit")),
                    max_length=it.get("max_length"),
                    when=Condition.from_dict(it["when"]) if "when" in it else None,
                    source=it.get("source"),
                )
            )
        sections.append(
            Section(
                id=s["id"],
                title=dict(s["title"]),
                items=tuple(items),
                intro=_localized(s.get("intro")),
                when=Condition.from_dict(s["when"]) if "when" in s else None,
            )
        )
    scores = tuple(
        Score(
            id=sc["id"],
            label=dict(sc["label"]),
            items=tuple(sc["items"]),
            reverse=tuple(sc.get("reverse", ())),
            min_answered=float(sc.get("min_answered", 0.5)),
            source=sc["source"],
        )
        for sc in data["scores"]
    )
    return Instrument(
        id=data["id"],
        version=data["version"],
        title=dict(data["title"]),
        intro=dict(data["intro"]),
        sections=tuple(sections),
        scales=scales,
        scores=scores,
        sources=dict(data.get("sources", {})),
        file=name,
        languages=tuple(data.get("languages", DEFAULT_LANGUAGES)),
    )


def load_file(path: str | Path) -> Instrument:
    """Read and validate one instrument file.

    Parameters
    ----------
    path : str or Path
        A file named ``<id>-<version>.yaml``.

    Raises
    ------
    InstrumentError
        If the file cannot be read, is not valid YAML, breaks the schema, does not
        match its file name, or fails a semantic check. The message names the file,
        the item (or JSON path) and the reason, one problem per line.
    """
    path = Path(path)
    name = path.name
    try:
        source = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InstrumentError(f"{name}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InstrumentError(
            f"{name}: is not UTF-8 text (byte {exc.start}: {exc.object[exc.start : exc.end]!r})"
        ) from exc
    try:
        data, root = yamlfile.parse(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InstrumentError(f"{name}{where}: invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{name}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InstrumentError(f"{name}: must be a YAML mapping with id, version, title …")

    problems = _schema_problems(name, data, root)
    if problems:
        raise InstrumentError("\n".join(problems))

    match = FILE_NAME.fullmatch(name)
    if match is None:
        raise InstrumentError(
            f"{name}: the file name must be <id>-<version>.yaml, e.g. "
            f"{data['id']}-{data['version']}.yaml"
        )
    if match["id"] != data["id"] or int(match["version"]) != data["version"]:
        raise InstrumentError(
            _message(
                name,
                "",
                f"id {data['id']!r} and version {data['version']} do not match the file "
                f"name; a file with them must be called {data['id']}-{data['version']}.yaml",
                yamlfile.line_of(root, ["version"]),
            )
        )

    semantic = checks.check(data)
    if semantic:
        raise InstrumentError(
            "\n".join(
                _message(name, p.subject, p.reason, yamlfile.line_of(root, p.path))
                for p in semantic
            )
        )
    return _build(data, name)


def load_directory(directory: str | Path) -> dict[str, Instrument]:
    """Load every ``*.yaml`` instrument file in ``directory``, keyed by ``id@version``."""
    return {inst.key: inst for inst in map(load_file, sorted(Path(directory).glob("*.yaml")))}


@lru_cache(maxsize=1)
def registry() -> dict[str, Instrument]:
    """All released instruments, loaded once per process."""
    return load_directory(FILES_DIR)


def available_instruments() -> list[Instrument]:
    """All instruments, sorted by (id, version)."""
    return sorted(registry().values(), key=lambda inst: (inst.id, inst.version))


def latest_version(instrument_id: str) -> int:
    """The highest version number of ``instrument_id``."""
    versions = [inst.version for inst in registry().values() if inst.id == instrument_id]
    if not versions:
        known = ", ".join(sorted({inst.id for inst in registry().values()}))
        raise InstrumentError(f"no instrument called {instrument_id!r} (known: {known})")
    return max(versions)


def load_instrument(
    instrument_id: str | None = None, version: int | None = None, *, key: str | None = None
) -> Instrument:
    """A released instrument, from the cached registry.

    Parameters
    ----------
    instrument_id : str, optional
        ``"employee"``, ``"manager"`` or ``"representative"``; ``"employee@1"`` is
        also accepted.
    version : int, optional
        The version; the latest one when omitted.
    key : str, optional
        ``"employee@1"`` instead of ``instrument_id`` and ``version``.

    Raises
    ------
    InstrumentError
        If no such instrument or version exists.
    """
    spec = key if key is not None else instrument_id
    if spec is None:
        raise InstrumentError("say which instrument to load, e.g. load_instrument('employee', 1)")
    if "@" in spec:
        name, _, number = spec.partition("@")
        if version is not None or not number.isdigit():
            raise InstrumentError(f"{spec!r} is not of the form '<id>@<version>'")
        instrument_id, version = name, int(number)
    else:
        instrument_id = spec
    if version is None:
        version = latest_version(instrument_id)
    found = registry().get(f"{instrument_id}@{version}")
    if found is None:
        known = ", ".join(sorted(registry()))
        raise InstrumentError(f"no instrument {instrument_id}@{version} (available: {known})")
    return found
