"""Certificate set-up: when the Camat opens a new key with its passphrase, what its
certificate says (holder, issuer, validity, made by itself or BSrE) is shown where the key
is managed; an expired certificate is refused; the dashboards warn 30 days before the end."""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from tests.signing.test_tte import signer_config  # noqa: F401 (fixture)
from tests.signing.test_tte_sertifikat import KEY_PAGE, _at, _confirm, _post
from tests.signing.tte_support import make_cert

WARNING = "Sertifikat elektronik untuk tanda tangan berakhir pada"


def installed(app, signer_config, tmp_path, cert):  # noqa: F811
    signer_config["SIGNER_P12_PATH"] = str(tmp_path / "keys" / "penandatangan.p12")
    admin = _at(app, "10.20.0.99", "admin")
    assert _post(admin, app, sertifikat_tte=(io.BytesIO(cert.p12), "camat.p12")).status_code == 302
    camat = _at(app, "10.20.0.5", "camat")
    return admin, camat, _confirm(camat, cert.passphrase)


def test_the_key_page_and_the_settings_say_whose_certificate_it_is(
        app, signer_config, users, tmp_path):  # noqa: F811
    admin, camat, confirmed = installed(app, signer_config, tmp_path, make_cert(days=365))
    assert confirmed.status_code == 302
    page = camat.get(KEY_PAGE).get_data(as_text=True)
    for words in ("JAKA PRASTAWA", "CA Uji Takeran", "Berlaku"):
        assert words in page
    assert "dibuat sendiri" not in page
    assert "JAKA PRASTAWA" in admin.get("/admin/pengaturan/edit/?id=1").get_data(as_text=True)
    assert WARNING not in camat.get("/admin/").get_data(as_text=True)


def test_a_self_made_certificate_is_said_to_be_one(app, signer_config, users, tmp_path):  # noqa: F811
    _, camat, confirmed = installed(app, signer_config, tmp_path,
                                    make_cert(days=365, self_signed=True))
    assert confirmed.status_code == 302
    assert "dibuat sendiri, bukan BSrE" in camat.get(KEY_PAGE).get_data(as_text=True)


def test_an_expired_certificate_is_refused_and_waits(app, signer_config, users, tmp_path):  # noqa: F811
    old = make_cert(days=30, start=datetime.now(timezone.utc) - timedelta(days=60))
    _, camat, refused = installed(app, signer_config, tmp_path, old)
    assert refused.status_code == 422
    assert "sudah tidak berlaku sejak" in refused.get_data(as_text=True)
    assert not (tmp_path / "keys" / "penandatangan.p12").exists()


def test_the_dashboards_warn_thirty_days_before_the_end(app, signer_config, users, tmp_path):  # noqa: F811
    admin, camat, confirmed = installed(app, signer_config, tmp_path, make_cert(days=20))
    assert confirmed.status_code == 302
    for who in (camat, admin):
        page = who.get("/admin/").get_data(as_text=True)
        assert WARNING in page and "hari lagi" in page
    assert WARNING not in _at(app, "10.20.0.7", "sekretariat").get("/admin/").get_data(as_text=True)
