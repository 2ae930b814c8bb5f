"""Engine settings per database: SQLite gets WAL, foreign keys and a busy timeout, and
its file is created private (0600 in a 0700 folder) before SQLite first opens it;
PostgreSQL is told each transaction's office for its row-level security."""
from flask import Flask
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from app.access import row_security
from app.extensions import db
from app.private_files import private_file


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


def _postgresql_session(dbapi_connection, _record) -> None:
    # A page reads tens of rows: parallel workers cost more to start than they save, and
    # led the planner to walk every office's files for an office's page of 100 (23 ms
    # where one process reads its own 100 in 14).
    with dbapi_connection.cursor() as cur:
        cur.execute("SET max_parallel_workers_per_gather = 0")
    dbapi_connection.commit()  # a SET made in a transaction is undone by its rollback


def init_app(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            if engine.url.database and engine.url.database != ":memory:":
                # SQLite would create it with the umask (0644): every NIK readable by all.
                # Its -wal and -shm files take the main file's mode.
                private_file(engine.url.database)
            event.listen(engine, "connect", _sqlite_pragmas)
        elif engine.dialect.name == "postgresql":
            row_security.install(engine)
            event.listen(engine, "connect", _postgresql_session)


def insert_for(target):
    """INSERT into `target` (a model or a table) in the dialect of the session's database,
    for its ON CONFLICT clause, which SQLite and PostgreSQL spell alike."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(target)


def commit_keeping(kept=None) -> None:
    """Commit, and expire what the commit would except `kept` (None: everything): objects
    whose loaded values are what the database now holds, e.g. the officer of the request
    after a transaction that only added log rows, so the rest of the request does not read
    them again."""
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
    if kept is None:
        return
    # An object may come as a proxy (Flask-Login's current_user): the session holds the object.
    kept = [getattr(k, "_get_current_object", lambda k=k: k)() for k in kept]
    for obj in list(session.identity_map.values()):
        if not any(obj is k for k in kept):
            session.expire(obj)


# Search indexes the migrations create with raw SQL (FTS5 on SQLite, pg_trgm on
# PostgreSQL): not in the models' metadata, so autogenerate must not propose dropping them.
RAW_SEARCH_OBJECTS = ("pemohon_fts", "ix_pemohon_nama_trgm")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (name or "").startswith(RAW_SEARCH_OBJECTS)
