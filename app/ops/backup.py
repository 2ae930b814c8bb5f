"""Backups while the server runs (SQLite's online backup API, pg_dump for PostgreSQL), and
a restore that cannot destroy: the file is checked first (this application's database at
a known migration), the application goes out of service, the current database is saved,
and the backup is put in, settled and checked all-or-nothing."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import create_engine, event, insert, select, update
from sqlalchemy.engine import URL, Connection
from sqlalchemy.orm import Session

from app.access import row_security
from app.database import _sqlite_pragmas
from app.domain_errors import InvalidInput
from app.extensions import db
from app.i18n import N_
from app import maintenance
from app.services.numbering import REGISTER_COUNTER
from models import Counter, Job, OfficeSettings
from models._time import utcnow
from models.job import ACTIVE

# Stored in job.error (an Indonesian msgid, translated by the page).
INTERRUPTED_BY_RESTORE = N_("Basis data dipulihkan dari cadangan saat petikan ini disiapkan. "
                            "Silakan cetak ulang.")

# Tables every revision of this application has had since the first migration.
CORE_TABLES = frozenset({
    "alembic_version", "user", "desa", "office_settings", "pemohon", "permohonan",
    "syarat_permohonan", "transition_log", "register_entry", "counter",
})


class RestoreRefused(InvalidInput):
    """A restore that did not happen, or was undone: one sentence for the office."""


def _sqlite_path() -> Path:
    return Path(db.engine.url.database)


def _pg_args(url: URL) -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL tools, and their environment: the password
    goes in PGPASSWORD (never argv, which every user on the machine can read). `url` is the
    engine's URL object: its str() masks the password as ***."""
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
            "-U", url.username or "postgres"]
    env = {"PGPASSWORD": url.password} if url.password else {}
    return args + ["-d", url.database], env


def _run(args: list[str], env_extra: dict | None = None, **kw) -> subprocess.CompletedProcess:
    _, env = _pg_args(db.engine.url)
    return subprocess.run(args, capture_output=True, env={**os.environ, **env, **(env_extra or {})},
                          **kw)


def backup(out: str) -> Path:
    """Write a backup to `out` (mode 0600: full NIKs inside). It appears only when complete:
    written beside it under a temporary name, renamed at the end; a failure leaves nothing."""
    target = Path(out)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                dir=target.parent if str(target.parent) else ".")
    os.close(fd)  # mkstemp makes it 0600; the tools below write into it
    partial = Path(name)
    try:
        if db.engine.dialect.name == "sqlite":
            _sqlite_copy(_sqlite_path(), partial)
        else:
            args, _ = _pg_args(db.engine.url)
            # Row-level security holds the application's role: the dump reads every
            # office's rows in the regency's scope, and is refused rather than partial.
            result = _run([_tool("pg_dump"), "-Fc", "--enable-row-security", "-f", str(partial),
                           *args], text=True, env_extra={"PGOPTIONS": " ".join(filter(None, (
                               os.environ.get("PGOPTIONS"), row_security.TOOL_OPTIONS)))})
            if result.returncode != 0:
                raise RestoreRefused(f"Cadangan gagal dibuat: {_first_line(result.stderr)}. "
                                     "Tidak ada berkas cadangan yang ditulis.")
        partial.chmod(0o600)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(source: str, semua_kantor: bool = False) -> Path:
    """Replace the database with `source`; return the safety copy of the data it replaced.
    Raise RestoreRefused (nothing changed) otherwise.

    The application is out of service meanwhile (app/maintenance.py): requests inside
    get MAINTENANCE_GRACE_SECONDS to finish, after which no request commits; the safety copy
    is taken only then, so whatever a clerk was told is saved is in it. The backup is put in
    and checked in one transaction (PostgreSQL), or checked in a staging copy before one
    write puts it in (SQLite): a refusal leaves the database exactly as it was."""
    src = Path(source)
    if not src.is_file() or src.stat().st_size == 0:
        raise RestoreRefused(f"Berkas {src.name} kosong atau tidak ada: tidak ada yang dipulihkan.")
    sqlite = db.engine.dialect.name == "sqlite"
    (_check_sqlite_file if sqlite else _check_pg_dump)(src)
    if not semua_kantor:
        _refuse_other_offices(src, sqlite)
    try:
        with maintenance.out_of_service(f"pemulihan dari {src.name}"):
            try:
                return _restore_closed(src, sqlite)
            except RestoreRefused:
                raise
            except Exception as exc:  # noqa: BLE001 - nothing was committed: say so
                current_app.logger.exception("restore failed")
                raise RestoreRefused(f"Pemulihan dari {src.name} gagal dan dibatalkan "
                                     f"({_first_line(str(exc))}): basis data tidak "
                                     "diubah.") from None
            finally:
                db.session.remove()
                db.engine.dispose()
    except maintenance.AlreadyClosed:
        raise RestoreRefused("Aplikasi sudah dalam pemeliharaan (pemulihan lain sedang "
                             "berjalan?): tidak ada yang dipulihkan.") from None


def _refuse_other_offices(src: Path, sqlite: bool) -> None:
    """A whole-database restore takes every office in it back in time: only when the
    database and the backup hold the same single office (or the database none yet) is
    that one office's own choice."""
    live = list(db.session.execute(select(OfficeSettings.kode_wilayah)).scalars())
    db.session.remove()
    held = (_sqlite_offices if sqlite else _pg_dump_offices)(src)
    if not live or (len(live) == 1 and held in ([], live)):
        return
    raise RestoreRefused(
        f"Basis data ini memuat {len(live)} kantor dan cadangan {src.name} memuat "
        f"{len(held)} kantor ({', '.join(held) or 'tanpa kantor'}): pemulihan seluruh basis "
        "data akan mengembalikan kantor lain ke saat cadangan. Pulihkan satu kantor dengan "
        "flask kantor pulihkan, atau tambahkan --semua-kantor bila semua kantor memang "
        "harus kembali. Tidak ada yang dipulihkan.")


def _sqlite_offices(src: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT kode_wilayah FROM office_settings")]
    except sqlite3.DatabaseError:
        return []
    finally:
        conn.close()


def _pg_dump_offices(src: Path) -> list[str]:
    data = _run([_tool("pg_restore"), "--data-only", "--table", "office_settings", "-f", "-",
                 str(src)], text=True)
    found = re.search(r"^COPY public\.office_settings \((.*?)\) FROM stdin;\n(.*?)^\\\.",
                      data.stdout, re.S | re.M)
    if data.returncode != 0 or not found:
        return []
    column = [c.strip().strip('"') for c in found.group(1).split(",")].index("kode_wilayah")
    return [row.split("\t")[column] for row in found.group(2).splitlines() if row]


def _restore_closed(src: Path, sqlite: bool) -> Path:
    db.session.remove()
    time.sleep(current_app.config["MAINTENANCE_GRACE_SECONDS"])
    if not sqlite:
        _end_other_sessions()
    safety = backup(str(_safety_path(".sqlite" if sqlite else ".dump")))
    carried = _counters_to_carry()
    db.session.remove()
    db.engine.dispose()
    (_sqlite_restore if sqlite else _pg_restore)(src, carried, safety)
    return safety


def _counters_to_carry() -> list[tuple[int, str, int, int]]:
    """Receipt and other numbers already handed out stay handed out: a receipt acknowledged
    after the backup was taken is in the safety copy, and its number must not be given to a
    second file. The register sequence is left as the backup has it: it must stay 1..N
    without gaps, so the files registered since are registered again (see the README)."""
    return [tuple(r) for r in db.session.execute(
        select(Counter.kantor_id, Counter.nama, Counter.tahun, Counter.nilai)
        .where(Counter.nama != REGISTER_COUNTER))]


def _settle(conn: Connection, carried: list[tuple[int, str, int, int]]) -> str | None:
    """In the restored data, inside the restore's transaction: migrate an older backup,
    carry the counters, end the jobs the backup caught half-way (their queue and files are
    not in it), then run the invariant check. Returns what is wrong, or None."""
    from alembic import command

    from app.ops.check import run_checks

    try:
        revisions = {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
        if revisions != _heads():
            config = _migrate_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "heads")
        carry_counters(conn, carried)
        conn.execute(update(Job).where(Job.status.in_(ACTIVE)).values(
            status="failed", error=INTERRUPTED_BY_RESTORE, finished_at=utcnow()))
        with Session(bind=conn) as session:
            failed = [f.rule for f in run_checks(session) if f.count]
    except Exception as exc:  # noqa: BLE001 - any failure here means: keep the old data
        current_app.logger.warning("restore check failed: %s", exc)
        return "tidak dapat dibuka oleh versi aplikasi ini"
    if failed:
        return "pemeriksaan keutuhan gagal (" + "; ".join(failed) + ")"
    return None


def carry_counters(conn: Connection, carried: list[tuple[int, str, int, int]]) -> None:
    """Raise each counter to at least the value it had before the restore."""
    for kantor_id, nama, tahun, nilai in carried:
        key = (Counter.kantor_id == kantor_id, Counter.nama == nama, Counter.tahun == tahun)
        raised = conn.execute(update(Counter).where(*key, Counter.nilai < nilai)
                              .values(nilai=nilai))
        if raised.rowcount == 0 and conn.execute(select(Counter.nilai).where(*key)).first() is None:
            conn.execute(insert(Counter).values(kantor_id=kantor_id, nama=nama, tahun=tahun,
                                                nilai=nilai))


def _refused_after(problem: str, safety: Path) -> RestoreRefused:
    return RestoreRefused(f"Cadangan tidak dipulihkan: {problem}. Basis data tidak diubah "
                          f"(salinannya juga ada di {safety.name}).")


def _migrate_config():
    migrate = current_app.extensions["migrate"]
    return migrate.migrate.get_config(migrate.directory)


def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_migrate_config())


def known_revisions() -> set[str]:
    return {s.revision for s in _scripts().walk_revisions()}


def _heads() -> set[str]:
    return set(_scripts().get_heads())


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


@contextmanager
def backup_file(src: Path, needed: set[str] | frozenset[str], foreign: str):
    """A backup file, opened read-only once it is intact and holds the `needed` tables;
    any SQLite error while it is read refuses it with `foreign`."""
    try:
        conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RestoreRefused(f"Berkas {src.name} rusak (integrity_check gagal): "
                                     "tidak ada yang dipulihkan.")
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not needed <= tables:
                raise RestoreRefused(foreign)
            yield conn
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise RestoreRefused(foreign) from None


def _check_sqlite_file(src: Path) -> None:
    foreign = (f"Berkas {src.name} bukan cadangan basis data aplikasi ini: "
               "tidak ada yang dipulihkan.")
    with backup_file(src, CORE_TABLES, foreign) as conn:
        revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    _check_revisions(revisions, src.name)


def _sqlite_restore(src: Path, carried, safety: Path) -> None:
    """Checked in a staging copy (migrated, settled, checked and committed there); only a
    copy that passed is put in, in one write transaction of the live file (the backup API)."""
    with tempfile.TemporaryDirectory(dir=current_app.instance_path) as tmp:
        os.chmod(tmp, 0o700)
        staging = Path(tmp) / "pulih.sqlite"
        _sqlite_copy(src, staging)
        engine = create_engine(f"sqlite:///{staging}")
        event.listen(engine, "connect", _sqlite_pragmas)
        try:
            with engine.connect() as conn:
                problem = _settle(conn, carried)
                if problem:
                    conn.rollback()
                    raise _refused_after(problem, safety)
                conn.commit()
        finally:
            engine.dispose()
        _sqlite_copy(staging, _sqlite_path())


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


def _end_other_sessions() -> None:
    """Wait up to MAINTENANCE_WAIT_SECONDS for the application's other connections to finish
    their transactions, then end them all (the same account may end its own sessions): no
    transaction of a request or of the worker outlives the flag, none holds a lock the
    restore needs, and none commits after the safety copy."""
    others = ("FROM pg_stat_activity WHERE datname = current_database() "
              "AND pid <> pg_backend_pid() AND usename = current_user "
              "AND backend_type = 'client backend'")
    deadline = time.monotonic() + current_app.config["MAINTENANCE_WAIT_SECONDS"]
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        while time.monotonic() < deadline and conn.exec_driver_sql(
                f"SELECT count(*) {others} AND xact_start IS NOT NULL").scalar():
            time.sleep(0.2)
        ended = conn.exec_driver_sql(f"SELECT count(pg_terminate_backend(pid)) {others}").scalar()
    if ended:
        current_app.logger.warning("restore: %d other database sessions ended", ended)


def _pg_restore(src: Path, carried, safety: Path) -> None:
    """One transaction: drop the schema, load the dump, settle and check; commit only if
    the check passes. Any failure rolls everything back: the database is as it was."""
    with tempfile.TemporaryDirectory(dir=current_app.instance_path) as tmp:
        os.chmod(tmp, 0o700)
        script = Path(tmp) / "pulih.sql"
        made = _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                     "-f", str(script), str(src)], text=True)
        if made.returncode != 0:
            raise RestoreRefused(f"Berkas {src.name} tidak utuh ({_first_line(made.stderr)}): "
                                 "basis data tidak diubah.")
        script.chmod(0o600)
        text = script.read_text()
    with db.engine.connect() as conn:
        try:
            # A session the wait above could not end must not hold the restore forever.
            conn.exec_driver_sql("SET LOCAL lock_timeout = '30s'")
            row_security.lingkup_kabupaten(conn)  # the whole database, every office's rows
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
            cursor = conn.connection.dbapi_connection.cursor()
            for sql, data in _script_parts(text):
                if data is None:
                    cursor.execute(sql)
                else:
                    with cursor.copy(sql) as copy:
                        copy.write(data)
            cursor.execute("SELECT pg_catalog.set_config('search_path', 'public', true)")
            # The script turned row security off (a restore by a role it holds then fails
            # rather than loads part): the check below reads under the policies again.
            cursor.execute("SELECT pg_catalog.set_config('row_security', 'on', true)")
        except Exception as exc:  # noqa: BLE001 - told, and nothing kept
            conn.rollback()
            raise RestoreRefused(f"Pemulihan dari {src.name} gagal dan dibatalkan "
                                 f"({_first_line(str(exc))}): basis data tidak diubah.") from None
        problem = _settle(conn, carried)
        if problem:
            conn.rollback()
            raise _refused_after(problem, safety)
        conn.commit()


def _script_parts(script: str):
    """pg_restore's SQL script as (statements, None) and (COPY statement, its data) parts.
    psql's own commands in it (\\restrict …) are left out: they are not SQL."""
    lines = iter(script.splitlines(keepends=True))
    sql: list[str] = []
    for line in lines:
        if line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
            if "".join(sql).strip():
                yield "".join(sql), None
                sql = []
            data = []
            for row in lines:
                if row.rstrip("\n") == "\\.":
                    break
                data.append(row)
            yield line.rstrip().rstrip(";"), "".join(data)
        elif not line.startswith("\\"):
            sql.append(line)
    if "".join(sql).strip():
        yield "".join(sql), None


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
