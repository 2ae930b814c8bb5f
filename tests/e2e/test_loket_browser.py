"""The front desk in one screen, in a real browser at 1366 and 1024 px: a walk-in recorded,
registered or returned, and its receipt opened, counting the page loads and the clicks;
and the navbar's search box fed as a USB scanner feeds it."""
import io
import re

import pytest
from pypdf import PdfReader

from app.documents import service as dokumen_service
from app.workflow.declaration import get_workflow, register_workflow, unregister_workflow
from app.extensions import db
from models import Permohonan, TransitionLog

# Counted in the page: page loads (each document's own counter starts at 1) and mouse
# presses (a key press on a button also fires "click", never "mousedown").
COUNTERS = """
  window.__mouse = 0;
  document.addEventListener('mousedown', e => { if (e.isTrusted) window.__mouse++; }, true);
"""


def open_loket(clerk, name, width):
    desk = clerk(f"loket-{name}-{width}").login("sekretariat")
    desk.page.set_viewport_size({"width": width, "height": 900})
    desk.context.add_init_script(COUNTERS)
    loads = []
    desk.page.on("load", lambda page: loads.append(page.url))
    desk.goto("/admin/loket/")
    return desk, loads


def pdf_text(desk, url: str) -> str:
    response = desk.page.request.get(url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def wait_focus(page, element_id: str) -> None:
    # Polled from here: the page's CSP forbids the eval that wait_for_function needs.
    for _ in range(100):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.wait_for_timeout(30)
    raise AssertionError(f"focus is on {page.evaluate('document.activeElement.id')!r}, "
                         f"not {element_id!r}")


@pytest.mark.parametrize("width", [1366, 1024])
def test_walk_in_recorded_registered_and_receipt_opened_by_keyboard_alone(clerk, app, users, width):
    desk, loads = open_loket(clerk, "lengkap", width)
    page, kb = desk.page, desk.page.keyboard
    wait_focus(page, "f-nik")  # the cursor where the work starts
    assert page.locator(".is-invalid").count() == 0

    kb.type("3520045705900001")  # unknown NIK: the fields open, birth date and sex filled
    wait_focus(page, "f-no_kk")
    assert page.input_value("#f-tanggal_lahir") == "17/05/1990"
    assert page.input_value("#f-jenis_kelamin") == "P"
    for text in ("3520041503120077", "Siti Aminah", "Magetan"):
        kb.type(text)
        kb.press("Tab")
    kb.press("Tab")          # birth date, read from the NIK
    kb.press("Tab")          # sex, read from the NIK
    kb.type("k")             # status: Kawin, typed into the closed select
    kb.press("Tab")
    for text in ("Jl. Melati 3", "1", "2"):
        kb.type(text)
        kb.press("Tab")
    kb.type("kiri")          # village: Kiringan, typed
    kb.press("Tab")
    kb.type("081234567890")  # telephone
    kb.press("Tab")
    kb.type("b")             # application type: Baru (pemula), chosen (none is taken for granted)
    page.wait_for_selector("#syarat-fc_akta_ijazah")  # its checklist
    kb.press("Tab")
    assert page.evaluate("document.activeElement.id") == "syarat-semua"
    kb.press("Space")        # everything is there
    assert page.locator("#simpan").inner_text() == "Simpan & Register"
    desk.shot("isi")
    with desk.opens_document() as receipt:
        kb.press("Enter")
    page.wait_for_selector("#loket-hasil .alert-success")
    result = page.inner_text("#loket-hasil")
    assert re.search(r"Permohonan TT/\d{5}/403\.404/\d{4} dicatat dan diregister dengan "
                     r"nomor 471\.13/\d{4}/403\.404/\d{4}\.", result)
    assert "Pemohon baru dicatat." in result
    desk.shot("hasil")
    assert receipt.url.endswith("/cetak/tanda-terima.pdf")
    text = pdf_text(desk, receipt.url)
    assert "TANDA TERIMA BERKAS PERMOHONAN KTP-el" in text and "Siti Aminah" in text

    # One page load, no mouse at all; the form is empty again for the next walk-in.
    assert len(loads) == 1, loads
    assert page.evaluate("window.__mouse") == 0
    assert page.input_value("#f-nik") == "" and page.is_hidden("#data-pemohon")
    with app.app_context():
        p = db.session.execute(db.select(Permohonan)).scalar_one()
        assert p.status == "teregister" and all(s.terpenuhi for s in p.syarat)
        assert (p.pemohon.rt, p.pemohon.desa.nama) == ("001", "Kiringan")
        assert [log.aksi for log in db.session.execute(
            db.select(TransitionLog).order_by(TransitionLog.id)).scalars()] == ["ajukan", "register"]


@pytest.mark.parametrize("width", [1366, 1024])
def test_known_applicant_returned_with_the_missing_items_in_three_clicks(
        clerk, app, an_application, width):
    old = an_application("diserahkan", nama="Budi Santoso")  # an earlier card, handed over
    nik = old.pemohon.nik
    desk, loads = open_loket(clerk, "kembali", width)
    page, kb = desk.page, desk.page.keyboard

    kb.type(nik)  # known NIK: the record is loaded, the cursor goes to the type
    wait_focus(page, "f-jenis")
    assert page.input_value("#f-nama") == "Budi Santoso"
    assert "Pemohon terdaftar" in page.inner_text("#nik-info")
    page.fill("#f-alamat", "Jl. Mawar 7")  # moved house: the change is shown
    assert "sebelumnya: Jl. Raya Takeran" in page.inner_text("#data-pemohon")
    page.focus("#f-jenis")
    kb.type("penggantian karena h")  # Penggantian karena hilang
    page.wait_for_selector("#syarat-surat_kehilangan")
    page.click("label[for=syarat-pengantar_desa]")  # 1
    page.click("label[for=syarat-fc_kk]")           # 2
    assert page.locator("#simpan").inner_text() == "Simpan & Kembalikan"
    note = page.input_value("#f-catatan")
    assert note == ("Persyaratan belum lengkap: Fotokopi akta kelahiran atau ijazah; Pas foto "
                    "dengan latar sesuai tahun lahir (genap: biru, ganjil: merah); Surat "
                    "keterangan kehilangan dari Kepolisian.")
    desk.shot("isi")
    with desk.opens_document() as slip:
        page.click("#simpan")                       # 3
    # A returned file gets the return slip, listing what to bring.
    assert slip.url.endswith("/cetak/tanda-pengembalian.pdf")
    assert "Surat keterangan kehilangan dari Kepolisian" in pdf_text(desk, slip.url)
    page.wait_for_selector("#loket-hasil .alert-success")
    result = page.inner_text("#loket-hasil")
    assert "dicatat dan dikembalikan ke pemohon" in result
    assert "Data pemohon diperbarui: Alamat." in result
    desk.shot("hasil")
    assert len(loads) == 1 and page.evaluate("window.__mouse") == 3

    # The file's page says why it came back, at the top, in staff wording.
    with page.expect_navigation():
        page.locator("#loket-hasil a", has_text="Buka berkas").click()
    reason = page.inner_text("#alasan-pengembalian")
    assert "Persyaratan belum lengkap: Fotokopi akta kelahiran" in reason
    assert "serahkan kembali ke Sekretariat" not in page.content()
    desk.shot("berkas-dikembalikan")
    with app.app_context():
        p = db.session.execute(db.select(Permohonan).where(
            Permohonan.status == "dikembalikan")).scalar_one()
        assert p.pemohon_id == old.pemohon_id and p.pemohon.alamat == "Jl. Mawar 7"
        short = str(int(p.nomor_tanda_terima.split("/")[1]))

    # The resident checks with the short number from the receipt: what is missing, in words.
    resident = clerk(f"loket-warga-{width}")
    resident.page.set_viewport_size({"width": width, "height": 900})
    resident.goto("/cek-status")
    resident.page.fill("#nomor", short)
    resident.page.fill("#nik", nik)
    with resident.page.expect_navigation():
        resident.page.get_by_role("button", name="Cek status").click()
    missing = resident.page.inner_text("#syarat-kurang")
    assert "Surat keterangan kehilangan dari Kepolisian" in missing
    assert "Fotokopi Kartu Keluarga" not in missing
    assert "serahkan kembali ke Sekretariat" in resident.page.content()
    resident.shot("cek-status")


def test_a_second_open_file_is_refused_on_the_screen_with_its_link(clerk, users, an_application):
    open_file = an_application("diproses")
    desk, _loads = open_loket(clerk, "terbuka", 1366)
    desk.page.keyboard.type(open_file.pemohon.nik)
    desk.page.wait_for_selector("#loket-error:not([hidden])")
    link = desk.page.locator("#loket-error a")
    assert link.inner_text() == f"Buka berkas {open_file.nomor_tanda_terima}"
    assert "masih memiliki berkas yang belum selesai" in desk.page.inner_text("#loket-error")
    desk.shot("terbuka")



def _receipt_token(app, p) -> str:
    """The verification token printed in the QR of `p`'s receipt."""
    with app.test_request_context():
        token = dokumen_service.dokumen_for(
            next(d for d in get_workflow().documents if d.kode == "tanda_terima"), p).token
        db.session.commit()
    return token


def test_search_box_takes_a_scanned_qr_and_a_short_number(clerk, app, users, an_application):
    p = an_application("disahkan", nama="Siti Aminah")
    token = _receipt_token(app, p)
    detail = f"/admin/permohonan/details/?id={p.id}"
    desk = clerk("cari").login("sekretariat")
    page = desk.page
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        desk.goto("/admin/")
        desk.shot(f"navbar-{width}")
        # A USB scanner types the QR's address and presses Enter; "/" put the cursor there.
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "cari-navbar"
        with page.expect_navigation():
            page.keyboard.type(f"{desk.base}/verifikasi/{token}\n")
        assert page.url.endswith(detail)
    nomor = int(p.nomor_tanda_terima.split("/")[1])
    desk.goto("/admin/")
    for q in (str(nomor), f"{nomor:05d}", p.nomor_tanda_terima, p.pemohon.nik,
              p.register.nomor, "Siti Aminah"):
        # Each from the page the last search opened: the box is in every page's navbar.
        page.fill("#cari-navbar", q)
        with page.expect_navigation():
            page.press("#cari-navbar", "Enter")
        assert page.url.endswith(detail), q
    assert "KTP-el siap diserahkan" in page.content()


def test_a_scanner_typing_with_no_field_focused_lands_in_the_search(clerk, app, an_application):
    """A USB scanner types at its own speed wherever the focus is: on a list or the intake
    screen with no field focused, its burst ending in Enter is searched; a person typing at
    a person's speed is not."""
    p = an_application("disahkan", nama="Siti Aminah")
    token = _receipt_token(app, p)
    detail = f"/admin/permohonan/details/?id={p.id}"
    desk = clerk("pindai").login("sekretariat")
    page = desk.page
    # The receipt's QR (an address), its number and a NIK barcode (no "/" to jump with).
    scans = (f"{desk.base}/verifikasi/{token}", p.nomor_tanda_terima, p.pemohon.nik)
    # Each kind of scan on another screen: the listener is one script (static/js/cari.js)
    # on every page, so each screen and each kind is tried once.
    for screen, scan in zip(("/admin/permohonan/", "/admin/loket/", "/admin/register/"), scans):
        desk.goto(screen)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        assert page.evaluate("document.activeElement === document.body"), screen
        with page.expect_navigation():
            page.keyboard.type(scan)  # no pause: a scanner
            page.keyboard.press("Enter")
        assert page.url.endswith(detail), (screen, scan, page.url)
    # A person's typing with nothing focused searches nothing.
    desk.goto("/admin/permohonan/")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.type("Siti", delay=120)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url.endswith("/admin/permohonan/")
    assert page.input_value("#cari-navbar") == ""


@pytest.fixture
def kk_service():
    from tests.workflow.test_second_service import KK

    register_workflow(KK)
    yield KK
    unregister_workflow(KK.layanan)


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_clerk_chooses_another_service_at_the_desk(clerk, app, users, kk_service, width):
    """With two services registered the desk chooses one: its card (types, its declared
    input, its checklist, no register/return decision) is drawn in place, what was typed
    of the applicant stays, and the file is recorded in that service."""
    desk, loads = open_loket(clerk, "layanan", width)
    page, kb = desk.page, desk.page.keyboard
    wait_focus(page, "f-nik")
    assert page.input_value("#f-layanan") == "ktp-el"
    assert page.locator("#simpan").inner_text() == "Simpan"  # no type chosen: nothing to decide
    assert page.input_value("#f-jenis") == ""
    desk.shot("dua-layanan")
    kb.type("3520045705900001")
    wait_focus(page, "f-no_kk")
    page.fill("#f-no_kk", "3520041503120077")
    page.fill("#f-nama", "Siti Aminah")
    page.select_option("#f-layanan", "kk-uji")
    page.wait_for_selector("#kartu-permohonan[data-layanan='kk-uji']")
    page.wait_for_selector("#daftar-syarat #syarat-f101")
    assert page.input_value("#f-nama") == "Siti Aminah"  # the applicant's fields stay
    assert page.locator("#f-jenis option").all_inner_texts() == ["Pisah KK"]
    assert page.locator("#simpan").inner_text() == "Simpan"
    assert page.locator("#grup-catatan").count() == 0
    for name, value in (("tempat_lahir", "Magetan"), ("alamat", "Jl. Melati 3"),
                        ("rt", "1"), ("rw", "2")):
        page.fill(f"#f-{name}", value)
    page.select_option("#f-status_perkawinan", "kawin")
    page.select_option("#f-desa_id", index=1)
    page.check("#syarat-f101")
    page.focus("#f-kk_lama")
    kb.press("Enter")  # the declared input is missing: beside its field
    page.wait_for_selector("#f-kk_lama.is-invalid")
    assert page.inner_text("#e-kk_lama") == "Nomor KK lama wajib diisi."
    page.fill("#f-kk_lama", "3520041503120001")
    desk.shot("kk-isi")
    with desk.opens_document():
        kb.press("Enter")
    page.wait_for_selector("#loket-hasil .alert-success")
    assert "(Uji: Pelayanan Kartu Keluarga)" in page.inner_text("#loket-hasil")
    desk.shot("kk-hasil")
    assert len(loads) == 1, loads  # the card came without a page load
    with app.app_context():
        p = db.session.execute(db.select(Permohonan)).scalar_one()
        assert (p.layanan, p.status, p.catatan) == ("kk-uji", "masuk", "KK lama 3520041503120001")
        assert [s.terpenuhi for s in p.syarat] == [True]


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_create_form_follows_the_chosen_service(clerk, app, kk_service, an_application,
                                                    width):
    an_application("diserahkan", nama="Rini Wulandari")
    desk = clerk(f"baru-{width}").login("sekretariat")
    page = desk.page
    page.set_viewport_size({"width": width, "height": 900})
    desk.goto("/admin/permohonan/new/")
    assert page.input_value("#layanan") == "ktp-el"
    desk.shot("ktp-el")
    with page.expect_navigation():
        page.select_option("#layanan", "kk-uji")
    assert "layanan=kk-uji" in page.url
    assert page.locator("#jenis option").all_inner_texts() == ["Pisah KK"]
    assert page.is_visible("#kk_lama")
    desk.shot("kk")


def test_the_applicant_picker_asks_by_post_so_no_nik_is_in_a_url(clerk, app, users, a_pemohon):
    p = a_pemohon(nama="Siti Aminah")
    desk = clerk("pemilih").login("sekretariat")
    page = desk.page
    asked = []
    page.on("request", lambda r: asked.append((r.method, r.url)) if "/ajax/lookup/" in r.url
            else None)
    desk.goto("/admin/permohonan/new/")
    page.click("#s2id_pemohon")
    page.keyboard.type(p.nik)
    page.wait_for_selector("#select2-drop .select2-results li:has-text('Siti Aminah')")
    assert asked and all(method == "POST" for method, _ in asked), asked
    assert not any(p.nik in url for _, url in asked)
