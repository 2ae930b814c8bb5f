"""Migration 0028_indeks_kantor goes down and up again with files in the database: the
office-leading indexes go and come back, and the name search finds the same files."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from app.services.pencarian import permohonan_search_clause
from models import Permohonan
from tests.ops.revisions import below

NEW = {"ix_permohonan_kantor_created", "ix_permohonan_kantor_status_created",
       "ix_permohonan_kantor_status_changed", "ix_permohonan_kantor_diserahkan"}
OLD = {"ix_permohonan_layanan_diserahkan"}


def _indexes() -> set[str]:
    return {i["name"] for i in inspect(db.engine).get_indexes("permohonan")}


def _found(term: str) -> list[int]:
    return db.session.execute(db.select(Permohonan.id).where(
        permohonan_search_clause(term)).order_by(Permohonan.id)).scalars().all()


def test_indeks_kantor_down_and_up(app, an_application):
    ids = [an_application(s, nama="Sri Wahyuningsih").id for s in ("diajukan", "diserahkan")]
    an_application("diajukan", nama="Bambang Priyanto")
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision=below(app, "0028_indeks_kantor"))
        assert OLD <= _indexes() and not NEW & _indexes()
        assert _found("wahyuning") == ids
        db.session.close()
        upgrade(revision="heads")
        db.session.remove()
        assert NEW <= _indexes() and not OLD & _indexes()
        assert _found("wahyuning") == ids
