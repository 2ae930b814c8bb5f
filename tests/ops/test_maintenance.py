"""Out of service during a restore: the flag is a file every process reads; with it up every
request but the health check gets an Indonesian 503 page with Retry-After, and a request
that was already inside cannot commit."""
from pathlib import Path

import pytest

from app.extensions import db
from app import maintenance
from models import Desa


@pytest.fixture
def flag(app):
    path = Path(app.config["MAINTENANCE_FLAG"])
    path.write_text("uji\n")
    yield path
    path.unlink(missing_ok=True)


def test_every_page_but_health_answers_503_while_the_flag_is_up(app, login_as, client):
    clerk = login_as("sekretariat")
    path = Path(app.config["MAINTENANCE_FLAG"])
    path.write_text("uji\n")
    try:
        for answer in (client.get("/login"), client.get("/cek-status"),
                       clerk.get("/admin/"), clerk.get("/admin/loket/"),
                       clerk.client.post("/admin/loket/", data={"nik": "3520041705900001"})):
            page = answer.get_data(as_text=True)
            assert answer.status_code == 503
            assert answer.headers["Retry-After"] == str(app.config["MAINTENANCE_RETRY_AFTER"])
            assert "Sedang pemeliharaan" in page and "kirim ulang isian Anda" in page
        assert client.get("/healthz").status_code == 200
    finally:
        path.unlink()
    assert clerk.get("/admin/").status_code == 200  # back when the flag is down


def test_a_request_inside_when_the_flag_goes_up_cannot_commit(app, flag):
    with app.test_request_context("/admin/desa/new/", method="POST"):
        db.session.add(Desa(kode="3520042099", nama="Desa Uji"))
        with pytest.raises(maintenance.InMaintenance):
            db.session.commit()
        db.session.rollback()
    with app.app_context():
        assert db.session.execute(db.select(Desa).where(Desa.nama == "Desa Uji")).first() is None


def test_a_second_restore_is_refused_while_one_runs(app, flag, tmp_path):
    copy = tmp_path / "cadangan.bin"
    flag.unlink()
    result = app.test_cli_runner().invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    flag.write_text("pemulihan lain\n")
    result = app.test_cli_runner().invoke(args=["restore", str(copy), "--yes"])
    assert result.exit_code == 1 and "sudah dalam pemeliharaan" in result.output


def test_the_worker_leaves_jobs_alone_while_out_of_service(app, users, an_application,
                                                          monkeypatch):
    import time

    from app import jobs
    from models import Job
    from tests.conftest import start_consumer
    from tests.ops.test_jobs import wait_for

    monkeypatch.setitem(app.config, "MAINTENANCE_RETRY_AFTER", 1)
    import threading

    from models import User

    an_application("teregister")
    owner_id = users["camat"].id
    consumer = start_consumer(app)
    path = Path(app.config["MAINTENANCE_FLAG"])
    path.write_text("uji\n")
    started = []

    def queue_one():  # a job queued just before the flag went up (no request: no guard)
        with app.app_context():
            started.append(jobs.start(db.session.get(User, owner_id), "register", {}).id)

    thread = threading.Thread(target=queue_one)
    thread.start()
    thread.join(30)
    (job_id,) = started
    try:
        time.sleep(2.5)
        with app.app_context():
            assert db.session.get(Job, job_id).status == "queued"  # left alone meanwhile
        path.unlink()
        assert wait_for(app, job_id, seconds=30).status == "done"  # taken after
    finally:
        path.unlink(missing_ok=True)
        consumer.stop(graceful=True)
