"""The front desk cannot surprise (issue 23): Enter in the NIK box looks up and moves on,
never saves; saving needs the type chosen; Enter pressed again gives one file and one
message; a scanner is caught wherever the focus is; step 1 is timed from the first key.
Typed at a person's pace where a person types, at a scanner's where a scanner does."""
import pytest

from app.extensions import db
from models import Permohonan, TransitionLog
from tests.e2e.test_loket_browser import _receipt_token, open_loket, wait_focus

HUMAN_MS = 90  # between a person's keys


def _count(app, model=Permohonan) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(model)).scalar()


@pytest.mark.parametrize("width", [1366, 1024])
def test_enter_after_a_known_nik_records_nothing(clerk, app, an_application, width):
    old = an_application("diserahkan", nama="Budi Santoso")  # no open file: may get a new one
    before = (_count(app), _count(app, TransitionLog))
    desk, _loads = open_loket(clerk, "enter-dikenal", width)
    page, kb = desk.page, desk.page.keyboard
    for _ in range(3):  # as often as a person tries it, each time a fresh walk-in
        desk.goto("/admin/loket/")
        wait_focus(page, "f-nik")
        kb.type(old.pemohon.nik, delay=HUMAN_MS)
        kb.press("Enter")            # meant: look it up
        page.wait_for_timeout(1000)
        kb.press("Enter")            # and again, the data now on screen
        page.wait_for_timeout(700)
        assert page.input_value("#f-nama") == "Budi Santoso"
        assert page.locator("#loket-hasil .alert-success").count() == 0
        assert (_count(app), _count(app, TransitionLog)) == before
        # What stops the save is said by its field: the type is the clerk's choice.
        assert page.input_value("#f-jenis") == ""
        assert page.locator("#data-pemohon .is-invalid").count() == 0
        assert page.inner_text("#e-jenis") == "Pilih jenis permohonan."
    desk.shot("pilih-jenis")


@pytest.mark.parametrize("width", [1366, 1024])
def test_enter_after_an_unknown_nik_records_nothing_and_marks_nothing_red(clerk, app, users,
                                                                         width):
    desk, _loads = open_loket(clerk, "enter-baru", width)
    page, kb = desk.page, desk.page.keyboard
    wait_focus(page, "f-nik")
    kb.type("3520045705900001", delay=HUMAN_MS)
    kb.press("Enter")
    wait_focus(page, "f-no_kk")      # the Enter moved on to the first empty field
    page.wait_for_timeout(900)
    kb.press("Enter")                # an Enter in the empty fields goes on, like Tab
    page.wait_for_timeout(500)
    assert _count(app) == 0
    assert page.locator(".is-invalid").count() == 0
    assert page.is_hidden("#loket-error")
    assert page.input_value("#f-tanggal_lahir") == "17/05/1990"
    desk.shot("nik-baru")


def _fill_new_applicant(page):
    for name, value in (("no_kk", "3520041503120077"), ("nama", "Siti Aminah"),
                        ("tempat_lahir", "Magetan"), ("alamat", "Jl. Melati 3"),
                        ("rt", "1"), ("rw", "2")):
        page.fill(f"#f-{name}", value)
    page.select_option("#f-status_perkawinan", "kawin")
    page.select_option("#f-desa_id", index=1)


def test_three_enters_record_one_file_with_one_message(clerk, app, users):
    desk, _loads = open_loket(clerk, "tiga-enter", 1366)
    page, kb = desk.page, desk.page.keyboard
    kb.type("3520045705900001")
    wait_focus(page, "f-no_kk")
    _fill_new_applicant(page)
    page.focus("#f-jenis")
    kb.type("b")                     # Baru (pemula), chosen by the clerk
    page.wait_for_selector("#syarat-fc_akta_ijazah")
    page.focus("#syarat-semua")
    kb.press("Space")
    with desk.opens_document():
        for _ in range(3):
            kb.press("Enter")
    page.wait_for_selector("#loket-hasil .alert-success")
    page.wait_for_timeout(800)
    assert _count(app) == 1
    assert page.is_hidden("#loket-error")
    assert page.locator(".is-invalid").count() == 0
    assert page.inner_text("#e-nik") == ""
    assert page.input_value("#f-nik") == ""
    desk.shot("tiga-enter")


def test_step_one_is_timed_from_the_first_key_not_from_the_page_load(clerk, app, users):
    desk, _loads = open_loket(clerk, "stopwatch", 1366)
    page, kb = desk.page, desk.page.keyboard
    wait_focus(page, "f-nik")
    page.wait_for_timeout(4000)      # the form lies open, nobody at the desk
    kb.type("3520045705900001")
    wait_focus(page, "f-no_kk")
    _fill_new_applicant(page)
    page.select_option("#f-jenis", "baru")
    page.wait_for_selector("#syarat-fc_akta_ijazah")
    page.check("#syarat-semua")
    with desk.opens_document():
        page.click("#simpan")
    page.wait_for_selector("#loket-hasil .alert-success")
    with app.app_context():
        log = db.session.execute(db.select(TransitionLog).where(
            TransitionLog.aksi == "ajukan")).scalar_one()
    assert log.durasi_detik is not None and log.durasi_detik < 3, log.durasi_detik
    # The file's history and the dashboard say what the figure counts.
    with page.expect_navigation():
        page.locator("#loket-hasil a", has_text="Buka berkas").click()
    assert "dari ketikan pertama sampai disimpan" in page.inner_text(".timeline")
    desk.goto("/admin/")
    assert "Langkah 1 dihitung dari ketikan pertama petugas" in page.inner_text(".sla-legend")
    desk.shot("dasbor-langkah-1")


def test_a_scanned_receipt_never_lands_in_the_nik_box(clerk, app, an_application):
    p = an_application("disahkan", nama="Siti Aminah")
    token = _receipt_token(app, p)
    detail = f"/admin/permohonan/details/?id={p.id}"
    desk = clerk("pindai-nik").login("sekretariat")
    page = desk.page
    for scan in (f"{desk.base}/verifikasi/{token}", p.nomor_tanda_terima):
        desk.goto("/admin/loket/")
        wait_focus(page, "f-nik")    # the NIK box holds the focus, as all day at the desk
        with page.expect_navigation():
            page.keyboard.type(scan)  # no pause: a scanner
            page.keyboard.press("Enter")
        assert page.url.endswith(detail), (scan, page.url)
    assert _count(app) == 1


def test_a_scan_on_the_dashboard_opens_the_file(clerk, app, an_application):
    p = an_application("disahkan", nama="Siti Aminah")
    token = _receipt_token(app, p)
    desk = clerk("pindai-beranda").login("sekretariat")
    desk.goto("/admin/")
    desk.page.evaluate("document.activeElement && document.activeElement.blur()")
    with desk.page.expect_navigation():
        desk.page.keyboard.type(f"{desk.base}/verifikasi/{token}")
        desk.page.keyboard.press("Enter")
    assert desk.page.url.endswith(f"/admin/permohonan/details/?id={p.id}")
