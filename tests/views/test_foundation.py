"""The base: migrations match the models, the CLI, login and logout, health."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.database import include_object
from app.extensions import db
from models import Permohonan, User
from tests.conftest import PASSWORD, Browser


def test_migrations_produce_exactly_the_models(app):
    with app.app_context():
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": include_object}), db.metadata)
    assert diff == []


def test_user_create_from_the_cli(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["user", "create", "budi", "--role", "operator",
                               "--password-stdin"], input="pendek\n")
    assert weak.exit_code != 0 and "minimal 10 karakter" in weak.output
    ok = runner.invoke(args=["user", "create", "budi", "--role", "operator", "--nama",
                             "Budi Santoso", "--password-stdin"], input="Magetan-Raya-2026\n")
    assert ok.exit_code == 0, ok.output
    assert Browser(app.test_client()).login("budi", "Magetan-Raya-2026").status_code == 302
    again = runner.invoke(args=["user", "create", "budi", "--role", "camat", "--password-stdin"],
                          input="Magetan-Raya-2026\n")
    assert again.exit_code != 0 and "sudah dipakai" in again.output


def test_seed_demo_only_into_an_empty_database(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "Data demo dimuat" in first.output
    with app.app_context():
        total = db.session.execute(db.select(db.func.count(Permohonan.id))).scalar()
        states = set(db.session.execute(db.select(Permohonan.status)).scalars())
    assert f"{total} permohonan" in first.output and total >= 40
    assert states == {"diajukan", "dikembalikan", "teregister", "diproses", "diverifikasi",
                      "disahkan", "diserahkan", "dibatalkan"}
    second = runner.invoke(args=["seed-demo"])
    assert "tidak dimuat" in second.output
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Permohonan.id))).scalar() == total


def test_login_does_not_say_which_half_was_wrong(app, users):
    wrong_password = Browser(app.test_client()).login("camat", "bukan-ini-sandinya")
    unknown_user = Browser(app.test_client()).login("tidak-ada", PASSWORD)
    for response in (wrong_password, unknown_user):
        assert response.status_code == 401
        assert "Nama pengguna atau kata sandi salah." in response.get_data(as_text=True)


def test_inactive_account_cannot_log_in(app, users):
    with app.app_context():
        db.session.get(User, users["operator"].id).aktif = False
        db.session.commit()
    assert Browser(app.test_client()).login("operator").status_code == 401


def test_login_without_csrf_is_refused(client, users):
    response = client.post("/login", data={"username": "camat", "password": PASSWORD})
    assert response.status_code == 400


def test_a_csrf_token_serves_the_whole_session_and_no_session_after_it(app, users):
    """What the test Browser relies on to post without fetching a page first: one token
    for every form of a session; a login starts a new session, where the token of the
    login page is refused (and so is one from another browser)."""
    browser = Browser(app.test_client())
    before_login = browser.csrf("/login")
    assert browser.login("sekcam").status_code == 302
    stale = browser.client.post("/bahasa", data={"lang": "id", "next": "/admin/",
                                                 "csrf_token": before_login})
    assert stale.status_code == 400
    other = Browser(app.test_client())
    token = browser.csrf("/akun/kata-sandi")
    assert other.csrf("/login") != token
    for url, data in (("/bahasa", {"lang": "en", "next": "/admin/"}),
                      ("/bahasa", {"lang": "id", "next": "/admin/"}), ("/logout", {})):
        assert other.client.post(url, data={**data, "csrf_token": token}).status_code == 400
        assert browser.client.post(url, data={**data, "csrf_token": token}).status_code == 302


def test_anonymous_goes_to_login_and_back(client, app, users):
    response = client.get("/admin/permohonan/")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    browser = Browser(app.test_client())
    token = browser.csrf("/login?next=/admin/permohonan/")
    back = browser.client.post("/login?next=/admin/permohonan/", data={
        "username": "camat", "password": PASSWORD, "csrf_token": token})
    assert back.headers["Location"].endswith("/admin/permohonan/")
    evil = browser.client.get("/login?next=//evil.example/")
    assert evil.status_code == 302 and "evil" not in evil.headers["Location"]


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_migrations_go_down_and_up_again_with_data_and_the_village_copy_comes_back(
        app, an_application):
    from flask_migrate import downgrade, upgrade

    from models import Desa, Pemohon
    p = an_application("diproses")
    file_id, pemohon_id, desa_id = p.id, p.pemohon_id, p.pemohon.desa_id
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        downgrade(revision="0002")
        upgrade(revision="heads")
        db.session.remove()
        assert db.session.get(Permohonan, file_id).desa_id == desa_id
        other = db.session.execute(
            db.select(Desa.id).where(Desa.id != desa_id)).scalars().first()
        db.session.get(Pemohon, pemohon_id).desa_id = other  # the triggers are back
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Permohonan, file_id).desa_id == other


def test_the_register_officer_column_is_renamed_down_and_up_with_its_values(app, an_application):
    """0016_nama: `registered_by_id` becomes `diregister_oleh_id`; down and up keep who
    registered each file."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect, text

    from models import RegisterEntry
    p = an_application("teregister")
    entry_id, officer = p.register.id, p.register.diregister_oleh_id
    db.session.close()
    with app.app_context():
        downgrade(revision="0014_saksi")
        db.session.remove()
        columns = {c["name"] for c in inspect(db.engine).get_columns("register_entry")}
        assert "registered_by_id" in columns and "diregister_oleh_id" not in columns
        assert db.session.execute(text("SELECT registered_by_id FROM register_entry "
                                       "WHERE id = :id"), {"id": entry_id}).scalar() == officer
        db.session.remove()
        upgrade(revision="heads")
        db.session.remove()
        assert db.session.get(RegisterEntry, entry_id).diregister_oleh_id == officer
