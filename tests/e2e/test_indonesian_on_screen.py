"""Every word the browser shows is Indonesian (issue 23): the browser's own validation
bubbles and file boxes replaced by ours, no "Invalid date" written into a date."""
import hashlib
import json

from app.extensions import db
from models import Dokumen, DokumenTtd
from tests.e2e.test_loket_browser import _receipt_token


def test_a_required_note_asks_in_indonesian(clerk, app, an_application):
    p = an_application("diajukan")
    desk = clerk("catatan-wajib").login("sekretariat")
    desk.goto(f"/admin/permohonan/details/?id={p.id}")
    form = desk.page.locator("form", has=desk.page.get_by_role("button", name="Batalkan", exact=True))
    form.get_by_role("button", name="Batalkan", exact=True).click()  # the note left empty
    note = form.locator("[name=note]")
    assert note.evaluate("el => el.validationMessage") == "Wajib diisi."
    assert desk.page.url.endswith(f"/admin/permohonan/details/?id={p.id}")  # nothing sent
    note.fill("Pemohon membatalkan sendiri.")
    assert note.evaluate("el => el.validationMessage") == ""


def test_a_half_typed_birth_date_is_left_as_typed(clerk, users):
    desk = clerk("tanggal-lahir").login("sekretariat")
    desk.goto("/admin/pemohon/new/")
    page = desk.page
    page.click("#tanggal_lahir")
    page.keyboard.type("17/05", delay=40)
    page.keyboard.press("Tab")
    assert page.input_value("#tanggal_lahir") == "17/05"
    page.click("#tanggal_lahir")
    page.keyboard.press("End")
    page.keyboard.type("/1990", delay=40)
    page.keyboard.press("Tab")
    assert page.input_value("#tanggal_lahir") == "17/05/1990"
    for typed in ("17051990", "1990-05-17", "17-05-1990"):  # whole dates: written out
        page.fill("#tanggal_lahir", "")
        page.click("#tanggal_lahir")
        page.keyboard.type(typed, delay=40)
        page.keyboard.press("Tab")
        assert page.input_value("#tanggal_lahir") == "17/05/1990", typed


def test_the_public_file_check_speaks_indonesian(clerk, app, users, an_application, tmp_path):
    p = an_application("disahkan")
    token = _receipt_token(app, p)
    signed = b"%PDF-1.4 tanda terima bertanda tangan"
    with app.app_context():
        dokumen = db.session.execute(db.select(Dokumen).filter_by(token=token)).scalar_one()
        db.session.add(DokumenTtd(
            dokumen_id=dokumen.id, metode="local", sha256=hashlib.sha256(signed).hexdigest(),
            ukuran=len(signed), isi=signed, penandatangan_nama="Camat Takeran",
            penandatangan_jabatan="Camat", ditandatangani_oleh_id=users["camat"].id))
        db.session.commit()
    visitor = clerk("verifikasi-berkas")
    page = visitor.page
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        visitor.goto(f"/verifikasi/{token}")
        label = page.locator("label.custom-file-label[for=berkas]")
        assert label.inner_text() == "Belum ada berkas dipilih"
        assert label.get_attribute("data-browse") == "Pilih berkas"
        visitor.shot(f"berkas-{width}")
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()  # no file chosen
    assert "Pilih berkas PDF yang akan diperiksa." in page.inner_text(".alert-danger")
    pdf = tmp_path / "tanda-terima.pdf"
    pdf.write_bytes(signed)
    page.set_input_files("#berkas", str(pdf))
    assert page.locator("label.custom-file-label[for=berkas]").inner_text() == "tanda-terima.pdf"
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()
    assert "Cocok: berkas ini persis" in page.inner_text(".alert-success")


def test_a_lists_date_range_filter_speaks_indonesian_and_shows_two_months(clerk, users):
    desk = clerk("rentang-tanggal").login("sekretariat")
    page = desk.page
    groups = json.loads(page.context.request.get(desk.base + "/admin/permohonan/").text()
                        .split('id="filter-groups-data" class="d-none">')[1].split("</div>")[0])
    index = next(f["index"] for items in groups.values() for f in items
                 if f.get("type") == "daterangepicker")
    desk.goto(f"/admin/permohonan/?flt0_{index}=01/11/2026 s.d. 30/11/2026")
    page.click("input.filter-val")
    picker = page.locator(".daterangepicker").filter(has=page.locator(".applyBtn")).first
    assert picker.locator(".applyBtn").inner_text() == "Terapkan"
    months = [picker.locator(f".calendar.{side} .monthselect").input_value()
              for side in ("left", "right")]
    assert months == ["10", "11"]  # November, then December (moment counts from 0)
    page.keyboard.press("Escape")
    desk.shot("rentang-tanggal")
