"""Sessions end when they should, and personal data and secrets stay where they belong."""
import logging

import pytest

from app.extensions import db
from app.workflow.declaration import get_workflow
from models import AuthLog, Desa, Dokumen, Pemohon, Permohonan, User
from tests.conftest import PASSWORD, Browser
from tests.signing.tte_support import make_cert

NEW_PASSWORD = "Sawah-Hijau-Takeran-7"


def test_admin_password_reset_ends_the_users_open_session(app, login_as, users):
    operator = login_as("operator")
    assert operator.get("/admin/permohonan/").status_code == 200
    admin = login_as("admin")
    uid = users["operator"].id
    response = admin.post(f"/admin/user/edit/?id={uid}", {
        "username": "operator", "nama": "Petugas Operator", "nip": "", "role": "operator",
        "aktif": "y", "kata_sandi_baru": NEW_PASSWORD}, csrf_url=f"/admin/user/edit/?id={uid}")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    # The session opened with the old password is over at its next request.
    response = operator.get("/admin/permohonan/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    fresh = Browser(app.test_client())
    assert fresh.login("operator", PASSWORD).status_code == 401
    assert fresh.login("operator", NEW_PASSWORD).status_code == 302


def test_own_password_change_keeps_this_session_and_ends_the_others(app, login_as):
    here = login_as("camat")
    elsewhere = login_as("camat")
    response = here.post("/akun/kata-sandi", {"lama": PASSWORD, "baru": NEW_PASSWORD,
                                              "ulangi": NEW_PASSWORD},
                         csrf_url="/akun/kata-sandi")
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302


def test_login_starts_a_fresh_session(app):
    browser = Browser(app.test_client())
    browser.get("/login")
    with browser.client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
        session["_user_id"] = "1:forged"
    assert browser.get("/admin/").status_code == 302  # a forged id logs nobody in
    with app.app_context():
        user = User(username="sekretariat", nama="Sri Wahyuni", role="sekretariat")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    assert browser.login("sekretariat").status_code == 302
    with browser.client.session_transaction() as session:
        assert "planted" not in session
    assert browser.get("/admin/").status_code == 200


def test_cookies_are_secure_when_served_over_https(app, other_app):
    secure = other_app({"TESTING": True, "SECRET_KEY": "test-secret",
                         "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "SESSION_COOKIE_SECURE": True})
    response = secure.test_client().get("/login", base_url="https://ktpel.example")
    assert "Secure" in response.headers["Set-Cookie"]


def test_full_nik_only_on_the_detail_page_of_working_roles(app, login_as, an_application):
    p = an_application("disahkan")
    nik, masked = p.pemohon.nik, p.pemohon.nik[:6] + "••••••" + p.pemohon.nik[-4:]
    for role in ("sekretariat", "operator", "sekcam", "camat"):
        browser = login_as(role)
        for url in ("/admin/permohonan/", "/admin/register/"):
            html = browser.get(url).get_data(as_text=True)
            assert nik not in html, (role, url)
            assert masked in html, (role, url)
        detail = browser.get(f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
        assert nik in detail, role
    admin = login_as("admin")
    assert admin.get(f"/admin/permohonan/details/?id={p.id}").status_code == 403
    assert admin.get(f"/admin/pemohon/details/?id={p.pemohon.id}").status_code == 403


@pytest.fixture
def ratified_with_a_passphrase(app, tmp_path):
    """The Camat signs with the office's PKCS#12 file and a passphrase (SIGNER=local)."""
    cert = make_cert()
    p12 = tmp_path / "penandatangan.p12"
    p12.write_bytes(cert.p12)
    saved = {k: app.config.get(k) for k in ("SIGNER", "SIGNER_P12_PATH", "SIGNER_TSA_URL")}
    app.config.update(SIGNER="local", SIGNER_P12_PATH=str(p12), SIGNER_TSA_URL=None)
    yield cert.passphrase
    app.config.update(saved)


def test_a_whole_journey_logs_no_nik_token_password_or_passphrase(
        app, login_as, users, caplog, ratified_with_a_passphrase):
    """Every log line of a file's whole life, at DEBUG for every logger: from the login to
    the resident checking the status, through the Loket, the signing and the hand-over."""
    caplog.set_level(logging.DEBUG)
    passphrase = ratified_with_a_passphrase
    nik, wakil_nik, no_kk = "3520045705900001", "3520046608850002", "3520041503120077"
    wrong = Browser(app.test_client())
    wrong.login("camat", "Tebak-Tebakan-123")

    desk = login_as("sekretariat")
    desa = db.session.execute(db.select(Desa).order_by(Desa.kode)).scalars().first()
    saved = desk.post("/admin/loket/", {
        "nik": nik, "no_kk": no_kk, "nama": "Siti Aminah", "tempat_lahir": "Magetan",
        "tanggal_lahir": "17051990", "jenis_kelamin": "P", "status_perkawinan": "kawin",
        "alamat": "Jl. Melati 3", "rt": "1", "rw": "2", "desa_id": str(desa.id),
        "jenis": "baru", "aksi": "register",
        "syarat": [r.kode for r in get_workflow().common_requirements]},
        csrf_url="/admin/loket/")
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    with app.app_context():
        p = db.session.execute(db.select(Permohonan).join(Permohonan.pemohon)
                               .where(Pemohon.nik == nik)).scalar_one()
        pid, nomor = p.id, p.nomor_tanda_terima
        assert p.status == "teregister"

    def act(role, transition, **data):
        browser = login_as(role)
        url = f"/admin/permohonan/{pid}/transition/{transition}"
        response = browser.post(url, data, csrf_url=f"/admin/permohonan/details/?id={pid}")
        assert response.status_code == 302, (transition, response.get_data(as_text=True)[:2000])

    act("operator", "proses")
    act("sekcam", "verifikasi")
    act("camat", "sahkan", passphrase=passphrase)
    act("sekretariat", "serahkan", diambil_oleh="wakil", wakil_nama="Budi Santoso",
        wakil_nik=wakil_nik, wakil_hubungan="Suami")
    with app.app_context():
        assert db.session.get(Permohonan, pid).status == "diserahkan"
        tokens = [t for (t,) in db.session.execute(db.select(Dokumen.token))]
        logged = [(a.event, a.username, a.ip) for a in db.session.execute(
            db.select(AuthLog)).scalars()]
    assert tokens and ("login_gagal", "camat", "127.0.0.1") in logged

    resident = Browser(app.test_client())
    for token in tokens:
        assert resident.get(f"/verifikasi/{token}").status_code == 200
    status = resident.post("/cek-status", {"nomor": nomor, "nik": nik}, csrf_url="/cek-status")
    assert status.status_code == 200

    text = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records) + caplog.text
    assert caplog.records  # the journey was logged, not silenced
    for secret in (nik, wakil_nik, no_kk, PASSWORD, "Tebak-Tebakan-123", passphrase, *tokens):
        assert secret not in text, secret
    # The audit log screen names actions and people, never the document tokens.
    riwayat = desk.get("/admin/riwayat/").get_data(as_text=True)
    assert not any(t in riwayat for t in tokens)


def test_each_response_carries_its_request_id_and_the_log_lines_name_it(app, login_as, caplog):
    caplog.set_level(logging.INFO)
    first = Browser(app.test_client()).get("/login")
    second = Browser(app.test_client()).get("/login")
    ids = first.headers["X-Request-ID"], second.headers["X-Request-ID"]
    assert all(len(i) == 16 for i in ids) and ids[0] != ids[1]
    handler = next(h for h in logging.getLogger().handlers
                   if type(h).__name__ == "StderrHandler")
    with app.test_request_context("/x", environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        from flask import g

        g.request_id = "abcd1234abcd1234"
        record = logging.LogRecord("app", logging.WARNING, __file__, 1, "pesan %s", ("x",), None)
        assert all(f.filter(record) for f in handler.filters)
        line = handler.format(record)
    assert "[abcd1234abcd1234 - 10.1.2.3] app: pesan x" in line
