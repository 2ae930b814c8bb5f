"""The survey in a real browser: a resident on the counter tablet, another on a phone with
JavaScript off, the public /ikm page, and the Camat's card and period page."""
from datetime import date, datetime

from app.extensions import db
from app.survei import undangan
from models import SkmJawaban, SkmPeriode, SkmTindakLanjut
from tests.e2e.conftest import OFFICE_TIMEZONE, shoot

PHONE = {"width": 390, "height": 844}


def test_resident_rates_the_service_on_the_counter_tablet(clerk, an_application, app,
                                                         monkeypatch):
    # Back to the start after 2 s rather than the office's 8 (tests/survei/test_skm_survei.py).
    monkeypatch.setitem(app.config, "SKM_KIOSK_KEMBALI_DETIK", 2)
    p = an_application("diserahkan")
    tablet = clerk("skm-kiosk")
    page = tablet.page
    tablet.goto("/survei")
    assert page.locator("#kode").evaluate("el => el === document.activeElement")  # scanner types here
    tablet.shot("mulai-1366")
    # The receipt number alone is sequential: the kiosk asks for the NIK's end too.
    page.fill("#kode", p.nomor_tanda_terima)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "6 digit terakhir NIK" in page.locator("#nik + .invalid-feedback").inner_text()
    page.fill("#nik", p.pemohon.nik[-6:])
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/survei/" in page.url
    for i, score in enumerate((4, 3, 3, 4, 4, 4, 4, 2, 3), start=1):
        page.click(f"label[for=u{i}-{score - 1}]")
    page.click("label[for=jenis_kelamin-1]")   # Perempuan
    page.click("label[for=umur-2]")            # 31-40
    page.fill("#saran", "Kursi ruang tunggu kurang.")
    assert page.locator("#u1-3").is_checked()
    tablet.shot("isi-1366")
    with page.expect_navigation():
        page.click("button:has-text('Kirim jawaban')")
    assert page.locator("#terima-kasih").count() == 1
    tablet.shot("terima-kasih-1366")
    page.wait_for_url(tablet.base + "/survei", timeout=15000)  # back to the start by itself
    with app.app_context():
        row = db.session.execute(db.select(SkmJawaban)).scalar_one()
        assert (row.u1, row.u8, row.jenis_kelamin, row.umur) == (4, 2, "P", "u31")
    # The same receipt a second time: refused, kindly.
    page.fill("#kode", p.nomor_tanda_terima)
    page.fill("#nik", p.pemohon.nik[-6:])
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "sudah diisi" in page.locator("#pesan").inner_text()


def test_a_phone_without_javascript_answers_from_the_qr_address(browser, live_server,
                                                                an_application, app):
    p = an_application("diserahkan")
    with app.test_request_context():
        kode = undangan.untuk(p).kode
        db.session.commit()
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id=OFFICE_TIMEZONE,
                                  java_script_enabled=False,
                                  is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/survei/{kode}")
        width = page.locator("body").bounding_box()["width"]
        assert width <= PHONE["width"]  # nothing wider than the phone
        shoot(page, "skm-isi-ponsel")
        for i in range(1, 10):
            page.click(f"label[for=u{i}-2]")
        with page.expect_navigation():
            page.click("button:has-text('Kirim jawaban')")
        assert "Terima kasih atas penilaian Anda." in page.content()
        shoot(page, "skm-terima-kasih-ponsel")
    finally:
        context.close()
    with app.app_context():
        assert db.session.execute(db.select(SkmJawaban.u5)).scalar_one() == 3


def _published_quarter(app):
    with app.app_context():
        for scores in ((4, 4, 3, 4, 3, 3, 4, 2, 3), (3, 4, 3, 4, 3, 4, 4, 3, 3),
                       (4, 3, 2, 4, 3, 3, 4, 2, 4), (3, 3, 3, 4, 4, 3, 3, 3, 3)):
            db.session.add(SkmJawaban(layanan="ktp-el", tanggal=date(2026, 8, 3),
                                      **{f"u{i + 1}": s for i, s in enumerate(scores)}))
        row = SkmPeriode(layanan="ktp-el", jenis="triwulan", tahun=2026, nomor=3,
                         dari=date(2026, 7, 1), sampai=date(2026, 9, 30),
                         dipublikasikan_at=datetime(2026, 10, 5, 3, 0))
        db.session.add(row)
        db.session.flush()
        db.session.add(SkmTindakLanjut(
            periode_id=row.id, unsur="U8", tindakan="Kotak dan nomor WhatsApp pengaduan dipasang "
            "di ruang tunggu; pengaduan dijawab paling lambat 3 hari kerja.",
            penanggung_jawab="Kasubag Umum", tenggat=date(2026, 11, 30)))
        db.session.commit()
        return row.id


def test_public_ikm_page_at_1366_and_on_a_phone(clerk, browser, live_server, app):
    _published_quarter(app)
    visitor = clerk("skm-ikm")
    visitor.goto("/ikm")
    assert visitor.page.locator("#nilai-ikm").inner_text() == "82,64"
    assert "Baik" in visitor.page.locator("#hasil-ikm").inner_text()
    assert "Kasubag Umum" in visitor.page.locator("#tindak-lanjut").inner_text()
    bar = visitor.page.locator("#unsur tbody tr").nth(7).locator(".ikm-bar span")  # U8, NRR 2.5
    assert bar.get_attribute("style") == "width: 62.5%"
    visitor.shot("ikm-1366")
    context = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True,
                                  timezone_id=OFFICE_TIMEZONE)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/ikm")
        assert page.locator("#nilai-ikm").inner_text() == "82,64"
        shoot(page, "skm-ikm-ponsel")
    finally:
        context.close()


def test_camat_reads_the_card_and_the_period(clerk, users, app):
    pid = _published_quarter(app)
    camat = clerk("skm-camat").login("camat")
    camat.goto("/admin/")
    assert camat.page.locator("#kartu-skm").count() == 1
    shoot(camat.page.locator("#kartu-skm"), "skm-kartu-1366", full_page=False)
    camat.page.set_viewport_size({"width": 1024, "height": 800})
    shoot(camat.page.locator("#kartu-skm"), "skm-kartu-1024", full_page=False)
    camat.page.set_viewport_size({"width": 1366, "height": 900})
    camat.goto("/admin/skm-periode/")
    camat.shot("daftar-periode")
    with camat.page.expect_navigation():
        camat.page.click("text=Triwulan III 2026")
    assert camat.page.url.endswith(f"/admin/skm-periode/{pid}/")
    assert camat.page.locator("#nilai-ikm").inner_text() == "82,64"
    camat.shot("periode-1366")
    camat.page.set_viewport_size({"width": 1024, "height": 800})
    camat.shot("periode-1024")
    camat.page.set_viewport_size({"width": 1366, "height": 900})
    with camat.page.expect_navigation():
        camat.page.click("text=Tambah tindak lanjut")
    page = camat.page
    camat.select2("unsur", "U3")
    page.fill("#tindakan", "Loket pengambilan dibuka juga pukul 13.00-15.00.")
    page.fill("#penanggung_jawab", "Sekretaris Kecamatan")
    page.fill("#tenggat", "2026-12-15")
    page.click("h1, .admin-form label[for=tindakan]")  # close the date picker
    camat.shot("tindak-lanjut-baru")
    with page.expect_navigation():
        page.click(".admin-form input[type=submit]")
    assert page.url.endswith(f"/admin/skm-periode/{pid}/")
    assert "Loket pengambilan dibuka" in page.locator("#tindak-lanjut").inner_text()
