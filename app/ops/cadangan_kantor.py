"""One office's backup and restore on a server of several (docs/kantor.md).

The backup is an SQLite file built by this application's migrations at the current head,
holding that office's rows only: its settings row, every OfficeScoped table's rows of it,
the rows reached through those (checklist items, print and signature logs, message
attempts, a letter's files, applicant changes), its accounts and their logins and jobs.
SQLite rather than JSON Lines: it is typed like the database, `flask check` and any SQLite
reader open it, and the migrations that built it say which schema it is.

The restore replaces that office's rows with the file's in one transaction: the rows keep
their ids, rows of the office made since are removed, numbers already handed out stay
handed out, and the office's check must pass; other offices' rows are never written."""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import Table, create_engine, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.access.scope import dalam_kantor
from app.extensions import db
from app.ops.backup import (INTERRUPTED_BY_RESTORE, RestoreRefused, _first_line, _heads,
                            _migrate_config, backup_file, carry_counters)
from app.services import kantor as kantor_service
from app.services.numbering import REGISTER_COUNTER
from models._time import utcnow
from models.job import ACTIVE

# Tables reached through a parent of the office: (column, parent table).
CHILDREN = {
    "syarat_permohonan": ("permohonan_id", "permohonan"),
    "cetak_log": ("dokumen_id", "dokumen"),
    "dokumen_ttd": ("dokumen_id", "dokumen"),
    "percobaan_pesan": ("pesan_id", "pesan"),
    "surat_kolektif_berkas": ("surat_id", "surat_kolektif"),
    "perubahan_pemohon": ("pemohon_id", "pemohon"),
    "auth_log": ("user_id", "user"),
    "sesi_login": ("user_id", "user"),
    "riwayat_akun": ("user_id", "user"),
    "job": ("owner_id", "user"),
}
# Every office shares these: never in an office's file, never touched by its restore.
SHARED = frozenset({"hari_libur", "alembic_version"})
# Kept by the database's triggers from `permohonan`: rebuilt as the files go in, not copied.
DERIVED = frozenset({"jumlah_status"})

_CHUNK = 500


class UnplannedTableError(RuntimeError):
    """A table this module does not know how to divide by office: a new table must be
    named above (tests/ops/test_cadangan_kantor.py catches it)."""


def _where(table: Table, kantor_id: int):
    """The condition that picks `table`'s rows of the office."""
    tables = db.metadata.tables
    if table.name == "office_settings":
        return table.c.id == kantor_id
    if table.name in CHILDREN:
        column, parent = CHILDREN[table.name]
        parent_table = tables[parent]
        return table.c[column].in_(select(parent_table.c.id)
                                   .where(_where(parent_table, kantor_id)))
    if "kantor_id" in table.c:
        return table.c.kantor_id == kantor_id
    raise UnplannedTableError(table.name)


def office_tables() -> list[Table]:
    """The tables an office's file holds, parents before children."""
    return [t for t in db.metadata.sorted_tables if t.name not in SHARED]


def _live_revisions(conn: Connection) -> set[str]:
    return {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}


# --- backup -----------------------------------------------------------------------------

def cadangkan(kode: str, out: str) -> Path:
    """Write office `kode`'s rows to `out` (mode 0600: full NIKs inside); the file appears
    only when complete."""
    from alembic import command

    office = kantor_service.cari(kode)
    target = Path(out)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                dir=target.parent if str(target.parent) else ".")
    os.close(fd)
    partial = Path(name)
    partial.unlink()  # the migrations make the file
    engine = create_engine(f"sqlite:///{partial}")
    try:
        with db.engine.connect() as src:
            if _live_revisions(src) != _heads():
                raise RestoreRefused("Basis data belum pada versi terbaru (jalankan flask db "
                                     "upgrade): tidak ada cadangan yang ditulis.")
        with engine.connect() as dest:
            config = _migrate_config()
            config.attributes["connection"] = dest
            migrations = logging.getLogger("alembic")
            level = migrations.level
            migrations.setLevel(logging.WARNING)  # building the file is no news to the reader
            try:
                command.upgrade(config, "heads")
            finally:
                migrations.setLevel(level)
            dest.commit()
            # The office's rows name accounts of the regency (the Dinas's operator) that
            # are not the office's: the file keeps their ids without their rows.
            dest.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for table in reversed(office_tables()):  # what the migrations put in
                dest.execute(delete(table))
            source = db.engine
            if source.dialect.name == "postgresql":
                source = source.execution_options(isolation_level="REPEATABLE READ")
            with source.connect() as src:  # one snapshot of the office
                if src.dialect.name == "sqlite":
                    # The driver begins no transaction for a SELECT: each would read
                    # its own moment, and a file could come without its applicant.
                    src.exec_driver_sql("BEGIN")
                for table in office_tables():
                    if table.name in DERIVED:
                        continue
                    rows = src.execute(select(table).where(_where(table, office.id)))
                    for part in rows.mappings().partitions(_CHUNK):
                        dest.execute(insert(table), [dict(r) for r in part])
            dest.commit()
        engine.dispose()
        partial.chmod(0o600)
        os.replace(partial, target)
    except (RestoreRefused, OSError):
        raise
    except Exception as exc:  # noqa: BLE001 - no file written: say so
        current_app.logger.warning("office backup failed: %s", exc)
        raise RestoreRefused(f"Cadangan kantor {kode} gagal dibuat ({_first_line(str(exc))}): "
                             "tidak ada berkas cadangan yang ditulis.") from None
    finally:
        engine.dispose()
        partial.unlink(missing_ok=True)
    return target


# --- restore ----------------------------------------------------------------------------

def pulihkan(kode: str, source: str) -> dict[str, int]:
    """Replace office `kode`'s rows with those in `source`; return the rows put back per
    table. Raise RestoreRefused with nothing changed otherwise."""
    office = kantor_service.cari(kode)
    src = Path(source)
    if not src.is_file() or src.stat().st_size == 0:
        raise RestoreRefused(f"Berkas {src.name} kosong atau tidak ada: tidak ada yang "
                             "dipulihkan.")
    _check_file(src, office)
    engine = create_engine(f"sqlite:///file:{src}?mode=ro&uri=true")
    try:
        with engine.connect() as file, db.engine.connect() as conn:
            try:
                restored = _replace(conn, file, office.id)
                with dalam_kantor(office.id), Session(bind=conn) as session:
                    from app.ops.check import run_checks

                    failed = [f.rule for f in run_checks(session) if f.count]
            except RestoreRefused:
                conn.rollback()
                raise
            except Exception as exc:  # noqa: BLE001 - nothing committed: say so
                conn.rollback()
                current_app.logger.warning("office restore failed: %s", exc)
                raise RestoreRefused(
                    f"Pemulihan kantor {kode} dari {src.name} gagal dan dibatalkan "
                    f"({_first_line(str(exc))}): tidak ada data yang diubah.") from None
            if failed:
                conn.rollback()
                raise RestoreRefused(f"Cadangan kantor {kode} tidak dipulihkan: pemeriksaan "
                                     f"keutuhan gagal ({'; '.join(failed)}). Tidak ada data "
                                     "yang diubah.")
            conn.commit()
    finally:
        engine.dispose()
        db.session.remove()
    return restored


def _check_file(src: Path, office) -> None:
    """The file is an intact office file of this office at this database's revision."""
    foreign = f"Berkas {src.name} bukan cadangan kantor aplikasi ini: tidak ada yang dipulihkan."
    needed = {t.name for t in office_tables()} | {"alembic_version"}
    with backup_file(src, needed, foreign) as conn:
        revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
        offices = conn.execute("SELECT id, kode_wilayah FROM office_settings").fetchall()
        strays = sum(conn.execute(f'SELECT count(*) FROM "{t.name}" WHERE kantor_id IS NOT '
                                  f'{int(office.id)}').fetchone()[0]
                     for t in office_tables() if "kantor_id" in t.c)
        strays += sum(conn.execute(sql).fetchone()[0] for sql in _outside_references())
    with db.engine.connect() as live:
        if revisions != _live_revisions(live):
            raise RestoreRefused(f"Berkas {src.name} berasal dari versi basis data lain "
                                 f"({', '.join(sorted(revisions)) or 'tanpa versi'}): tidak "
                                 "ada yang dipulihkan.")
    if strays and len(offices) == 1 and offices[0][1] == office.kode_wilayah:
        raise RestoreRefused(f"Berkas {src.name} memuat {strays} baris kantor lain atau yang "
                             f"merujuk data di luar kantor {office.kode_wilayah}: tidak ada "
                             "yang dipulihkan.")
    if len(offices) != 1 or offices[0][1] != office.kode_wilayah:
        named = ", ".join(str(o[1]) for o in offices) or "tanpa kantor"
        raise RestoreRefused(f"Berkas {src.name} adalah cadangan kantor {named}, bukan "
                             f"{office.kode_wilayah}: tidak ada yang dipulihkan.")
    if offices[0][0] != office.id:
        raise RestoreRefused(f"Berkas {src.name} menyebut kantor {office.kode_wilayah} dengan "
                             "id lain (dari server lain?): tidak ada yang dipulihkan.")


def _outside_references() -> list[str]:
    """Queries counting the file's rows that point at an office row not in the file (a
    child of another office's file, say): inserted, they would join that office."""
    queries = []
    for table in office_tables():
        for fk in table.foreign_keys:
            target = fk.column.table
            if target.name in ("user", "office_settings") or target.name in SHARED:
                continue
            col = fk.parent.name
            queries.append(f'SELECT count(*) FROM "{table.name}" WHERE "{col}" IS NOT NULL AND '
                           f'"{col}" NOT IN (SELECT "{fk.column.name}" FROM "{target.name}")')
    return queries


def _replace(conn: Connection, file: Connection, kantor_id: int) -> dict[str, int]:
    """Inside the caller's transaction: out with the office's rows, in with the file's."""
    tables = office_tables()
    if conn.dialect.name == "postgresql":
        # Writers of every office wait (seconds) rather than write between the delete and
        # the insert; readers go on. A session that holds a lock must not hold this forever.
        conn.exec_driver_sql("SET LOCAL lock_timeout = '30s'")
        conn.exec_driver_sql("LOCK TABLE " + ", ".join(f'"{t.name}"' for t in tables)
                             + " IN SHARE ROW EXCLUSIVE MODE")
    counters = db.metadata.tables["counter"]
    carried = [tuple(r) for r in conn.execute(
        select(counters.c.kantor_id, counters.c.nama, counters.c.tahun, counters.c.nilai)
        .where(counters.c.kantor_id == kantor_id, counters.c.nama != REGISTER_COUNTER))]
    for table in reversed(tables):
        conn.execute(delete(table).where(_where(table, kantor_id)))
    for table in tables:
        _refuse_shared_ids(conn, file, table)
    restored = {}
    for table in tables:
        if table.name in DERIVED:
            continue
        count = 0
        for part in file.execute(select(table)).mappings().partitions(_CHUNK):
            conn.execute(insert(table), [dict(r) for r in part])
            count += len(part)
        restored[table.name] = count
        if count and conn.dialect.name == "postgresql":
            _advance_sequence(conn, table)
    carry_counters(conn, carried)
    jobs = db.metadata.tables["job"]
    conn.execute(update(jobs).where(_where(jobs, kantor_id), jobs.c.status.in_(ACTIVE))
                 .values(status="failed", error=INTERRUPTED_BY_RESTORE, finished_at=utcnow()))
    return restored


def _refuse_shared_ids(conn: Connection, file: Connection, table: Table) -> None:
    """After the office's rows are gone, any row still holding an id of the file is another
    office's (SQLite may reuse the id of a deleted row): refuse rather than overwrite it."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or table.name in DERIVED:
        return
    key = keys[0]
    for part in file.execute(select(table.c[key.name])).scalars().partitions(_CHUNK):
        taken = conn.execute(select(func.count()).select_from(table)
                             .where(key.in_(part))).scalar()
        if taken:
            raise RestoreRefused(f"Cadangan tidak dipulihkan: {taken} baris {table.name} "
                                 "kantor lain memakai id yang ada di cadangan. Tidak ada data "
                                 "yang diubah.")


def _advance_sequence(conn: Connection, table: Table) -> None:
    """A file restored on a server that never handed out its ids: move the sequence past."""
    if "id" not in table.c:
        return
    seq = conn.exec_driver_sql(f"SELECT pg_get_serial_sequence('\"{table.name}\"', 'id')").scalar()
    if seq:
        conn.exec_driver_sql(f'SELECT setval(\'{seq}\', GREATEST((SELECT max(id) FROM "{table.name}"),'
                             f' (SELECT last_value FROM {seq})))')
