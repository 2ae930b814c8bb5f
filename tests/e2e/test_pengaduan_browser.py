"""A complaint in a real browser: a resident sends it from the public form (a mistake first,
refused beside its field), sees its number and code; the Sekcam assigns, answers and
closes it; the resident reads the answer on the status page. Pictures at 1366 and 1024."""
from app.extensions import db
from models import Pengaduan

WIDTHS = (1366, 1024)


def test_complaint_from_the_public_form_to_the_answer(clerk, app, users):
    warga = clerk("pengaduan-warga")
    page = warga.page
    warga.goto("/pengaduan")
    page.fill("#nama", "Sri Wahyuni")
    page.fill("#telepon", "0812 3456 7890")
    page.select_option("#kategori", "waktu")
    page.fill("#isi", "Terlalu singkat")
    with page.expect_navigation():
        page.click("button:has-text('Kirim pengaduan')")
    assert "20 sampai 2.000 huruf" in page.locator("#isi + .invalid-feedback").inner_text()
    assert page.locator("#nama").input_value() == "Sri Wahyuni"  # what was typed stays
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        warga.shot(f"formulir-galat-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.fill("#isi", "Sudah tiga minggu KTP-el saya belum jadi dan tidak ada kabar dari kantor.")
    with page.expect_navigation():
        page.click("button:has-text('Kirim pengaduan')")
    nomor = page.locator("#nomor-pengaduan").inner_text().strip()
    kode = page.locator("#kode-pengaduan").inner_text().strip()
    assert nomor.startswith("PGD/") and len(kode) == 9
    warga.shot("terkirim-1366")

    sekcam = clerk("pengaduan-sekcam").login(users["sekcam"].username)
    with app.app_context():
        row_id = db.session.execute(db.select(Pengaduan.id)).scalar_one()
    sekcam.goto("/admin/")  # the way in: the dashboard's complaints card
    assert "Tidak ada pengaduan yang terlambat" in sekcam.page.locator("#kartu-pengaduan").inner_text()
    for width in WIDTHS:
        sekcam.page.set_viewport_size({"width": width, "height": 900})
        sekcam.shot(f"beranda-{width}")
    with sekcam.page.expect_navigation():
        sekcam.page.click("#kartu-pengaduan a:has-text('Semua pengaduan')")
    with sekcam.page.expect_navigation():
        sekcam.page.click(f"a:has-text('{nomor}')")
    assert sekcam.page.url.endswith(f"/admin/pengaduan/details/?id={row_id}")
    assert "Sri Wahyuni" in sekcam.page.locator("#rincian-pengaduan").inner_text()
    sekcam.page.select_option("#petugas-pilih", str(users["sekretariat"].id))
    with sekcam.page.expect_navigation():
        sekcam.page.click("button:has-text('Tugaskan')")
    assert users["sekretariat"].nama in sekcam.page.locator("#petugas").inner_text()
    jawaban = "KTP-el Anda sudah dicetak di Dinas; silakan diambil di kecamatan mulai Senin."
    sekcam.page.fill("#jawaban-isi", jawaban)
    with sekcam.page.expect_navigation():
        sekcam.page.click("button:has-text('Simpan jawaban')")
    for width in WIDTHS:
        sekcam.page.set_viewport_size({"width": width, "height": 900})
        sekcam.shot(f"dijawab-{width}")
    with sekcam.page.expect_navigation():
        sekcam.page.click("button:has-text('Tutup pengaduan')")
    assert "Selesai" in sekcam.page.locator("#status-pengaduan").inner_text()

    warga.goto("/pengaduan/status")
    page.fill("#nomor", nomor)
    page.fill("#bukti", kode)
    with page.expect_navigation():
        page.click("button:has-text('Lihat status')")
    assert jawaban in page.locator("#jawaban").inner_text()
    assert "Selesai" in page.locator("#status-pengaduan").inner_text()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        warga.shot(f"status-dijawab-{width}")
    # Another person with the number and a guessed code sees nothing of it.
    orang_lain = clerk("pengaduan-orang-lain")
    orang_lain.goto("/pengaduan/status")
    orang_lain.page.fill("#nomor", nomor)
    orang_lain.page.fill("#bukti", "0000")
    with orang_lain.page.expect_navigation():
        orang_lain.page.click("button:has-text('Lihat status')")
    assert "tidak cocok" in orang_lain.page.locator("#galat").inner_text()
    assert jawaban not in orang_lain.page.content()
    # The one console line is that page's own 404, asserted above: no script error.
    assert orang_lain.console_errors == [
        "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"]
    orang_lain.console_errors.clear()


def test_the_published_standard_page_at_1366_and_1024(clerk, app):
    from models import OfficeSettings
    with app.app_context():
        s = OfficeSettings.get()
        s.maklumat_pelayanan = ("Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan "
                                "sesuai standar pelayanan yang telah ditetapkan.")
        s.standar_pelayanan = "Persyaratan: KK asli.\nWaktu: 14 hari kerja.\nBiaya: gratis."
        db.session.commit()
    warga = clerk("standar-pelayanan")
    warga.goto("/standar-pelayanan")
    assert "sanggup" in warga.page.locator("#maklumat").inner_text()
    assert "14 hari kerja" in warga.page.locator("#saluran").inner_text()
    for width in WIDTHS:
        warga.page.set_viewport_size({"width": width, "height": 900})
        warga.shot(f"halaman-{width}")
