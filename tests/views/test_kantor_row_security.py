"""Isolation enforced a second time, by PostgreSQL (issue 21, migration 0027_rls): a raw
SELECT through the application's database role with office A set returns no row of office
B in any table of an office's data, a row of B cannot be written from A, the regency's
scope sees both, and a connection that set no scope sees nothing. Raw SQL on purpose: the
application's own filter (models/_kantor.py) never touches these statements.

The role: one made here as docs/kantor.md says (DML grants only, no BYPASSRLS), taken
with SET ROLE; made by the suite's role when a superuser, else through DATABASE_ADMIN_URL
(.ci/run's). Without either, the suite's own role, when the policies hold it (an owner
held by FORCE)."""
import os
from contextlib import contextmanager

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from app.access.scope import dalam_kantor
from app.extensions import db
from app.settings import normalise_database_url
from models import Desa
from tests.conftest import _postgresql_url
from tests.ops.revisions import below
from tests.views.test_kantor_isolation import NAMA_B, office_b  # noqa: F401

pytestmark = pytest.mark.skipif(
    _postgresql_url() is None,
    reason="row-level security is PostgreSQL's; on SQLite the application's filter holds "
           "alone (test_kantor_isolation.py)")

APP_ROLE = "ktpel_aplikasi_uji"
# Tables reached only through a parent: (table, its parent's column, the parent).
CHILDREN = (("syarat_permohonan", "permohonan_id", "permohonan"),
            ("surat_kolektif_berkas", "permohonan_id", "permohonan"),
            ("perubahan_pemohon", "pemohon_id", "pemohon"),
            ("percobaan_pesan", "pesan_id", "pesan"),
            ("dokumen_ttd", "dokumen_id", "dokumen"),
            ("cetak_log", "dokumen_id", "dokumen"))
# B's rows the fixture makes, at least: a test that found none in these would prove nothing.
B_HAS_ROWS = {"desa", "pemohon", "permohonan", "transition_log", "register_entry", "user",
              "counter", "jumlah_status", "syarat_permohonan"}


def _office_tables(conn) -> list[str]:
    return conn.exec_driver_sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'kantor_id' "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1").scalars().all()


@pytest.fixture
def as_app(app):
    """`with as_app(kantor=1) as conn:` a transaction of the application's role with that
    scope (`kantor`, or `lingkup="kabupaten"`, or neither: nothing set), rolled back after.
    Its own engine: none of the application's listeners set anything on it."""
    with app.app_context():
        engine = create_engine(db.engine.url)
    admin_url = os.environ.get("DATABASE_ADMIN_URL")
    with engine.connect() as conn:
        me, superuser, bypass = conn.exec_driver_sql(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles "
            "WHERE rolname = current_user").one()
        if bypass and not superuser:
            pytest.skip("the suite connects as a BYPASSRLS role: no policy holds it")
        admin = create_engine(normalise_database_url(admin_url)) if admin_url else engine
        dml_role = superuser or admin_url
        if dml_role:
            with admin.connect() as root:
                root.exec_driver_sql(
                    f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                    f"'{APP_ROLE}') THEN CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER "
                    f"NOBYPASSRLS; END IF; END $$")
                if not superuser:  # the suite's role may take the application's
                    root.exec_driver_sql(f'GRANT {APP_ROLE} TO "{me}"')
                root.commit()
            if admin is not engine:
                admin.dispose()
            conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
            conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES "
                                 f"IN SCHEMA public TO {APP_ROLE}")
            conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public "
                                 f"TO {APP_ROLE}")
            conn.commit()

    @contextmanager
    def connect(kantor: int | None = None, lingkup: str | None = None):
        with engine.connect() as conn:
            if dml_role:
                conn.exec_driver_sql(f"SET LOCAL ROLE {APP_ROLE}")
            if kantor is not None:
                conn.execute(text("SELECT set_config('app.kantor', :k, true)"), {"k": str(kantor)})
            if lingkup is not None:
                conn.execute(text("SELECT set_config('app.lingkup', :l, true)"), {"l": lingkup})
            try:
                yield conn
            finally:
                conn.rollback()

    connect.role = APP_ROLE if dml_role else None
    yield connect
    engine.dispose()


def _rows_of(conn, kantor_id: int) -> dict[str, list]:
    """Per table, the office's rows: by `kantor_id`, or for a child by its own ids (found
    in the regency's scope, so the check below needs no parent)."""
    found = {t: conn.execute(text(f'SELECT count(*) FROM "{t}" WHERE kantor_id = :k'),
                             {"k": kantor_id}).scalar() for t in _office_tables(conn)}
    for table, column, parent in CHILDREN:
        found[table] = conn.execute(text(
            f"SELECT c.id FROM {table} c JOIN {parent} p ON p.id = c.{column} "
            f"WHERE p.kantor_id = :k"), {"k": kantor_id}).scalars().all()
    return found


def _seen(conn, table: str, rows, kantor_id: int) -> int:
    if isinstance(rows, list):
        return conn.execute(text(f"SELECT count(*) FROM {table} WHERE id = ANY(:ids)"),
                            {"ids": rows}).scalar()
    return conn.execute(text(f'SELECT count(*) FROM "{table}" WHERE kantor_id = :k'),
                        {"k": kantor_id}).scalar()


def _size(rows) -> int:
    return len(rows) if isinstance(rows, list) else rows


def test_every_office_table_is_held_by_a_policy(app, as_app):
    with as_app(lingkup="kabupaten") as conn:
        tables = set(_office_tables(conn)) | {t for t, _, _ in CHILDREN}
        held = dict(conn.exec_driver_sql(
            "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity "
            "AND EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'").all())
    assert len(tables) >= 30
    assert {t for t in tables if not held.get(t)} == set()


def test_the_application_connects_as_a_role_the_policies_hold(app):
    with app.app_context(), db.engine.connect() as conn:
        superuser, bypass = conn.exec_driver_sql(
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").one()
    if superuser:
        pytest.skip("this run connects as a superuser (no policy holds it); .ci/run connects "
                    "as a role that cannot pass them")
    assert not bypass


def test_office_a_reads_no_row_of_office_b(app, as_app, office_b):  # noqa: F811
    a, b = 1, office_b["kantor"].id
    with as_app(lingkup="kabupaten") as conn:
        rows_b, rows_a = _rows_of(conn, b), _rows_of(conn, a)
        seen_b = {t: _seen(conn, t, rows, b) for t, rows in rows_b.items()}
    assert {t for t, rows in rows_b.items() if _size(rows)} >= B_HAS_ROWS
    assert seen_b == {t: _size(rows) for t, rows in rows_b.items()}  # the regency: all of B
    with as_app(kantor=a) as conn:
        leaked = {t: _seen(conn, t, rows, b) for t, rows in rows_b.items()}
        own = {t: _seen(conn, t, rows, a) for t, rows in rows_a.items()}
        names = conn.execute(text("SELECT count(*) FROM pemohon WHERE nama = :n"),
                             {"n": NAMA_B}).scalar()
        every = conn.execute(text("SELECT count(*) FROM permohonan")).scalar()
    assert {t: n for t, n in leaked.items() if n} == {}
    assert names == 0 and every == rows_a["permohonan"] > 0
    assert own == {t: _size(rows) for t, rows in rows_a.items()}  # A's own rows all there
    with as_app(kantor=b) as conn:  # and the other way round
        assert {t: n for t, rows in rows_a.items() if (n := _seen(conn, t, rows, a))} == {}


def test_no_scope_set_sees_nothing(app, as_app, office_b):  # noqa: F811
    with as_app() as conn:
        counts = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()
                  for t in _office_tables(conn) if t != "user"}
        regency_accounts_only = conn.execute(
            text('SELECT count(*) FROM "user" WHERE kantor_id IS NOT NULL')).scalar()
    assert {t: n for t, n in counts.items() if n} == {}
    assert regency_accounts_only == 0


def _refused(conn, sql: str, params: dict) -> bool:
    savepoint = conn.begin_nested()
    try:
        conn.execute(text(sql), params)
    except ProgrammingError as exc:
        savepoint.rollback()
        assert "row-level security" in str(exc), exc
        return True
    savepoint.commit()
    return False


def test_office_a_cannot_write_a_row_of_office_b(app, as_app, office_b):  # noqa: F811
    a, b = 1, office_b["kantor"].id
    b_file = office_b["files"][0].id
    with as_app(kantor=a) as conn:
        assert _refused(conn, "INSERT INTO desa (kantor_id, kode, nama, jenis) "
                              "VALUES (:b, '35.20.05.2099', 'Sisipan', 'desa')", {"b": b})
        assert _refused(conn, "UPDATE desa SET kantor_id = :b WHERE kantor_id = :a",
                        {"a": a, "b": b})
        assert _refused(conn, "INSERT INTO syarat_permohonan (permohonan_id, kode, label, "
                              "urutan, wajib, terpenuhi) VALUES (:p, 'x', 'Sisipan', 0, true, "
                              "true)", {"p": b_file})
        # B's rows are not there to change or remove.
        assert conn.execute(text("UPDATE pemohon SET nama = 'Diubah' WHERE kantor_id = :b"),
                            {"b": b}).rowcount == 0
        assert conn.execute(text("DELETE FROM syarat_permohonan WHERE permohonan_id = :p"),
                            {"p": b_file}).rowcount == 0
        # A writes its own.
        assert not _refused(conn, "INSERT INTO desa (kantor_id, kode, nama, jenis) "
                                  "VALUES (:a, '35.20.04.2099', 'Sisipan', 'desa')", {"a": a})
    with as_app(lingkup="kabupaten") as conn:
        assert conn.execute(text("SELECT count(*) FROM pemohon WHERE nama = :n"),
                            {"n": NAMA_B}).scalar() == len(office_b["files"])
        assert conn.execute(text("SELECT count(*) FROM syarat_permohonan WHERE permohonan_id "
                                 "= :p"), {"p": b_file}).scalar() > 0
    with as_app() as conn:  # nothing set: nothing written either
        assert _refused(conn, "INSERT INTO desa (kantor_id, kode, nama, jenis) "
                              "VALUES (:a, '35.20.04.2098', 'Sisipan', 'desa')", {"a": a})


def test_the_scope_follows_a_change_inside_a_transaction(app, ctx, as_app, office_b):  # noqa: F811
    """The application's own session: a request's first statement runs before its officer
    is known (the regency's scope); once the office is named, the next statement, a Core
    one the application's filter never narrows, and the next flush are held to it."""
    b = office_b["kantor"].id
    db.session.rollback()
    if as_app.role:
        db.session.execute(text(f"SET LOCAL ROLE {as_app.role}"))
    try:
        assert db.session.execute(text("SELECT count(*) FROM pemohon WHERE kantor_id = :b"),
                                  {"b": b}).scalar() == len(office_b["files"])
        with dalam_kantor(1):
            assert db.session.execute(text("SELECT count(*) FROM pemohon WHERE kantor_id = :b"),
                                      {"b": b}).scalar() == 0
            db.session.add(Desa(kantor_id=b, kode="35.20.05.2098", nama="Sisipan", jenis="desa"))
            with pytest.raises(ProgrammingError, match="row-level security"):
                db.session.flush()
    finally:
        db.session.rollback()


def test_the_policies_are_what_holds_the_raw_select(app, as_app, office_b):  # noqa: F811
    """Without 0027_rls the same raw SELECT shows office B's applicants to office A: the
    tests above would catch policies gone missing; with it again, none."""
    b = office_b["kantor"].id
    db.session.remove()
    with app.app_context():
        downgrade(revision=below(app, "0027_rls"))
        with as_app(kantor=1) as conn:
            assert conn.execute(text("SELECT count(*) FROM pemohon WHERE kantor_id = :b"),
                                {"b": b}).scalar() == len(office_b["files"])
        upgrade(revision="heads")
        with as_app(kantor=1) as conn:
            assert conn.execute(text("SELECT count(*) FROM pemohon WHERE kantor_id = :b"),
                                {"b": b}).scalar() == 0
