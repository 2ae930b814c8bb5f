"""Fixtures that speak the office's language: `login_as("camat")`,
`an_application(state="diproses")`. The database is real: a temporary SQLite file, or
the PostgreSQL named by DATABASE_URL (as .ci/run does), built by the migrations."""
from __future__ import annotations

import itertools
import os
import re
from datetime import date

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from app.extensions import db, limiter
from app.settings import normalise_database_url
from werkzeug.security import generate_password_hash

from app.access.roles import EVERYONE
from app.services.master import load_master_data
from app.services.nik import buat_nik, buat_no_kk
from app.services.permohonan import ajukan
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Desa, Pemohon, User

PASSWORD = "rahasia-takeran-1"
ROLES = EVERYONE
# Tests only: one PBKDF2 round instead of scrypt for every account of every test (and
# every login). Production keeps scrypt (settings.PASSWORD_HASH_METHOD).
CHEAP_HASH = "pbkdf2:sha256:1"
PASSWORD_HASH = generate_password_hash(PASSWORD, method=CHEAP_HASH)
_serial = itertools.count(1)


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        return normalise_database_url(url)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


class IsolatedClient(FlaskClient):
    """Each request in its own app context, as on a real server: no `g`, no database
    session shared with the test that made the data (or with the previous request)."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    work = tmp_path_factory.mktemp("instance")
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
        "SECRET_KEY": "test-secret",
        "HUEY_SQLITE_PATH": str(work / "huey.sqlite"),
        "EXPORT_DIR": str(work / "exports"),
        "PASSWORD_HASH_METHOD": CHEAP_HASH,
    })
    app.test_client_class = IsolatedClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="heads")
    yield app


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Each test starts from master data only; commits are real, so rows are deleted after."""
    with app.app_context():
        load_master_data()
        limiter.reset()
    yield
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


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


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page carries no CSRF token"
    return match.group(1)


class Browser:
    """A test client that logs in through the login page, as a clerk does."""

    def __init__(self, client):
        self.client = client

    def csrf(self, url: str = "/login") -> str:
        return csrf_from(self.client.get(url).get_data(as_text=True))

    def login(self, username: str, password: str = PASSWORD):
        token = self.csrf("/login")
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": token})

    def post(self, url: str, data: dict | None = None, csrf_url: str = "/admin/", **kw):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf(csrf_url))
        return self.client.post(url, data=data, **kw)

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)


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
                p = engine.tick(p.id, ticked, users[wf.checklist.roles[0]])
                if not _blocked(p, name, user):
                    break
        p = engine.apply(p.id, name, user, "Catatan uji." if t.note_required else None)
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
        p = ajukan(a_pemohon(**pemohon_kw), jenis, users[wf.initial.roles[0]],
                   layanan=wf.layanan)
        return walk(p, wf.paths()[state or wf.initial.target], users, wf)
    return make
