"""The demo data: routes from the graph, every moment within office hours (Monday to
Friday 07.30–15.30 WIB), names that match the sex, spread over the last 60 days up to
today, and a database that passes `flask check`."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.ops.check import run_checks
from app.layanan.ktp_el import demo
from app.workflow.declaration import get_workflow
from models import Pemohon, Permohonan, RegisterEntry, SyaratPermohonan, TransitionLog

WIB = ZoneInfo("Asia/Jakarta")
MEN = {"Agus", "Budi", "Joko", "Slamet", "Eko", "Hadi", "Wahyu", "Andi", "Dwi", "Rizky"}
WOMEN = {"Siti", "Sri", "Dewi", "Rina", "Wulan", "Ayu", "Lestari", "Nur", "Indah", "Fitri"}
WOMEN_FAMILY = {"Rahayu", "Susanti", "Lestari", "Setyawati", "Wulandari", "Handayani",
                "Puspitasari", "Anggraini"}


def office_hours(moment: datetime) -> bool:
    local = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(WIB)
    return local.weekday() < 5 and time(7, 30) <= local.time() <= time(15, 30)


# A Wednesday at 10.00 WIB, a Saturday, and a Monday before the office opens. One seeding
# per moment (about a second each), every property checked on it.
@pytest.mark.parametrize("now", [datetime(2026, 11, 25, 3, 0), datetime(2026, 11, 28, 5, 0),
                                 datetime(2026, 11, 30, 0, 10)],
                         ids=["wednesday", "saturday", "monday-early"])
def test_demo_data(app, now):
    with app.test_request_context():
        demo.seed_demo(now=now)
    every_moment_is_within_office_hours(app)
    spread_over_sixty_days_up_to_the_last_office_day(app, now)
    names_match_the_sex_and_the_nik(app)
    every_state_and_transition_occurs_and_the_office_is_sound(app)


def every_moment_is_within_office_hours(app):
    with app.app_context():
        moments = [*db.session.execute(db.select(TransitionLog.at)).scalars(),
                   *db.session.execute(db.select(Permohonan.created_at)).scalars(),
                   *db.session.execute(db.select(SyaratPermohonan.dicentang_at).where(
                       SyaratPermohonan.dicentang_at.is_not(None))).scalars()]
    assert len(moments) > 100
    outside = [m for m in moments if not office_hours(m)]
    assert not outside, outside[:5]


def spread_over_sixty_days_up_to_the_last_office_day(app, seeded):
    with app.app_context():
        first = db.session.execute(db.select(db.func.min(Permohonan.created_at))).scalar()
        last = db.session.execute(db.select(db.func.max(TransitionLog.at))).scalar()
        days = {m.date() for m in db.session.execute(db.select(Permohonan.created_at)).scalars()}
    assert last <= seeded and first >= seeded - timedelta(days=60)
    last_office_day = seeded.replace(tzinfo=ZoneInfo("UTC")).astimezone(WIB).date()
    while last_office_day.weekday() >= 5 or (
            last_office_day == seeded.replace(tzinfo=ZoneInfo("UTC")).astimezone(WIB).date()
            and seeded.replace(tzinfo=ZoneInfo("UTC")).astimezone(WIB).time() < time(7, 30)):
        last_office_day -= timedelta(days=1)
    assert last.replace(tzinfo=ZoneInfo("UTC")).astimezone(WIB).date() == last_office_day
    assert first < seeded - timedelta(days=30) and len(days) > 15  # spread, not bunched


def names_match_the_sex_and_the_nik(app):
    with app.app_context():
        people = db.session.execute(db.select(Pemohon)).scalars().all()
    for p in people:
        given, family = p.nama.split()
        women_day = int(p.nik[6:8]) > 40
        if p.jenis_kelamin == "P":
            assert given in WOMEN and women_day, p.nama
        else:
            assert given in MEN and family not in WOMEN_FAMILY and not women_day, p.nama


def every_state_and_transition_occurs_and_the_office_is_sound(app):
    wf = get_workflow()
    with app.app_context():
        states = set(db.session.execute(db.select(Permohonan.status)).scalars())
        actions = set(db.session.execute(db.select(TransitionLog.aksi)).scalars())
        assert {f.rule: f.count for f in run_checks() if f.count} == {}
        # Register numbers follow the dates, as the office's book would.
        numbers = db.session.execute(
            db.select(RegisterEntry.nomor_urut).join(TransitionLog, (
                TransitionLog.permohonan_id == RegisterEntry.permohonan_id)
                & (TransitionLog.aksi == wf.register_transition))
            .order_by(TransitionLog.at, TransitionLog.id)).scalars().all()
    assert states == {s.name for s in wf.states}
    assert actions == {t.name for t in wf.transitions}
    assert numbers == sorted(numbers)
