"""Printing at the front desk in a real browser: a return prints its slip at once; files
selected in the list print their receipts in one PDF; a collective cover letter for the
Dinas is made from the list and printed from its own page."""
import io
import re

from pypdf import PdfReader

from app.extensions import db
from models import SuratKolektif


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _bulk_action(desk, ids, label: str):
    page = desk.page
    desk.goto("/admin/permohonan/")
    for i in ids:
        page.check(f"input.action-checkbox[value='{i}']")
    page.locator("a.dropdown-toggle", has_text=re.compile("dipilih|Tindakan")).click()
    return page.get_by_role("link", name=label, exact=True)


def test_return_prints_the_slip_with_the_missing_items(clerk, users, an_application):
    p = an_application("diajukan")
    desk = clerk("pengembalian").login("sekretariat")
    for width in (1366, 1024):
        desk.page.set_viewport_size({"width": width, "height": 900})
        desk.goto(f"/admin/permohonan/details/?id={p.id}")
        desk.shot(f"sebelum-kembali-{width}")
    desk.take("Kembalikan ke pemohon", note="Fotokopi KK dan akta belum ada.")
    assert desk.badge() == "Dikembalikan"
    offer = desk.page.get_by_role("link", name="Cetak Tanda Pengembalian Berkas")
    assert offer.count() == 1  # offered in the message at once
    desk.shot("dikembalikan-1024")
    desk.page.set_viewport_size({"width": 1366, "height": 900})
    desk.shot("dikembalikan-1366")
    slip = desk.download_pdf("Cetak Tanda Pengembalian Berkas")
    assert "TANDA PENGEMBALIAN BERKAS" in slip
    for item in p.syarat:
        assert item.label in slip  # nothing was ticked: every item is missing
    assert "Fotokopi KK dan akta belum ada." in slip


def test_selected_receipts_and_a_collective_letter_from_the_list(clerk, users, an_application,
                                                                 app):
    waiting = [an_application("diajukan", nama=n) for n in ("Dewi Sartika", "Eko Prasetyo")]
    ratified = [an_application("disahkan", nama=n) for n in ("Fajar Nugroho", "Gita Permata")]
    desk = clerk("cetak-massal").login("sekretariat")

    link = _bulk_action(desk, [p.id for p in waiting], "Cetak tanda terima (satu PDF)")
    desk.shot("aksi-massal-1366")
    # Chromium shows the PDF in its viewer; the answer is read on its way to it.
    answers = []

    def keep(route):
        response = route.fetch()
        answers.append((response.headers.get("content-type"), response.body()))
        route.fulfill(response=response)

    desk.page.route("**/admin/permohonan/action/", keep)
    with desk.page.expect_response(lambda r: r.url.endswith("/admin/permohonan/action/")):
        link.click()
    desk.page.unroute("**/admin/permohonan/action/")
    kind, body = answers[0]
    assert kind == "application/pdf"
    pages, text = _pdf_text(body)
    assert pages == 2
    for p in waiting:
        assert p.nomor_tanda_terima in text and p.pemohon.nama in text

    link = _bulk_action(desk, [p.id for p in ratified], "Buat surat pengantar kolektif")
    with desk.page.expect_navigation():
        link.click()
    content = desk.page.content()
    assert "Surat pengantar kolektif 470/001/403.404/" in content
    for p in ratified:
        assert p.pemohon.nama in content
    for width in (1366, 1024):
        desk.page.set_viewport_size({"width": width, "height": 900})
        desk.shot(f"surat-kolektif-{width}")
    letter = desk.download_pdf("Cetak surat pengantar kolektif")
    assert "Lampiran : 2 (dua) berkas" in letter
    for p in ratified:
        assert p.register.nomor in letter
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(SuratKolektif.id))).scalar() == 1
    # Reprints start from the register's print buttons.
    desk.goto("/admin/register/")
    with desk.page.expect_navigation():
        desk.page.get_by_role("link", name="Surat pengantar kolektif").click()
    assert "470/001/403.404/" in desk.page.content()
    desk.shot("daftar-surat-kolektif-1024")


def test_a_family_member_collects_the_card(clerk, users, an_application):
    from datetime import date

    from app.services.nik import buat_nik

    p = an_application("disahkan", nama="Hendra Wijaya")
    desk = clerk("penyerahan-wakil").login("sekretariat")
    desk.page.set_viewport_size({"width": 1024, "height": 900})
    desk.goto(f"/admin/permohonan/details/?id={p.id}")
    page = desk.page
    assert not page.locator("#wakil-nama").is_visible()  # the applicant by default
    page.check("#diambil-wakil")
    assert page.locator("#wakil-nama").is_visible()
    page.fill("#wakil-nama", "Ratna Wijaya")
    page.fill("#wakil-nik", "12345")
    page.select_option("#wakil-hubungan", "Istri")
    with page.expect_navigation():
        page.get_by_role("button", name="Serahkan KTP-el").click()
    assert "NIK harus 16 digit angka." in page.content()
    assert page.locator("#wakil-nama").input_value() == "Ratna Wijaya"
    desk.shot("wakil-salah-1024")
    desk.page.set_viewport_size({"width": 1366, "height": 900})
    desk.shot("wakil-salah-1366")  # the declared form as the one macro draws it
    page.fill("#wakil-nik", buat_nik(date(1992, 8, 9), "P", 55))
    with page.expect_navigation():
        page.get_by_role("button", name="Serahkan KTP-el").click()
    assert desk.badge() == "Diserahkan"
    assert "wakil: Istri" in page.content()
    proof = desk.download_pdf("Cetak Bukti Tanda Terima Penyerahan KTP-el")
    assert "Ratna Wijaya, wakil pemohon" in proof and "Hubungan keluarga : Istri" in proof
    desk.page.set_viewport_size({"width": 1366, "height": 900})
    desk.shot("diserahkan-wakil-1366")
