"""Login throttling without lock-out, the current-password check, limits shared through
Redis by several processes, trusted proxies, and the warning for per-process limits."""
import logging
import multiprocessing
import time

import pytest

from app.extensions import db, limiter
from models import AuthLog
from tests.conftest import PASSWORD, Browser


def attempt(app, username: str, password: str, address: str, headers=None):
    browser = Browser(app.test_client())
    token = browser.csrf("/login")
    return browser.client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address}, headers=headers or {})


def events(app) -> list[str]:
    with app.app_context():
        return [e for (e,) in db.session.execute(db.select(AuthLog.event).order_by(AuthLog.id))]


def test_failures_from_many_addresses_slow_the_name_down_but_never_lock_out(
        app, users, caplog):
    after = app.config["LOGIN_SLOWDOWN_AFTER"]
    # A botnet: one guess per address, as fast as it can (its login pages fetched first,
    # so the guesses come well within the shortest wait, a second).
    bots = []
    for i in range(30):
        bot = Browser(app.test_client())
        bots.append((bot, bot.csrf("/login")))
    statuses = []
    for i, (bot, token) in enumerate(bots):
        started = time.monotonic()
        response = bot.client.post("/login", data={
            "username": "camat", "password": f"tebakan-{i}", "csrf_token": token},
            environ_base={"REMOTE_ADDR": f"10.1.0.{i}"})
        statuses.append(response.status_code)
        # Slowed down by refusing at once, never by holding the worker asleep (for up to
        # LOGIN_DELAY_MAX_MS, 2 s: twelve such guessers made a clerk's list take 5.7 s).
        assert time.monotonic() - started < 1.0
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) >= 1
            assert "Coba lagi dalam" in response.get_data(as_text=True)
    assert statuses[:after] == [401] * after and set(statuses[after:]) == {429}
    right = attempt(app, "camat", PASSWORD, "10.9.9.9")  # the Camat, from a clean address
    assert right.status_code == 429
    time.sleep(int(right.headers["Retry-After"]))
    assert attempt(app, "camat", PASSWORD, "10.9.9.9").status_code == 302  # later, not never
    logged = events(app)
    assert logged.count("login_gagal") == after
    assert logged.count("login_diperlambat") == 30 - after + 1
    assert logged[-1] == "login" and "login_dibatasi" not in logged
    assert "login held back 1 s: username='camat'" in caplog.text
    # A success clears the name's failures: the next login is not slowed any more.
    attempt(app, "camat", PASSWORD, "10.9.9.8")
    assert events(app)[-1] == "login"


def test_guessing_from_one_address_is_refused_there_only(app, users, caplog, monkeypatch):
    # The per-name slow-down (above) would hold "sekcam" back everywhere at 5 failures.
    monkeypatch.setitem(app.config, "LOGIN_SLOWDOWN_AFTER", 10)
    for _ in range(5):
        assert attempt(app, "sekcam", "salah-lagi", "10.2.0.1").status_code == 401
    refused = attempt(app, "sekcam", PASSWORD, "10.2.0.1")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60  # the minute's window
    assert "Terlalu banyak percobaan masuk" in refused.get_data(as_text=True)
    assert "login refused by limit" in caplog.text and "username='sekcam'" in caplog.text
    assert events(app)[-1] == "login_dibatasi"
    assert attempt(app, "sekcam", PASSWORD, "10.2.0.2").status_code == 302


def test_one_address_trying_many_names_is_refused(app, users):
    statuses = [attempt(app, f"tamu{i}", "salah", "10.3.0.1").status_code for i in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429


def test_current_password_check_is_limited_and_logged(app, login_as, caplog):
    browser = login_as("operator")

    def change(current: str):
        return browser.post("/akun/kata-sandi", {"lama": current, "baru": "Magetan-Raya-2026",
                                                 "ulangi": "Magetan-Raya-2026"},
                            csrf_url="/akun/kata-sandi")

    for i in range(5):
        wrong = change(f"bukan-{i}")
        assert wrong.status_code == 422
        assert "Kata sandi sekarang salah" in wrong.get_data(as_text=True)
    refused = change(PASSWORD)  # even the right one, after five wrong ones
    assert refused.status_code == 429
    assert "Terlalu banyak kata sandi sekarang yang salah" in refused.get_data(as_text=True)
    logged = events(app)
    assert logged.count("sandi_salah") == 5 and logged[-1] == "sandi_dibatasi"
    assert "password change: sandi_salah for 'operator'" in caplog.text
    # The refusal did not change the password.
    assert attempt(app, "operator", PASSWORD, "10.4.0.1").status_code == 302


def _logins_in_a_process(url: str, redis_url: str, database_uri: str, n: int, out) -> None:
    """One more server process with its own memory, sharing only Redis and the database."""
    import os

    os.environ["RATELIMIT_STORAGE_URI"] = redis_url
    from app import create_app as make

    other = make({"TESTING": True, "SECRET_KEY": "test-secret",
                  "SQLALCHEMY_DATABASE_URI": database_uri, "REDIS_URL": redis_url})
    other.config["LOGIN_DELAY_MAX_MS"] = 1
    out.put([attempt(other, "sekretariat", "salah", "10.5.0.1").status_code for _ in range(n)])


def _forget_limits(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("LIMITS*"):  # the limiter's keys only
        client.delete(key)


def test_limits_are_counted_across_processes_through_redis(app, users, redis_url):
    _forget_limits(redis_url)
    # Forked: each process builds its own app and limiter from the imports it inherits
    # (spawn would import everything again, twice), then shares only Redis and the database.
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    procs = [context.Process(target=_logins_in_a_process,
                             args=("", redis_url, app.config["SQLALCHEMY_DATABASE_URI"], 4,
                                   results)) for _ in range(2)]
    for proc in procs:
        proc.start()
    statuses = results.get(timeout=120) + results.get(timeout=120)
    for proc in procs:
        proc.join(30)
    # 8 wrong passwords from one address for one name, in two processes: 5 pass, 3 refused.
    assert sorted(statuses) == [401] * 5 + [429] * 3
    _forget_limits(redis_url)


def test_redis_url_makes_the_limits_shared(monkeypatch, tmp_path):
    from app import settings

    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/0")
    assert settings.load(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6390/0"
    monkeypatch.delenv("REDIS_URL")
    assert settings.load(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.fixture
def app_with(app, other_app):
    """Another application on the same database with some settings changed. The limiter
    extension is one object: afterwards it is bound back to the suite's own storage."""
    yield lambda **config: other_app(_config_like(app, **config))
    other_app(_config_like(app, RATELIMIT_STORAGE_URI=app.config["RATELIMIT_STORAGE_URI"]))
    # Flask-Limiter keeps "the storage is down" on its one object across init_app and then
    # counts in an in-memory fallback that reset() does not clear: later tests' logins were
    # refused by a dead Redis's fallback. The suite's storage is alive again.
    limiter._storage_dead = False


def _config_like(app, **config) -> dict:
    return {"TESTING": True, "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"],
            "EXPORT_DIR": app.config["EXPORT_DIR"],
            "RATELIMIT_STORAGE_URI": "memory://", **config}


def test_trusted_proxy_gives_the_clients_address(app, users, app_with):
    behind_nginx = app_with(TRUSTED_PROXIES=1, LOGIN_SLOWDOWN_AFTER=10)  # per address only
    forwarded = {"X-Forwarded-For": "203.0.113.7, 198.51.100.20"}  # spoofed, then real
    attempt(behind_nginx, "camat", "salah", "127.0.0.1", headers=forwarded)
    direct = app_with(TRUSTED_PROXIES=0)
    attempt(direct, "camat", "salah", "192.0.2.5", headers=forwarded)
    with app.app_context():
        ips = [ip for (ip,) in db.session.execute(db.select(AuthLog.ip).order_by(AuthLog.id))]
    assert ips == ["198.51.100.20", "192.0.2.5"]
    # Each client behind the proxy has its own limit, not one shared by 127.0.0.1.
    for _ in range(5):
        attempt(behind_nginx, "sekcam", "salah", "127.0.0.1",
                headers={"X-Forwarded-For": "198.51.100.30"})
    assert attempt(behind_nginx, "sekcam", PASSWORD, "127.0.0.1",
                   headers={"X-Forwarded-For": "198.51.100.31"}).status_code == 302


def test_per_process_limits_under_several_workers_are_not_silent(
        app, login_as, monkeypatch, caplog, app_with):
    monkeypatch.setenv("KTPEL_WORKERS", "4")
    with caplog.at_level(logging.WARNING):
        app_with()
    assert "4 proses pekerja" in caplog.text and "REDIS_URL" in caplog.text
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "memory://")
    admin = login_as("admin").get("/admin/").get_data(as_text=True)
    assert "Server berjalan dengan 4 proses pekerja" in admin
    assert "peringatan-server" not in login_as("camat").get("/admin/").get_data(as_text=True)
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    assert "peringatan-server" not in login_as("admin").get("/admin/").get_data(as_text=True)
    monkeypatch.setenv("KTPEL_WORKERS", "1")
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "memory://")
    assert "peringatan-server" not in login_as("admin").get("/admin/").get_data(as_text=True)


def test_a_refused_login_with_control_characters_is_recorded_cleanly(app, users):
    for i in range(20):  # the address's limit is used up
        attempt(app, f"tamu{i}", "salah", "10.6.0.1")
    refused = attempt(app, "cam\x00at\u202e", "salah", "10.6.0.1")
    assert refused.status_code == 429  # refused before the view: the record comes from the limit
    with app.app_context():
        names = {n for (n,) in db.session.execute(
            db.select(AuthLog.username).where(AuthLog.event == "login_dibatasi"))}
    assert names == {"camat"}


def test_redis_down_means_no_500_for_logins_or_extracts(app, users, an_application, app_with):
    dead = "redis://127.0.0.1:1/0"  # nothing listens there
    outage = app_with(REDIS_URL=dead, RATELIMIT_STORAGE_URI=dead, EXTRACT_SYNC_LIMIT=0)
    assert attempt(outage, "camat", "salah", "10.7.0.1").status_code == 401
    browser = Browser(outage.test_client())
    assert browser.login("camat").status_code == 302
    an_application("teregister")
    refused = browser.post("/admin/register/cetak/", {}, csrf_url="/admin/register/cetak/")
    assert refused.status_code == 429
    assert "Tidak ada pekerja latar" in refused.get_data(as_text=True)
