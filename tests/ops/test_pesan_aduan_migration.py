"""Migration 0025_pesan_aduan goes down and up again with messages about a file and about a
complaint in the outbox: the way back keeps the file's, removes the complaint's (a table
of file messages cannot hold them), and the way up gives the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.database import include_object
from app.extensions import db
from app.services import pengaduan
from models import PercobaanPesan, Pesan
from tests.ops.revisions import below


def test_pesan_aduan_migration_down_and_up(app, an_application):
    p = an_application("teregister")
    aduan, _ = pengaduan.ajukan(pengaduan.Isian(
        nama="Sri Wahyuni", telepon="081234567890", kategori="waktu", isi="Lama sekali."))
    berkas = Pesan(permohonan_id=p.id, peristiwa="terdaftar", kanal="wa",
                   tujuan="6281234567890", isi="Yth. Budi", status="terkirim", percobaan=1)
    jawaban = Pesan(pengaduan_id=aduan.id, peristiwa="pengaduan_dijawab", kanal="wa",
                    tujuan="6281234567890", isi="Yth. Sri", status="terkirim", percobaan=1)
    db.session.add_all([berkas, jawaban])
    db.session.flush()
    db.session.add_all([PercobaanPesan(pesan_id=m.id, berhasil=True, jawaban="HTTP 200")
                        for m in (berkas, jawaban)])
    berkas_id, permohonan_id = berkas.id, p.id
    db.session.commit()
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision=below(app, "0025_pesan_aduan"))
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("pesan")}
        assert "pengaduan_id" not in columns and not columns["permohonan_id"]["nullable"]
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT id FROM pesan").scalars().all() == [berkas_id]
            assert conn.exec_driver_sql(
                "SELECT count(*) FROM percobaan_pesan").scalar() == 1
        upgrade(revision="heads")
        db.session.remove()
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("pesan")}
        assert columns["permohonan_id"]["nullable"] and "pengaduan_id" in columns
        assert db.session.get(Pesan, berkas_id).permohonan_id == permohonan_id
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": include_object}), db.metadata) == []
