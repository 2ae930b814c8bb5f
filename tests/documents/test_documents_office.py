"""The documents as the office hands them out (issue 12): the receipt's expected date and
status address, SALINAN on reprints, the return slip, the hand-over representative, the
SOP sheet in the office's words with its flowchart. Real xhtml2pdf output, read by pypdf."""
from __future__ import annotations

import io
import re
from datetime import date, datetime

from pypdf import PdfReader

from app.services.perkiraan import perkiraan_selesai
from app.extensions import db
from app.timefmt import tanggal_panjang
from app.workflow.declaration import get_workflow
from models import CetakLog, OfficeSettings


def pdf_of(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def receipt(browser, p):
    return pdf_of(browser.get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"))


# --- the receipt -----------------------------------------------------------------------

def test_the_expected_date_counts_working_days_as_the_desks_do(app, ctx):
    settings, wf = OfficeSettings.get(), get_workflow()
    # Recorded on Tuesday 1 December 2026, 09.00 WIB: verification and ratification (one
    # working day each, the default) by Thursday.
    assert perkiraan_selesai(datetime(2026, 12, 1, 2, 0), wf, settings) == date(2026, 12, 3)
    # Recorded on Friday 4 December: the weekend does not count, Tuesday.
    assert perkiraan_selesai(datetime(2026, 12, 4, 2, 0), wf, settings) == date(2026, 12, 8)
    # Recorded on a Saturday: counted from Monday.
    assert perkiraan_selesai(datetime(2026, 12, 5, 2, 0), wf, settings) == date(2026, 12, 9)
    # The office gives the Camat's desk three working days: the receipt follows.
    settings.tenggat_hari = {"diverifikasi": 3}
    assert perkiraan_selesai(datetime(2026, 12, 4, 2, 0), wf, settings) == date(2026, 12, 10)


def test_receipt_gives_the_expected_date_and_the_status_address(login_as, an_application, app,
                                                               monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://ktpel.takeran.magetankab.go.id")
    p = an_application("diajukan")
    p.created_at = datetime(2026, 12, 4, 2, 0)  # a Friday, 09.00 WIB
    db.session.commit()
    clerk = login_as("sekretariat")
    _, text = receipt(clerk, p)
    assert ("KTP-el diperkirakan dapat diambil mulai "
            f"{tanggal_panjang(date(2026, 12, 8))}") in text  # Tuesday, past the weekend
    assert "sekitar 8 menit" in text and "sampai 2 hari kerja" in text
    assert "https://ktpel.takeran.magetankab.go.id/cek-status" in text
    assert "langkah" not in text.lower()
    assert not re.search(r"\d: \d+ menit", text)  # not "langkah 1: 5 menit; 2: 3 menit"
    # The desks' limits set longer in the office settings: the receipt says so.
    OfficeSettings.get().tenggat_hari = {"diproses": 2, "diverifikasi": 3}
    db.session.commit()
    _, text = receipt(clerk, p)
    assert ("KTP-el diperkirakan dapat diambil mulai "
            f"{tanggal_panjang(date(2026, 12, 11))}") in text
    assert "sampai 5 hari kerja" in text


def test_first_receipt_is_the_original_every_later_copy_says_salinan(login_as, an_application,
                                                                    app):
    p = an_application("diajukan")
    clerk = login_as("sekretariat")
    _, first = receipt(clerk, p)
    assert "SALINAN" not in first
    _, second = receipt(clerk, p)
    _, third = receipt(clerk, p)
    assert "SALINAN" in second and "cetakan ke-2" in second
    assert "SALINAN" in third and "cetakan ke-3" in third
    with app.app_context():
        last = db.session.execute(db.select(CetakLog).order_by(CetakLog.id.desc())).scalar()
        from app.timefmt import waktu
        assert f"cetakan ke-3, {waktu(last.at)}" in third
    # Another document of the same file starts its own count.
    other = an_application("dikembalikan")
    _, slip = pdf_of(clerk.get(f"/admin/permohonan/{other.id}/cetak/tanda-pengembalian.pdf"))
    assert "SALINAN" not in slip


# --- the return slip -------------------------------------------------------------------

def test_return_slip_lists_the_missing_items_on_one_page(login_as, an_application):
    p = an_application("dikembalikan")
    missing = [s.label for s in p.syarat_kurang]
    assert missing
    reader, text = pdf_of(login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/tanda-pengembalian.pdf"))
    assert len(reader.pages) == 1
    assert "TANDA PENGEMBALIAN BERKAS" in text
    assert "Nomor: KB/" in text and p.nomor_tanda_terima in text
    for label in missing:
        assert label in text
    ticked = [s.label for s in p.syarat if s.terpenuhi]
    for label in ticked:
        assert label not in text.split("Persyaratan yang belum lengkap:")[1]
    assert "Catatan uji." in text  # the clerk's note
    assert "/cek-status" in text
    # Only this slip comes back with the papers: no receipt was printed at the return.
    assert "bersama tanda pengembalian ini." in text and "dan tanda terima" not in text


def test_return_slip_exists_only_while_returned(login_as, an_application):
    p = an_application("teregister")
    response = login_as("sekretariat").get(f"/admin/permohonan/{p.id}/cetak/tanda-pengembalian.pdf")
    assert response.status_code == 409
    assert "belum/tidak tersedia" in response.get_data(as_text=True)


def test_return_offers_the_slip_at_once(login_as, an_application):
    p = an_application("diajukan")
    clerk = login_as("sekretariat")
    page = clerk.get(f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
    from tests.conftest import csrf_from
    response = clerk.post(f"/admin/permohonan/{p.id}/transition/kembalikan",
                          {"note": "KK belum ada", "version": str(p.version),
                           "csrf_token": csrf_from(page)}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"/admin/permohonan/{p.id}/cetak/tanda-pengembalian.pdf" in html
    assert "Cetak Tanda Pengembalian Berkas" in html


# --- who collected the card ------------------------------------------------------------

def _handover(browser, p, **fields):
    from tests.conftest import csrf_from
    page = browser.get(f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
    return browser.client.post(f"/admin/permohonan/{p.id}/transition/serahkan",
                               data={"version": str(p.version), "csrf_token": csrf_from(page),
                                     **fields})


def test_recipient_rules_without_http(app, an_application):
    """The hand-over's declared form, checked without HTTP: each rule by its field."""
    from app.workflow.declaration import get_workflow
    p = an_application("disahkan")
    serahkan = get_workflow().transition("serahkan")
    with app.test_request_context():
        applicant = serahkan.form_for(p, {})
        assert applicant.validate() and applicant.diambil_oleh.data == "pemohon"
        bad = serahkan.form_for(p, {"diambil_oleh": "wakil", "wakil_nama": " ",
                                    "wakil_nik": "12345", "wakil_hubungan": "Tetangga"})
        assert not bad.validate()
        assert {f.name for f in bad if f.errors} == {"wakil_nama", "wakil_nik", "wakil_hubungan"}
        assert bad.wakil_nik.errors == ["NIK harus 16 digit angka."]
        own = serahkan.form_for(p, {"diambil_oleh": "wakil", "wakil_nama": "Sari",
                                    "wakil_nik": p.pemohon.nik, "wakil_hubungan": "Istri"})
        assert not own.validate() and "NIK pemohon sendiri" in own.wakil_nik.errors[0]


def test_a_bad_representative_nik_is_refused_beside_the_field_and_nothing_changes(
        login_as, an_application, app):
    from models import Permohonan
    p = an_application("disahkan")
    clerk = login_as("sekretariat")
    response = _handover(clerk, p, diambil_oleh="wakil", wakil_nama="Sri Wahyuni",
                         wakil_nik="3520045", wakil_hubungan="Ibu")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "NIK harus 16 digit angka." in html and 'value="Sri Wahyuni"' in html
    assert "is-invalid" in re.search(r'<input[^>]*id="wakil-nik"[^>]*>', html).group(0)
    with app.app_context():
        assert db.session.get(Permohonan, p.id).status == "disahkan"


def test_a_representative_is_stored_and_printed_on_the_proof_and_the_register(
        login_as, an_application, app, a_pemohon):
    from app.services.nik import buat_nik
    from models import Permohonan
    p = an_application("disahkan", nama="Budi Santoso")
    nik_wakil = buat_nik(date(1962, 3, 4), "P", 777)
    clerk = login_as("sekretariat")
    response = _handover(clerk, p, diambil_oleh="wakil", wakil_nama="Sri  Wahyuni",
                         wakil_nik=nik_wakil, wakil_hubungan="Ibu")
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(Permohonan, p.id)
        assert (row.status, row.penerima_nama, row.penerima_nik, row.penerima_hubungan) == (
            "diserahkan", "Sri Wahyuni", nik_wakil, "Ibu")
    _, proof = pdf_of(clerk.get(f"/admin/permohonan/{p.id}/cetak/bukti-serah-terima.pdf"))
    assert "Diambil oleh : Sri Wahyuni, wakil pemohon" in proof
    assert f"NIK pengambil : {nik_wakil}" in proof
    assert "Hubungan keluarga : Ibu" in proof
    assert "( Sri Wahyuni )" in proof
    response = clerk.post("/admin/register/cetak/", {}, csrf_url="/admin/register/cetak/")
    _, register = pdf_of(response)
    assert "Sri Wahyuni (Ibu)" in register and nik_wakil in register


def test_the_applicant_collecting_is_said_so(login_as, an_application):
    p = an_application("diserahkan")
    _, proof = pdf_of(login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/bukti-serah-terima.pdf"))
    assert f"Diambil oleh : {p.pemohon.nama} (pemohon sendiri)" in proof


# --- the SOP sheet ---------------------------------------------------------------------

EXPECTED_ROWS = [  # written from the signed SOP, apart from the declaration
    ("1", ("Pemohon", "Sekretariat"), "mulai", None),
    ("2", ("Sekretariat",), "keputusan", "1"),        # incomplete: back to the applicant
    ("3", ("Operator Dispenduk",), "kegiatan", None),
    ("3a", ("Sekcam",), "keputusan", "3"),             # rejected: back to the operator
    ("3b", ("Camat",), "keputusan", "3"),
    ("4", ("Pemohon", "Sekretariat"), "selesai", None),
]


def test_sop_procedure_rows_come_from_the_declaration(app):
    from app.documents.sop import pelaksana, prosedur
    from app.workflow.declaration import get_workflow

    wf = get_workflow()
    rows = prosedur(wf)
    got = [(r.nomor, r.pelaksana, r.bentuk,
            rows[r.kembali_ke].nomor if r.kembali_ke is not None else None) for r in rows]
    assert got == EXPECTED_ROWS
    assert pelaksana(wf) == ("Pemohon", "Sekretariat", "Operator Dispenduk", "Sekcam", "Camat")
    assert [r.waktu for r in rows] == ["5 menit", "3 menit", "5 menit", "–", "–", "2 menit"]


def test_sop_sheet_speaks_the_offices_words(login_as):
    reader, text = pdf_of(login_as("sekretariat").get("/admin/sop.pdf"))
    assert len(reader.pages) == 2
    identity, procedure = (" ".join(p.extract_text().split()) for p in reader.pages)
    for heading in ("Dasar Hukum", "Kualifikasi Pelaksana", "Keterkaitan",
                    "Peralatan/Perlengkapan", "Peringatan", "Pencatatan dan Pendataan"):
        assert heading in identity
    assert "Menguasai aplikasi SIAK" in identity
    for lane in ("Pemohon", "Sekretariat", "Operator Dispenduk", "Sekcam", "Camat"):
        assert lane in procedure
    assert "Memeriksa dan memaraf berkas permohonan" in procedure
    assert "Mengesahkan (menandatangani) surat pengantar" in procedure
    assert "Lengkap?" in procedure and "Tidak" in procedure and "Ya" in procedure
    assert "Tambahan untuk permohonan penggantian karena hilang" in procedure
    for code in ("diajukan", "sekretariat", "bukan verifikator", "baru:", "perubahan_data",
                 "deklarasi", "alur kerja sistem", "(baru)", "None"):
        assert code not in text, code


def test_sop_flowchart_draws_its_symbols_in_the_lanes(login_as):
    """The procedure page holds vector shapes: a rounded capsule (Bezier curves), diamonds
    and boxes, drawn in the page's content stream, not text ticks."""
    reader, _ = pdf_of(login_as("sekretariat").get("/admin/sop.pdf"))
    content = reader.pages[1].get_contents().get_data().decode("latin-1")
    assert " c\n" in content or " c " in content  # curves: the capsules' round ends
    assert content.count(" re") >= 3              # activity boxes (step 3, the two co-executors)
    assert content.count("h\n") >= 3 + 5          # three diamonds, arrowheads
    assert "✔" not in reader.pages[1].extract_text()


# --- batch printing and the collective letter ------------------------------------------

def _bulk(browser, action: str, ids):
    from tests.conftest import csrf_from
    token = csrf_from(browser.get("/admin/permohonan/").get_data(as_text=True))
    return browser.client.post("/admin/permohonan/action/", data={
        "action": action, "rowid": [str(i) for i in ids], "csrf_token": token})


def test_selected_receipts_print_in_one_pdf(login_as, an_application, app):
    files = [an_application("diajukan", nama=f"Warga {n}") for n in ("Satu", "Dua", "Tiga")]
    clerk = login_as("sekretariat")
    clerk.get(f"/admin/permohonan/{files[0].id}/cetak/tanda-terima.pdf")  # printed before
    reader, text = pdf_of(_bulk(clerk, "cetak_tanda_terima", [f.id for f in files]))
    assert len(reader.pages) == 3
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    for page, f in zip(pages, files):
        assert f.nomor_tanda_terima in page and f.pemohon.nama in page
    assert "SALINAN" in pages[0] and "SALINAN" not in pages[1]
    with app.app_context():
        logged = db.session.execute(db.select(db.func.count(CetakLog.id))
                                    .where(CetakLog.jenis == "tanda_terima")).scalar()
    assert logged == 4


def test_batch_printing_is_refused_to_the_admin(login_as, an_application):
    f = an_application("diajukan")
    assert _bulk(login_as("admin"), "cetak_tanda_terima", [f.id]).status_code == 403


def test_collective_letter_lists_ratified_files_under_its_own_number(login_as, an_application,
                                                                    app):
    from models import Counter, SuratKolektif
    files = [an_application("disahkan", nama="Ani Lestari", jenis_kelamin="P"),
             an_application("diserahkan", nama="Bagus Prakoso")]
    clerk = login_as("sekretariat")
    response = _bulk(clerk, "surat_kolektif", [f.id for f in files])
    assert response.status_code == 302
    with app.app_context():
        surat = db.session.execute(db.select(SuratKolektif)).scalar_one()
        year = surat.tahun
        assert surat.nomor == f"470/001/403.404/{year}"
        assert db.session.get(Counter, (1, "surat_keluar", year)).nilai == 1
        sid = surat.id
    details = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "470/001/403.404/" in details and "Ani Lestari" in details
    _, letter = pdf_of(clerk.get(f"/admin/surat-kolektif/{sid}/surat-pengantar-kolektif.pdf"))
    assert f"Nomor : 470/001/403.404/{year}" in letter
    assert "Lampiran : 2 (dua) berkas" in letter
    assert "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Magetan" in letter
    for f in files:
        assert f.pemohon.nama in letter and f.register.nomor in letter and f.pemohon.nik in letter
    assert "SALINAN" not in letter
    _, again = pdf_of(clerk.get(f"/admin/surat-kolektif/{sid}/surat-pengantar-kolektif.pdf"))
    assert "SALINAN" in again and "cetakan ke-2" in again
    # A second letter takes the next number; the per-file letters keep theirs.
    _bulk(clerk, "surat_kolektif", [files[0].id])
    with app.app_context():
        numbers = sorted(db.session.execute(db.select(SuratKolektif.nomor)).scalars())
    assert numbers == [f"470/001/403.404/{year}", f"470/002/403.404/{year}"]
    _, single = pdf_of(clerk.get(f"/admin/permohonan/{files[0].id}/cetak/surat-pengantar.pdf"))
    assert files[0].register.nomor in single


def test_collective_letter_refuses_files_not_yet_ratified_and_takes_no_number(
        login_as, an_application, app):
    from models import Counter, SuratKolektif
    ok, early = an_application("disahkan"), an_application("diverifikasi")
    clerk = login_as("sekretariat")
    response = _bulk(clerk, "surat_kolektif", [ok.id, early.id])
    assert response.status_code == 302
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "hanya untuk berkas yang sudah disahkan" in page and early.nomor_tanda_terima in page
    with app.app_context():
        assert db.session.execute(db.select(SuratKolektif)).first() is None
        assert db.session.execute(db.select(Counter).where(Counter.nama == "surat_keluar")).first() is None


def test_surat_keluar_format_is_checked(app, ctx):
    from app.services.numbering import cek_format_surat_keluar
    assert cek_format_surat_keluar("470/{nomor:03d}/{kode_unit}/{tahun}", "403.404") is None
    for bad in ("470/{kode_unit}/{tahun}", "470/{nomor}/{x}", "{nomor:03d}/{kode_unit}",
                "470/{nomor:01d}" + "x" * 60 + "/{tahun}"):
        assert cek_format_surat_keluar(bad, "403.404"), bad


def test_office_sets_the_outgoing_letter_format_and_a_bad_one_is_refused(app, login_as,
                                                                         an_application):
    from tests.documents.test_lambang import SETTINGS_URL, _form
    from models import OfficeSettings
    admin = login_as("admin")
    page = admin.get(SETTINGS_URL).get_data(as_text=True)
    assert "Format nomor surat keluar" in page and "470/{nomor:03d}/{kode_unit}/{tahun}" in page
    bad = admin.post(SETTINGS_URL, _form(app, format_nomor_surat_keluar="470/{kode_unit}"),
                     csrf_url=SETTINGS_URL, content_type="multipart/form-data")
    assert bad.status_code == 422 and "harus memuat {nomor} dan {tahun}" in bad.get_data(as_text=True)
    good = admin.post(SETTINGS_URL, _form(app, format_nomor_surat_keluar="474/{nomor:04d}/{kode_unit}/{tahun}"),
                      csrf_url=SETTINGS_URL, content_type="multipart/form-data")
    assert good.status_code == 302
    with app.app_context():
        assert OfficeSettings.get().format_nomor_surat_keluar == "474/{nomor:04d}/{kode_unit}/{tahun}"
    p = an_application("disahkan")
    _bulk(login_as("camat"), "surat_kolektif", [p.id])
    from models import SuratKolektif
    with app.app_context():
        assert db.session.execute(db.select(SuratKolektif.nomor)).scalar().startswith("474/0001/403.404/")


def test_a_print_run_is_bounded_and_needs_a_selection(app, ctx):
    import pytest

    from app.services import cetak_massal
    with pytest.raises(cetak_massal.BatchError, match="Paling banyak 50 berkas"):
        cetak_massal._files([str(i) for i in range(1, 52)])
    with pytest.raises(cetak_massal.BatchError, match="Pilih paling sedikit satu berkas"):
        cetak_massal._files(["abc", "99999999999999999999"])
    assert cetak_massal.terbilang(2) == "dua" and cetak_massal.terbilang(11) == "sebelas"
    assert cetak_massal.terbilang(23) == "dua puluh tiga"
    assert cetak_massal.terbilang(150) == "seratus lima puluh"
