"""Migration 0026_alur_dinas goes down and up again with an office that chose the variant
where the card is printed at the Dinas: the way back drops the choice and keeps the
settings and the files; the way up gives the schema the models describe, the office back
on the SOP's workflow until the admin chooses again."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.database import include_object
from app.extensions import db
from models import OfficeSettings, Permohonan
from tests.ops.revisions import below


def test_alur_dinas_migration_down_and_up(app, an_application):
    p = an_application("teregister")
    settings = OfficeSettings.get()
    settings.alur_ktp = "ktp-el-dinas"
    settings.kecamatan = "Kecamatan Uji"
    permohonan_id = p.id
    db.session.commit()
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision=below(app, "0026_alur_dinas"))
        columns = {c["name"] for c in inspect(db.engine).get_columns("office_settings")}
        assert "alur_ktp" not in columns
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql(
                "SELECT kecamatan FROM office_settings").scalars().all() == ["Kecamatan Uji"]
            assert conn.exec_driver_sql("SELECT count(*) FROM permohonan").scalar() == 1
        upgrade(revision="heads")
        db.session.remove()
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("office_settings")}
        assert columns["alur_ktp"]["nullable"]
        assert OfficeSettings.get().alur_ktp is None  # the SOP's, until chosen again
        assert OfficeSettings.get().kecamatan == "Kecamatan Uji"
        assert db.session.get(Permohonan, permohonan_id).status == "teregister"
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": include_object}), db.metadata) == []
