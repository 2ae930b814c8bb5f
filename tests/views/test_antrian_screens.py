"""The queue's screens over HTTP: the kiosk (CSRF, a bad purpose named, the printer on the
server fed), the counter page's calls, the display's JSON, booking and check-in with
their refusals beside the field."""
from __future__ import annotations

import re
from datetime import timedelta

from app.extensions import db
from app.services import antrian, antrian_booking
from app.timefmt import wib_today
from models import AntrianBooking, AntrianTiket
from tests.conftest import Browser

KIOSK = "/antrian"


def resident(client) -> Browser:
    return Browser(client)


def test_a_ticket_is_taken_at_the_kiosk_and_shown_with_its_pdf(client):
    page = resident(client)
    response = page.post("/antrian/ambil", {"keperluan": "pengajuan"}, csrf_url=KIOSK)
    assert response.status_code == 302
    shown = page.get(response.headers["Location"]).get_data(as_text=True)
    assert "A-001" in shown and "Pengajuan berkas baru" in shown
    href = re.search(r'href="(/antrian/tiket/\d+\.pdf)"', shown).group(1)
    pdf = client.get(href)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_the_kiosk_refuses_a_post_without_its_token_or_with_an_unknown_purpose(client, ctx):
    assert client.post("/antrian/ambil", data={"keperluan": "pengajuan"}).status_code == 400
    response = resident(client).post("/antrian/ambil", {"keperluan": "lain"}, csrf_url=KIOSK)
    assert response.status_code == 422
    assert "Pilih keperluan Anda." in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(AntrianTiket.id))).scalar_one() == 0


def test_a_printer_on_the_server_gets_the_ticket_as_escpos(app, client, tmp_path):
    device = tmp_path / "lp0"
    app.config["ANTRIAN_PRINTER"] = str(device)
    try:
        response = resident(client).post("/antrian/ambil", {"keperluan": "konsultasi"},
                                         csrf_url=KIOSK)
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Tiket sedang dicetak. Silakan ambil di printer." in page
        data = device.read_bytes()
        assert data.startswith(b"\x1b@") and b"C-001" in data and data.endswith(b"\x1dVB\x03")
        # A printer that is off loses nobody's ticket: the page still offers the PDF.
        app.config["ANTRIAN_PRINTER"] = str(tmp_path / "mati" / "lp0")
        response = resident(client).post("/antrian/ambil", {"keperluan": "konsultasi"},
                                         csrf_url=KIOSK)
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "C-002" in page and "Cetak tiket" in page and "sedang dicetak" not in page
    finally:
        app.config["ANTRIAN_PRINTER"] = None


def test_the_counter_calls_recalls_and_skips(login_as, ctx):
    for _ in range(2):
        antrian.ambil("pengajuan")
    db.session.commit()
    clerk = login_as("sekretariat")
    url = "/admin/antrian/"
    response = clerk.post(url + "panggil", {"loket": "2"}, csrf_url=url)
    assert response.status_code == 302 and response.headers["Location"].endswith("?loket=2")
    page = clerk.get("/admin/antrian/?loket=2").get_data(as_text=True)
    assert "A-001 dipanggil ke loket 2." in page and 'id="nomor-kini">A-001<' in page
    assert clerk.post(url + "ulangi", {"loket": "2"}).status_code == 302
    assert clerk.post(url + "lewati", {"loket": "2"}).status_code == 302
    page = clerk.get("/admin/antrian/?loket=2").get_data(as_text=True)
    assert "A-001 dilewati." in page
    state = db.session.execute(db.select(AntrianTiket).order_by(AntrianTiket.nomor)).scalars().all()
    assert [(t.status, t.panggilan) for t in state] == [("dilewati", 2), ("menunggu", 0)]


def test_the_counter_refuses_an_unknown_counter_and_an_empty_queue(login_as):
    clerk = login_as("sekretariat")
    url = "/admin/antrian/"
    response = clerk.post(url + "panggil", {"loket": "99"}, csrf_url=url)
    assert response.status_code == 422 and "Loket tidak dikenal." in response.get_data(as_text=True)
    response = clerk.post(url + "panggil", {"loket": "1"})
    assert response.status_code == 404
    assert "Tidak ada nomor antrean yang menunggu." in response.get_data(as_text=True)
    response = clerk.post(url + "lewati", {"loket": "1"})
    assert response.status_code == 404
    assert "Loket ini belum memanggil nomor antrean." in response.get_data(as_text=True)


def test_the_display_asks_a_small_json_and_runs_no_inline_script(client, ctx, users):
    antrian.ambil("pengambilan")
    db.session.commit()
    antrian.panggil_berikutnya(1, users["sekretariat"])
    db.session.commit()
    response = client.get("/antrian/layar.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    call = response.json["panggilan"][0]
    assert (call["nomor"], call["loket"], call["ucapan"][:3]) == ("B-001", 1, ["nomor_antrean", "huruf_b", "satu"])
    page = client.get("/antrian/layar")
    html = page.get_data(as_text=True)
    assert "B-001" in html and "Loket 1" in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def _next_working_day():
    return next(d for d in antrian_booking.hari_pilihan() if d > wib_today())


def test_a_slot_is_booked_and_checked_in_by_its_code(client, ctx):
    page = resident(client)
    day = _next_working_day()
    response = page.post("/antrian/pesan", {"tanggal": day.isoformat(), "jam": "09:00",
                                            "keperluan": "pengambilan"}, csrf_url="/antrian/pesan")
    assert response.status_code == 200
    kode = re.search(r'id="kode-pemesanan">(\w+)<', response.get_data(as_text=True)).group(1)
    booking = db.session.execute(db.select(AntrianBooking)).scalar_one()
    assert booking.kode == kode and booking.tanggal == day
    # On its day, the code at the kiosk gives a ticket once.
    booking.tanggal = wib_today()
    db.session.commit()
    response = page.post("/antrian/checkin", {"kode": kode.lower()}, csrf_url=KIOSK)
    assert response.status_code == 302
    assert "B-001" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = page.post("/antrian/checkin", {"kode": kode})
    assert response.status_code == 409
    assert "Kode pemesanan ini sudah dipakai." in response.get_data(as_text=True)
    response = page.post("/antrian/checkin", {"kode": "TIDAKADA"})
    assert response.status_code == 404
    assert "Kode pemesanan tidak ditemukan." in response.get_data(as_text=True)


def test_booking_refusals_stand_by_their_field_and_a_full_day_says_so(app, client, ctx):
    page = resident(client)
    response = page.post("/antrian/pesan", {"tanggal": "2020-01-01", "jam": "03:00",
                                            "keperluan": "x"}, csrf_url="/antrian/pesan")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for message in ("Pilih hari kerja mulai hari ini sampai 14 hari ke depan.",
                    "Pilih salah satu jam yang tersedia.", "Pilih keperluan Anda."):
        assert message in html
    app.config["ANTRIAN_KUOTA_BOOKING"] = 1
    try:
        day = _next_working_day().isoformat()
        form = {"tanggal": day, "jam": "08:00", "keperluan": "pengajuan"}
        assert page.post("/antrian/pesan", form).status_code == 200
        response = page.post("/antrian/pesan", form)
        assert response.status_code == 409
        html = response.get_data(as_text=True)
        assert "Kuota pemesanan untuk hari itu sudah penuh." in html
        assert re.search(rf'<option[^>]*value="{day}"[^>]*>[^<]* · penuh</option>', html)
    finally:
        app.config["ANTRIAN_KUOTA_BOOKING"] = 20
    assert db.session.execute(db.select(db.func.count(AntrianBooking.id))).scalar_one() == 1


def test_the_wait_before_the_desk_is_on_the_dashboard(login_as, ctx, users, an_application):
    from models._time import utcnow

    tiket = antrian.ambil("pengajuan")
    tiket.diambil_at = utcnow() - timedelta(minutes=25)
    db.session.commit()
    antrian.panggil_berikutnya(1, users["sekretariat"])
    antrian.hubungkan(tiket, an_application("diajukan"))
    db.session.commit()
    page = login_as("camat").get("/admin/").get_data(as_text=True)
    assert "Waktu tunggu antrean sebelum loket" in page
    assert re.search(r'id="tunggu-rata">25 mnt', page), page[page.find("tunggu-antrean"):][:600]


def test_the_displays_clips_are_served_from_the_application(client):
    html = client.get("/antrian/layar").get_data(as_text=True)
    pattern = re.search(r'data-suara="([^"]+)"', html).group(1)
    for clip in ("nomor_antrean", "huruf_a", "silakan_ke_loket", "sembilan"):
        response = client.get(pattern.replace("KLIP", clip))
        assert response.status_code == 200 and response.data[:4] == b"OggS"
        response.close()
