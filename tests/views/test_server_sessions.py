"""Sessions live on the server: logout, deactivation, a password change and the admin's
"end sessions" end them there, so a copied cookie opens nothing afterwards."""
from datetime import timedelta

from app.extensions import db
from models import SesiLogin, User
from tests.conftest import PASSWORD, Browser

NEW_PASSWORD = "Sawah-Hijau-Takeran-7"


def _cookie(browser: Browser) -> str:
    return browser.client.get_cookie("session").value


def _replay(app, cookie: str):
    """Another client presenting a saved copy of the session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/admin/permohonan/")


def _goes_to_login(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_saved_before_logout_opens_nothing_afterwards(app, login_as):
    browser = login_as("sekretariat")
    saved = _cookie(browser)
    assert _replay(app, saved).status_code == 200  # the copy works while the session lives
    browser.post("/logout")
    assert _goes_to_login(_replay(app, saved))
    with app.app_context():
        row = db.session.execute(db.select(SesiLogin)).scalar_one()
        assert row.berakhir_at is not None and row.alasan == "keluar"


def test_deactivation_ends_the_session_on_the_server(app, login_as, users):
    operator = login_as("operator")
    saved = _cookie(operator)
    admin = login_as("admin")
    uid = users["operator"].id
    response = admin.post(f"/admin/user/edit/?id={uid}", {
        "username": "operator", "nama": "Petugas Operator", "nip": "", "role": "operator",
        "kata_sandi_baru": ""}, csrf_url=f"/admin/user/edit/?id={uid}")  # aktif unticked
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert _goes_to_login(_replay(app, saved))
    with app.app_context():
        reasons = {r.alasan for r in db.session.execute(
            db.select(SesiLogin).where(SesiLogin.user_id == uid)).scalars()}
    assert reasons == {"dinonaktifkan"}


def test_own_password_change_ends_the_other_sessions_on_the_server(app, login_as):
    here, elsewhere = login_as("camat"), login_as("camat")
    saved = _cookie(elsewhere)
    response = here.post("/akun/kata-sandi", {"lama": PASSWORD, "baru": NEW_PASSWORD,
                                              "ulangi": NEW_PASSWORD}, csrf_url="/akun/kata-sandi")
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert _goes_to_login(_replay(app, saved))


def test_admin_ends_an_accounts_sessions(app, login_as, users):
    camat = login_as("camat")
    saved = _cookie(camat)
    admin = login_as("admin")
    response = admin.post("/admin/user/action/", {
        "action": "akhiri_sesi", "rowid": [str(users["camat"].id)]}, csrf_url="/admin/user/")
    assert response.status_code == 302
    assert _goes_to_login(camat.get("/admin/"))
    assert _goes_to_login(_replay(app, saved))
    assert admin.get("/admin/").status_code == 200
    assert login_as("camat").get("/admin/").status_code == 200  # a new login works


def test_a_busy_session_still_ends_at_the_absolute_lifetime(app, login_as):
    browser = login_as("sekcam")
    with app.app_context():
        row = db.session.execute(db.select(SesiLogin)).scalar_one()
        # Used a minute ago (not idle), but opened longer ago than the absolute lifetime.
        row.dibuat_at -= timedelta(seconds=app.config["SESSION_ABSOLUTE_LIFETIME"] + 60)
        db.session.commit()
    response = browser.get("/admin/")
    assert _goes_to_login(response)
    follow = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "terlalu lama dibuka" in follow


def test_the_cookie_holds_no_usable_secret_of_the_table(app, login_as):
    """The table stores a hash: a copy of the database opens no session."""
    browser = login_as("sekretariat")
    with app.app_context():
        stored = db.session.execute(db.select(SesiLogin.id)).scalar_one()
    with browser.client.session_transaction() as session:
        token = session["sid"]
        session["sid"] = stored
    assert token != stored
    assert _goes_to_login(browser.get("/admin/"))


def test_pages_behind_the_login_are_not_cached(app, login_as, an_application):
    p = an_application("diajukan")
    browser = login_as("sekretariat")
    for url in ("/admin/", "/admin/permohonan/", f"/admin/permohonan/details/?id={p.id}",
                f"/admin/pemohon/details/?id={p.pemohon_id}", "/akun/kata-sandi"):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert response.headers.get("Cache-Control") == "no-store", url
    assert "no-store" not in browser.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_a_cookie_from_another_browser_is_refused_ended_and_recorded(app, login_as, caplog):
    from models import AuthLog

    browser = login_as("sekretariat")
    thief = app.test_client()
    thief.set_cookie("session", _cookie(browser))
    response = thief.get("/admin/permohonan/", headers={"User-Agent": "curl/8.5.0"})
    assert _goes_to_login(response)
    assert "peramban lain" in thief.get(response.headers["Location"]).get_data(as_text=True)
    # The copy is known to someone else: the owner's session is over too.
    assert _goes_to_login(browser.get("/admin/permohonan/"))
    with app.app_context():
        row = db.session.execute(db.select(SesiLogin)).scalar_one()
        assert row.alasan == "asing"
        events = db.session.execute(db.select(AuthLog.event)).scalars().all()
    assert "sesi_peramban_lain" in events
    assert "another browser" in caplog.text


def test_the_address_is_bound_only_when_the_office_sets_it(app, login_as, monkeypatch):
    browser = login_as("sekretariat")
    moved = browser.client.get("/admin/permohonan/", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert moved.status_code == 200  # DHCP gave the clerk's PC a new address: still in
    monkeypatch.setitem(app.config, "SESSION_BIND_ADDRESS", True)
    assert browser.get("/admin/permohonan/").status_code == 200
    assert _goes_to_login(browser.client.get("/admin/permohonan/",
                                             environ_base={"REMOTE_ADDR": "10.0.0.9"}))


def test_sessions_open_when_the_binding_arrives_are_ended(app, login_as):
    from flask_migrate import downgrade, upgrade

    browser = login_as("sekretariat")
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision="0015_pdp")  # the revision before 0017_pengerasan
        upgrade(revision="heads")
    assert _goes_to_login(browser.get("/admin/permohonan/"))
