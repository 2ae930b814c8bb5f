"""Migration 0021_notifikasi goes down and up again with data in its tables and columns."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.database import include_object
from app.extensions import db
from models import OfficeSettings, PercobaanPesan, Pemohon, Pesan, TemplatPesan
from tests.ops.revisions import below

TABLES = {"pesan", "percobaan_pesan", "templat_pesan"}
COLUMNS = {"email", "notifikasi_setuju", "notifikasi_kanal", "notifikasi_setuju_at"}


def test_pesan_migration_down_and_up(app, an_application):
    p = an_application("teregister")
    p.pemohon.notifikasi_setuju, p.pemohon.notifikasi_kanal = True, "wa"
    p.pemohon.telepon, p.pemohon.email = "081234567890", "budi@contoh.id"
    OfficeSettings.get().notifikasi_wa = True
    pesan = Pesan(permohonan_id=p.id, peristiwa="terdaftar", kanal="wa",
                  tujuan="6281234567890", isi="Yth. Budi", status="terkirim", percobaan=1)
    db.session.add_all([pesan, TemplatPesan(peristiwa="sah", isi="Halo {tautan}")])
    db.session.flush()
    db.session.add(PercobaanPesan(pesan_id=pesan.id, berhasil=True, jawaban="HTTP 200"))
    pemohon_id = p.pemohon_id
    db.session.commit()
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision=below(app, "0021_notifikasi"))
        assert not set(inspect(db.engine).get_table_names()) & TABLES
        columns = {c["name"] for c in inspect(db.engine).get_columns("pemohon")}
        assert not columns & COLUMNS and "telepon" in columns
        upgrade(revision="heads")
        db.session.remove()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        budi = db.session.get(Pemohon, pemohon_id)
        # Consent is not assumed after a way back: it must be asked again.
        assert budi.telepon == "081234567890" and not budi.notifikasi_setuju
        assert budi.email is None and not OfficeSettings.get().notifikasi_wa
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": include_object}), db.metadata) == []
