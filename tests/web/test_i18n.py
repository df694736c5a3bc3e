"""The English and nynorsk interfaces: complete, compiled catalogues and a working
language switch.

Message ids are bokmål (the product's first language); `locale/en` holds English,
`locale/nn` nynorsk (wording: docs/nynorsk.md), and `locale/nb` the message ids
themselves, so that bokmål never falls back to the organisation's language.
The workflow that keeps the catalogue complete is in docs/dev/translations.md.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "hjemmekontor"
TRANSLATIONS = ("en", "nn", "nb")
# The same options as the documented makemessages command.
MAKEMESSAGES_OPTIONS: dict[str, Any] = {"locale": ["en"], "ignore_patterns": ["*/tests/*"]}


def po_file(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"


def mo_file(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"


each_language = pytest.mark.parametrize("language", TRANSLATIONS)
REMEDY = "run makemessages and translate (docs/dev/translations.md)"


@dataclass
class Entry:
    """One message of a .po file; `msgstr` has one item, or one per plural form."""

    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def read_po(path: Path) -> list[Entry]:
    """Parse the active entries of a .po file (obsolete `#~` entries are skipped).

    Small on purpose: it understands what makemessages writes, and fails with the
    file and line on anything else rather than guessing.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    last: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if current is not None and not line:
                entries.append(current)
                current, last = None, None
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            text = ast.literal_eval(literal)
            if keyword.startswith("msgstr"):
                assert index is None or int(index) == len(current.msgstr), f"{path}:{number}"
                current.msgstr.append(text)
            else:
                setattr(current, keyword, text)
            last = keyword
        elif line.startswith('"') and last is not None:
            text = ast.literal_eval(line)
            if last.startswith("msgstr"):
                current.msgstr[-1] += text
            else:
                setattr(current, last, getattr(current, last) + text)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    if current is not None:
        entries.append(current)
    return entries


def messages(path: Path) -> list[Entry]:
    """The entries without the header (the entry whose msgid is empty)."""
    return [entry for entry in read_po(path) if entry.msgid]


@each_language
def test_every_message_has_a_translation_and_none_is_fuzzy(language: str):
    entries = read_po(po_file(language))
    assert len(entries) > 100, "the catalogue looks truncated"
    fuzzy = [f"line {entry.line}: {entry.msgid!r}" for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy entries are ignored by compilemessages: " + "; ".join(fuzzy)
    untranslated = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in entries
        if entry.msgid and (not entry.msgstr or not all(text.strip() for text in entry.msgstr))
    ]
    assert not untranslated, "; ".join(untranslated)
    wrong_plural_count = [
        entry.msgid
        for entry in entries
        if entry.msgid_plural is not None and len(entry.msgstr) != 2
    ]
    assert not wrong_plural_count


_PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*[sdifxX]|</?[a-z]+>")


@each_language
def test_every_translation_keeps_the_placeholders_and_tags_of_its_message(language: str):
    # A lost %(name)s raises KeyError at run time or silently drops a number; a lost
    # </strong> breaks the page. Compare the bag of placeholders and tags.
    problems = []
    for entry in messages(po_file(language)):
        expected = sorted(_PLACEHOLDER.findall(entry.msgid))
        expected_plural = sorted(_PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for index, text in enumerate(entry.msgstr):
            # msgstr[0] answers msgid, msgstr[1] answers msgid_plural.
            found = sorted(_PLACEHOLDER.findall(text))
            allowed = expected if index == 0 else expected_plural
            if found != allowed:
                problems.append(f"line {entry.line}: {entry.msgid!r} -> {text!r}")
    assert not problems, "; ".join(problems)


@each_language
def test_the_compiled_catalogue_holds_exactly_the_translations_of_the_po_file(language: str):
    # The .mo is committed so that neither CI nor `bin/start` needs gettext; this
    # catches a .po edited without running compilemessages afterwards.
    with mo_file(language).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected: dict[Any, str] = {}
    header: dict[str, str] = {}
    for entry in read_po(po_file(language)):
        if not entry.msgid:
            # msgfmt rewrites the header (it drops POT-Creation-Date); compare its fields.
            pairs = (line.split(":", 1) for line in entry.msgstr[0].splitlines() if ":" in line)
            header = {name.strip().lower(): value.strip() for name, value in pairs}
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            for index, text in enumerate(entry.msgstr):
                expected[(msgid, index)] = text
    # `_catalog` is the only way to see every message the .mo holds, stale ones included.
    catalog = dict(compiled._catalog)  # type: ignore[attr-defined]
    catalog.pop("")
    stale = sorted(str(key) for key in catalog.keys() - expected.keys())
    missing = sorted(str(key) for key in expected.keys() - catalog.keys())
    assert not stale and not missing, f"run compilemessages; stale {stale}, missing {missing}"
    different = [key for key, text in expected.items() if catalog[key] != text]
    assert not different, f"run compilemessages; changed: {different}"
    for name in ("language", "plural-forms", "content-type"):
        assert compiled.info()[name] == header[name], name
    assert header["language"] == language


def test_every_translatable_string_in_the_source_is_in_the_catalogue(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
):
    # Extract afresh from a copy of the package (so the committed catalogue is left
    # alone) with the documented command, then compare the message ids both ways.
    copy = tmp_path / "hjemmekontor"

    def not_sources(directory: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if name in {"__pycache__", "locale"}
            or (
                Path(directory, name).is_file()
                and Path(name).suffix not in {".py", ".html", ".txt"}
            )
        }

    shutil.copytree(PACKAGE, copy, ignore=not_sources)
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", verbosity=0, **MAKEMESSAGES_OPTIONS)
    extracted = {entry.key for entry in messages(copy / "locale/en/LC_MESSAGES/django.po")}
    assert len(extracted) > 100, "extraction found too little: the copy is incomplete"
    for language in TRANSLATIONS:
        committed = {entry.key for entry in messages(po_file(language))}
        missing = sorted(key[1] for key in extracted - committed)
        assert not missing, f"not in the {language} catalogue ({REMEDY}): {missing}"
        stale = sorted(key[1] for key in committed - extracted)
        assert not stale, f"no longer in the source ({REMEDY}): {stale}"


def test_the_bokmal_catalogue_is_the_message_ids_themselves():
    different = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in messages(po_file("nb"))
        if entry.msgstr
        != ([entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural])
    ]
    assert not different, "regenerate it with msgen (docs/dev/translations.md): " + "; ".join(
        different
    )


@pytest.mark.django_db
def test_choosing_english_in_the_switcher_makes_the_home_and_login_pages_english():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"

    home = client.get("/").content.decode()
    assert '<html lang="en">' in home
    assert "Have you received a personal link to a survey?" in home
    assert "Har du fått en personlig lenke" not in home
    # The switcher now offers the way back.
    assert 'name="language" value="nb"' in home
    assert 'name="language" value="en"' not in home

    login = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in login
    assert "Username or email" in login and ">Sign in</button>" in login
    assert "Brukernavn eller e-post" not in login

    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert "Brukernavn eller e-post" in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_the_browser_language_chooses_english_or_bokmal():
    english = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get("/").content.decode()
    assert '<html lang="en">' in english and "Skip to main content" in english

    bokmal = Client(HTTP_ACCEPT_LANGUAGE="nb").get("/").content.decode()
    assert '<html lang="nb">' in bokmal and "Hopp til innholdet" in bokmal

    # Without a preference, or with a language we do not offer, the product speaks bokmål.
    assert '<html lang="nb">' in Client().get("/").content.decode()
    assert '<html lang="nb">' in Client(HTTP_ACCEPT_LANGUAGE="de").get("/").content.decode()


@pytest.mark.django_db
def test_strings_from_python_code_are_translated_on_an_admin_page(admin_user: Any):
    # Form labels and choices are gettext_lazy in Python, not template tags.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin_user)
    page = client.get(reverse("surveys:round-create")).content.decode()
    assert "Name of the round" in page and "Employee questionnaire" in page
    assert "Navn på runden" not in page
