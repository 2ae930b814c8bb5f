"""`flask backup` and `flask restore` as the README deploys them: PostgreSQL with a password
login in DATABASE_URL (the password must reach pg_dump, never through argv); a failed
backup leaves no file behind; a backup taken while an extract runs restores."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, update

from app import jobs
from app.extensions import db
from app.ops.backup import INTERRUPTED_BY_RESTORE
from app.settings import normalise_database_url
from app.services.master import load_master_data
from models import Job
from models._time import utcnow
from tests.conftest import Browser, per_worker

PASSWORD = "sandi Takeran:2026/@!"  # characters a URL must escape


@pytest.fixture
def password_login(app):
    """A role with a password and its own database, and pg_hba asking that role for its
    password (scram) on 127.0.0.1: CI's server trusts everyone, which hid the bug."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL with a password login: needs DATABASE_URL")
        url = db.engine.url
    role = per_worker("ktpel_sandi")
    # Roles and pg_hba are a superuser's: .ci/run's application role is not one (row-level
    # security must hold it), so it names the server's administrator apart.
    admin = create_engine(normalise_database_url(os.environ.get("DATABASE_ADMIN_URL") or "")
                          or url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        hba = Path(conn.exec_driver_sql("SHOW hba_file").scalar())
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
        conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        conn.exec_driver_sql(f"""CREATE ROLE "{role}" LOGIN PASSWORD '{PASSWORD}'""")
        conn.exec_driver_sql(f'CREATE DATABASE "{role}" OWNER "{role}"')
    try:
        original = hba.read_text()
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{original}")
    except OSError:
        pytest.skip(f"cannot edit {hba} to ask for a password")
    with admin.connect() as conn:
        conn.exec_driver_sql("SELECT pg_reload_conf()")
    time.sleep(0.5)
    try:
        yield url.set(username=role, password=PASSWORD, database=role)
    finally:
        hba.write_text(original)
        with admin.connect() as conn:
            conn.exec_driver_sql("SELECT pg_reload_conf()")
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.dispose()


def _config_on(url, tmp_path) -> dict:
    return {
        "TESTING": True, "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False),
        "HUEY_SQLITE_PATH": str(tmp_path / "huey.sqlite"), "EXPORT_DIR": str(tmp_path / "x"),
        "MAINTENANCE_FLAG": str(tmp_path / "pemeliharaan"), "MAINTENANCE_GRACE_SECONDS": 0,
        "SAFETY_BACKUP_DIR": str(tmp_path / "pengaman")}


def test_backup_and_restore_with_the_password_in_database_url(password_login, tmp_path,
                                                              other_app):
    office = other_app(_config_on(password_login, tmp_path))
    with office.app_context():
        upgrade(revision="heads")
        load_master_data()
        db.session.remove()
        db.engine.dispose()
    out = tmp_path / "cadangan" / "ktpel.dump"
    out.parent.mkdir()
    backup = office.test_cli_runner().invoke(args=["backup", str(out)])
    assert backup.exit_code == 0, backup.output
    assert out.stat().st_size > 0 and out.stat().st_mode & 0o777 == 0o600
    restore = office.test_cli_runner().invoke(args=["restore", str(out), "--yes"])
    assert restore.exit_code == 0, restore.output
    assert "lulus pemeriksaan keutuhan" in restore.output
    assert office.test_cli_runner().invoke(args=["check"]).exit_code == 0


def test_a_failed_backup_leaves_no_file_and_says_so(password_login, tmp_path, other_app):
    wrong = other_app(_config_on(password_login.set(password="bukan-sandinya"), tmp_path))
    folder = tmp_path / "cadangan"
    folder.mkdir()
    result = wrong.test_cli_runner().invoke(args=["backup", str(folder / "ktpel.dump")])
    assert result.exit_code == 1
    assert result.output.startswith("Cadangan gagal dibuat") and "Traceback" not in result.output
    assert "bukan-sandinya" not in result.output and "b'" not in result.output
    assert list(folder.iterdir()) == []  # no 0-byte file for the cron job to keep


def test_a_backup_taken_while_an_extract_runs_restores(app, an_application, users, tmp_path,
                                                        monkeypatch):
    monkeypatch.setitem(app.config, "SAFETY_BACKUP_DIR", str(tmp_path / "pengaman"))
    for _ in range(3):
        an_application("teregister")
    with app.test_request_context():
        job_id = jobs.start(users["camat"], "register", {}).id
        # Claimed by a worker, as jobs.run does: the backup catches it half-way.
        db.session.execute(update(Job).where(Job.id == job_id).values(
            status="running", started_at=utcnow(), heartbeat_at=utcnow(), attempts=1))
        db.session.commit()
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    out = tmp_path / ("cadangan.sqlite" if sqlite else "cadangan.dump")
    assert app.test_cli_runner().invoke(args=["backup", str(out)]).exit_code == 0
    with app.app_context():
        jobs._finish(job_id, "failed", error=jobs.FAILED)  # the live one ended meanwhile
    monkeypatch.setitem(app.config, "JOB_STALE_SECONDS", 1)
    time.sleep(1.5)  # the restore comes later than a worker's silence is tolerated
    result = app.test_cli_runner().invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output
    check = app.test_cli_runner().invoke(args=["check"])
    assert check.exit_code == 0, check.output
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.status == "failed" and job.error == INTERRUPTED_BY_RESTORE
    camat = Browser(app.test_client())  # the restore ended every session: a fresh login
    assert camat.login("camat").status_code == 302
    page = camat.get(f"/admin/register/cetak/{job_id}/").get_data(as_text=True)
    assert "Silakan cetak ulang" in page


def test_the_administrator_sees_the_last_backup_on_the_dashboard(app, login_as, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setitem(app.config, "BACKUP_LOG", str(tmp_path / "cadangan-terakhir.json"))
    admin = login_as("admin")
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Belum ada cadangan basis data yang tercatat" in page
    out = tmp_path / "ktpel.cadangan"
    assert app.test_cli_runner().invoke(args=["backup", str(out)]).exit_code == 0
    page = admin.get("/admin/").get_data(as_text=True)
    line = page.split('id="cadangan-terakhir">', 1)[1].split("</p>", 1)[0]
    size = out.stat().st_size
    assert "Cadangan basis data terakhir:" in line and "ktpel.cadangan" in line
    assert f"{size / 1000:.1f} kB" in line or f"{size / 1e6:.1f} MB" in line, line
    assert "WIB" in line
    failed = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "tidak-ada" / "x")])
    assert failed.exit_code == 1
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Cadangan basis data terakhir GAGAL" in page
    assert "Cadangan berhasil yang terakhir" in page
    assert 'id="cadangan-terakhir"' not in login_as("camat").get("/admin/").get_data(as_text=True)
