"""The list count: exact for an office's sizes, remembered briefly for huge tables."""
from sqlalchemy import delete, update

from app.extensions import db
from app.services import hitung, statistik
from app.workflow import engine
from models import Permohonan, SyaratPermohonan, TransitionLog


def test_small_tables_are_counted_exactly_every_time(app, an_application):
    an_application("diajukan")
    with app.app_context():
        assert hitung.total(Permohonan) == 1
    an_application("diajukan")
    with app.app_context():
        assert hitung.total(Permohonan) == 2


def test_huge_tables_are_remembered_for_a_moment(app, an_application, monkeypatch):
    monkeypatch.setattr(hitung, "EXACT_BELOW", 1)
    monkeypatch.setattr(hitung, "_cache", {})
    an_application("diajukan")
    with app.app_context():
        assert hitung.total(Permohonan) == 1
    an_application("diajukan")
    with app.app_context():
        assert hitung.total(Permohonan) == 1  # within the TTL
    monkeypatch.setattr(hitung, "TTL_SECONDS", -1)
    monkeypatch.setattr(hitung, "_cache", {})
    with app.app_context():
        assert hitung.total(Permohonan) == 2


def test_counts_per_state_are_kept_exact_by_every_write(app, an_application, users):
    """Kept by the database in the transaction of each write (issue 25): recorded, moved by
    the engine, changed behind its back, deleted: always the recount, never remembered."""
    def recount():
        return dict(db.session.execute(db.select(Permohonan.status, db.func.count())
                                       .group_by(Permohonan.status)).all())

    def kept():
        return {state: n for state, n in statistik.per_state().items() if n}

    first = an_application("diajukan")
    assert kept() == recount() == {"diajukan": 1}
    second = an_application("diproses")
    engine.perform(second.id, "verifikasi", users["sekcam"])
    assert kept() == recount() == {"diajukan": 1, "diverifikasi": 1}
    db.session.execute(update(Permohonan).where(Permohonan.id == second.id)
                       .values(status="diproses"))  # a rejection, written by hand
    db.session.commit()
    assert kept() == recount() == {"diajukan": 1, "diproses": 1}
    db.session.execute(delete(SyaratPermohonan).where(SyaratPermohonan.permohonan_id == first.id))
    db.session.execute(delete(TransitionLog).where(TransitionLog.permohonan_id == first.id))
    db.session.execute(delete(Permohonan).where(Permohonan.id == first.id))
    db.session.commit()
    assert kept() == recount() == {"diproses": 1}
