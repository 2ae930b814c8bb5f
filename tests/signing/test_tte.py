"""Electronic signatures: the Camat ratifies by typing a passphrase; the letter is signed
first and stored with the state change; anyone can check a copy."""
from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import inspect, select

from app.errors import http_status
from app.extensions import db
from app.signing import outside_event_loop
from app.services import pengesahan
from app.signing.validasi import periksa_tanda_tangan
from app.workflow import engine
from models import Dokumen, DokumenTtd, OfficeSettings, Permohonan, TransitionLog
from tests.signing.tte_support import make_cert

SIGNER_KEYS = ("SIGNER", "SIGNER_P12_PATH", "SIGNER_TSA_URL", "BSRE_URL", "BSRE_USERNAME",
               "BSRE_PASSWORD", "BSRE_TIMEOUT")


@pytest.fixture(scope="module")
def cert():
    return make_cert()


@pytest.fixture
def signer_config(app):
    saved = {k: app.config.get(k) for k in SIGNER_KEYS}
    yield app.config
    app.config.update(saved)


@pytest.fixture
def local_signer(signer_config, cert, tmp_path):
    path = tmp_path / "keys" / "penandatangan.p12"
    path.parent.mkdir()
    path.write_bytes(cert.p12)
    path.chmod(0o600)
    signer_config.update(SIGNER="local", SIGNER_P12_PATH=str(path), SIGNER_TSA_URL=None)
    return path


def validate(data: bytes, cert):
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    return outside_event_loop(validate_pdf_signature, sig, ValidationContext(trust_roots=[cert.ca_asn1]))


def signed_copy(permohonan_id: int) -> DokumenTtd | None:
    return db.session.execute(
        select(DokumenTtd).join(Dokumen).where(Dokumen.permohonan_id == permohonan_id)
    ).scalar()


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def stamp_text(data: bytes) -> list[str]:
    """The lines of the visible signature's appearance stream."""
    import re

    ap = PdfFileReader(io.BytesIO(data)).embedded_signatures[0].sig_field["/AP"]["/N"].data
    # The stamp's font is a WinAnsi TrueType: each line is one hex string shown with Tj.
    return [bytes.fromhex(t.decode()).decode("cp1252") for t in re.findall(rb"<([0-9a-fA-F]*)> Tj", ap)]


# --- signing and validation ------------------------------------------------------------

def test_ratified_letter_is_signed_valid_and_covers_the_whole_file(
        local_signer, an_application, users, cert):
    p = an_application("diverifikasi")
    done = engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert done.status == "disahkan"
    stored = signed_copy(p.id)
    assert stored is not None and stored.metode == "local"
    import hashlib
    assert stored.sha256 == hashlib.sha256(stored.isi).hexdigest()
    status = validate(stored.isi, cert)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "JAKA PRASTAWA" in status.signing_cert.subject.human_friendly
    text = text_of(stored.isi)
    # The office's own key is not a certified one: the letter does not claim it is.
    assert "sertifikat elektronik milik kantor sendiri" in text
    assert "tersertifikasi" not in text.lower()
    assert "Paraf koordinasi" in text and "Petugas Sekcam" in text  # the verifier's name
    assert done.penandatangan_nama in text and done.register.nomor in text
    # One time everywhere: the file, the stored letter, the visible block.
    from app.timefmt import waktu
    assert stored.ditandatangani_at == done.disahkan_at
    block = stamp_text(stored.isi)
    assert block[0] == "Ditandatangani secara elektronik oleh:"
    assert block[1:] == [done.penandatangan_nama, "Camat Takeran", "NIP. 19660913 198603 1 007",
                         waktu(done.disahkan_at)]


def test_a_changed_byte_makes_validation_fail(local_signer, an_application, users, cert):
    p = an_application("diverifikasi")
    engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    data = bytearray(signed_copy(p.id).isi)
    # A byte of the letter's own text ("Penting" -> "Pentinh" would need an uncompressed
    # stream; flip one inside the signed range instead).
    where = len(data) // 4
    data[where] ^= 0x01
    try:
        results = periksa_tanda_tangan(bytes(data), [cert.ca_asn1])
        assert results and not all(r.intact and r.valid for r in results)
    except ValueError:
        pass  # no longer even a readable PDF: fails too


def test_wrong_passphrase_changes_nothing(local_signer, an_application, users):
    p = an_application("diverifikasi")
    version = p.version
    with pytest.raises(engine.WorkflowError) as err:
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": "bukan-passphrase"})
    assert "Passphrase salah" in err.value.message
    db.session.expire_all()
    again = db.session.get(Permohonan, p.id)
    assert again.status == "diverifikasi" and again.version == version
    assert again.disahkan_at is None and again.penandatangan_nama is None
    assert db.session.execute(select(Dokumen).filter_by(permohonan_id=p.id)).first() is None
    assert db.session.execute(select(TransitionLog).filter_by(
        permohonan_id=p.id, aksi="sahkan")).first() is None


def drawn_pdfs(monkeypatch) -> list:
    """Every PDF the renderer draws from now on (the real renderer, counted)."""
    from app.documents import render

    drawn, real = [], render.html_to_pdf
    monkeypatch.setattr(render, "html_to_pdf", lambda html: drawn.append(real(html)) or drawn[-1])
    return drawn


def test_a_wrong_passphrase_is_refused_before_the_letter_is_drawn(
        local_signer, an_application, users, cert, monkeypatch):
    p = an_application("diverifikasi")
    drawn = drawn_pdfs(monkeypatch)
    with pytest.raises(engine.WorkflowError, match="Passphrase salah"):
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": "bukan-passphrase"})
    assert drawn == []  # the office's key file told at once: nothing rendered for nothing
    engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert len(drawn) == 1 and signed_copy(p.id) is not None


def test_missing_certificate_and_empty_passphrase_say_so(
        signer_config, local_signer, an_application, users, cert):
    p = an_application("diverifikasi")
    with pytest.raises(engine.WorkflowError, match="Ketik passphrase"):
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": "  "})
    local_signer.unlink()
    with pytest.raises(engine.WorkflowError, match="belum diunggah"):
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert db.session.get(Permohonan, p.id, populate_existing=True).status == "diverifikasi"


def test_retry_after_a_failure_stores_one_letter(local_signer, an_application, users, cert):
    p = an_application("diverifikasi")
    with pytest.raises(engine.WorkflowError):
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": "salah"})
    engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    with pytest.raises(engine.StaleState):  # a second click once done
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert db.session.execute(select(DokumenTtd)).scalars().all() == [signed_copy(p.id)]
    assert len(db.session.execute(select(TransitionLog).filter_by(
        permohonan_id=p.id, aksi="sahkan")).all()) == 1


def test_bulk_ratification_is_refused_when_signing_is_on(local_signer, an_application, users):
    p = an_application("diverifikasi")
    [result] = engine.perform_each([p.id], "sahkan", users["camat"])
    assert not result.ok and "satu per satu" in result.message
    assert db.session.get(Permohonan, p.id, populate_existing=True).status == "diverifikasi"


def test_without_a_signer_the_letter_has_the_paraf_box_and_no_ite_sentence(
        login_as, an_application):
    p = an_application("disahkan")
    pid = p.id
    camat = login_as("camat")
    data = camat.get(f"/admin/permohonan/{pid}/cetak/surat-pengantar.pdf").data
    text = text_of(data)
    assert "Paraf koordinasi" in text and "Petugas Sekcam" in text
    assert "Transaksi Elektronik" not in text
    assert not PdfFileReader(io.BytesIO(data)).embedded_signatures


# --- through the screens ---------------------------------------------------------------

def _sahkan_via_page(browser, pid: int, passphrase: str | None, note: str = ""):
    page = f"/admin/permohonan/details/?id={pid}"
    data = {"note": note, "version": str(db.session.get(Permohonan, pid,
                                                        populate_existing=True).version)}
    if passphrase is not None:
        data["passphrase"] = passphrase
    return browser.post(f"/admin/permohonan/{pid}/transition/sahkan", data, csrf_url=page)


def test_passphrase_field_only_when_a_signer_is_set(signer_config, login_as, an_application, cert,
                                                    tmp_path):
    p = an_application("diverifikasi")
    camat = login_as("camat")
    page = f"/admin/permohonan/details/?id={p.id}"
    assert 'name="passphrase"' not in camat.get(page).get_data(as_text=True)
    signer_config.update(SIGNER="local", SIGNER_P12_PATH=str(tmp_path / "x.p12"))
    html = camat.get(page).get_data(as_text=True)
    assert 'name="passphrase"' in html and 'type="password"' in html


def test_camat_ratifies_by_passphrase_and_the_signed_letter_is_what_prints(
        local_signer, login_as, an_application, users, cert):
    p = an_application("diverifikasi")
    pid = p.id
    camat = login_as("camat")
    wrong = _sahkan_via_page(camat, pid, "salah-ketik")
    assert wrong.status_code == 422
    assert "Passphrase salah" in wrong.get_data(as_text=True)
    ok = _sahkan_via_page(camat, pid, cert.passphrase)
    assert ok.status_code == 302
    stored = signed_copy(pid).isi
    detail = camat.get(f"/admin/permohonan/details/?id={pid}").get_data(as_text=True)
    assert "Surat Pengantar ditandatangani elektronik" in detail
    assert signed_copy(pid).sha256 in detail
    first = camat.get(f"/admin/permohonan/{pid}/cetak/surat-pengantar.pdf").data
    assert first == stored
    # A new Camat later changes nothing on the letter already signed.
    s = OfficeSettings.get()
    s.camat_nama = "CAMAT BARU, S.H."
    db.session.commit()
    assert camat.get(f"/admin/permohonan/{pid}/cetak/surat-pengantar.pdf").data == stored


def test_passphrase_never_in_logs_database_or_audit_trail(
        local_signer, login_as, an_application, cert, caplog):
    caplog.set_level(logging.DEBUG)
    p = an_application("diverifikasi")
    pid = p.id
    camat = login_as("camat")
    wrong = "Salah-Sandi-Unik-4711"
    _sahkan_via_page(camat, pid, wrong, note="disahkan")
    _sahkan_via_page(camat, pid, cert.passphrase, note="disahkan")
    assert db.session.get(Permohonan, pid, populate_existing=True).status == "disahkan"
    for secret in (wrong, cert.passphrase):
        assert secret not in caplog.text
        assert secret.encode() not in signed_copy(pid).isi
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()).all():
                assert secret not in repr(tuple(row)), f"passphrase found in {table.name}"


# --- verification ----------------------------------------------------------------------

def test_verification_page_shows_signer_and_checks_an_uploaded_file(
        local_signer, an_application, users, cert, client):
    from tests.conftest import csrf_from

    p = an_application("diverifikasi")
    engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    stored = signed_copy(p.id)
    data, digest, token = stored.isi, stored.sha256, stored.dokumen.token
    page = client.get(f"/verifikasi/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "JAKA PRASTAWA" in html and "Camat Takeran" in html and digest in html
    csrf = csrf_from(html)

    def upload(content: bytes, with_csrf=True):
        form = {"berkas": (io.BytesIO(content), "surat.pdf")}
        if with_csrf:
            form["csrf_token"] = csrf
        return client.post(f"/verifikasi/{token}", data=form,
                           content_type="multipart/form-data")

    same = upload(data)
    assert same.status_code == 200 and "Cocok: berkas ini persis" in same.get_data(as_text=True)
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x20
    other = upload(bytes(changed))
    assert "Tidak cocok" in other.get_data(as_text=True)
    assert upload(data, with_csrf=False).status_code == 400
    big = upload(b"%PDF-" + b"0" * (5 * 1024 * 1024 + 100 * 1024))
    assert big.status_code == 413 and "maksimal 5 MB" in big.get_data(as_text=True)
    assert upload(b"").status_code == 422
    assert db.session.execute(select(DokumenTtd)).scalars().all() == [stored]


def test_flask_verify_reports_validity_and_the_stored_match(
        app, local_signer, an_application, users, cert, tmp_path):
    p = an_application("diverifikasi")
    engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    stored = signed_copy(p.id)
    good = tmp_path / "surat.pdf"
    good.write_bytes(stored.isi)
    ca = tmp_path / "ca.pem"
    ca.write_bytes(cert.ca_pem)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["verify", str(good), "--trust", str(ca)])
    assert result.exit_code == 0, result.output
    assert "utuh (intact)        : ya" in result.output
    assert "mencakup seluruh berkas: ya" in result.output
    assert "sertifikat dipercaya : ya" in result.output
    assert "JAKA PRASTAWA" in result.output
    assert f"Cocok dengan dokumen tersimpan: {stored.dokumen.nomor}" in result.output
    bad = tmp_path / "ubah.pdf"
    data = bytearray(stored.isi)
    data[len(data) // 4] ^= 0x01
    bad.write_bytes(bytes(data))
    result = runner.invoke(args=["verify", str(bad)])
    assert result.exit_code == 1 and "Tidak cocok dengan dokumen tersimpan" in result.output
    junk = tmp_path / "bukan.pdf"
    junk.write_bytes(b"bukan pdf")
    result = runner.invoke(args=["verify", str(junk)])
    assert result.exit_code == 1 and "bukan berkas PDF" in result.output
    assert "Traceback" not in result.output


# --- RFC 3161 timestamp ----------------------------------------------------------------

def test_timestamp_from_the_configured_tsa(signer_config, local_signer, an_application, users,
                                           cert):
    from tests.signing.tte_support import TsaStandIn

    tsa = TsaStandIn().start()
    try:
        signer_config["SIGNER_TSA_URL"] = tsa.url
        p = an_application("diverifikasi")
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    finally:
        tsa.stop()
    assert tsa.requests >= 1
    data = signed_copy(p.id).isi
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = outside_event_loop(
        validate_pdf_signature, sig, ValidationContext(trust_roots=[cert.ca_asn1, tsa.root]))
    assert status.intact and status.valid
    assert status.timestamp_validity is not None and status.timestamp_validity.intact
    assert status.timestamp_validity.trusted


def test_tsa_unreachable_changes_nothing(signer_config, local_signer, an_application, users,
                                         cert):
    signer_config["SIGNER_TSA_URL"] = "http://127.0.0.1:9/tsa"
    p = an_application("diverifikasi")
    with pytest.raises(engine.WorkflowError) as err:
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert http_status(err.value) == 503
    assert db.session.get(Permohonan, p.id, populate_existing=True).status == "diverifikasi"
    assert signed_copy(p.id) is None


# --- settings --------------------------------------------------------------------------

def test_signer_setting_is_checked_at_start(monkeypatch):
    from app import settings

    monkeypatch.setenv("SIGNER", "BSRE")
    assert settings.signer() == "bsre"
    monkeypatch.setenv("SIGNER", "basah")
    with pytest.raises(ValueError, match="none, local or bsre"):
        settings.signer()
    monkeypatch.delenv("SIGNER")
    assert settings.signer() == "none"


def test_bsre_without_an_address_says_so(signer_config, an_application, users):
    signer_config.update(SIGNER="bsre", BSRE_URL=None)
    p = an_application("diverifikasi")
    with pytest.raises(engine.WorkflowError, match="BSRE_URL"):
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": "x"})


def test_demo_data_loads_with_a_signer_set(app, signer_config, local_signer):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert signer_config["SIGNER"] == "local"
    with app.app_context():
        assert db.session.execute(select(Permohonan).filter_by(status="disahkan")).first()


def test_any_letter_can_be_signed_the_same_way(local_signer, ctx, cert):
    """e.g. a collective Surat Pengantar: drawn with the title and name lines, signed by
    the same function, the block placed between them."""
    from app.documents.render import html_to_pdf

    s = OfficeSettings.get()
    pdf = html_to_pdf(f"""<html><body><p>Surat pengantar kolektif</p>
      <p style="text-align: right">CAMAT TAKERAN</p><br><br><br><br><br>
      <p style="text-align: right"><b>{s.camat_nama}</b></p></body></html>""")
    signed = pengesahan.tandatangani(pdf, "http://127.0.0.1/verifikasi/kolektif", cert.passphrase)
    status = validate(signed, cert)
    assert status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    field = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0].sig_field
    assert float(field["/Rect"][2]) - float(field["/Rect"][0]) == pytest.approx(240)


def test_flask_verify_from_the_shell_prints_no_traceback(
        app, local_signer, an_application, users, cert, tmp_path):
    import os
    import subprocess
    import sys

    p = an_application("diverifikasi")
    engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    good = tmp_path / "surat.pdf"
    good.write_bytes(signed_copy(p.id).isi)
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SIGNER": "none",
           "SECRET_KEY": app.config["SECRET_KEY"]}
    run = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "verify", str(good)],
                         capture_output=True, text=True, env=env, timeout=120,
                         cwd=str(__import__("app").ROOT))
    assert run.returncode == 0, run.stderr
    assert "tidak (akar sertifikat tidak dikenal; pakai --trust)" in run.stdout
    assert "Cocok dengan dokumen tersimpan" in run.stdout
    assert "Traceback" not in run.stderr + run.stdout


def test_two_ratifications_at_once_store_one_letter(local_signer, an_application, users, cert,
                                                    monkeypatch):
    """Both letters signed before either commits (a second Camat's click lands while the
    first letter is being signed): one ratification, one letter stored."""
    p = an_application("diverifikasi")
    real, signed = pengesahan._sign_letter, []

    def sign_while_another_ratifies(*args):
        letter = real(*args)
        signed.append(letter)
        if len(signed) == 1:  # the first letter is signed: the other click goes all through
            engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
        return letter

    monkeypatch.setattr(pengesahan, "_sign_letter", sign_while_another_ratifies)
    with pytest.raises(engine.StaleState):
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert len(signed) == 2
    assert [d.sha256 for d in db.session.execute(select(DokumenTtd)).scalars()] == [
        signed[1].sha256]
    assert len(db.session.execute(select(TransitionLog).filter_by(
        permohonan_id=p.id, aksi="sahkan")).all()) == 1


def test_guessing_the_passphrase_is_slowed(local_signer, an_application, users, cert):
    p = an_application("diverifikasi")
    for _ in range(5):
        with pytest.raises(engine.WorkflowError, match="Passphrase salah"):
            engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": "tebakan"})
    with pytest.raises(engine.WorkflowError, match="Terlalu banyak passphrase salah"):
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert db.session.get(Permohonan, p.id, populate_existing=True).status == "diverifikasi"
