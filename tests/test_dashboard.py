"""Dashboard figures on a fixture whose durations are known."""
from datetime import timedelta

from sqlalchemy import update

from app.extensions import db
from app.services import statistik
from models import Permohonan, TransitionLog
from models._time import utcnow


def set_durations(app, aksi: str, seconds: list[int]):
    with app.app_context():
        ids = db.session.execute(db.select(TransitionLog.id).where(TransitionLog.aksi == aksi)
                                 .order_by(TransitionLog.id)).scalars().all()
        assert len(ids) == len(seconds)
        for log_id, s in zip(ids, seconds):
            db.session.execute(update(TransitionLog).where(TransitionLog.id == log_id)
                               .values(durasi_detik=s))
        db.session.commit()


def test_sop_step_figures(app, an_application):
    for _ in range(5):
        an_application("teregister")
    # register = SOP step 2, standard 3 minutes: two within, three over.
    set_durations(app, "register", [60, 170, 200, 400, 1000])
    with app.app_context():
        now = utcnow()
        figures = {f.number: f for f in statistik.sop_steps(now - timedelta(days=1),
                                                             now + timedelta(days=1))}
    step2 = figures[2]
    assert step2.standar_menit == 3 and step2.jumlah == 5
    assert step2.median_detik == 200
    assert round(step2.p90_detik) == 760  # 400 + 0.6 * (1000 - 400)
    assert step2.dalam_standar == 2 and step2.persen_dalam_standar == 40.0
    assert figures[3].jumlah == 0 and figures[3].median_detik is None


def test_overdue_files_oldest_first_and_not_waiting_for_the_applicant(app, an_application):
    old = an_application("diajukan")
    older = an_application("teregister")
    fresh = an_application("diajukan")
    ready = an_application("disahkan")  # waiting for the applicant to collect: not overdue
    with app.app_context():
        now = utcnow()
        for p, minutes in ((old, 10), (older, 60), (fresh, 1), (ready, 600)):
            db.session.execute(update(Permohonan).where(Permohonan.id == p.id)
                               .values(status_changed_at=now - timedelta(minutes=minutes)))
        db.session.commit()
        ids = [p.id for p, _ in statistik.overdue(now)]
    assert ids == [older.id, old.id]


def test_each_role_sees_what_waits_for_it(login_as, an_application):
    an_application("diproses")
    an_application("diproses")
    html = login_as("sekcam").get("/admin/").get_data(as_text=True)
    assert "Diproses: <strong>2</strong>" in html
    html = login_as("camat").get("/admin/").get_data(as_text=True)
    assert "Tidak ada berkas yang menunggu peran Anda" in html


def test_dashboard_page_shows_standards_and_refuses_bad_periods(login_as, an_application):
    an_application("diserahkan")
    browser = login_as("camat")
    html = browser.get("/admin/?periode=30").get_data(as_text=True)
    for minutes in (5, 3, 5, 2):
        assert f"{minutes} menit" in html
    assert "<svg" in html
    assert browser.get("/admin/?periode=abad").status_code == 400
    assert browser.get("/admin/?dari=2026-12-01&sampai=2026-01-01").status_code == 400
    assert browser.get("/admin/?dari=kemarin&sampai=2026-01-01").status_code == 400
