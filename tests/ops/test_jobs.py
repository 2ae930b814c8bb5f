"""Register extracts on the task queue: state in the database, a real consumer, limits,
dead workers, private result files that expire."""
import os
import stat
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from app import jobs
from app.extensions import db
from models import Job, User
from models._time import utcnow
from tests.conftest import start_consumer
from tests.ops.revisions import module

FORM = "/admin/register/cetak/"


@pytest.fixture
def background(app, monkeypatch):
    """Every extract of more than two rows goes to the queue."""
    monkeypatch.setitem(app.config, "EXTRACT_SYNC_LIMIT", 2)


def job_id_of(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def wait_for(app, job_id: str, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.get(Job, job_id)
            if job.finished:
                db.session.expunge(job)
                return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


def test_extract_runs_on_a_real_consumer_and_only_its_owner_downloads_it(
        app, login_as, an_application, users, background, huey_consumer):
    for _ in range(3):
        an_application("teregister")
    camat = login_as("camat")
    job_id = job_id_of(camat.post(FORM, {}, csrf_url=FORM))
    progress_url = f"{FORM}{job_id}/"
    assert camat.get(progress_url).status_code == 200  # queued or running: answered
    job = wait_for(app, job_id)
    assert job.status == "done" and job.rows == 3 and job.error is None
    page = camat.get(progress_url).get_data(as_text=True)
    assert "Berkas siap: 3 baris." in page and "Unduh PDF" in page
    download = camat.get(f"{FORM}{job_id}.pdf")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert stat.S_IMODE(os.stat(job.result_path).st_mode) == 0o600
    assert Path(job.result_path).parent == Path(app.config["EXPORT_DIR"])
    # Someone else's job is not theirs to see or download.
    sekretariat = login_as("sekretariat")
    assert sekretariat.get(progress_url).status_code == 404
    assert sekretariat.get(f"{FORM}{job_id}.pdf").status_code == 404
    # The role is checked again at download: the owner is no longer a working role.
    with app.app_context():
        db.session.get(User, users["camat"].id).role = "admin"
        db.session.commit()
    assert camat.get(f"{FORM}{job_id}.pdf").status_code == 403


def _run_one_job_with(app_under_test, owner_id: int) -> Job:
    consumer = start_consumer(app_under_test)
    try:
        with app_under_test.test_request_context():
            job = jobs.start(db.session.get(User, owner_id), "register", {})
            job_id = job.id
        return wait_for(app_under_test, job_id)
    finally:
        consumer.stop(graceful=True)


def test_sqlite_huey_in_the_instance_folder_by_default(app, an_application, users, tmp_path,
                                                       other_app):
    from huey import SqliteHuey

    an_application("teregister")
    sqlite_app = other_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "REDIS_URL": None,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "HUEY_SQLITE_PATH": str(tmp_path / "huey.sqlite"), "EXPORT_DIR": str(tmp_path / "x")})
    assert isinstance(sqlite_app.extensions["huey"], SqliteHuey)
    from app import settings

    default = settings.load(app.instance_path)["HUEY_SQLITE_PATH"]
    assert default == str(Path(app.instance_path) / "huey.sqlite")
    job = _run_one_job_with(sqlite_app, users["sekretariat"].id)
    assert job.status == "done" and job.rows == 1
    assert (tmp_path / "huey.sqlite").exists()


def test_redis_huey_when_redis_url_is_set(app, an_application, users, tmp_path, redis_url,
                                          other_app):
    from huey import RedisHuey

    an_application("teregister")
    redis_app = other_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "REDIS_URL": redis_url,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "EXPORT_DIR": str(tmp_path / "x")})
    assert isinstance(redis_app.extensions["huey"], RedisHuey)
    job = _run_one_job_with(redis_app, users["operator"].id)
    assert job.status == "done" and job.rows == 1


def test_one_active_extract_per_user_and_a_cap_for_the_office(
        app, login_as, an_application, background, monkeypatch):
    monkeypatch.setitem(app.config, "EXTRACT_MAX_RUNNING", 2)
    for _ in range(3):
        an_application("teregister")
    camat = login_as("camat")
    first = job_id_of(camat.post(FORM, {}, csrf_url=FORM))  # no consumer: stays queued
    again = camat.post(FORM, {}, csrf_url=FORM)
    assert again.status_code == 429
    text = again.get_data(as_text=True)
    assert "Petikan Anda sebelumnya masih disiapkan" in text and first in text
    job_id_of(login_as("sekcam").post(FORM, {}, csrf_url=FORM))
    third = login_as("operator").post(FORM, {}, csrf_url=FORM)
    assert third.status_code == 429
    assert "Sedang ada 2 petikan disiapkan untuk kantor" in third.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Job.id))).scalar() == 2


def test_the_database_refuses_a_second_active_job_of_one_user(app, users):
    with app.app_context():
        owner = users["camat"].id
        db.session.add(Job(id="a", owner_id=owner, kind="register", params="{}", slot=1))
        db.session.commit()
        db.session.add(Job(id="b", owner_id=owner, kind="register", params="{}", slot=2))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.add(Job(id="c", owner_id=users["sekcam"].id, kind="register", params="{}",
                           slot=1))  # the slot of an active job
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.get(Job, "a").status = "done"
        db.session.add(Job(id="d", owner_id=owner, kind="register", params="{}", slot=1))
        db.session.commit()  # once finished, both are free again


def _a_job(app, owner_id: int, **values) -> str:
    with app.app_context():
        job = Job(id=values.pop("id", "j" + str(time.monotonic_ns())), owner_id=owner_id,
                  kind="register", params="{}", slot=values.pop("slot", 1), **values)
        db.session.add(job)
        db.session.commit()
        return job.id


def test_a_job_whose_worker_died_is_run_again(app, users, an_application, huey_consumer):
    an_application("teregister")
    old = utcnow() - timedelta(minutes=10)
    job_id = _a_job(app, users["camat"].id, status="running", attempts=1, created_at=old,
                    started_at=old, heartbeat_at=old)
    with app.app_context():
        assert jobs.recover_stale() == 1
    job = wait_for(app, job_id)
    assert job.status == "done" and job.attempts == 2 and job.rows == 1


def test_a_job_whose_worker_died_too_often_fails_with_a_clear_message(app, users, login_as):
    old = utcnow() - timedelta(minutes=10)
    job_id = _a_job(app, users["camat"].id, status="running", attempts=2, created_at=old,
                    started_at=old, heartbeat_at=old)
    # No consumer at all: the poll itself finds the dead job.
    page = login_as("camat").get(f"{FORM}{job_id}/").get_data(as_text=True)
    assert "Pekerja latar berhenti sebelum berkas selesai" in page
    assert 'http-equiv="refresh"' not in page
    with app.app_context():
        assert db.session.get(Job, job_id).status == "failed"


def test_a_job_no_consumer_took_fails_instead_of_waiting_forever(app, users, login_as):
    job_id = _a_job(app, users["camat"].id, status="queued",
                    created_at=utcnow() - timedelta(minutes=10))
    page = login_as("camat").get(f"{FORM}{job_id}/").get_data(as_text=True)
    assert "Tidak ada pekerja latar yang menjalankan pekerjaan ini" in page


def test_a_failing_job_is_marked_failed_and_leaves_no_file(app, users, monkeypatch):
    def broken(params, progress, out):
        out.write(b"%PDF-half")
        raise RuntimeError("renderer crashed")

    monkeypatch.setitem(jobs.KINDS, "register", broken)
    job_id = _a_job(app, users["camat"].id, status="queued")
    with app.app_context():
        jobs.run(job_id)  # the task body, without the queue
        job = db.session.get(Job, job_id)
        assert job.status == "failed" and job.error == jobs.FAILED
        assert list(Path(app.config["EXPORT_DIR"]).glob(f"*{job_id}*")) == []


def test_old_result_files_are_deleted_and_the_page_says_so(app, users, login_as):
    folder = Path(app.config["EXPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    old_file, new_file, stray = (folder / "register-old.pdf", folder / "register-new.pdf",
                                 folder / "register-stray.pdf")
    for path in (old_file, new_file, stray):
        path.write_bytes(b"%PDF-1.4")
    day_ago = time.time() - 25 * 3600
    os.utime(stray, (day_ago, day_ago))
    owner = users["camat"].id
    old = _a_job(app, owner, id="old", status="done", result_path=str(old_file), rows=1,
                 finished_at=utcnow() - timedelta(hours=25))
    _a_job(app, users["sekcam"].id, id="new", status="done", result_path=str(new_file), rows=1,
           finished_at=utcnow() - timedelta(hours=1))
    with app.app_context():
        assert jobs.purge_exports() == 2
    assert not old_file.exists() and not stray.exists() and new_file.exists()
    camat = login_as("camat")
    assert "sudah dihapus 24 jam setelah selesai" in camat.get(f"{FORM}{old}/").get_data(
        as_text=True)
    assert camat.get(f"{FORM}{old}.pdf").status_code == 404


def test_the_daily_check_flags_a_job_left_running_with_no_worker(app, users):
    from app.ops.check import run_checks

    rule = "Tidak ada pekerjaan latar yang macet (pekerja latar berjalan)"
    with app.app_context():
        assert next(f for f in run_checks() if f.rule == rule).count == 0
    old = utcnow() - timedelta(minutes=10)
    job_id = _a_job(app, users["camat"].id, status="running", attempts=1, created_at=old,
                    started_at=old, heartbeat_at=old)
    with app.app_context():
        finding = next(f for f in run_checks() if f.rule == rule)
    assert finding.count == 1 and finding.examples == [(job_id, "running")]


def test_simultaneous_starts_give_one_job_per_user_and_no_more_than_the_cap(
        app, users, monkeypatch):
    import threading

    monkeypatch.setitem(app.config, "EXTRACT_MAX_RUNNING", 2)
    owners = [users[r].id for r in ("camat", "camat", "camat", "sekcam", "sekcam", "operator",
                                    "operator", "sekretariat")]
    outcomes, barrier = [], threading.Barrier(len(owners))

    def start(owner_id):
        with app.test_request_context():
            barrier.wait()
            try:
                jobs.start(db.session.get(User, owner_id), "register", {})
                outcomes.append("started")
            except jobs.JobRefused as refused:
                outcomes.append(refused.message)

    threads = [threading.Thread(target=start, args=(o,)) for o in owners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert outcomes.count("started") == 2 and len(outcomes) == len(owners)
    assert set(outcomes) <= {"started", jobs.BUSY_USER, jobs.BUSY_OFFICE}
    with app.app_context():
        active = db.session.execute(db.select(Job.owner_id).where(Job.status == "queued")).all()
    assert len(active) == 2 and len({o for (o,) in active}) == 2


def forget_planner_statistics(app):
    """The generator ANALYZEs its 250 files; the clean-up empties the tables but SQLite would
    keep planning every later test of this worker for that data (a scan of a small table
    looks cheaper than an index), so the statistics go with the rows."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            with db.engine.begin() as conn:
                if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
                    conn.exec_driver_sql("DELETE FROM sqlite_stat1")
                # The statistics the migrations write (0028_indeks_kantor) stay.
                module(app, "0028_indeks_kantor").sqlite_statistics(conn)
            db.engine.dispose()  # pooled connections hold the loaded statistics


def test_a_consumer_killed_mid_job_is_replaced_and_the_job_finishes(app, users, tmp_path):
    """A real `flask --app app worker` process, killed with -9 while it renders; the next
    worker finds the silent job at its start and runs it again."""
    import signal
    import subprocess
    import sys

    from bench.generate import generate

    root = Path(__file__).resolve().parents[2]
    with app.app_context():
        # Some 1,400 registered files: seconds of rendering even now a row costs well under
        # a millisecond (the extract's plain rows), so the kill lands inside it.
        generate(2000)
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"],
           "EXPORT_DIR": app.config["EXPORT_DIR"], "JOB_STALE_SECONDS": "2",
           "SECRET_KEY": "test-secret"}
    if app.config.get("REDIS_URL"):
        env["REDIS_URL"] = app.config["REDIS_URL"]

    def worker():
        """A worker process, once it listens (a queued job older than JOB_STALE_SECONDS
        when it starts would rightly count as one no worker took)."""
        log = tmp_path / f"worker-{time.monotonic_ns()}.log"
        with open(log, "wb") as out:  # the child keeps its own copy of the descriptor
            proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker"],
                                    cwd=root, env=env, start_new_session=True,
                                    stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while "Huey consumer started" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        return proc

    app.extensions["huey"].flush()
    first = worker()
    try:
        with app.test_request_context():
            job_id = jobs.start(db.session.get(User, users["camat"].id), "register", {}).id
        deadline = time.monotonic() + 60
        while True:
            with app.app_context():
                job = db.session.get(Job, job_id)
                if job.status == "running":
                    break
                assert job.status in ("queued", "running") and time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)  # inside the rendering
        os.killpg(first.pid, signal.SIGKILL)  # the worker and its renderers die mid-job
        first.wait(10)
        with app.app_context():  # silent for longer than JOB_STALE_SECONDS (2)
            silent_since = db.session.get(Job, job_id).heartbeat_at
        time.sleep(max(0.0, 2.2 - (utcnow() - silent_since).total_seconds()))
        second = worker()  # finds the silent job at its start and queues it again
        try:
            job = wait_for(app, job_id, seconds=120)
        finally:
            second.terminate()
            second.wait(20)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        forget_planner_statistics(app)
    assert job.status == "done" and job.attempts == 2 and job.rows > 100
    assert Path(job.result_path).read_bytes().startswith(b"%PDF")
