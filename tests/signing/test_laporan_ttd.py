"""The period report for the Dinas, signed by the Camat electronically when the office has a
signer: with the key the Camat confirmed (an upload alone signs nothing), validated by
pyHanko over the whole file; every other copy says it is a draft. Without a signer the
report keeps the wet-signature block for the Camat's hand."""
from __future__ import annotations

import io
from datetime import date, datetime

from pypdf import PdfReader
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.status import SignatureCoverageLevel

from app.extensions import db
from app.services.laporan_bulanan import susun
from app.services.laporan_ttd import pdf_ttd
from app.signing.placement import _lines
from models import CetakLog, OfficeSettings
from tests.signing.test_bsre import NIK_CAMAT
from tests.signing.test_tte import cert, local_signer, signer_config, stamp_text, validate, text_of  # noqa: F401
from tests.signing.test_tte_sertifikat import _at, _confirm, _post
from tests.signing.tte_support import BsreStandIn

PERIOD = "periode=2026-11"
REPORT = f"/admin/laporan.pdf?{PERIOD}"


def november_file(an_application):
    p = an_application("diajukan")
    p.created_at = datetime(2026, 11, 10, 3, 0)
    db.session.commit()


def signatures(data: bytes) -> list:
    return PdfFileReader(io.BytesIO(data)).embedded_signatures


def sign(camat, passphrase: str):
    return camat.post(f"/admin/laporan.pdf?{PERIOD}", {"passphrase": passphrase},
                      csrf_url=f"/admin/?{PERIOD}")


def prints() -> list[str]:
    db.session.expire_all()
    return [c.keterangan for c in db.session.execute(db.select(CetakLog)).scalars()]


def test_the_camat_signs_the_report_with_the_key_the_camat_confirmed(
        app, signer_config, users, cert, tmp_path, an_application):  # noqa: F811
    november_file(an_application)
    signer_config.update(SIGNER="local", SIGNER_TSA_URL=None,
                         SIGNER_P12_PATH=str(tmp_path / "keys" / "penandatangan.p12"))
    admin = _at(app, "10.20.0.99", "admin")
    assert _post(admin, app, sertifikat_tte=(io.BytesIO(cert.p12), "camat.p12")).status_code == 302
    camat = _at(app, "10.20.0.5", "camat")
    assert 'id="laporan-ttd"' in camat.get(f"/admin/?{PERIOD}").get_data(as_text=True)
    # Uploaded by the admin, not yet confirmed by the Camat: it signs nothing.
    waiting = sign(camat, cert.passphrase)
    assert waiting.status_code == 422 and waiting.mimetype == "text/html"
    assert "belum diunggah" in waiting.get_data(as_text=True)
    assert prints() == []

    assert _confirm(camat, cert.passphrase).status_code == 302
    response = sign(camat, cert.passphrase)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.data
    status = validate(data, cert)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "JAKA PRASTAWA" in status.signing_cert.subject.human_friendly
    [sig] = signatures(data)
    assert sig.sig_object["/Reason"] == "Laporan pelayanan Bulan November 2026"
    assert stamp_text(data)[:2] == ["Ditandatangani secara elektronik oleh:",
                                    "JAKA PRASTAWA, S.Sos., M.Si."]
    text = text_of(data)
    assert "LAPORAN PELAYANAN" in text and "Bulan November 2026" in text
    assert "1 berkas dicatat pada periode ini" in text
    assert "sertifikat elektronik milik kantor sendiri" in text and "KONSEP" not in text
    # The visible block sits on the report's last page between the title and the name.
    lines = _lines(PdfReader(io.BytesIO(data)))
    title = next(ln for ln in reversed(lines) if ln[4] == "CAMAT TAKERAN")
    name = next(ln for ln in lines if ln[4].startswith("JAKA PRASTAWA"))
    x1, y1, x2, y2 = (float(v) for v in sig.sig_field["/Rect"])
    assert name[2] < y1 < y2 < title[2] and x1 < title[1] < x2
    assert prints() == ["Bulan November 2026 (PDF bertanda tangan elektronik)"]


def test_a_wrong_passphrase_signs_nothing_and_the_others_get_a_draft(
        local_signer, cert, login_as, an_application):  # noqa: F811
    november_file(an_application)
    camat = login_as("camat")
    wrong = sign(camat, "bukan-passphrase-nya")
    assert wrong.status_code == 422 and wrong.mimetype == "text/html"
    page = wrong.get_data(as_text=True)
    assert "Passphrase salah" in page and 'id="laporan-ttd"' in page
    assert "bukan-passphrase-nya" not in page
    assert prints() == []
    sekcam = login_as("sekcam")
    assert 'id="laporan-ttd"' not in sekcam.get(f"/admin/?{PERIOD}").get_data(as_text=True)
    assert sign(sekcam, cert.passphrase).status_code == 403
    draft = sekcam.get(REPORT)
    assert draft.status_code == 200 and signatures(draft.data) == []
    text = text_of(draft.data)
    assert "KONSEP belum ditandatangani secara elektronik oleh Camat" in text
    assert "JAKA PRASTAWA" in text
    # Guessing stays slow: after five wrong passphrases even the right one waits.
    for _ in range(4):
        assert sign(camat, "tebakan").status_code == 422
    late = sign(camat, cert.passphrase)
    assert late.status_code == 422 and "Terlalu banyak passphrase salah" in late.get_data(as_text=True)
    assert prints() == ["Bulan November 2026 (PDF)"]


def test_without_a_signer_the_report_keeps_the_wet_signature_block(
        signer_config, login_as, an_application):  # noqa: F811
    signer_config["SIGNER"] = "none"
    november_file(an_application)
    camat = login_as("camat")
    assert 'id="laporan-ttd"' not in camat.get(f"/admin/?{PERIOD}").get_data(as_text=True)
    response = camat.get(REPORT)
    assert response.status_code == 200 and signatures(response.data) == []
    text = text_of(response.data)
    assert "KONSEP" not in text and "secara elektronik" not in text
    assert "NIP. 19660913 198603 1 007" in text
    # Room for the hand between the title and the name: four empty lines.
    lines = _lines(PdfReader(io.BytesIO(response.data)))
    title = next(ln for ln in reversed(lines) if ln[4] == "CAMAT TAKERAN")
    name = next(ln for ln in lines if ln[4].startswith("JAKA PRASTAWA"))
    assert title[2] - name[2] > 4 * 10
    refused = sign(camat, "apa-saja")
    assert refused.status_code == 422 and "tidak diaktifkan" in refused.get_data(as_text=True)


def test_through_bsre_the_report_says_its_certificate_is_certified(
        signer_config, cert, login_as, an_application, users):  # noqa: F811
    november_file(an_application)
    s = OfficeSettings.get()
    s.camat_nik = NIK_CAMAT
    db.session.commit()
    server = BsreStandIn(cert=cert, nik=NIK_CAMAT).start()
    try:
        signer_config.update(SIGNER="bsre", BSRE_URL=server.url, BSRE_USERNAME=server.username,
                             BSRE_PASSWORD=server.password, BSRE_TIMEOUT=5)
        refused = sign(login_as("camat"), "salah")
        assert refused.status_code == 422 and "Passphrase salah" in refused.get_data(as_text=True)
        data = pdf_ttd(susun(date(2026, 11, 1), date(2026, 11, 30)),
                       users["camat"], cert.passphrase)
    finally:
        server.stop()
    status = validate(data, cert)
    assert status.intact and status.valid
    text = text_of(data)
    assert "sertifikat elektronik tersertifikasi" in text and "UU Nomor 11 Tahun 2008" in text
    assert "KONSEP" not in text
