"""The scope told to PostgreSQL, whose row-level security (migration 0027_rls) holds every
statement to it, ORM or not: a filter the application forgot still shows no other office's
row (docs/kantor.md). On SQLite nothing here runs.

Each transaction starts with the scope of that moment (`kantor_aktif()`: an office, or the
regency's); when the scope changes inside a transaction (the user loader names the office
after the request's first query, a command's `dalam_kantor`), the session's next statement
or flush tells PostgreSQL first. The settings are transaction-local: a pooled connection
never carries one request's office into the next, and a connection that set nothing (a
program other than this application) sees no row."""
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.access.scope import kantor_aktif

# One statement for both settings. The statement budgets count it apart (tests/conftest.py).
SCOPE_SQL = ("SELECT set_config('app.kantor', %(kantor)s, true), "
             "set_config('app.lingkup', %(lingkup)s, true)")
KABUPATEN = ("", "kabupaten")
_APPLIED = "row_security_scope"


def _scope() -> tuple[str, str]:
    kantor_id = kantor_aktif()
    return KABUPATEN if kantor_id is None else (str(kantor_id), "kantor")


def _tell(conn, scope: tuple[str, str]) -> None:
    conn.info[_APPLIED] = scope
    conn.exec_driver_sql(SCOPE_SQL, {"kantor": scope[0], "lingkup": scope[1]})


# For PostgreSQL's own tools (pg_dump), whose session this application does not open: the
# regency's scope for the whole session, in libpq's PGOPTIONS.
TOOL_OPTIONS = "-c app.lingkup=kabupaten"


def lingkup_kabupaten(conn) -> None:
    """This transaction works for every office (migrations, a restore): said outright, not
    left to whatever scope the caller happened to have."""
    _tell(conn, KABUPATEN)


def _begin(conn) -> None:
    _tell(conn, _scope())


def _forget(conn, *_args) -> None:
    # The transaction ended, or a savepoint was rolled back (and with it any setting made
    # inside it): the next statement of this connection says the scope again.
    conn.info.pop(_APPLIED, None)


def _follow(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    conn = session.connection()  # begins the transaction (and tells its scope) if need be
    scope = _scope()
    if conn.info.get(_APPLIED) != scope:
        _tell(conn, scope)


def _before_orm_statement(state) -> None:
    _follow(state.session)


def _before_flush(session, _context, _instances) -> None:
    _follow(session)


def install(engine: Engine) -> None:
    """Called for a PostgreSQL engine only."""
    event.listen(engine, "begin", _begin)
    for name in ("commit", "rollback", "rollback_savepoint"):
        event.listen(engine, name, _forget)
    if not event.contains(Session, "do_orm_execute", _before_orm_statement):
        event.listen(Session, "do_orm_execute", _before_orm_statement)
        event.listen(Session, "before_flush", _before_flush)
