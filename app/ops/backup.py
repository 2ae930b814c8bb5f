"""Backups while the server runs (SQLite's online backup API, pg_dump for PostgreSQL), and
a restore that cannot destroy: the file is checked first (this application's database at
a known migration), the current database is saved, the restore is all-or-nothing, the
invariant check runs on the result, and a failed check puts the saved copy back."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from app.domain_errors import InvalidInput
from app.extensions import db

# Tables every revision of this application has had since the first migration.
CORE_TABLES = frozenset({
    "alembic_version", "user", "desa", "office_settings", "pemohon", "permohonan",
    "syarat_permohonan", "transition_log", "register_entry", "counter",
})


class RestoreRefused(InvalidInput):
    """A restore that did not happen, or was undone: one sentence for the office."""


def _sqlite_path() -> Path:
    return Path(db.engine.url.database)


def _pg_args(url) -> tuple[list[str], dict]:
    u = make_url(str(url))
    args = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    env = {"PGPASSWORD": u.password} if u.password else {}
    return args + ["-d", u.database], env


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    _, env = _pg_args(db.engine.url)
    return subprocess.run(args, capture_output=True, env={**os.environ, **env}, **kw)


def backup(out: str) -> Path:
    target = Path(out)
    if db.engine.dialect.name == "sqlite":
        _sqlite_copy(_sqlite_path(), target)
    else:
        args, _ = _pg_args(db.engine.url)
        result = _run([_tool("pg_dump"), "-Fc", "-f", str(target), *args])
        if result.returncode != 0:
            raise RestoreRefused(f"Cadangan gagal dibuat: {_first_line(result.stderr)}")
    target.chmod(0o600)  # full NIKs inside
    return target


def restore(source: str) -> Path:
    """Replace the database with `source`; return the safety copy of the data it replaced.
    Raise RestoreRefused (nothing changed, or everything put back) otherwise."""
    src = Path(source)
    if not src.is_file() or src.stat().st_size == 0:
        raise RestoreRefused(f"Berkas {src.name} kosong atau tidak ada: tidak ada yang dipulihkan.")
    sqlite = db.engine.dialect.name == "sqlite"
    (_check_sqlite_file if sqlite else _check_pg_dump)(src)
    safety = backup(str(_safety_path(".sqlite" if sqlite else ".dump")))
    db.session.remove()
    db.engine.dispose()
    put = _sqlite_put if sqlite else _pg_put
    put(src)
    problem = _after_restore()
    if problem:
        db.session.remove()
        db.engine.dispose()
        put(safety)
        raise RestoreRefused(f"Cadangan dipulihkan tetapi {problem}; basis data dikembalikan "
                             f"seperti sebelum pemulihan ({safety.name}).")
    return safety


def _after_restore() -> str | None:
    """Bring the restored database to this version's schema, then run the invariant check."""
    from flask_migrate import upgrade

    from app.ops.check import run_checks

    try:
        if _current_revisions() != _heads():
            upgrade(revision="heads")  # an older backup: migrated like the live database was
        failed = [f.rule for f in run_checks() if f.count]
    except Exception as exc:  # noqa: BLE001 - any failure here means: put the old data back
        db.session.rollback()
        current_app.logger.warning("restore check failed: %s", exc)
        return "tidak dapat dibuka oleh versi aplikasi ini"
    finally:
        db.session.remove()
    if failed:
        return "pemeriksaan keutuhan gagal (" + "; ".join(failed) + ")"
    return None


def _scripts():
    from alembic.script import ScriptDirectory

    migrate = current_app.extensions["migrate"]
    return ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))


def known_revisions() -> set[str]:
    return {s.revision for s in _scripts().walk_revisions()}


def _heads() -> set[str]:
    return set(_scripts().get_heads())


def _current_revisions() -> set[str]:
    with db.engine.connect() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}


def _check_revisions(revisions: list[str], name: str) -> None:
    """One row per head in `alembic_version` (parallel branches have several): each known."""
    unknown = [r for r in revisions if r not in known_revisions()]
    if unknown or not revisions:
        raise RestoreRefused(f"Berkas {name} berasal dari versi basis data yang tidak dikenal "
                             f"({', '.join(unknown) or 'tanpa versi'}): tidak ada yang "
                             "dipulihkan.")


# --- SQLite -----------------------------------------------------------------------------

def _sqlite_copy(source: Path, target: Path) -> None:
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        with dest:
            origin.backup(dest)  # one consistent copy, even with writers running
    finally:
        dest.close()
        origin.close()


def _check_sqlite_file(src: Path) -> None:
    foreign = (f"Berkas {src.name} bukan cadangan basis data aplikasi ini: "
               "tidak ada yang dipulihkan.")
    try:
        conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RestoreRefused(f"Berkas {src.name} rusak (integrity_check gagal): "
                                     "tidak ada yang dipulihkan.")
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not CORE_TABLES <= tables:
                raise RestoreRefused(foreign)
            revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise RestoreRefused(foreign) from None
    _check_revisions(revisions, src.name)


def _sqlite_put(src: Path) -> None:
    # The backup API replaces the whole file in one write transaction of the target.
    _sqlite_copy(src, _sqlite_path())


# --- PostgreSQL -------------------------------------------------------------------------

_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?:DATA )?(\S+) (\S+) ")


def _check_pg_dump(src: Path) -> None:
    listing = _run([_tool("pg_restore"), "--list", str(src)], text=True)
    if listing.returncode != 0:
        raise RestoreRefused(f"Berkas {src.name} bukan cadangan pg_dump yang dapat dibaca: "
                             "tidak ada yang dipulihkan.")
    tables = {m.group(2) for line in listing.stdout.splitlines()
              if (m := _TOC_TABLE.match(line)) and m.group(1) == "public"}
    if not CORE_TABLES <= tables:
        raise RestoreRefused(f"Berkas {src.name} bukan cadangan basis data aplikasi ini: "
                             "tidak ada yang dipulihkan.")
    data = _run([_tool("pg_restore"), "--data-only", "--table", "alembic_version", "-f", "-",
                 str(src)], text=True)
    if data.returncode != 0:
        raise RestoreRefused(f"Berkas {src.name} tidak utuh ({_first_line(data.stderr)}): "
                             "tidak ada yang dipulihkan.")
    rows = re.search(r"^COPY public\.alembic_version .*?\n(.*?)\\\.", data.stdout, re.S | re.M)
    revisions = rows.group(1).split() if rows else []
    _check_revisions(revisions, src.name)


def _pg_put(src: Path) -> None:
    """All or nothing: the dump becomes one SQL script first (a truncated dump fails here,
    before anything is touched), then the old schema is dropped and the script run in one
    transaction that stops at the first error."""
    args, _ = _pg_args(db.engine.url)
    with tempfile.TemporaryDirectory(dir=current_app.instance_path) as tmp:
        script = Path(tmp) / "pulih.sql"
        made = _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                     "-f", str(script), str(src)], text=True)
        if made.returncode != 0:
            raise RestoreRefused(f"Berkas {src.name} tidak utuh ({_first_line(made.stderr)}): "
                                 "basis data tidak diubah.")
        script.chmod(0o600)
        ran = _run([_tool("psql"), "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1",
                    *args, "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public",
                    "-f", str(script)], text=True)
    if ran.returncode != 0:
        raise RestoreRefused(f"Pemulihan dari {src.name} gagal dan dibatalkan "
                             f"({_first_line(ran.stderr)}): basis data tidak diubah.")


# --- shared -----------------------------------------------------------------------------

def _safety_path(suffix: str) -> Path:
    folder = Path(current_app.config.get("SAFETY_BACKUP_DIR")
                  or Path(current_app.instance_path) / "cadangan")
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"sebelum-pulih-{stamp}{suffix}"


def _first_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0][:200] if lines else "tanpa keterangan"


def _tool(name: str) -> str:
    for candidate in (shutil.which(name), f"/usr/lib/postgresql/15/bin/{name}"):
        if candidate and Path(candidate).exists():
            return candidate
    raise RestoreRefused(f"{name} tidak ditemukan: pasang paket postgresql-client.")
