"""The admin uploads the PKCS#12: kept 0600 in a 0700 folder outside static/, never in the
database (so never in a backup); only a real PKCS#12 is taken; a refused form keeps the
old one. An upload waits: only the Camat, logged in as themselves, makes it the office's
signing key by typing its passphrase; every step is witnessed."""
from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from app import ROOT
from app.extensions import db
from app.workflow import engine
from models import OfficeSettings, RiwayatAkun
from tests.conftest import Browser
from tests.documents.test_lambang import SETTINGS_URL, _form
from tests.signing.test_tte import cert, local_signer, signed_copy, signer_config  # noqa: F401
from tests.signing.tte_support import make_cert

KEY_PAGE = "/akun/kunci-ttd"


def _post(admin, app, **extra):
    return admin.post(SETTINGS_URL, _form(app, **extra), csrf_url=SETTINGS_URL,
                      content_type="multipart/form-data")


def _at(app, address: str, role: str, password: str | None = None) -> Browser:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    browser = Browser(client)
    response = browser.login(role) if password is None else browser.login(role, password)
    assert response.status_code == 302
    return browser


def _key_history() -> list[RiwayatAkun]:
    db.session.expire_all()
    return db.session.execute(db.select(RiwayatAkun).filter_by(kolom="kunci_ttd")
                              .order_by(RiwayatAkun.id)).scalars().all()


def _confirm(camat, passphrase: str):
    return camat.post(KEY_PAGE, {"passphrase": passphrase, "aksi": "pasang"}, csrf_url=KEY_PAGE)


def test_an_upload_waits_for_the_camat_who_confirms_it_with_its_passphrase(
        app, signer_config, users, cert, tmp_path):  # noqa: F811
    target = tmp_path / "keys" / "penandatangan.p12"
    signer_config["SIGNER_P12_PATH"] = str(target)
    admin = _at(app, "10.20.0.99", "admin")
    assert "Belum ada sertifikat" in admin.get(SETTINGS_URL).get_data(as_text=True)
    response = _post(admin, app, camat_nik="3520041309660001",
                     sertifikat_tte=(io.BytesIO(cert.p12), "camat.p12"))
    assert response.status_code == 302
    waiting = target.with_name(target.name + ".menunggu")
    assert not target.exists() and waiting.read_bytes() == cert.p12
    assert stat.S_IMODE(waiting.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert not target.is_relative_to(ROOT / "static")
    assert "menunggu konfirmasi Camat" in admin.get(SETTINGS_URL).get_data(as_text=True)
    [uploaded] = _key_history()
    assert (uploaded.oleh_id, uploaded.user_id, uploaded.dari, uploaded.ip) == (
        users["admin"].id, None, None, "10.20.0.99")
    assert uploaded.ke.startswith("menunggu sha256:")

    camat = _at(app, "10.20.0.5", "camat")
    assert "menunggu konfirmasi Anda" in camat.get("/admin/").get_data(as_text=True)
    page = camat.get(KEY_PAGE).get_data(as_text=True)
    assert "menunggu konfirmasi Anda" in page and "Petugas Admin" in page
    wrong = _confirm(camat, "bukan-passphrase-nya")
    assert wrong.status_code == 422
    assert "Passphrase tidak membuka kunci" in wrong.get_data(as_text=True)
    assert not target.exists() and len(_key_history()) == 1
    assert _confirm(camat, cert.passphrase).status_code == 302
    assert target.read_bytes() == cert.p12 and not waiting.exists()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    confirmed = _key_history()[-1]
    assert (confirmed.oleh_id, confirmed.user_id, confirmed.ip) == (
        users["camat"].id, users["camat"].id, "10.20.0.5")
    assert confirmed.ke == "aktif " + uploaded.ke.removeprefix("menunggu ")
    assert "Sertifikat PKCS#12 terpasang" in admin.get(SETTINGS_URL).get_data(as_text=True)
    history = admin.get("/admin/riwayat-akun/").get_data(as_text=True)
    assert "menunggu konfirmasi Camat" in history and "dikonfirmasi Camat" in history
    with app.app_context():
        assert OfficeSettings.get().camat_nik == "3520041309660001"
        for table in db.metadata.sorted_tables:  # not in the database, so not in a backup
            for row in db.session.execute(table.select()).all():
                assert cert.p12[40:80] not in repr(tuple(row)).encode()
    assert camat.post(SETTINGS_URL, {}, csrf_url="/admin/").status_code == 403


def test_the_admin_alone_cannot_make_a_key_sign(
        app, signer_config, local_signer, users, an_application, cert):  # noqa: F811
    """The finding: the admin replaced the key, and the letters signed with it. Now the
    replacement waits; the old key signs; the admin cannot open the Camat's page."""
    own = make_cert(cn="PENYAMAR", passphrase="Kunci-Admin#2026")
    admin = _at(app, "10.20.0.99", "admin")
    assert _post(admin, app, sertifikat_tte=(io.BytesIO(own.p12), "baru.p12")).status_code == 302
    assert local_signer.read_bytes() == cert.p12  # the key in force stays in force
    for response in (admin.get(KEY_PAGE), _confirm(admin, own.passphrase)):
        assert response.status_code == 403
    assert local_signer.read_bytes() == cert.p12
    p = an_application("diverifikasi")
    with pytest.raises(engine.WorkflowError) as refused:  # the admin's key's passphrase
        engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": own.passphrase})
    assert "Passphrase salah" in refused.value.message
    done = engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    assert done.status == "disahkan" and "JAKA PRASTAWA" in signed_copy(p.id).sertifikat_subjek
    assert [r.ke.partition(" ")[0] for r in _key_history()] == ["menunggu"]


def test_the_camat_refuses_a_key_they_did_not_ask_for(
        app, signer_config, local_signer, users, cert):  # noqa: F811
    own = make_cert(cn="PENYAMAR", passphrase="Kunci-Admin#2026")
    admin = _at(app, "10.20.0.99", "admin")
    _post(admin, app, sertifikat_tte=(io.BytesIO(own.p12), "baru.p12"))
    camat = _at(app, "10.20.0.5", "camat")
    response = camat.post(KEY_PAGE, {"passphrase": "", "aksi": "tolak"}, csrf_url=KEY_PAGE)
    assert response.status_code == 302
    assert local_signer.read_bytes() == cert.p12
    assert not Path(str(local_signer) + ".menunggu").exists()
    assert "Tidak ada kunci yang menunggu" in camat.get(KEY_PAGE).get_data(as_text=True)
    assert [(r.ke.partition(" ")[0], r.oleh_id) for r in _key_history()] == [
        ("menunggu", users["admin"].id), ("ditarik", users["camat"].id)]


def test_removing_the_key_is_witnessed(app, signer_config, local_signer, users):  # noqa: F811
    admin = _at(app, "10.20.0.99", "admin")
    response = admin.post("/admin/pengaturan/kunci/hapus", {}, csrf_url=SETTINGS_URL)
    assert response.status_code == 302
    assert not local_signer.exists()
    [row] = _key_history()
    assert (row.ke, row.oleh_id, row.ip) == ("dihapus", users["admin"].id, "10.20.0.99")
    assert row.dari.startswith("sha256:")


def test_guessing_the_waiting_keys_passphrase_is_refused(
        app, signer_config, users, cert, tmp_path):  # noqa: F811
    signer_config["SIGNER_P12_PATH"] = str(tmp_path / "keys" / "penandatangan.p12")
    admin = _at(app, "10.20.0.99", "admin")
    _post(admin, app, sertifikat_tte=(io.BytesIO(cert.p12), "camat.p12"))
    camat = _at(app, "10.20.0.5", "camat")
    statuses = [_confirm(camat, f"tebakan-{i}").status_code for i in range(6)]
    assert statuses == [422] * 5 + [429]
    assert _confirm(camat, cert.passphrase).status_code == 429  # for a while, even the right one


def test_not_a_pkcs12_or_a_bad_nik_is_refused_and_keeps_the_old_file(
        app, signer_config, local_signer, login_as, cert):  # noqa: F811
    admin = login_as("admin")
    waiting = Path(str(local_signer) + ".menunggu")
    forged = _post(admin, app, sertifikat_tte=(io.BytesIO(b"0\x82 bukan sertifikat"), "x.p12"))
    assert forged.status_code == 422
    assert "bukan sertifikat PKCS#12" in forged.get_data(as_text=True)
    wrong_type = _post(admin, app, sertifikat_tte=(io.BytesIO(cert.p12), "camat.pem"))
    assert ".p12 atau .pfx" in wrong_type.get_data(as_text=True)
    bad_nik = _post(admin, app, camat_nik="12345", sertifikat_tte=(io.BytesIO(b"x"), "y.p12"))
    assert "NIK harus 16 digit" in bad_nik.get_data(as_text=True)
    assert local_signer.read_bytes() == cert.p12 and not waiting.exists()
    assert _key_history() == []
