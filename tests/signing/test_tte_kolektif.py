"""The collective Surat Pengantar signed electronically by the Camat, as a file's letter is:
signed first, stored with its SHA-256, printed as stored from then on, checked by
pyHanko, the verification page and `flask verify`."""
from __future__ import annotations

import io
import logging

import pytest
from pyhanko.sign.validation.status import SignatureCoverageLevel
from sqlalchemy import select

from app.errors import http_status
from app.extensions import db
from app.services import cetak_massal, pengesahan_kolektif
from app.signing.validasi import periksa_tanda_tangan
from app.workflow import engine
from models import Dokumen, DokumenTtd, OfficeSettings, SuratKolektif, SuratKolektifBerkas
from test_tte import cert, drawn_pdfs, local_signer, signer_config, text_of, validate  # noqa: F401
from tests.expected_access import SIGNING_KOLEKTIF, EVERYONE


@pytest.fixture
def kolektif(app, an_application, users):
    """A collective letter of two ratified files, made before any signer is set (with a
    signer set a file is ratified only by signing its own letter)."""
    saved = app.config.get("SIGNER")
    app.config["SIGNER"] = "none"
    files = [an_application("disahkan", nama="Ani Lestari", jenis_kelamin="P"),
             an_application("disahkan", nama="Bagus Prakoso")]
    surat = cetak_massal.buat_surat_kolektif([f.id for f in files], users["sekretariat"])
    app.config["SIGNER"] = saved
    return surat.id


def stored(surat_id: int) -> DokumenTtd | None:
    return db.session.execute(select(DokumenTtd).join(Dokumen).where(
        Dokumen.surat_kolektif_id == surat_id)).scalar()


def print_url(sid: int) -> str:
    return f"/admin/surat-kolektif/{sid}/surat-pengantar-kolektif.pdf"


def sign_via_page(browser, sid: int, passphrase: str | None):
    data = {} if passphrase is None else {"passphrase": passphrase}
    return browser.post(f"/admin/surat-kolektif/{sid}/tandatangani", data,
                        csrf_url=f"/admin/surat-kolektif/details/?id={sid}")


def test_signed_collective_letter_validates_and_is_what_prints(
        kolektif, local_signer, users, cert, login_as):
    ttd = pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    data = ttd.isi
    status = validate(data, cert)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "JAKA PRASTAWA" in status.signing_cert.subject.human_friendly
    text = text_of(data)
    assert "sertifikat elektronik milik kantor sendiri" in text  # not a certified one
    assert "tersertifikasi" not in text.lower()
    assert "Paraf koordinasi" in text and "Petugas Sekcam" in text
    assert "Ani Lestari" in text and "Bagus Prakoso" in text and "2 (dua) berkas" in text
    assert ttd.dokumen.token in text  # its own verification address under the QR
    surat = db.session.get(SuratKolektif, kolektif)
    assert ttd.dokumen.nomor == surat.nomor and ttd.metode == "local"
    camat = login_as("camat")
    assert camat.get(print_url(kolektif)).data == data
    # A new Camat later changes nothing on the signed letter.
    s = OfficeSettings.get()
    s.camat_nama = "CAMAT BARU, S.H."
    db.session.commit()
    assert login_as("sekretariat").get(print_url(kolektif)).data == data
    details = camat.get(f"/admin/surat-kolektif/details/?id={kolektif}").get_data(as_text=True)
    assert ttd.sha256 in details and 'name="passphrase"' not in details


def test_a_tampered_copy_fails_and_flask_verify_knows_the_letter(
        app, kolektif, local_signer, users, cert, tmp_path):
    ttd = pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    nomor = ttd.dokumen.nomor
    changed = bytearray(ttd.isi)
    changed[len(changed) // 4] ^= 0x01
    try:
        results = periksa_tanda_tangan(bytes(changed), [cert.ca_asn1])
        assert results and not all(r.intact and r.valid for r in results)
    except ValueError:
        pass  # no longer a readable PDF: fails too
    good, bad, ca = tmp_path / "kolektif.pdf", tmp_path / "ubah.pdf", tmp_path / "ca.pem"
    good.write_bytes(ttd.isi)
    bad.write_bytes(bytes(changed))
    ca.write_bytes(cert.ca_pem)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["verify", str(good), "--trust", str(ca)])
    assert result.exit_code == 0, result.output
    assert f"Cocok dengan dokumen tersimpan: {nomor} (surat_kolektif)" in result.output
    result = runner.invoke(args=["verify", str(bad)])
    assert result.exit_code == 1 and "Tidak cocok dengan dokumen tersimpan" in result.output


def test_a_wrong_passphrase_is_refused_before_the_collective_letter_is_drawn(
        kolektif, local_signer, users, cert, monkeypatch):
    drawn = drawn_pdfs(monkeypatch)
    with pytest.raises(engine.WorkflowError, match="Passphrase salah"):
        pengesahan_kolektif.tandatangani(kolektif, users["camat"], "bukan-passphrase")
    assert drawn == []
    pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    assert len(drawn) == 1


def test_a_failure_stores_nothing_a_retry_signs_once_and_a_second_signing_is_refused(
        kolektif, local_signer, users, cert, signer_config):
    before = db.session.get(SuratKolektif, kolektif).penandatangan_nama
    with pytest.raises(engine.WorkflowError, match="Passphrase salah") as err:
        pengesahan_kolektif.tandatangani(kolektif, users["camat"], "bukan-passphrase")
    assert http_status(err.value) == 422
    signer_config["SIGNER_TSA_URL"] = "http://127.0.0.1:9/tsa"  # the TSA down
    with pytest.raises(engine.WorkflowError, match="TSA") as err:
        pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    assert http_status(err.value) == 503
    db.session.expire_all()
    assert db.session.execute(select(Dokumen).filter_by(surat_kolektif_id=kolektif)).first() is None
    assert db.session.execute(select(DokumenTtd)).first() is None
    assert db.session.get(SuratKolektif, kolektif).penandatangan_nama == before
    signer_config["SIGNER_TSA_URL"] = None
    first = pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    with pytest.raises(engine.StaleState, match="sudah ditandatangani"):
        pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    assert [t.sha256 for t in db.session.execute(select(DokumenTtd)).scalars()] == [first.sha256]


def test_only_when_every_file_in_it_is_ratified(app, an_application, users, local_signer, cert):
    """A letter holding a file not ratified (written straight into the database: the
    bulk action never makes one) is not signed."""
    early = an_application("diverifikasi")
    surat = SuratKolektif(tahun=2026, nomor_urut=99, nomor="470/099/403.404/2026",
                          created_by_id=users["sekretariat"].id, penandatangan_nama="X",
                          penandatangan_jabatan="Camat Takeran",
                          berkas=[SuratKolektifBerkas(permohonan_id=early.id, urutan=1)])
    db.session.add(surat)
    db.session.commit()
    with pytest.raises(engine.WorkflowError, match="Belum semua berkas") as err:
        pengesahan_kolektif.tandatangani(surat.id, users["camat"], cert.passphrase)
    assert early.nomor_tanda_terima in err.value.message and http_status(err.value) == 422
    assert db.session.execute(select(DokumenTtd)).first() is None


def test_only_the_camat_signs_through_the_permissions_table(kolektif, local_signer, users,
                                                           login_as, cert):
    for role in sorted(EVERYONE - SIGNING_KOLEKTIF):
        with pytest.raises(engine.WorkflowError) as err:
            pengesahan_kolektif.tandatangani(kolektif, users[role], cert.passphrase)
        assert http_status(err.value) == 403, role
        if role != "operator" and role != "admin":  # those two cannot open the page at all
            page = login_as(role).get(f"/admin/surat-kolektif/details/?id={kolektif}")
            assert 'name="passphrase"' not in page.get_data(as_text=True), role
        browser = login_as(role)
        assert sign_via_page(browser, kolektif, cert.passphrase).status_code == 403, role
    assert stored(kolektif) is None
    camat = login_as("camat")
    page = camat.get(f"/admin/surat-kolektif/details/?id={kolektif}").get_data(as_text=True)
    assert 'name="passphrase"' in page and 'type="password"' in page
    no_token = camat.client.post(f"/admin/surat-kolektif/{kolektif}/tandatangani",
                                 data={"passphrase": cert.passphrase})
    assert no_token.status_code == 400 and stored(kolektif) is None  # CSRF
    assert sign_via_page(camat, kolektif, cert.passphrase).status_code == 302
    assert stored(kolektif) is not None
    missing = camat.post("/admin/surat-kolektif/999999/tandatangani",
                         {"passphrase": cert.passphrase},
                         csrf_url=f"/admin/surat-kolektif/details/?id={kolektif}")
    assert missing.status_code == 404


def test_the_screen_says_why_and_keeps_the_letter_unsigned(kolektif, local_signer, login_as,
                                                           cert):
    camat = login_as("camat")
    wrong = sign_via_page(camat, kolektif, "salah-ketik")
    assert wrong.status_code == 422 and "Passphrase salah" in wrong.get_data(as_text=True)
    empty = sign_via_page(camat, kolektif, "")
    assert empty.status_code == 422 and "Ketik passphrase" in empty.get_data(as_text=True)
    # Not printable unsigned while a signer is set: no unsigned copy leaves the office.
    waiting = login_as("sekretariat").get(print_url(kolektif))
    assert waiting.status_code == 409
    assert "belum ditandatangani Camat" in waiting.get_data(as_text=True)
    assert stored(kolektif) is None
    ok = sign_via_page(camat, kolektif, cert.passphrase)
    assert ok.status_code == 302
    again = sign_via_page(camat, kolektif, cert.passphrase)
    assert again.status_code == 409 and "sudah ditandatangani" in again.get_data(as_text=True)


def test_passphrase_never_in_logs_database_or_audit_trail(kolektif, local_signer, login_as, cert,
                                                          caplog):
    caplog.set_level(logging.DEBUG)
    camat = login_as("camat")
    wrong = "Salah-Sandi-Kolektif-0815"
    sign_via_page(camat, kolektif, wrong)
    sign_via_page(camat, kolektif, cert.passphrase)
    ttd = stored(kolektif)
    assert ttd is not None
    for secret in (wrong, cert.passphrase):
        assert secret not in caplog.text
        assert secret.encode() not in ttd.isi
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()).all():
                assert secret not in repr(tuple(row)), f"passphrase found in {table.name}"


def test_verification_page_of_the_collective_letter(kolektif, local_signer, users, cert, client):
    from tests.conftest import csrf_from

    ttd = pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    data, digest, token = ttd.isi, ttd.sha256, ttd.dokumen.token
    page = client.get(f"/verifikasi/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Surat Pengantar Kolektif" in html and digest in html and "JAKA PRASTAWA" in html
    assert "Ani Lestari" not in html  # no applicant named on a public page
    same = client.post(f"/verifikasi/{token}", data={
        "berkas": (io.BytesIO(data), "k.pdf"), "csrf_token": csrf_from(html)},
        content_type="multipart/form-data")
    assert "Cocok: berkas ini persis" in same.get_data(as_text=True)


def test_without_a_signer_it_prints_for_a_wet_signature_with_the_paraf_box(kolektif, login_as):
    letter = login_as("sekretariat").get(print_url(kolektif))
    assert letter.status_code == 200
    text = text_of(letter.data)
    assert "Paraf koordinasi" in text and "Petugas Sekcam" in text
    assert "Transaksi Elektronik" not in text


def test_signed_collective_letter_looked_at(kolektif, local_signer, users, cert):
    """The block drawn between the title and the name; the whole page kept as a PNG."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from test_tte_visible import _png

    data = pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase).isi
    reader = PdfFileReader(io.BytesIO(data))
    x1, y1, x2, y2 = (float(v) for v in reader.embedded_signatures[0].sig_field["/Rect"])
    page_h = float(reader.root["/Pages"]["/Kids"][0]["/MediaBox"][3])
    dpi = 100
    image = _png(data, "surat-kolektif-ttd", dpi)
    scale = dpi / 72
    inside = image.crop((int(x1 * scale), int((page_h - y2) * scale), int(x2 * scale),
                         int((page_h - y1) * scale)))
    assert sum(1 for v in inside.get_flattened_data() if v < 100) / (inside.width * inside.height) > 0.08
    _png(data, "surat-kolektif-ttd-60")  # looked at: tests/artifacts/surat-kolektif-ttd-60.png


def test_collective_letter_through_bsre(kolektif, signer_config, users, cert):  # noqa: F811
    from test_bsre import NIK_CAMAT
    from tests.signing.tte_support import BsreStandIn

    s = OfficeSettings.get()
    s.camat_nik = NIK_CAMAT
    db.session.commit()
    bsre = BsreStandIn(cert=cert, nik=NIK_CAMAT).start()
    try:
        signer_config.update(SIGNER="bsre", BSRE_URL=bsre.url, BSRE_USERNAME=bsre.username,
                             BSRE_PASSWORD=bsre.password, BSRE_TIMEOUT=5)
        with pytest.raises(engine.WorkflowError, match="Passphrase salah") as err:
            pengesahan_kolektif.tandatangani(kolektif, users["camat"], "salah")
        assert http_status(err.value) == 422 and stored(kolektif) is None
        ttd = pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    finally:
        bsre.stop()
    assert ttd.metode == "bsre"
    status = validate(ttd.isi, cert)
    assert status.intact and status.valid and status.trusted
    assert "Balai Besar Sertifikasi Elektronik (BSrE)" in text_of(ttd.isi)


def test_two_signings_at_once_store_one_letter(kolektif, local_signer, users, cert):
    """Both signed before either is stored (two tabs): the unique row lets one through."""
    from app.workflow.effects import penandatangan_kantor

    first = pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    db.session.expire_all()
    with pytest.raises(engine.StaleState, match="sudah ditandatangani"):
        pengesahan_kolektif._simpan(kolektif, users["camat"], "token-kedua", b"%PDF-lain",
                                    "local", penandatangan_kantor())
    assert [t.sha256 for t in db.session.execute(select(DokumenTtd)).scalars()] == [first.sha256]
    assert db.session.execute(select(Dokumen).filter_by(token="token-kedua")).first() is None


def test_a_scanned_collective_letter_opens_that_letter_for_those_who_may_see_it(
        kolektif, local_signer, users, cert, login_as):
    ttd = pengesahan_kolektif.tandatangani(kolektif, users["camat"], cert.passphrase)
    scan = f"http://kantor.example/verifikasi/{ttd.dokumen.token}"
    desk = login_as("sekretariat").get("/admin/permohonan/cari", query_string={"q": scan})
    assert desk.status_code == 302
    assert desk.headers["Location"].endswith(f"/admin/surat-kolektif/details/?id={kolektif}")
    # The operator may not open collective letters: the scan finds no file and says so.
    operator = login_as("operator")
    seen = operator.get("/admin/permohonan/cari", query_string={"q": scan})
    assert "/admin/surat-kolektif/" not in seen.headers.get("Location", "")
    page = operator.get(seen.headers["Location"]).get_data(as_text=True)
    assert "Tidak ada berkas yang cocok" in page
