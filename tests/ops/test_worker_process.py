"""`flask worker` as a process, the way the office runs it: it never sits inside a database
transaction while it waits, a gentle stop (SIGTERM, SIGINT) ends it within seconds even in
the middle of an extract, and a kill -9 takes its rendering pool down with it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text

from app import jobs
from app.extensions import db
from models import Job, Permohonan, RegisterEntry
from tests.ops.test_jobs import wait_for

ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "ktpel-pekerja-uji"


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (children, their children, …), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _describe(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
        ppid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
    except OSError:
        return f"{pid} (gone)"
    return f"{pid} (parent {ppid}): {cmd}"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def worker(app, tmp_path):
    """Start `flask worker` on the test database and queue; yields the process."""
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-secret",
           "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"],
           "EXPORT_DIR": app.config["EXPORT_DIR"], "PGAPPNAME": APP_NAME}
    app.extensions["huey"].flush()
    started = []

    def start() -> subprocess.Popen:
        out = tmp_path / f"worker-{len(started)}.out"
        with open(out, "wb") as log:  # the child keeps its own copy of the descriptor
            proc = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "2"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        started.append(proc)
        for _ in range(300):  # "Pekerja latar berjalan …": the consumer is up
            if "Pekerja latar berjalan" in out.read_text():
                return proc
            assert proc.poll() is None, out.read_text()
            time.sleep(0.1)
        raise AssertionError(out.read_text())

    yield start
    for proc in started:
        for pid in _descendants(proc.pid) | {proc.pid}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(10)


def _many_registered(an_application, n: int) -> None:
    """`n` registered files, copied in bulk from one walked through the engine: enough
    pages for the extract to be rendered by the process pool for a while."""
    p = an_application("teregister")
    entry = db.session.execute(select(RegisterEntry).where(
        RegisterEntry.permohonan_id == p.id)).scalar_one()
    row = {c.key: getattr(p, c.key) for c in Permohonan.__table__.columns if c.key != "id"}
    reg = {c.key: getattr(entry, c.key) for c in RegisterEntry.__table__.columns
           if c.key not in ("id", "permohonan_id")}
    for i in range(2, n + 1):
        new_id = db.session.execute(insert(Permohonan).values(
            {**row, "nomor_tanda_terima": f"TT/{i:05d}/uji"}).returning(Permohonan.id)).scalar()
        db.session.execute(insert(RegisterEntry).values(
            {**reg, "permohonan_id": new_id, "nomor_urut": i, "nomor": f"REG/{i:05d}/uji"}))
    db.session.commit()


def _start_extract(app, users) -> str:
    with app.test_request_context():
        return jobs.start(users["camat"], "register", {}).id


def _running(app, job_id: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.get(Job, job_id)
            if job.status == "running" and job.done >= 1:
                return
            assert job.status in ("queued", "running"), (job.status, job.error)
        time.sleep(0.1)
    raise AssertionError("the extract did not start rendering")


def test_the_idle_worker_holds_no_transaction(app, worker, an_application, users):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("pg_stat_activity: needs DATABASE_URL")
    an_application("teregister")
    proc = worker()
    with app.test_request_context():
        # Below EXTRACT_SYNC_LIMIT it would render in the request: queued explicitly.
        job_id = jobs.start(users["camat"], "register", {}).id
    assert wait_for(app, job_id).status == "done"
    states = []
    for _ in range(15):  # 3 s of an idle worker
        with app.app_context():
            states += list(db.session.execute(text(
                "SELECT state FROM pg_stat_activity WHERE application_name = :name"),
                {"name": APP_NAME}).scalars())
            db.session.rollback()
        time.sleep(0.2)
    assert proc.poll() is None
    assert "idle in transaction" not in states, states


def _rendering_in_a_pool(app, worker, an_application, users):
    """A worker rendering a large extract: the process and its pool's processes."""
    with app.test_request_context():
        _many_registered(an_application, 1500)
    proc = worker()
    _running(app, _start_extract(app, users))
    pool = _descendants(proc.pid)
    assert pool, "the extract renders in a process pool"
    return proc, pool


def _left_of(pool: set[int]) -> list[int]:
    """The pool's processes still alive after up to 5 s."""
    for _ in range(50):
        if not any(_alive(pid) for pid in pool):
            break
        time.sleep(0.1)
    return [pid for pid in pool if _alive(pid)]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_gentle_stop_ends_the_worker_within_seconds(app, worker, an_application, users,
                                                     sig):
    proc, pool = _rendering_in_a_pool(app, worker, an_application, users)
    stopped = time.monotonic()
    proc.send_signal(sig)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{sig.name}: the worker was still running 10 s later")
    took = time.monotonic() - stopped
    assert not _left_of(pool), "pool processes left behind"
    assert took < 10


def test_kill_9_takes_the_pool_down_with_the_worker(app, worker, an_application, users):
    proc, pool = _rendering_in_a_pool(app, worker, an_application, users)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    left = _left_of(pool)
    assert not left, f"orphans after kill -9: {[_describe(pid) for pid in left]}"
