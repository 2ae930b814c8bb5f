"""The admin uploads the PKCS#12: kept 0600 in a 0700 folder outside static/, never in the
database (so never in a backup); only a real PKCS#12 is taken; a refused form keeps the
old one."""
from __future__ import annotations

import io
import stat
from pathlib import Path

from tests.documents.test_lambang import SETTINGS_URL, _form
from tests.signing.test_tte import cert, signer_config  # noqa: F401 (fixtures)

from app import ROOT
from app.extensions import db
from models import OfficeSettings


def _post(admin, app, **extra):
    return admin.post(SETTINGS_URL, _form(app, **extra), csrf_url=SETTINGS_URL,
                      content_type="multipart/form-data")


def test_admin_uploads_the_certificate_kept_private(app, signer_config, login_as, cert,  # noqa: F811
                                                    tmp_path):
    target = tmp_path / "keys" / "penandatangan.p12"
    signer_config["SIGNER_P12_PATH"] = str(target)
    admin = login_as("admin")
    assert "Belum ada sertifikat" in admin.get(SETTINGS_URL).get_data(as_text=True)
    response = _post(admin, app, camat_nik="3520041309660001",
                     sertifikat_tte=(io.BytesIO(cert.p12), "camat.p12"))
    assert response.status_code == 302
    assert target.read_bytes() == cert.p12
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert not Path(signer_config["SIGNER_P12_PATH"]).is_relative_to(ROOT / "static")
    assert "Sertifikat PKCS#12 terpasang" in admin.get(SETTINGS_URL).get_data(as_text=True)
    with app.app_context():
        assert OfficeSettings.get().camat_nik == "3520041309660001"
        for table in db.metadata.sorted_tables:  # not in the database, so not in a backup
            for row in db.session.execute(table.select()).all():
                assert cert.p12[40:80] not in repr(tuple(row)).encode()
    assert login_as("camat").post(SETTINGS_URL, {}, csrf_url="/admin/").status_code == 403


def test_not_a_pkcs12_or_a_bad_nik_is_refused_and_keeps_the_old_file(
        app, signer_config, login_as, cert, tmp_path):  # noqa: F811
    target = tmp_path / "keys" / "penandatangan.p12"
    signer_config["SIGNER_P12_PATH"] = str(target)
    admin = login_as("admin")
    assert _post(admin, app, sertifikat_tte=(io.BytesIO(cert.p12), "camat.p12")).status_code == 302
    forged = _post(admin, app, sertifikat_tte=(io.BytesIO(b"0\x82 bukan sertifikat"), "x.p12"))
    assert forged.status_code == 422
    assert "bukan sertifikat PKCS#12" in forged.get_data(as_text=True)
    wrong_type = _post(admin, app, sertifikat_tte=(io.BytesIO(cert.p12), "camat.pem"))
    assert ".p12 atau .pfx" in wrong_type.get_data(as_text=True)
    bad_nik = _post(admin, app, camat_nik="12345", sertifikat_tte=(io.BytesIO(b"x"), "y.p12"))
    assert "NIK harus 16 digit" in bad_nik.get_data(as_text=True)
    assert target.read_bytes() == cert.p12
