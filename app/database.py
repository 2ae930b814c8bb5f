"""Engine settings per database: SQLite gets WAL, foreign keys and a busy timeout, and
its file is created private (0600 in a 0700 folder) before SQLite first opens it."""
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db
from app.private_files import private_file


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


def init_app(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            if engine.url.database and engine.url.database != ":memory:":
                # SQLite would create it with the umask (0644): every NIK readable by all.
                # Its -wal and -shm files take the main file's mode.
                private_file(engine.url.database)
            event.listen(engine, "connect", _sqlite_pragmas)


# Search indexes the migrations create with raw SQL (FTS5 on SQLite, pg_trgm on
# PostgreSQL): not in the models' metadata, so autogenerate must not propose dropping them.
RAW_SEARCH_OBJECTS = ("pemohon_fts", "ix_pemohon_nama_trgm")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (name or "").startswith(RAW_SEARCH_OBJECTS)
