"""The administrator's screens of messages to residents in the browser, at the office's
two widths (1366 and 1024 px): what was sent and failed, an attempt's answer, a template
refused beside its field and then saved; the clerk's consent on the applicant's form."""
import pytest

from app.extensions import db
from models import OfficeSettings, PercobaanPesan, Pesan
from models._time import utcnow

WIDE = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def messages(app, an_application):
    p = an_application("disahkan")
    with app.app_context():
        sent = Pesan(permohonan_id=p.id, peristiwa="terdaftar", kanal="wa",
                     tujuan="6281234567890", status="terkirim", percobaan=1,
                     terkirim_at=utcnow(),
                     isi="Yth. Budi, berkas permohonan … telah teregister. Cek status: "
                         "https://ktpel.takeran.example/cek-status")
        failed = Pesan(permohonan_id=p.id, peristiwa="sah", kanal="email",
                       tujuan="budi@contoh.id", status="gagal", percobaan=8,
                       isi="Yth. Budi, berkas permohonan … telah disahkan Camat.")
        db.session.add_all([sent, failed])
        db.session.flush()
        db.session.add_all([
            PercobaanPesan(pesan_id=sent.id, berhasil=True,
                           jawaban='HTTP 200: {"status": true, "detail": "success! message in queue"}'),
            PercobaanPesan(pesan_id=failed.id, berhasil=False,
                           jawaban="SMTP: ConnectionRefusedError: [Errno 111] Connection refused")])
        settings = OfficeSettings.get()
        settings.notifikasi_wa = True
        db.session.commit()
        return {"failed": failed.id, "pemohon": p.pemohon_id}


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_messages_screens_at_the_office_widths(clerk, messages, width):
    admin = clerk(f"pesan-{width}").login("admin")
    page = admin.page
    page.set_viewport_size({"width": width, "height": 800})
    admin.goto("/admin/pesan/")
    assert page.locator("text=Terkirim").first.is_visible()
    assert page.locator("text=62812••••7890").is_visible()
    assert page.evaluate(WIDE) <= 0, "the list is wider than the screen"
    admin.shot("daftar")
    admin.goto(f"/admin/pesan/details/?id={messages['failed']}")
    assert page.locator("#percobaan").inner_text().count("Connection refused") == 1
    assert "telah disahkan Camat" in page.locator("table").first.inner_text()
    admin.shot("rincian")

    admin.goto("/admin/templat-pesan/")
    assert page.evaluate(WIDE) <= 0
    admin.shot("templat")
    page.click("#templat-sah a")
    page.fill("#isi", "Yth. {nama_lengkap}, berkas Anda disahkan. {tautan}")
    with page.expect_navigation():
        page.click("#templat-form button[type=submit]")
    feedback = page.locator(".invalid-feedback")
    assert "Variabel {nama_lengkap} tidak dikenal" in feedback.inner_text()
    assert page.evaluate(WIDE) <= 0
    admin.shot("templat-ditolak")
    page.fill("#isi", "Yth. {nama_depan}, berkas {nomor_tanda_terima} disahkan. {tautan}")
    with page.expect_navigation():
        page.click("#templat-form button[type=submit]")
    assert "disimpan" in page.locator(".alert-success").inner_text()
    assert "berkas {nomor_tanda_terima} disahkan" in page.locator("#templat-sah").inner_text()


def test_the_clerk_records_consent_on_the_applicants_form(clerk, messages):
    desk = clerk("pesan-persetujuan").login("sekretariat")
    page = desk.page
    page.set_viewport_size({"width": 1024, "height": 800})
    desk.goto(f"/admin/pemohon/edit/?id={messages['pemohon']}")
    page.check("#notifikasi_setuju")
    desk.select2("notifikasi_kanal", "wa")
    page.fill("#telepon", "")
    with page.expect_navigation():
        page.click("form.admin-form input[type=submit]")
    assert "Isi nomor WhatsApp pemohon" in page.locator("body").inner_text()
    desk.shot("ditolak")
    page.fill("#telepon", "081234567890")
    with page.expect_navigation():
        page.click("form.admin-form input[type=submit]")
    assert "disimpan" in page.locator(".alert-success").inner_text()


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_dashboard_card_of_failed_messages_at_the_office_widths(clerk, messages, width):
    admin = clerk(f"beranda-pesan-{width}").login("admin")
    page = admin.page
    page.set_viewport_size({"width": width, "height": 800})
    admin.goto("/admin/")
    card = page.locator("#kartu-pesan")
    assert card.is_visible() and page.locator("#pesan-gagal").inner_text() == "1"
    assert page.evaluate(WIDE) <= 0, "the dashboard is wider than the screen"
    card.scroll_into_view_if_needed()
    admin.shot("kartu")
    with page.expect_navigation():
        page.click("#pesan-gagal-tautan")
    assert page.locator("td.col-status").all_inner_texts() == ["Gagal"]
