"""Migration 0022_antrian goes down and up again with a day's queue in its tables."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.database import include_object
from app.extensions import db
from app.services import antrian
from models import AntrianBooking
from tests.ops.revisions import below

TABLES = {"antrian_tiket", "antrian_counter", "antrian_booking"}


def test_antrian_migration_down_and_up(app, ctx, an_application):
    tiket = antrian.ambil("pengajuan")
    antrian.hubungkan(tiket, an_application("diajukan"))
    db.session.add(AntrianBooking(kode="K7QM3XPA", tanggal=tiket.tanggal, jam="09:00",
                                  keperluan="konsultasi"))
    db.session.commit()
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision=below(app, "0022_antrian"))
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade(revision="heads")
        db.session.remove()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": include_object}), db.metadata) == []
        # The day's numbers start again at 1 after the tables came back empty.
        assert antrian.nomor_tiket(antrian.ambil("pengajuan")) == "A-001"
        db.session.rollback()
