"""Folders and files that hold personal data (the SQLite database, the instance folder,
backups): created readable by the application's own user only, whatever the umask."""
from __future__ import annotations

import os
from pathlib import Path


def private_folder(path: Path) -> Path:
    """`path` as a folder; created 0700 if it is not there (an existing one is left as
    the administrator set it)."""
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)
        path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """`path` as a file; created empty and 0600 if it is not there, so whatever writes
    it next (SQLite, pg_dump) writes into a file no one else can read."""
    path = Path(path)
    private_folder(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    return path
