"""The queue's rules without a browser: numbers per day and purpose (also when kiosks take
them at once, on SQLite and PostgreSQL), calling, recalling, skipping, the ticket joined
to its file with the wait measured, booking within the day's quota, and what the display
says."""
from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain_errors import DomainError
from app.extensions import db
from app.services import antrian, antrian_booking, antrian_layar, hari_kerja
from app.services.antrian_suara import KLIP, angka, panggilan
from app.timefmt import wib_today
from models import AntrianBooking, AntrianTiket
from models._time import utcnow

SUARA = Path(__file__).resolve().parents[2] / "static" / "suara" / "antrian"


def test_numbers_run_per_day_and_per_purpose(ctx):
    today = date(2026, 12, 7)
    a1, a2 = antrian.ambil("pengajuan", today), antrian.ambil("pengajuan", today)
    b1 = antrian.ambil("pengambilan", today)
    tomorrow = antrian.ambil("pengajuan", today + timedelta(days=1))
    db.session.commit()
    assert [antrian.nomor_tiket(t) for t in (a1, a2, b1, tomorrow)] == \
        ["A-001", "A-002", "B-001", "A-001"]


def test_an_unknown_purpose_is_refused_and_nothing_is_kept(ctx):
    with pytest.raises(antrian.AntrianInvalid) as refused:
        antrian.ambil("lain")
    assert refused.value.errors == {"keperluan": "Pilih keperluan Anda."}
    db.session.rollback()
    assert db.session.execute(db.select(db.func.count(AntrianTiket.id))).scalar_one() == 0


def test_kiosks_taking_numbers_at_once_never_share_or_skip_one(app, ctx):
    """Four kiosks, fifteen tickets each, the same purpose on the same day: 1 to 60."""
    taken, lock = [], threading.Lock()
    start = threading.Barrier(4)

    def kiosk():
        start.wait()
        for _ in range(15):
            with app.app_context():
                n = antrian.ambil("pengajuan").nomor
                db.session.commit()
            with lock:
                taken.append(n)

    threads = [threading.Thread(target=kiosk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == list(range(1, 61))


def test_the_counter_calls_the_oldest_recalls_and_skips(ctx, users):
    clerk = users["sekretariat"]
    first, second = antrian.ambil("pengajuan"), antrian.ambil("konsultasi")
    db.session.commit()
    called = antrian.panggil_berikutnya(1, clerk)
    db.session.commit()
    assert (called.id, called.status, called.loket, called.panggilan) == (first.id, "dipanggil", 1, 1)
    assert called.tunggu_detik is not None and called.dipanggil_oleh_id == clerk.id
    assert antrian.ulangi(1).panggilan == 2
    db.session.commit()
    # Calling the next at the same counter finishes the one it served.
    assert antrian.panggil_berikutnya(1, clerk).id == second.id
    assert antrian.lewati(1).status == "dilewati"
    db.session.commit()
    assert db.session.get(AntrianTiket, first.id).status == "selesai"
    with pytest.raises(antrian.TiketNotFound, match="Tidak ada nomor antrean yang menunggu"):
        antrian.panggil_berikutnya(1, clerk)
    with pytest.raises(antrian.TiketNotFound, match="belum memanggil"):
        antrian.ulangi(1)


def test_a_purpose_is_called_on_its_own(ctx, users):
    antrian.ambil("pengajuan")
    pick = antrian.ambil("pengambilan")
    db.session.commit()
    assert antrian.panggil_berikutnya(1, users["sekretariat"], "pengambilan").id == pick.id


def test_the_ticket_joined_to_its_file_keeps_the_wait(ctx, users, an_application):
    tiket = antrian.ambil("pengajuan")
    tiket.diambil_at = utcnow() - timedelta(minutes=12)
    db.session.commit()
    antrian.panggil_berikutnya(1, users["sekretariat"])
    p = an_application("teregister")
    antrian.hubungkan(antrian.cari("a-001"), p)
    db.session.commit()
    row = db.session.get(AntrianTiket, tiket.id)
    assert row.permohonan_id == p.id and 12 * 60 <= row.tunggu_detik < 12 * 60 + 30
    figures = antrian.waktu_tunggu(wib_today(), wib_today())
    assert figures.jumlah == 1 and figures.rata_detik == row.tunggu_detik
    other = an_application("teregister")
    with pytest.raises(antrian.TiketConflict):
        antrian.hubungkan(row, other)


def test_a_ticket_never_called_is_measured_when_it_becomes_a_file(ctx, an_application):
    tiket = antrian.ambil("pengajuan")
    tiket.diambil_at = utcnow() - timedelta(minutes=3)
    db.session.commit()
    antrian.hubungkan(tiket, an_application("diajukan"))
    db.session.commit()
    assert 180 <= db.session.get(AntrianTiket, tiket.id).tunggu_detik < 240


@pytest.mark.parametrize("typed, message", [
    ("Z-001", "Nomor antrean tidak dikenal: tulis seperti A-001."),
    ("", "Nomor antrean tidak dikenal: tulis seperti A-001."),
    ("A-009", "Nomor antrean itu tidak ada hari ini."),
])
def test_a_ticket_number_typed_wrong_is_named_by_the_field(ctx, typed, message):
    antrian.ambil("pengajuan")
    with pytest.raises(DomainError) as refused:
        antrian.cari(typed)
    assert refused.value.errors == {"tiket": message}


def _next_working_day() -> date:
    return next(d for d in antrian_booking.hari_pilihan() if d > wib_today())


def test_booking_stops_at_the_days_quota(app, ctx):
    app.config["ANTRIAN_KUOTA_BOOKING"] = 3
    try:
        day = _next_working_day()
        codes = []
        for _ in range(3):
            codes.append(antrian_booking.pesan(day, "09:00", "pengajuan").kode)
            db.session.commit()
        with pytest.raises(antrian_booking.KuotaConflict, match="sudah penuh"):
            antrian_booking.pesan(day, "10:00", "pengajuan")
        db.session.rollback()
        assert len(set(codes)) == 3 and antrian_booking.sisa_kuota(day) == 0
        # another day still has its own quota
        later = [d for d in antrian_booking.hari_pilihan() if d > day][0]
        assert antrian_booking.pesan(later, "09:00", "konsultasi").tanggal == later
        db.session.commit()
    finally:
        app.config["ANTRIAN_KUOTA_BOOKING"] = 20


def test_residents_booking_the_last_places_at_once_get_no_more_than_the_quota(app, ctx):
    app.config["ANTRIAN_KUOTA_BOOKING"] = 3
    day = _next_working_day()
    outcomes, lock = [], threading.Lock()
    start = threading.Barrier(6)

    def resident():
        start.wait()
        with app.app_context():
            try:
                antrian_booking.pesan(day, "08:00", "pengambilan")
                db.session.commit()
                result = "ok"
            except antrian_booking.KuotaConflict:
                db.session.rollback()
                result = "penuh"
        with lock:
            outcomes.append(result)

    try:
        threads = [threading.Thread(target=resident) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        app.config["ANTRIAN_KUOTA_BOOKING"] = 20
    assert sorted(outcomes) == ["ok"] * 3 + ["penuh"] * 3
    assert db.session.execute(db.select(db.func.count(AntrianBooking.id)).where(
        AntrianBooking.tanggal == day)).scalar_one() == 3


def test_a_booking_is_refused_on_a_day_off_an_odd_hour_or_past_two_weeks(ctx):
    day_off = next(wib_today() + timedelta(days=n) for n in range(1, 8)
                   if not hari_kerja.hari_kerja(wib_today() + timedelta(days=n)))
    with pytest.raises(antrian_booking.BookingInvalid) as refused:
        antrian_booking.pesan(day_off, "07:00", "lain")
    assert set(refused.value.errors) == {"tanggal", "jam", "keperluan"}
    with pytest.raises(antrian_booking.BookingInvalid):
        antrian_booking.pesan(wib_today() + timedelta(days=30), "09:00", "pengajuan")


def test_a_booking_is_checked_in_once_on_its_day(ctx):
    today = wib_today()
    booking = AntrianBooking(kode="K7QM3XPA", tanggal=today, jam="09:00", keperluan="konsultasi")
    other_day = AntrianBooking(kode="ABCD2345", tanggal=today + timedelta(days=1), jam="09:00",
                               keperluan="konsultasi")
    db.session.add_all([booking, other_day])
    db.session.commit()
    tiket = antrian_booking.checkin(" k7qm-3xpa ")
    db.session.commit()
    assert antrian.nomor_tiket(tiket) == "C-001"
    with pytest.raises(antrian_booking.BookingUsedConflict):
        antrian_booking.checkin("K7QM3XPA")
    with pytest.raises(antrian_booking.BookingDayInvalid):
        antrian_booking.checkin("ABCD2345")
    with pytest.raises(antrian_booking.BookingNotFound):
        antrian_booking.checkin("ZZZZZZZZ")


@pytest.mark.parametrize("n, words", [
    (0, ["nol"]), (7, ["tujuh"]), (10, ["sepuluh"]), (11, ["sebelas"]),
    (12, ["dua", "belas"]), (20, ["dua", "puluh"]), (45, ["empat", "puluh", "lima"]),
    (100, ["seratus"]), (111, ["seratus", "sebelas"]), (210, ["dua", "ratus", "sepuluh"]),
    (999, ["sembilan", "ratus", "sembilan", "puluh", "sembilan"]),
])
def test_numbers_are_spoken_in_indonesian(n, words):
    assert angka(n) == words


def test_every_clip_a_call_can_need_is_shipped():
    needed = {clip for n in range(1000) for clip in panggilan("A", n, 1 + n % 9)}
    needed |= {f"huruf_{k.huruf.lower()}" for k in antrian.KEPERLUAN.values()}
    assert needed <= set(KLIP)
    shipped = {p.stem for p in SUARA.glob("*.ogg")}
    assert set(KLIP) == shipped
    assert all((SUARA / f"{name}.ogg").read_bytes()[:4] == b"OggS" for name in KLIP)


def test_the_display_shows_the_latest_call_with_its_words(ctx, users):
    for _ in range(12):
        antrian.ambil("pengajuan")
    db.session.commit()
    for _ in range(12):
        antrian.panggil_berikutnya(2, users["sekretariat"])
    db.session.commit()
    state = antrian_layar.keadaan()
    latest = state["panggilan"][0]
    assert (latest["nomor"], latest["loket"], latest["kali"]) == ("A-012", 2, 1)
    assert latest["ucapan"] == ["nomor_antrean", "huruf_a", "dua", "belas",
                                "silakan_ke_loket", "dua"]
    assert len(state["panggilan"]) == antrian_layar.TERAKHIR
