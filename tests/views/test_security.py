"""Security behaviour an attacker or an auditor would check first."""
import re
from datetime import timedelta

import pytest

from app.extensions import db
from models import AuthLog, Pemohon, SesiLogin, User
from tests.conftest import PASSWORD, Browser


def test_every_page_sends_hardening_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'nonce-" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_admin_scripts_carry_the_response_nonce(login_as):
    response = login_as("sekretariat").get("/admin/permohonan/")
    csp = response.headers["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    tags = re.findall(r"<script\b[^>]*>", response.get_data(as_text=True))
    assert tags
    for tag in tags:
        # Inline scripts need this response's nonce; files come only from this server.
        assert f'nonce="{nonce}"' in tag or re.search(r'src="/(admin/)?static/', tag), tag


def test_session_cookie_is_httponly_and_lax(app, users):
    browser = Browser(app.test_client())
    response = browser.login("camat")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_idle_session_is_logged_out(app, login_as):
    browser = login_as("operator")
    with app.app_context():  # the server's clock of this session, not the cookie's
        row = db.session.execute(db.select(SesiLogin)).scalar_one()
        row.terakhir_at -= timedelta(minutes=31)
        db.session.commit()
    response = browser.get("/admin/permohonan/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert browser.get("/admin/permohonan/").status_code == 302


def test_deactivated_account_loses_its_session_at_once(app, login_as, users):
    browser = login_as("operator")
    assert browser.get("/admin/permohonan/").status_code == 200
    with app.app_context():
        db.session.get(User, users["operator"].id).aktif = False
        db.session.commit()
    response = browser.get("/admin/permohonan/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logins_failures_and_logouts_are_recorded(app, users):
    browser = Browser(app.test_client())
    browser.login("sekcam", "keliru-sekali")
    browser.login("sekcam")
    browser.post("/logout", csrf_url="/admin/")
    with app.app_context():
        events = [e for (e,) in db.session.execute(
            db.select(AuthLog.event).order_by(AuthLog.id)).all()]
    assert events == ["login_gagal", "login", "logout"]


def test_logout_is_post_only(login_as):
    browser = login_as("camat")
    assert browser.get("/logout").status_code == 405
    assert browser.get("/admin/").status_code == 200


def test_own_password_change(app, login_as):
    browser = login_as("sekcam")
    short = browser.post("/akun/kata-sandi", {"lama": PASSWORD, "baru": "pendek",
                                              "ulangi": "pendek"}, csrf_url="/akun/kata-sandi")
    assert short.status_code == 422
    assert "minimal 10 karakter" in short.get_data(as_text=True)
    with_name = browser.post("/akun/kata-sandi", {"lama": PASSWORD, "baru": "sekcam-takeran-99",
                                                  "ulangi": "sekcam-takeran-99"},
                             csrf_url="/akun/kata-sandi")
    assert "tidak boleh memuat nama" in with_name.get_data(as_text=True)
    ok = browser.post("/akun/kata-sandi", {"lama": PASSWORD, "baru": "Magetan-Raya-2026",
                                           "ulangi": "Magetan-Raya-2026"},
                      csrf_url="/akun/kata-sandi")
    assert ok.status_code == 302
    again = Browser(app.test_client())
    assert again.login("sekcam", PASSWORD).status_code == 401
    assert again.login("sekcam", "Magetan-Raya-2026").status_code == 302


def test_passwords_are_hashed_with_scrypt_outside_the_tests(app, tmp_path):
    """The tests configure a cheap hash; the application's own settings keep scrypt."""
    from app import create_app, settings

    assert settings.load(str(tmp_path))["PASSWORD_HASH_METHOD"] == "scrypt"
    production = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    with production.app_context():
        user = User(username="camat", nama="Camat", role="camat")
        user.set_password(PASSWORD)
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)


def desa_id(app) -> str:
    from models import Desa
    with app.app_context():
        return str(db.session.execute(db.select(Desa.id)).scalars().first())


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE pemohon; --",
    "<pdf:nextpage/>",
    "x" * 10_000,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_in_the_applicant_form_is_refused_or_escaped(app, login_as, value):
    browser = login_as("sekretariat")
    form = {"nik": value, "no_kk": value, "nama": value, "tempat_lahir": value,
            "tanggal_lahir": "1990-05-17", "jenis_kelamin": "L", "status_perkawinan": "kawin",
            "alamat": value, "rt": value, "rw": "001", "desa": desa_id(app), "telepon": value}
    response = browser.post("/admin/pemohon/new/", form, csrf_url="/admin/pemohon/new/")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Pemohon.id))).scalar() == 0


@pytest.mark.parametrize("value", HOSTILE + ["%", "_", "\\", "1" * 16])
def test_hostile_search_terms_answer_cleanly(login_as, value):
    browser = login_as("sekretariat")
    for url in ("/admin/permohonan/", "/admin/pemohon/", "/admin/register/"):
        response = browser.get(url, query_string={"search": value})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_html_in_a_name_is_shown_as_text(app, login_as, an_application):
    p = an_application("diajukan", nama="<b>Budi</b> <script>alert(1)</script>")
    html = login_as("sekretariat").get(f"/admin/permohonan/details/?id={p.id}").get_data(
        as_text=True)
    assert "&lt;b&gt;Budi&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("url", [
    "/admin/permohonan/details/?id=999999", "/admin/permohonan/details/?id=abc",
    "/admin/pemohon/edit/?id=999999", "/admin/register/details/?id=-1",
])
def test_unknown_ids_never_crash(login_as, url):
    response = login_as("sekretariat").get(url)
    assert response.status_code in (302, 404)


def test_forged_state_in_a_transition_is_refused(login_as, an_application):
    p = an_application("diajukan")
    browser = login_as("sekretariat")
    response = browser.post(f"/admin/permohonan/{p.id}/transition/terbang", {"note": "x"})
    assert response.status_code == 404
    response = browser.post(f"/admin/permohonan/{p.id}/transition/register",
                            {"note": "", "version": "abc"})
    assert response.status_code == 422  # checklist incomplete: refused, nothing changed


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_the_account_form(app, login_as, value):
    response = login_as("admin").post("/admin/user/new/", {
        "username": value, "nama": value, "nip": value, "role": "operator",
        "aktif": "y", "kata_sandi_baru": "Kantor-Magetan-2026!"}, csrf_url="/admin/user/new/")
    assert response.status_code == 422
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(User).where(User.nama == value)).scalar() is None


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_the_public_status_check(app, value):
    browser = Browser(app.test_client())
    response = browser.post("/cek-status", {"nomor": value, "nik": value}, csrf_url="/cek-status")
    assert response.status_code in (404, 422)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_html_in_office_settings_prints_as_text(app, login_as, an_application):
    from models import OfficeSettings
    with app.app_context():
        OfficeSettings.get().alamat = "<b>Jl. Raya</b> <pdf:nextpage/>"
        db.session.commit()
    p = an_application("diajukan")
    response = login_as("sekretariat").get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf")
    from pypdf import PdfReader
    import io
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "<b>Jl. Raya</b> <pdf:nextpage/>" in text and len(reader.pages) == 1
