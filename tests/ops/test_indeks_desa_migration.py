"""Migration 0030_indeks_desa goes down and up again with files in the database: the
village filters' indexes lose and regain the office and the type, and the filter finds the same files."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from models import Permohonan
from tests.ops.revisions import below


def _columns() -> dict[str, list[str]]:
    return {i["name"]: i["column_names"] for i in inspect(db.engine).get_indexes("permohonan")
            if i["name"] in ("ix_permohonan_desa_created", "ix_permohonan_status_desa_created")}


def _in_village(desa_id: int) -> list[int]:
    return db.session.execute(db.select(Permohonan.id).where(
        Permohonan.status == "diproses", Permohonan.desa_id == desa_id,
        Permohonan.kantor_id == 1).order_by(Permohonan.id)).scalars().all()


def test_indeks_desa_down_and_up(app, an_application):
    files = [an_application("diproses") for _ in range(2)]
    an_application("diajukan")
    desa_id, ids = files[0].desa_id, [p.id for p in files]
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision=below(app, "0030_indeks_desa"))
        assert _columns() == {"ix_permohonan_desa_created": ["desa_id", "created_at"],
                              "ix_permohonan_status_desa_created":
                                  ["status", "desa_id", "created_at"]}
        assert _in_village(desa_id) == ids
        db.session.close()
        upgrade(revision="heads")
        db.session.remove()
        assert _columns() == {
            "ix_permohonan_desa_created": ["desa_id", "created_at", "id", "kantor_id", "jenis"],
            "ix_permohonan_status_desa_created":
                ["status", "desa_id", "created_at", "id", "kantor_id"]}
        assert _in_village(desa_id) == ids
