"""Backups while the server runs: SQLite's online backup API, pg_dump for PostgreSQL."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from app.extensions import db


def _sqlite_path() -> Path:
    return Path(db.engine.url.database)


def _pg_args(url) -> tuple[list[str], dict]:
    u = make_url(str(url))
    args = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    env = {"PGPASSWORD": u.password} if u.password else {}
    return args + ["-d", u.database], env


def backup(out: str) -> Path:
    target = Path(out)
    if db.engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path())
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)  # a consistent copy, even with writers running
        dest.close()
        source.close()
    else:
        args, env = _pg_args(db.engine.url)
        subprocess.run([_tool("pg_dump"), "-Fc", "-f", str(target), *args], check=True,
                       env={**_base_env(), **env})
    return target


def restore(source: str) -> None:
    src = Path(source)
    db.session.remove()
    db.engine.dispose()
    if db.engine.dialect.name == "sqlite":
        origin = sqlite3.connect(src)
        dest = sqlite3.connect(_sqlite_path())
        with dest:
            origin.backup(dest)
        dest.close()
        origin.close()
    else:
        args, env = _pg_args(db.engine.url)
        subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", *args,
                        str(src)], check=True, env={**_base_env(), **env})


def _tool(name: str) -> str:
    for candidate in (shutil.which(name), f"/usr/lib/postgresql/15/bin/{name}"):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError(f"{name} tidak ditemukan: pasang paket postgresql-client.")


def _base_env() -> dict:
    import os
    return dict(os.environ)
