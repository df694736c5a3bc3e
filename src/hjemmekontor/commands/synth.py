"""Lag en syntetisk demo-organisasjon med svar fra to runder, som CSV og/eller Parquet.

Eksempel: hjemmekontor synth --size 10000 --seed 1 --out demo-data

Filene skrives først i en midlertidig mappe ved siden av målmappen og flyttes
på plass til slutt, så en avbrutt kjøring etterlater ingenting halvferdig.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

FORMATS = {"csv": ("csv",), "parquet": ("parquet",), "both": ("csv", "parquet")}


class SynthError(Exception):
    """A problem the user can fix; the message is in bokmål."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # Size and seed are read as text so that bad values get a bokmål message.
    parser.add_argument("--size", required=True, metavar="N", help="antall ansatte, 50–1 000 000")
    parser.add_argument(
        "--seed", required=True, metavar="S", help="frø (heltall ≥ 0); samme frø gir samme data"
    )
    parser.add_argument(
        "--out", required=True, metavar="MAPPE", help="mappen filene skal skrives til"
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="both",
        help="format for svarfilene (standard: both)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="erstatt MAPPE hvis den finnes og er tom eller utdata fra en tidligere kjøring",
    )


def _integer(text: str, what: str) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        raise SynthError(f"{what} må være et heltall, ikke «{text}».") from None


def _grouped(number: int) -> str:
    """Digits grouped by spaces, the Norwegian way (1 000 000)."""
    return f"{number:,}".replace(",", " ")


def parse_size(text: str) -> int:
    """The --size value, checked against the generator's range."""
    from hjemmekontor.synth import MAX_SIZE, MIN_SIZE

    size = _integer(text, "--size")
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise SynthError(
            f"--size må være mellom {_grouped(MIN_SIZE)} og {_grouped(MAX_SIZE)} ansatte, "
            f"ikke {_grouped(size)}."
        )
    return size


def parse_seed(text: str) -> int:
    """The --seed value: a non-negative integer."""
    seed = _integer(text, "--seed")
    if seed < 0:
        raise SynthError(f"--seed kan ikke være negativt, men var {seed}.")
    return seed


def _looks_like_ours(path: Path) -> bool:
    """Only an empty folder or an earlier synth output may be replaced with --force."""
    entries = list(path.iterdir())
    if not entries:
        return True
    manifest = path / "manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == "hjemmekontor.synth"


def check_target(out: Path, force: bool) -> None:
    """Refuse targets that would lose someone's files or cannot be written."""
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise SynthError(f"{out} finnes allerede og er ikke en mappe.")
        if not force:
            raise SynthError(f"Mappen {out} finnes allerede. Bruk --force for å erstatte den.")
        if not _looks_like_ours(out):
            raise SynthError(
                f"Mappen {out} finnes og inneholder andre filer enn utdata fra synth; "
                "den erstattes ikke. Velg en annen mappe."
            )
    parent = _existing_ancestor(out.parent)
    if not parent.is_dir():
        raise SynthError(f"{parent} er ikke en mappe, så {out} kan ikke lages.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SynthError(f"Har ikke skrivetilgang til {parent}, så {out} kan ikke lages.")


def _existing_ancestor(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate_into(
    out: Path, size: int, seed: int, formats: tuple[str, ...], force: bool
) -> dict[str, object]:
    """Generate everything into a temporary folder beside ``out`` and move it into place."""
    from hjemmekontor.synth import generate_organisation, generate_responses, write_files

    created: list[Path] = []
    missing = out.parent
    while not missing.exists():
        created.append(missing)
        missing = missing.parent
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SynthError(f"Kunne ikke lage mappen {out.parent}: {exc.strerror}.") from None
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    # mkdtemp makes the folder private (0700); the result should get the
    # permissions of any folder the user creates.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o777 & ~umask)
    old: Path | None = None
    try:
        started = time.perf_counter()
        _say(f"Lager en organisasjon med {_grouped(size)} ansatte (frø {seed}) …")
        org = generate_organisation(size, seed)
        responses = {}
        for round_no in (1, 2):
            _say(f"Lager svar for runde {round_no} …")
            responses[round_no] = generate_responses(org, round_no, seed)
        _say("Skriver filer …")
        manifest = write_files(org, responses, temp, formats=formats)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.rename(out, old / "previous")
        os.rename(temp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
            old = None
        manifest["seconds"] = round(time.perf_counter() - started, 1)
        return manifest
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        if old is not None:
            if not out.exists():
                os.rename(old / "previous", out)
            shutil.rmtree(old, ignore_errors=True)
        for path in created:
            try:
                path.rmdir()
            except OSError:
                break
        raise


def run(args: argparse.Namespace) -> int:
    try:
        size = parse_size(args.size)
        seed = parse_seed(args.seed)
        out = Path(args.out).expanduser().absolute()
        check_target(out, bool(args.force))
        manifest = generate_into(out, size, seed, FORMATS[args.format], bool(args.force))
    except SynthError as exc:
        print(f"hjemmekontor synth: feil: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"hjemmekontor synth: feil: kunne ikke skrive filene{where}: {exc.strerror}.",
            file=sys.stderr,
        )
        return 1
    files = manifest["files"]
    assert isinstance(files, list)
    print(f"Skrev {len(files) + 1} filer til {out} på {manifest['seconds']} s:")
    for entry in files:
        print(f"  {entry['name']:<44} {entry['rows']:>9} rader")
    print("  manifest.json")
    return 0
