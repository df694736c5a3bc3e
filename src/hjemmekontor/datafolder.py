"""The data folder and the SQLite files in it, readable by their owner only.

The database holds answers and invitations; its WAL holds recent copies of its
pages; the secret key signs every answer link. With the usual umask (022) all of
them would be readable by every local user. SQLite gives its -wal, -shm and
-journal files the mode of the database file, so a database created 0600 keeps
them 0600 too. Imported by the settings: no Django here.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# Files SQLite keeps beside a database, all as sensitive as the database itself.
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def ensure_private_folder(path: Path) -> None:
    """Create `path` and any missing parents as owner-only folders."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        # mkdir's mode passes through the umask; chmod does not.
        os.chmod(folder, FOLDER_MODE)


def _tighten(path: Path, mode: int) -> None:
    """Remove group and other permissions from a file or folder we own."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
        return
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, stat.S_IMODE(info.st_mode) & mode)


def secure_private_folder(path: Path) -> None:
    """Tighten an existing folder to owner-only (its files are then out of reach)."""
    _tighten(path, FOLDER_MODE)


def secure_data_folder(data_dir: Path) -> None:
    """Make the data folder owner-only, and the files directly in it (created by
    older versions with the umask's 0644) owner-only too."""
    ensure_private_folder(data_dir)
    _tighten(data_dir, FOLDER_MODE)
    for entry in data_dir.iterdir():
        if entry.is_file() and not entry.is_symlink():
            _tighten(entry, FILE_MODE)


def secure_sqlite_database(database: Path) -> None:
    """Create the database file 0600 before SQLite does (SQLite would use 0644), and
    tighten the database and its companion files where they exist already."""
    ensure_private_folder(database.parent)
    # An empty file is an empty SQLite database.
    with contextlib.suppress(FileExistsError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    for suffix in SQLITE_SUFFIXES:
        _tighten(database.with_name(database.name + suffix), FILE_MODE)
