"""A restore that cannot destroy: a file that is not this application's database at a
known migration is refused before anything changes; a restore whose result fails the
invariant check is undone; refusals are one Indonesian sentence with exit code 1."""
import re
import sqlite3
import subprocess

import pytest
from sqlalchemy import create_engine, update
from sqlalchemy.engine import make_url

from app.extensions import db
from app.ops.backup import _tool
from models import Permohonan, TransitionLog
from tests.conftest import per_worker


@pytest.fixture
def office(app, an_application, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "SAFETY_BACKUP_DIR", str(tmp_path / "pengaman"))
    # Ids only: a restore drops every database session, the test's objects with it.
    return [an_application(s).id for s in ("diajukan", "teregister", "disahkan", "diserahkan")]


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.execute(db.select(db.func.count(Permohonan.id))).scalar(),
                db.session.execute(db.select(db.func.count(TransitionLog.id))).scalar())


def _restore(app, path):
    return app.test_cli_runner().invoke(args=["restore", str(path), "--yes"])


def _refused(result, words: str):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit)
    # The command's own answer: one line (the application's log lines, timestamped, and
    # the migrations' INFO lines may stand beside it on stderr).
    lines = [line for line in result.output.splitlines()
             if line.strip() and not line.startswith("INFO  [alembic")
             and not re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ", line)]
    assert len(lines) == 1 and words in lines[0], result.output


def _backup(app, path):
    result = app.test_cli_runner().invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_empty_or_missing_file_is_refused(app, office, tmp_path):
    before = _counts(app)
    empty = tmp_path / "kosong.sqlite"
    empty.write_bytes(b"")
    _refused(_restore(app, empty), "kosong atau tidak ada")
    _refused(_restore(app, tmp_path / "tidak-ada.sqlite"), "kosong atau tidak ada")
    assert _counts(app) == before




@pytest.fixture
def on_sqlite(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite restore")


def test_foreign_sqlite_file_is_refused(app, office, on_sqlite, tmp_path):
    before = _counts(app)
    foreign = tmp_path / "lain.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE catatan (id INTEGER PRIMARY KEY, isi TEXT)")
    conn.execute("INSERT INTO catatan (isi) VALUES ('bukan data KTP-el')")
    conn.commit()
    conn.close()
    _refused(_restore(app, foreign), "bukan cadangan basis data aplikasi ini")
    text = tmp_path / "teks.sqlite"
    text.write_text("ini bukan basis data\n" * 100)
    _refused(_restore(app, text), "bukan cadangan basis data aplikasi ini")
    assert _counts(app) == before


def test_unknown_migration_is_refused(app, office, on_sqlite, tmp_path):
    copy = _backup(app, tmp_path / "cadangan.sqlite")
    conn = sqlite3.connect(copy)
    conn.execute("INSERT INTO alembic_version (version_num) VALUES ('9999_masa_depan')")
    conn.commit()
    conn.close()
    _refused(_restore(app, copy), "versi basis data yang tidak dikenal")


def test_restore_failing_the_check_is_undone(app, office, on_sqlite, an_application, tmp_path):
    copy = _backup(app, tmp_path / "cadangan.sqlite")
    conn = sqlite3.connect(copy)  # a backup with a state that its history does not explain
    conn.execute("UPDATE permohonan SET status = 'disahkan' WHERE id = ?", (office[0],))
    conn.commit()
    conn.close()
    an_application("diajukan")  # made after the backup: must survive the refused restore
    before = _counts(app)
    _refused(_restore(app, copy), "Basis data tidak diubah")
    assert _counts(app) == before
    with app.app_context():
        assert db.session.get(Permohonan, office[0]).status == "diajukan"
    assert list((tmp_path / "pengaman").iterdir())  # the safety copy is kept


def test_round_trip_keeps_a_safety_copy(app, office, tmp_path):
    copy = _backup(app, tmp_path / "cadangan.dump")
    assert copy.stat().st_mode & 0o777 == 0o600
    with app.app_context():
        db.session.execute(update(Permohonan).where(Permohonan.id == office[0])
                           .values(catatan="setelah cadangan"))
        db.session.commit()
    result = _restore(app, copy)
    assert result.exit_code == 0, result.output
    assert "lulus pemeriksaan keutuhan" in result.output
    with app.app_context():
        assert db.session.get(Permohonan, office[0]).catatan is None
    (safety,) = (tmp_path / "pengaman").iterdir()
    assert safety.stat().st_mode & 0o777 == 0o600


# --- PostgreSQL (DATABASE_URL; .ci/run provides it) ---------------------------------------

@pytest.fixture
def on_postgresql(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL restore: needs DATABASE_URL")
        return db.engine.url


def test_truncated_postgresql_dump_changes_nothing(app, office, on_postgresql, tmp_path):
    dump = _backup(app, tmp_path / "cadangan.dump")
    data = dump.read_bytes()
    truncated = tmp_path / "terpotong.dump"
    before = _counts(app)
    # Cut in the table of contents, or after it (the listing reads; the data ends early).
    for cut, words in ((len(data) // 3, "bukan cadangan pg_dump"), (len(data) - 64, "tidak utuh")):
        truncated.write_bytes(data[:cut])
        _refused(_restore(app, truncated), words)
        assert _counts(app) == before


def test_foreign_postgresql_dump_is_refused(app, office, on_postgresql, tmp_path):
    url = make_url(str(on_postgresql))
    asing = per_worker("ktpel_asing")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {asing}")
        conn.exec_driver_sql(f"CREATE DATABASE {asing}")
    foreign = create_engine(url.set(database=asing))
    with foreign.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE permohonan (id serial PRIMARY KEY, isi text)")
    foreign.dispose()
    dump = tmp_path / "asing.dump"
    subprocess.run([_tool("pg_dump"), "-Fc", "-f", str(dump), "-h", url.host, "-p",
                    str(url.port or 5432), "-U", url.username or "postgres", asing],
                   check=True)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {asing}")
    admin.dispose()
    before = _counts(app)
    _refused(_restore(app, dump), "bukan cadangan basis data aplikasi ini")
    not_a_dump = tmp_path / "teks.dump"
    not_a_dump.write_text("bukan cadangan\n")
    _refused(_restore(app, not_a_dump), "bukan cadangan pg_dump")
    assert _counts(app) == before


def test_postgresql_restore_failing_the_check_is_undone(app, office, on_postgresql,
                                                        an_application, tmp_path):
    with app.app_context():  # the backup is taken of a damaged state, then repaired
        db.session.execute(update(Permohonan).where(Permohonan.id == office[0])
                           .values(status="disahkan"))
        db.session.commit()
    dump = _backup(app, tmp_path / "rusak.dump")
    with app.app_context():
        db.session.execute(update(Permohonan).where(Permohonan.id == office[0])
                           .values(status="diajukan"))
        db.session.commit()
    an_application("diajukan")
    before = _counts(app)
    _refused(_restore(app, dump), "Basis data tidak diubah")
    assert _counts(app) == before


def test_an_older_backup_is_migrated_inside_the_restore(app, office, on_sqlite, tmp_path):
    """A backup of the previous migration: brought to this version in the staging copy
    (the same connection, env.py's `connection` attribute) before it is put in."""
    from flask_migrate import downgrade, upgrade

    from app import create_app
    from app.ops.backup import _heads
    from app.services.master import load_master_data

    older = create_app({"TESTING": True, "SECRET_KEY": "x",
                        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'lama.sqlite'}",
                        "HUEY_SQLITE_PATH": str(tmp_path / "huey.sqlite")})
    with older.app_context():
        upgrade(revision="heads")  # the master data as today's models write it,
        load_master_data()
        db.session.remove()
        downgrade(revision="-1")  # then one migration back: a backup of the version before
        db.session.remove()
        db.engine.dispose()
    result = _restore(app, tmp_path / "lama.sqlite")
    assert result.exit_code == 0, result.output
    with app.app_context():
        revisions = set(db.session.execute(db.text("SELECT version_num FROM alembic_version"))
                        .scalars())
        assert revisions == _heads()
        assert _counts(app) == (0, 0)
