"""Migration 0023_pengaduan goes down and up again with a complaint in its table."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from app.database import include_object
from models import OfficeSettings, Pengaduan
from tests.ops.revisions import below


def test_pengaduan_migration_down_and_up(app, ctx):
    db.session.add(Pengaduan(nomor="PGD/2026/00001", kode_hash="0" * 64, nama="Sri",
                             telepon="081234567890", kategori="waktu", isi="Lama " * 5))
    OfficeSettings.get().pengaduan_hari = 20
    db.session.commit()
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    downgrade(revision=below(app, "0023_pengaduan"))
    assert "pengaduan" not in inspect(db.engine).get_table_names()
    columns = {c["name"] for c in inspect(db.engine).get_columns("office_settings")}
    assert not columns & {"pengaduan_hari", "standar_pelayanan", "maklumat_pelayanan"}
    upgrade(revision="heads")
    db.session.remove()
    assert "pengaduan" in inspect(db.engine).get_table_names()
    assert OfficeSettings.get().pengaduan_hari == 14  # the published default again
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={
            "compare_type": True, "include_object": include_object}), db.metadata) == []
