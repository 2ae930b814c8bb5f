"""Migration 0015_pdp goes down and up again with data in its tables."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.database import include_object
from app.extensions import db
from models import InsidenKebocoran, LogBaca, OfficeSettings, PermintaanSubjek

TABLES = {"log_baca", "permintaan_subjek", "insiden_kebocoran"}


def test_pdp_migration_down_and_up(app, an_application):
    p = an_application("teregister")
    user_id = p.created_by_id
    db.session.add_all([
        LogBaca(user_id=user_id, peran="sekretariat", jenis="pemohon", pemohon_id=p.pemohon_id),
        PermintaanSubjek(jenis="akses", nik=p.pemohon.nik, nama="Budi", dicatat_oleh_id=user_id),
        InsidenKebocoran(uraian="x", data_terdampak="NIK", subjek_terdampak="y",
                         dicatat_oleh_id=user_id)])
    OfficeSettings.get().retensi_berkas_tahun = 7
    db.session.commit()
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision="0016_nama")  # the revision before 0015_pdp
        tables = set(inspect(db.engine).get_table_names())
        assert not tables & TABLES
        columns = {c["name"] for c in inspect(db.engine).get_columns("pemohon")}
        assert "dianonimkan_at" not in columns
        upgrade(revision="heads")
        db.session.remove()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        assert OfficeSettings.get().retensi_berkas_tahun == 5  # the default again
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": include_object}), db.metadata) == []
