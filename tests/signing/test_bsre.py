"""The BSrE client against a stand-in server with BSrE v2's shape (tests/tte_support.py):
success, and each error answer the Camat must be told about."""
from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from app import signing
from app.documents.render import html_to_pdf
from app.errors import http_status
from app.extensions import db
from app.signing import outside_event_loop
from app.signing.bsre import BsreSigner
from app.workflow import engine
from models import DokumenTtd, OfficeSettings, Permohonan
from test_tte import cert, signed_copy, signer_config, text_of  # noqa: F401 (fixtures)
from tests.signing.tte_support import BsreStandIn

NIK_CAMAT = "3520041309660001"


@pytest.fixture
def bsre(cert):  # noqa: F811
    server = BsreStandIn(cert=cert, nik=NIK_CAMAT).start()
    yield server
    server.stop()


@pytest.fixture
def client_of(bsre):
    def make(**kw):
        return BsreSigner(bsre.url, kw.pop("username", bsre.username),
                          kw.pop("password", bsre.password), kw.pop("timeout", 5))
    return make


def identity(nik=NIK_CAMAT, kotak=signing.Kotak(0, 300, 200, 240, 60)):
    return signing.SignerIdentity(nama="JAKA PRASTAWA", jabatan="Camat Takeran",
                                  nip="19660913 198603 1 007", nik=nik,
                                  waktu="1 Desember 2026 10.00 WIB",
                                  verifikasi_url="http://127.0.0.1/verifikasi/x", kotak=kotak)


@pytest.fixture
def letter(ctx):
    return html_to_pdf("<html><body><p>Surat uji</p></body></html>")


def test_signs_and_the_answer_validates(client_of, bsre, letter, cert):  # noqa: F811
    signed = client_of().sign(letter, identity(), cert.passphrase)
    sig = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    status = outside_event_loop(validate_pdf_signature, sig, ValidationContext(trust_roots=[cert.ca_asn1]))
    assert status.intact and status.valid and status.trusted
    import json
    path, raw = bsre.requests[-1]
    sent = json.loads(raw)
    assert path == "/api/v2/sign/pdf" and sent["nik"] == NIK_CAMAT
    prop = sent["signatureProperties"][0]
    assert prop["tampilan"] == "VISIBLE" and prop["page"] == 1 and prop["width"] == 240
    assert prop["imageBase64"] and sent["file"][0]


def test_wrong_passphrase(client_of, letter):
    with pytest.raises(signing.WrongSecret, match="Passphrase salah"):
        client_of().sign(letter, identity(), "bukan-ini")


def test_user_not_registered(client_of, letter, cert):  # noqa: F811
    with pytest.raises(signing.NotRegistered, match="tidak terdaftar"):
        client_of().sign(letter, identity(nik="3520040101700009"), cert.passphrase)


def test_malformed_pdf_refused_before_sending(client_of, bsre, letter, cert):  # noqa: F811
    with pytest.raises(signing.MalformedPdf):
        client_of().sign(letter[: len(letter) // 2], identity(), cert.passphrase)
    assert bsre.requests == []  # never sent


def test_malformed_pdf_answer_of_the_service(client_of, bsre, letter, cert):  # noqa: F811
    bsre.reject_pdf = True
    with pytest.raises(signing.MalformedPdf, match="menolak berkas"):
        client_of().sign(letter, identity(), cert.passphrase)


def test_timeout(client_of, bsre, letter, cert):  # noqa: F811
    bsre.delay = 1.5
    with pytest.raises(signing.ServiceUnavailable, match="tidak menjawab"):
        client_of(timeout=0.3).sign(letter, identity(), cert.passphrase)


def test_service_down_and_wrong_app_credentials(client_of, bsre, letter, cert):  # noqa: F811
    with pytest.raises(signing.NotConfigured, match="kredensial"):
        client_of(password="salah").sign(letter, identity(), cert.passphrase)
    down = BsreSigner("http://127.0.0.1:9", "a", "b", timeout=2)
    with pytest.raises(signing.ServiceUnavailable, match="tidak dapat dihubungi"):
        down.sign(letter, identity(), cert.passphrase)


def test_user_status(client_of, bsre, letter, cert):  # noqa: F811
    assert client_of().user_status(NIK_CAMAT) == "ISSUE"
    assert client_of().user_status("3520040101700009") == "NOT_REGISTERED"
    bsre.status = "EXPIRED"
    with pytest.raises(signing.NotRegistered, match="tidak aktif .status EXPIRED"):
        client_of().sign(letter, identity(), cert.passphrase)
    assert all(path != "/api/v2/sign/pdf" for path, _ in bsre.requests)  # passphrase not sent


def test_an_error_answered_with_http_200_is_an_error(client_of, bsre, letter):
    """Public clients treat a 200 whose body names an error as a failure: so do we."""
    bsre.error_with_200 = True
    with pytest.raises(signing.WrongSecret, match="Passphrase salah"):
        client_of().sign(letter, identity(), "bukan-ini")


def test_no_certificate_status_is_named_as_not_registered(client_of, bsre, letter, cert):  # noqa: F811
    bsre.status = "NO_CERTIFICATE"
    with pytest.raises(signing.NotRegistered, match="tidak terdaftar"):
        client_of().sign(letter, identity(), cert.passphrase)
    bsre.status = "SUSPEND"
    with pytest.raises(signing.NotRegistered, match="status SUSPEND"):
        client_of().sign(letter, identity(), cert.passphrase)
    assert all(path != "/api/v2/sign/pdf" for path, _ in bsre.requests)


def test_user_not_registered_answer_of_the_sign_call(client_of, bsre, letter, cert):  # noqa: F811
    """Should the status check pass and the signing call still refuse the NIK."""
    signer = client_of()
    signer.user_status = lambda nik: "ISSUE"
    with pytest.raises(signing.NotRegistered, match="tidak terdaftar"):
        signer.sign(letter, identity(nik="3520040101700009"), cert.passphrase)


def test_ratification_through_bsre(signer_config, bsre, an_application, users, cert):  # noqa: F811
    s = OfficeSettings.get()
    s.camat_nik = NIK_CAMAT
    db.session.commit()
    signer_config.update(SIGNER="bsre", BSRE_URL=bsre.url, BSRE_USERNAME=bsre.username,
                         BSRE_PASSWORD=bsre.password, BSRE_TIMEOUT=5)
    p = an_application("diverifikasi")
    bsre.delay = 0
    with pytest.raises(engine.WorkflowError, match="Passphrase salah"):
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": "salah"})
    assert db.session.get(Permohonan, p.id, populate_existing=True).status == "diverifikasi"
    assert db.session.execute(select(DokumenTtd)).first() is None
    signer_config["BSRE_TIMEOUT"] = 0.3
    bsre.delay = 1.0
    with pytest.raises(engine.WorkflowError) as err:
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert http_status(err.value) == 503
    assert db.session.get(Permohonan, p.id, populate_existing=True).status == "diverifikasi"
    signer_config["BSRE_TIMEOUT"] = 5
    bsre.delay = 0
    done = engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert done.status == "disahkan"
    stored = signed_copy(p.id)
    assert stored.metode == "bsre"
    text = text_of(stored.isi)
    assert "Balai Besar Sertifikasi Elektronik (BSrE)" in text
    assert "sertifikat elektronik tersertifikasi" in text  # BSrE's is a certified one
    assert "UU Nomor 11 Tahun 2008" in text
