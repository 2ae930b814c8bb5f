"""Fixtures that speak the office's language: `login_as("camat")`,
`an_application(state="diproses")`. The database is real: a temporary SQLite file, or
the PostgreSQL named by DATABASE_URL (as .ci/run does), built by the migrations."""
from __future__ import annotations

import functools
import itertools
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import BadSignature
from sqlalchemy import String, event, exists, literal, select, union_all

from app import create_app, register_services
from app.extensions import db, limiter
from app.settings import normalise_database_url
from werkzeug.security import generate_password_hash

from app.access import row_security
from app.access.roles import EVERYONE
from app.services.master import load_master_data
from app.services.nik import buat_nik, buat_no_kk
from app.services import permohonan as permohonan_service
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Desa, OfficeSettings, Pemohon, User

# The services are registered by `create_app`; tests that read a declaration at import
# (before any app exists) need them the same way.
register_services()

PASSWORD = "rahasia-takeran-1"
ROLES = EVERYONE
# Tests only: one PBKDF2 round instead of scrypt for every account of every test (and
# every login). Production keeps scrypt (settings.PASSWORD_HASH_METHOD).
CHEAP_HASH = "pbkdf2:sha256:1"
PASSWORD_HASH = generate_password_hash(PASSWORD, method=CHEAP_HASH)
_serial = itertools.count(1)


WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # "gw0", "gw1" under `pytest -n 2`
CHECKOUT = Path(__file__).resolve().parents[1]


def _checkout_state() -> list[str] | None:
    """What git sees in the checkout, ignored files included; None outside a git checkout.
    Bytecode is left out: the interpreter writes it where PYTHONPYCACHEPREFIX says (the
    Makefile sends it outside the checkout), not the tests."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
                             cwd=CHECKOUT, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return sorted(line for line in out.stdout.splitlines()
                  if "__pycache__/" not in line and not line.endswith(".pyc"))


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # once, in the process that reports
        session.config._checkout_before = _checkout_state()


def pytest_sessionfinish(session, exitstatus):
    """A run leaves the checkout as it found it: the instance folder, uploads, keys and
    pictures all go to temporary folders. Anything new or changed fails the run."""
    before = getattr(session.config, "_checkout_before", None)
    if before is None:
        return
    after = _checkout_state()
    if after is not None and after != before:
        changed = sorted(set(after) ^ set(before))
        session.config._checkout_changed = changed
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    changed = getattr(config, "_checkout_changed", None)
    if changed:
        terminalreporter.section("the test run changed the checkout", red=True)
        for line in changed:
            terminalreporter.line(line)


@pytest.fixture(scope="session", autouse=True)
def _instance_folder(tmp_path_factory):
    """The app's instance folder (database, secret key, keys, uploads) for this run, in a
    temporary folder; set in the environment so `flask` and worker subprocesses use it too."""
    saved = os.environ.get("INSTANCE_PATH")
    folder = tmp_path_factory.mktemp("instance")
    os.environ["INSTANCE_PATH"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("INSTANCE_PATH", None)
    else:
        os.environ["INSTANCE_PATH"] = saved


def per_worker(name: str) -> str:
    """A database name of this xdist worker's own (`ktpel_test_gw0`), so that workers
    never share one; the name itself when the suite runs in one process."""
    return f"{name}_{WORKER}" if WORKER else name


def _postgresql_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return normalise_database_url(url) if url.startswith(("postgres://", "postgresql")) else None


@pytest.fixture(scope="session")
def _worker_services():
    """Under xdist, this worker's own PostgreSQL database (created now, dropped at the end)
    and Redis db (1, 2, … of the given server; the queue and the limits live there). Set
    in the environment, so the app and its subprocesses (workers, `flask` commands) use
    them. Nothing changes when the suite runs in one process."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "REDIS_URL")}
    given = _postgresql_url()
    if WORKER is None:
        yield
        return
    if saved["REDIS_URL"]:
        server = saved["REDIS_URL"].rsplit("/", 1)[0] if saved["REDIS_URL"].count("/") > 2 \
            else saved["REDIS_URL"]
        os.environ["REDIS_URL"] = f"{server}/{int(WORKER.removeprefix('gw')) + 1}"
    admin = None
    if given:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        url = make_url(given)
        name = per_worker(url.database)
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            # A test that waits on a lock a minute is stuck (a transaction of its own left
            # open before a migration): fail it by name rather than hang the whole run.
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET lock_timeout = \'60s\'')
        os.environ["DATABASE_URL"] = url.set(database=name).render_as_string(hide_password=False)
    yield
    for key, value in saved.items():
        if value is not None:
            os.environ[key] = value
    if admin is not None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _database_url(tmp_path_factory) -> str:
    return _postgresql_url() or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


class IsolatedClient(FlaskClient):
    """Each request in its own app context, as on a real server: no `g`, no database
    session shared with the test that made the data (or with the previous request)."""

    def open(self, *args, **kwargs):
        # Read whole and closed, as a server does once it has sent a response: a file
        # served with send_file is not left open for the garbage collector.
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # A large upload's body is spooled to a temporary file by the test client: closed
        # here, as a server closes the connection's stream.
        body = response.request.environ.get("wsgi.input") if response.request else None
        if body is not None:
            body.close()
        return response


@pytest.fixture(scope="session")
def app(_instance_folder, tmp_path_factory, _worker_services):
    work = _instance_folder
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
        "SECRET_KEY": "test-secret",
        "HUEY_SQLITE_PATH": str(work / "huey.sqlite"),
        "EXPORT_DIR": str(work / "exports"),
        "MAINTENANCE_FLAG": str(work / "pemeliharaan"),
        "BACKUP_LOG": str(work / "cadangan-terakhir.json"),
        "MAINTENANCE_GRACE_SECONDS": 0,  # no request runs beside the CLI runner's restore
        "PASSWORD_HASH_METHOD": CHEAP_HASH,
    })
    app.test_client_class = IsolatedClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="heads")
        load_master_data()
        app.extensions["test_master_data"] = _master_rows()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # before _worker_services drops this worker's database


@pytest.fixture
def other_app():
    """`other_app(config)`: an application beside the suite's, with settings of its own,
    its database connections closed when the test ends. Left to the garbage collector, a
    PostgreSQL connection warns in whichever later test happens to collect it."""
    made = []

    def make(config: dict):
        made.append(create_app(config))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


MASTER_TABLES = (Desa.__table__, OfficeSettings.__table__)


def _master_rows() -> dict:
    return {t.name: db.session.execute(t.select().order_by(*t.primary_key)).all()
            for t in MASTER_TABLES}


@functools.cache
def _tables_with_rows_sql(dialect) -> str:
    # Compiled once per dialect: building and compiling the union each time cost 3 ms a test.
    union = union_all(*(select(literal(t.name, String)).where(
        exists(select(literal(1)).select_from(t))) for t in db.metadata.sorted_tables))
    return str(union.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _tables_with_rows() -> set[str]:
    """One round trip: which of our tables hold a row."""
    sql = _tables_with_rows_sql(db.engine.dialect)
    return set(db.session.connection().exec_driver_sql(sql).scalars())


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Each test starts from the master data only. Commits are real, so after each test
    the tables that got rows are emptied; the master data (villages, office settings) is
    reloaded only when the test changed it."""
    with app.app_context():
        limiter.reset()
    yield
    with app.app_context():
        db.session.rollback()
        master_changed = _master_rows() != app.extensions["test_master_data"]
        used = _tables_with_rows()
        for table in reversed(db.metadata.sorted_tables):
            if table.name in used and (master_changed or table not in MASTER_TABLES):
                db.session.execute(table.delete())
        db.session.commit()
        if master_changed:
            load_master_data()


def start_consumer(app, workers: int = 1):
    """A real Huey consumer of `app`'s queue in this process (threads), started from the
    main thread; pytest keeps its own signal handlers."""
    import signal

    from app.queue import consumer as make_consumer

    app.extensions["huey"].flush()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = make_consumer(app, workers=workers, periodic=False)
    consumer.start()
    for sig, handler in saved.items():
        signal.signal(sig, handler)
    return consumer


@pytest.fixture
def huey_consumer(app):
    consumer = start_consumer(app)
    yield consumer
    consumer.stop(graceful=True)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """REDIS_URL when set (as .ci/run does), else a throwaway redis-server on 127.0.0.1."""
    import shutil
    import socket
    import subprocess
    import time

    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    work = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(work)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def users(app, ctx) -> dict[str, User]:
    out = {}
    for role in ROLES:
        user = User(username=role, nama=f"Petugas {role.title()}", role=role,
                    password_hash=PASSWORD_HASH)
        db.session.add(user)
        out[role] = user
    db.session.commit()
    return out


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "page carries no CSRF token"
    return match.group(1)


OWN_ACCOUNT = "/akun/kata-sandi"


class Browser:
    """A test client that logs in through the login page, as a clerk does. Like a real
    browser it posts with the CSRF token of a page it already has: Flask-WTF's token is
    good for the whole session, so a page is fetched only when the Browser holds no token
    for the session it is in (none yet, or the server started a new session: login,
    logout, a password change, an ended session)."""

    def __init__(self, client):
        self.client = client
        self._token: str | None = None
        self._token_of: str | None = None  # the session's own value the token stands for

    def _session_token(self) -> str | None:
        """The raw CSRF value in the session cookie the browser now holds (read only)."""
        app = self.client.application
        cookie = self.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        if cookie is None:
            return None
        try:
            return app.session_interface.get_signing_serializer(app).loads(
                cookie.value).get("csrf_token")
        except BadSignature:
            return None

    def _keep(self, html: str) -> None:
        match = CSRF_FIELD.search(html)
        if match:
            self._token, self._token_of = match.group(1), self._session_token()

    def _held(self) -> str | None:
        held = self._token_of is not None and self._token_of == self._session_token()
        return self._token if held else None

    def csrf(self, url: str = "/login") -> str:
        html = self.client.get(url).get_data(as_text=True)
        token = csrf_from(html)
        self._keep(html)
        return token

    def login(self, username: str, password: str = PASSWORD):
        token = self.csrf("/login")
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": token})

    def post(self, url: str, data: dict | None = None, csrf_url: str = OWN_ACCOUNT, **kw):
        """`csrf_url`: the page to read a token from when none is held (by default the
        own-password page every role may open: a form and nothing else to compute)."""
        data = dict(data or {})
        if "csrf_token" not in data:
            data["csrf_token"] = self._held() or self.csrf(csrf_url)
        return self._seen(self.client.post(url, data=data, **kw))

    def get(self, url: str, **kw):
        return self._seen(self.client.get(url, **kw))

    def _seen(self, response):
        if self._held() is None and response.mimetype == "text/html" \
                and not response.is_streamed:
            self._keep(response.get_data(as_text=True))
        return response


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(app, users):
    def login(role: str) -> Browser:
        browser = Browser(app.test_client())
        response = browser.login(users[role].username)
        assert response.status_code == 302, f"login as {role} failed"
        return browser
    return login


@pytest.fixture
def a_pemohon(app, ctx):
    def make(tanggal_lahir: date = date(1990, 5, 17), jenis_kelamin: str = "L",
             nama: str = "Budi Santoso", status_perkawinan: str = "kawin") -> Pemohon:
        n = next(_serial)
        desa = db.session.execute(db.select(Desa).order_by(Desa.kode)).scalars().first()
        p = Pemohon(nik=buat_nik(tanggal_lahir, jenis_kelamin, n), no_kk=buat_no_kk(n),
                    nama=nama, tempat_lahir="Magetan", tanggal_lahir=tanggal_lahir,
                    jenis_kelamin=jenis_kelamin, status_perkawinan=status_perkawinan,
                    alamat="Jl. Raya Takeran", rt="001", rw="002", desa=desa)
        db.session.add(p)
        db.session.commit()
        return p
    return make


def walk(p, path, users, wf=None):
    """Take `path` through the engine, each step by a role its declaration allows; the
    checklist is ticked complete before a step it blocks, and incomplete if that is what
    the step needs (returning a file)."""
    wf = wf or get_workflow(p.layanan)
    for name in path:
        t = wf.transition(name)
        user = users[t.roles_at(p.status)[0]]
        if _blocked(p, name, user) and wf.may_tick(wf.checklist.roles[0], p.status):
            semua = [s.kode for s in p.syarat]
            for ticked in (set(semua), set(semua[1:])):
                p = permohonan_service.tick(p, ticked, users[wf.checklist.roles[0]])
                if not _blocked(p, name, user):
                    break
        p = engine.perform(p.id, name, user, "Catatan uji." if t.note_required else None)
    return p


def _blocked(p, name, user) -> bool:
    return any(o.transition.name == name and o.blocked for o in engine.options_for(p, user))


@pytest.fixture
def an_application(app, ctx, users, a_pemohon):
    """An application walked to `state` through the real engine by the right roles,
    along the declaration's shortest path."""
    def make(state: str | None = None, jenis: str = "baru", layanan: str | None = None,
             **pemohon_kw):
        wf = get_workflow(layanan) if layanan else get_workflow()
        staff = _staff_of_scope(users)
        p = permohonan_service.record(a_pemohon(**pemohon_kw), jenis, staff[wf.initial.roles[0]],
                   layanan=wf.layanan)
        return walk(p, wf.paths()[state or wf.initial.target], staff, wf)
    return make


def _staff_of_scope(users: dict[str, User]) -> dict[str, User]:
    """The staff who work a file made inside `dalam_kantor(other office)`: that office's
    own accounts for the office roles (made once a test), the Dinas's for the regency's; as
    in a regency, where PostgreSQL's row security hides one office's staff from another."""
    from flask import g

    from app.access.scope import kantor_aktif, lingkup_kabupaten

    kantor_id = kantor_aktif()
    if kantor_id in (None, 1):  # the suite's own staff are the first office's
        return users
    made = g.setdefault("_staf_kantor", {})
    if kantor_id not in made:
        own = {role: User(username=f"{role}.k{kantor_id}", nama=f"Petugas {role.title()}",
                          role=role, password_hash=PASSWORD_HASH, kantor_id=kantor_id)
               for role in ROLES if not lingkup_kabupaten(role)}
        db.session.add_all(own.values())
        db.session.commit()
        made[kantor_id] = {**users, **own}
    return made[kantor_id]


def wait_until_healthy(base: str, log: Path, tries: int = 300) -> None:
    """A server process started by a test answers /healthz (its workers may still be
    booting); else its log's tail is the failure."""
    import time

    import requests

    for _ in range(tries):
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(log.read_text()[-2000:])


def stop_processes(*procs: subprocess.Popen) -> None:
    """Ask each to stop, then wait up to 20 s each before killing it (and reaping it)."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


class Statements(list):
    """The SQL statements sent to the database while inside `with statements:`; each
    request's own cost, read as a test would read a slow page's log.

    On PostgreSQL each transaction, and each change of office inside one, also tells the
    database its scope for row-level security (app/access/row_security.py): those
    statements are counted apart, in `scope` (their parameters), not in the budget."""

    def __init__(self, engine):
        super().__init__()
        self._engine = engine
        self.scope: list[dict] = []

    def _seen(self, conn, cursor, statement, parameters, *args):
        if statement == row_security.SCOPE_SQL:
            self.scope.append(parameters)
        else:
            self.append(statement)

    def __enter__(self):
        self.clear()
        self.scope = []
        event.listen(self._engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(self._engine, "before_cursor_execute", self._seen)

    def __str__(self) -> str:
        return "\n".join(f"{i + 1:>3}. {' '.join(s.split())[:160]}" for i, s in enumerate(self))


@pytest.fixture
def statements(app):
    """`with statements: client.get(...)` then `len(statements)`: the statements one
    request sent (the budgets in the issue that set them: the dashboard, a transition, the
    detail page, the receipt)."""
    with app.app_context():
        engine = db.engine
    return Statements(engine)
