"""Migration 0024_dasbor goes down and up again with files in the database: the kept
counts are recounted from the files, and the triggers keep them from then on."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, update

from app.database import include_object
from app.extensions import db
from app.ops.check import run_checks
from app.services import statistik
from models import Permohonan
from tests.ops.revisions import below

TABLES = {"jumlah_status", "ringkasan_skm"}


def test_dasbor_migration_down_and_up(app, an_application):
    for state in ("diajukan", "diajukan", "diproses", "diserahkan"):
        an_application(state)
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision=below(app, "0024_dasbor"))
        assert not TABLES & set(inspect(db.engine).get_table_names())
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("permohonan")}
        assert "ix_permohonan_status_changed" in indexes
        upgrade(revision="heads")
        db.session.remove()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        assert {s: n for s, n in statistik.per_state().items() if n} == {
            "diajukan": 2, "diproses": 1, "diserahkan": 1}
        assert not [f for f in run_checks() if f.count]
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": include_object}), db.metadata) == []
        db.session.execute(update(Permohonan).where(Permohonan.status == "diajukan")
                           .values(status="diproses"))
        db.session.commit()
        assert statistik.per_state()["diproses"] == 3
