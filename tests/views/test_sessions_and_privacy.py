"""Sessions end when they should, and personal data and secrets stay where they belong."""
import logging

from app import create_app
from app.extensions import db
from models import AuthLog, Dokumen, User
from tests.conftest import PASSWORD, Browser

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


def test_cookies_are_secure_when_served_over_https(app):
    secure = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
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


def test_logs_carry_no_passwords_or_tokens(app, login_as, an_application, caplog):
    p = an_application("diserahkan")
    caplog.set_level(logging.DEBUG)
    wrong = Browser(app.test_client())
    wrong.login("camat", "Tebak-Tebakan-123")
    browser = login_as("sekretariat")
    assert browser.get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf").status_code == 200
    with app.app_context():
        tokens = [t for (t,) in db.session.execute(db.select(Dokumen.token))]
        logged = [(a.event, a.username, a.ip) for a in db.session.execute(
            db.select(AuthLog)).scalars()]
    assert tokens and ("login_gagal", "camat", "127.0.0.1") in logged
    text = caplog.text + repr(logged)
    for secret in (PASSWORD, "Tebak-Tebakan-123", *tokens):
        assert secret not in text
    # The audit log screen names actions and people, never the document tokens.
    riwayat = browser.get("/admin/riwayat/").get_data(as_text=True)
    assert not any(t in riwayat for t in tokens)
