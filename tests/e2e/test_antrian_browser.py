"""The queue in real browsers: a resident takes a ticket at the kiosk and its PDF is a
thermal-roll ticket; the clerk calls it on the counter page (1366 and 1024 px); the TV's
display (1920 px, a second browser) shows and speaks it without being reloaded, and again
on a recall; the ticket joined to the file recorded for it; the wait on the dashboard."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from app.extensions import db
from app.services import antrian
from models._time import utcnow
from tests.e2e.conftest import SHOTS, Clerk

MM = 72 / 25.4


def wait_text(page, selector: str, text: str, timeout_ms: int = 12000) -> None:
    """Polled from here: the page's CSP forbids the eval that wait_for_function needs."""
    for _ in range(timeout_ms // 100):
        if page.inner_text(selector).strip() == text:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{selector} shows {page.inner_text(selector)!r}, not {text!r}")


def wait_attribute(page, selector: str, name: str, value: str, timeout_ms: int = 12000) -> None:
    for _ in range(timeout_ms // 100):
        if page.get_attribute(selector, name) == value:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{selector}[{name}] is {page.get_attribute(selector, name)!r}")


@pytest.mark.parametrize("width", [1366, 1024])
def test_a_ticket_taken_called_shown_spoken_and_turned_into_a_file(
        clerk, browser, live_server, app, users, an_application, width):
    # Earlier today: B-001 was served at counter 2, C-001 waits for a consultation.
    with app.app_context():
        antrian.ambil("pengambilan")
        antrian.ambil("konsultasi")
        db.session.commit()
        antrian.panggil_berikutnya(2, users["sekretariat"], "pengambilan")
        db.session.commit()
    # The TV: its own browser, 1920 px.
    tv = Clerk(browser, live_server, f"antrean-layar-{width}")
    try:
        tv.page.set_viewport_size({"width": 1920, "height": 1080})
        clips, loads = [], []
        tv.page.on("request", lambda r: "/static/suara/antrian/" in r.url
                   and clips.append(r.url.rsplit("/", 1)[1].split("?")[0]))
        tv.page.on("load", lambda page: loads.append(page.url))
        tv.goto("/antrian/layar")
        assert tv.page.inner_text("#kini-nomor") == "B-001"
        tv.page.click("#aktifkan-suara")  # the browser lets a page speak after one click

        # A resident at the kiosk: one press, the ticket and its PDF for the thermal roll.
        kiosk = clerk(f"antrean-kiosk-{width}")
        kiosk.goto("/antrian")
        kiosk.shot("mesin")
        with kiosk.page.expect_navigation():
            kiosk.page.click("#ambil-pengajuan")
        assert kiosk.page.inner_text("#nomor-tiket") == "A-001"
        kiosk.shot("tiket")
        href = kiosk.page.get_attribute("#cetak-tiket", "href")
        response = kiosk.page.request.get(live_server + href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.body()))
        assert len(reader.pages) == 1
        assert float(reader.pages[0].mediabox.width) == pytest.approx(
            app.config["ANTRIAN_KERTAS_MM"] * MM, abs=0.5)
        text = " ".join(reader.pages[0].extract_text().split())
        assert "NOMOR ANTREAN A-001 Pengajuan berkas baru" in text
        with app.app_context():  # the resident waited seven minutes
            tiket = antrian.cari("A-001")
            tiket.diambil_at = utcnow() - timedelta(minutes=7)
            db.session.commit()

        # The clerk at counter 1 calls the next.
        desk = clerk(f"antrean-loket-{width}").login("sekretariat")
        desk.page.set_viewport_size({"width": width, "height": 900})
        desk.goto("/admin/antrian/?loket=1")
        assert "A-001" in desk.page.inner_text("#daftar-menunggu")
        with desk.page.expect_navigation():
            desk.page.click("#panggil")
        assert desk.page.inner_text("#nomor-kini") == "A-001"
        assert "A-001 dipanggil ke loket 1." in desk.page.inner_text(".alert-success")
        desk.shot("dipanggil")

        # The TV shows it by itself and speaks it from the shipped clips.
        wait_text(tv.page, "#kini-nomor", "A-001")
        assert tv.page.inner_text("#kini-loket") == "Loket 1"
        assert tv.page.inner_text("#riwayat") == "B-001\tLoket 2"
        wait_text(tv.page, "#menunggu tr:first-child td:last-child", "0")  # A: none waits now
        assert tv.page.inner_text("#menunggu tr:last-child") == "C · Konsultasi\t1"
        spoken = "nomor_antrean huruf_a satu silakan_ke_loket satu"
        wait_attribute(tv.page, "#layar", "data-ucapan", spoken)
        for _ in range(50):
            if "silakan_ke_loket.ogg" in clips:
                break
            tv.page.wait_for_timeout(100)
        assert {"nomor_antrean.ogg", "huruf_a.ogg", "satu.ogg", "silakan_ke_loket.ogg"} <= set(clips)
        if SHOTS:
            tv.page.wait_for_timeout(3200)  # the highlight's three blinks are over
        tv.shot("dipanggil")
        said = int(tv.page.get_attribute("#layar", "data-jumlah-ucapan"))

        # A recall: the TV speaks once more; still not one reload.
        with desk.page.expect_navigation():
            desk.page.click("#ulangi")
        wait_attribute(tv.page, "#layar", "data-jumlah-ucapan", str(said + 1))
        assert len(loads) == 1, loads

        # The visitor's errand becomes a file at the Loket, joined to the ticket by its
        # number (the Loket's ticket field calls antrian.hubungkan).
        with app.app_context():
            p = an_application("teregister")
            antrian.hubungkan(antrian.cari("A-001"), p)
            db.session.commit()
            joined = antrian.cari("A-001")
            assert joined.permohonan_id == p.id and 7 * 60 <= joined.tunggu_detik < 8 * 60

        # The wait before the desk on the dashboard, beside the SOP's step times.
        boss = clerk(f"antrean-beranda-{width}").login("camat")
        boss.page.set_viewport_size({"width": width, "height": 900})
        boss.goto("/admin/")
        card = boss.page.inner_text("#tunggu-antrean")
        assert "Waktu tunggu antrean sebelum loket" in card and "1 berkas dari nomor antrean" in card
        assert re.match(r"7 mnt", boss.page.inner_text("#tunggu-rata"))
        boss.shot("beranda")
        assert not tv.console_errors, tv.console_errors
    finally:
        tv.close()


def test_a_slot_booked_in_the_browser_and_checked_in_at_the_kiosk(clerk, app):
    resident = clerk("antrean-pesan")
    resident.goto("/antrian")
    with resident.page.expect_navigation():
        resident.page.click("text=Pesan jam kedatangan untuk hari lain")
    day = resident.page.locator("#tanggal option").nth(1)  # the next working day
    resident.page.select_option("#tanggal", day.get_attribute("value"))
    resident.page.select_option("#jam", "10:00")
    resident.page.select_option("#keperluan", "konsultasi")
    resident.shot("isi")
    with resident.page.expect_navigation():
        resident.page.click("#pesan-kirim")
    kode = resident.page.inner_text("#kode-pemesanan")
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", kode)
    assert "pukul 10.00 WIB · Konsultasi" in resident.page.inner_text("main")
    resident.shot("kode")
    # Typed at the kiosk on another day, the code is refused beside the field.
    resident.goto("/antrian")
    resident.page.fill("#kode", kode)
    with resident.page.expect_navigation():
        resident.page.click("#checkin")
    assert resident.page.inner_text(".invalid-feedback") == "Pemesanan ini untuk hari lain."
