"""The Loket's consent to messages and queue ticket in a real browser at 1366 and 1024 px,
by the keyboard as a clerk works (issue 24): the ticket's number typed where the focus
sits all day (the NIK box) goes to its own box and its Enter saves nothing; the consent
and WhatsApp chosen with Tab, Space and a letter; one Enter saves the file, joined to the
ticket, with the registered message queued."""
import pytest

from app.extensions import db
from app.services import antrian
from models import AntrianTiket, OfficeSettings, Permohonan, Pesan
from tests.e2e.test_loket_browser import open_loket, wait_focus
from tests.e2e.test_loket_keyboard_safety import _fill_new_applicant

HUMAN_MS = 90  # between a person's keys


def _office_with_whatsapp_and_a_ticket(app) -> tuple[str, int]:
    with app.app_context():
        settings = OfficeSettings.get()
        settings.notifikasi_wa, settings.notifikasi_email = True, False
        tiket = antrian.ambil("pengajuan")
        db.session.commit()
        return antrian.nomor_tiket(tiket), tiket.id


@pytest.mark.parametrize("width", [1366, 1024])
def test_consent_and_ticket_typed_at_the_desk_reach_the_file(clerk, app, users, width):
    nomor, tiket_id = _office_with_whatsapp_and_a_ticket(app)
    desk, loads = open_loket(clerk, "pesan-antrean", width)
    page, kb = desk.page, desk.page.keyboard
    wait_focus(page, "f-nik")
    kb.type(nomor, delay=HUMAN_MS)   # the ticket handed over, typed into the NIK box
    wait_focus(page, "f-tiket")
    assert page.input_value("#f-tiket") == nomor and page.input_value("#f-nik") == ""
    kb.press("Enter")                # confirms the ticket: back to the NIK, nothing saved
    wait_focus(page, "f-nik")
    kb.type(nomor.replace("-", ""))  # the same typed fast, as a scanner would: still no save
    wait_focus(page, "f-tiket")
    kb.press("Enter")
    wait_focus(page, "f-nik")
    page.wait_for_timeout(300)
    assert page.input_value("#f-tiket") == nomor.replace("-", "")
    assert page.locator("#loket-hasil .alert-success").count() == 0
    assert page.locator(".is-invalid").count() == 0

    kb.type("3520045705900001")      # unknown NIK: the fields open
    wait_focus(page, "f-no_kk")
    for text in ("3520041503120077", "Siti Aminah", "Magetan"):
        kb.type(text)
        kb.press("Tab")
    kb.press("Tab")                  # birth date, read from the NIK
    kb.press("Tab")                  # sex, read from the NIK
    kb.type("k")                     # status: Kawin
    kb.press("Tab")
    for text in ("Jl. Melati 3", "1", "2"):
        kb.type(text)
        kb.press("Tab")
    kb.type("kiri")                  # village: Kiringan
    kb.press("Tab")
    kb.type("081234567890")          # telephone
    kb.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-email"
    kb.press("Tab")                  # no e-mail
    assert page.evaluate("document.activeElement.id") == "f-notifikasi_setuju"
    kb.press("Space")                # the resident agrees to messages
    kb.press("Tab")
    kb.type("w")                     # WhatsApp, the only channel this office uses
    assert page.input_value("#f-notifikasi_kanal") == "wa"
    kb.press("Tab")
    wait_focus(page, "f-jenis")
    kb.type("b")                     # Baru (pemula)
    page.wait_for_selector("#syarat-fc_akta_ijazah")
    kb.press("Tab")
    assert page.evaluate("document.activeElement.id") == "syarat-semua"
    kb.press("Space")
    desk.shot("isi")
    # Nothing overflows its card at this width: the consent row stays one row.
    row = page.locator("#persetujuan-pesan").bounding_box()
    card = page.locator(".card", has=page.locator("#data-pemohon")).bounding_box()
    assert row["x"] + row["width"] <= card["x"] + card["width"] + 1
    check = page.locator("#f-notifikasi_setuju").bounding_box()
    kanal = page.locator("#f-notifikasi_kanal").bounding_box()
    assert abs(check["y"] - kanal["y"]) < kanal["height"], (check, kanal)
    with desk.opens_document() as receipt:
        kb.press("Enter")
    page.wait_for_selector("#loket-hasil .alert-success")
    desk.shot("hasil")
    assert receipt.url.endswith("/cetak/tanda-terima.pdf")
    assert len(loads) == 1 and page.evaluate("window.__mouse") == 0
    assert page.input_value("#f-tiket") == ""  # the next visitor's ticket starts empty
    with app.app_context():
        p = db.session.execute(db.select(Permohonan)).scalar_one()
        assert p.status == "teregister"
        assert (p.pemohon.notifikasi_setuju, p.pemohon.notifikasi_kanal) == (True, "wa")
        tiket = db.session.get(AntrianTiket, tiket_id)
        assert tiket.permohonan_id == p.id and tiket.tunggu_detik is not None
        pesan = db.session.execute(db.select(Pesan)).scalars().all()
        assert [(m.permohonan_id, m.peristiwa, m.tujuan) for m in pesan] == [
            (p.id, "terdaftar", "6281234567890")]


def test_an_unknown_ticket_is_said_beside_its_box_and_nothing_is_saved(clerk, app, users):
    _office_with_whatsapp_and_a_ticket(app)
    desk, _loads = open_loket(clerk, "antrean-salah", 1366)
    page, kb = desk.page, desk.page.keyboard
    wait_focus(page, "f-nik")
    page.fill("#f-tiket", "A-099")
    page.focus("#f-nik")
    kb.type("3520045705900001")
    wait_focus(page, "f-no_kk")
    _fill_new_applicant(page)
    page.focus("#f-jenis")
    kb.type("b")
    page.wait_for_selector("#syarat-fc_akta_ijazah")
    page.focus("#syarat-semua")
    kb.press("Space")
    kb.press("Enter")
    page.wait_for_selector("#f-tiket.is-invalid")
    assert page.inner_text("#e-tiket") == "Nomor antrean itu tidak ada hari ini."
    assert page.evaluate("document.activeElement.id") == "f-tiket"
    desk.shot("salah")
    with app.app_context():
        assert db.session.execute(db.select(Permohonan)).first() is None


def test_a_known_applicants_consent_is_filled_in_and_the_tickets_enter_goes_to_the_type(
        clerk, app, an_application):
    nomor, tiket_id = _office_with_whatsapp_and_a_ticket(app)
    old = an_application("diserahkan", nama="Budi Santoso")
    with app.app_context():
        pemohon = db.session.get(type(old.pemohon), old.pemohon.id)
        pemohon.telepon, pemohon.notifikasi_setuju, pemohon.notifikasi_kanal = (
            "081234567890", True, "wa")
        db.session.commit()
    desk, _loads = open_loket(clerk, "pesan-dikenal", 1024)
    page, kb = desk.page, desk.page.keyboard
    wait_focus(page, "f-nik")
    kb.type(old.pemohon.nik, delay=HUMAN_MS)
    wait_focus(page, "f-jenis")
    assert page.is_checked("#f-notifikasi_setuju")
    assert page.input_value("#f-notifikasi_kanal") == "wa"
    page.focus("#f-tiket")
    kb.type(nomor, delay=HUMAN_MS)
    kb.press("Enter")                # the ticket confirmed: on to the type, nothing saved
    wait_focus(page, "f-jenis")
    page.wait_for_timeout(500)
    assert page.locator("#loket-hasil .alert-success").count() == 0
    desk.shot("dikenal")
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Permohonan)).scalar() == 1
