"""A restore while two clerks record intakes on a real server (gunicorn, two worker
processes), on SQLite and on PostgreSQL (DATABASE_URL, as .ci/run sets).

The contract (README, "Daily check and backup"): an intake acknowledged before the
application went out of service is in the safety copy the restore took; while it is out of
service every request gets 503 with Retry-After, so nothing is acknowledged; an intake
acknowledged after the restore is in the restored database. No receipt number is handed out
twice, and the command's message is true."""
from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import requests

from app.extensions import db
from app.ops.backup import _tool
from app.services.nik import buat_nik, buat_no_kk
from app.workflow.declaration import get_workflow
from models import Desa, Permohonan, User
from tests.conftest import PASSWORD, PASSWORD_HASH, stop_processes, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
CLERKS = 2
KTP = get_workflow()


@pytest.fixture
def server(app, tmp_path):
    """gunicorn -w 2 on 127.0.0.1 against the test database, sharing the test app's
    maintenance flag."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-secret",
           "MAINTENANCE_FLAG": app.config["MAINTENANCE_FLAG"],
           "EXPORT_DIR": str(tmp_path / "exports"),
           "HUEY_SQLITE_PATH": str(tmp_path / "huey.sqlite")}
    out = tmp_path / "server.out"
    with open(out, "wb") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "-w", "2",
             "-b", f"127.0.0.1:{port}", "--log-level", "warning", "app:create_app()"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, out)
        yield base
    finally:
        stop_processes(proc)


@dataclass
class Clerk:
    base: str
    username: str
    number: int
    acks: list = field(default_factory=list)       # (sent, answered, nik, receipt number)
    refusals: list = field(default_factory=list)   # responses other than an acknowledgement
    session: requests.Session = field(default_factory=requests.Session)
    relogins: int = 0

    def login(self) -> None:
        page = self.session.get(self.base + "/login", timeout=30).text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        answer = self.session.post(self.base + "/login", timeout=30, allow_redirects=False,
                                   data={"username": self.username, "password": PASSWORD,
                                         "csrf_token": token})
        assert answer.status_code == 302, answer.text[:300]

    def record(self, serial: int, desa_id: int) -> None:
        sent = time.monotonic()
        lahir = date(1990, 1, self.number + 1)
        nik = buat_nik(lahir, "L", serial)
        try:
            page = self.session.get(self.base + "/admin/loket/", timeout=60,
                                    allow_redirects=False)
            if page.status_code == 302 and "/login" in page.headers["Location"]:
                # The sessions are in the database: the restored one does not know this
                # login. The clerk logs in again, as at the office.
                self.login()
                self.relogins += 1
                return
            if page.status_code != 200:
                self.refusals.append((page.status_code, page.headers.get("Retry-After"),
                                      page.text, time.monotonic()))
                return
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
            mulai = re.search(r'name="mulai" value="([^"]+)"', page.text).group(1)
            answer = self.session.post(
                self.base + "/admin/loket/", timeout=60, headers={"Accept": "application/json"},
                data={"csrf_token": token, "mulai": mulai, "nik": nik,
                      "no_kk": buat_no_kk(serial + 1000 * self.number), "nama": "Warga Uji",
                      "tempat_lahir": "Magetan", "tanggal_lahir": lahir.strftime("%d%m%Y"),
                      "jenis_kelamin": "L", "status_perkawinan": "kawin", "alamat": "Jl. Uji",
                      "rt": "1", "rw": "2", "desa_id": str(desa_id), "jenis": "baru",
                      "aksi": KTP.loket.lengkap,
                      "syarat": [r.kode for r in KTP.common_requirements]})
        except requests.RequestException as exc:
            self.refusals.append((None, None, repr(exc), time.monotonic()))
            return
        if answer.status_code == 200 and answer.json().get("ok"):
            self.acks.append((sent, time.monotonic(), nik, answer.json()["nomor"]))
        else:
            self.refusals.append((answer.status_code, answer.headers.get("Retry-After"),
                                  answer.text, time.monotonic()))


def _clerks(app, base) -> list[Clerk]:
    with app.app_context():
        for n in range(CLERKS):
            db.session.add(User(username=f"loket{n}", nama=f"Petugas Loket {n}",
                                role="sekretariat", password_hash=PASSWORD_HASH))
        db.session.commit()
    clerks = [Clerk(base, f"loket{n}", n) for n in range(CLERKS)]
    for clerk in clerks:
        clerk.login()
    return clerks


def _receipts_in_database(app) -> set[str]:
    with app.app_context():
        return set(db.session.execute(db.select(Permohonan.nomor_tanda_terima)).scalars())


def _receipts_in_copy(copy: Path) -> set[str]:
    if copy.suffix == ".sqlite":
        conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            return {r[0] for r in conn.execute("SELECT nomor_tanda_terima FROM permohonan")}
        finally:
            conn.close()
    data = subprocess.run([_tool("pg_restore"), "--data-only", "--table", "permohonan", "-f",
                           "-", str(copy)], capture_output=True, text=True, check=True).stdout
    header = re.search(r"^COPY public\.permohonan \((.*?)\) FROM stdin;\n(.*?)^\\\.", data,
                       re.S | re.M)
    column = [c.strip().strip('"') for c in header.group(1).split(",")].index(
        "nomor_tanda_terima")
    return {line.split("\t")[column] for line in header.group(2).splitlines()}


def test_a_restore_while_clerks_record_loses_nothing_acknowledged(
        app, server, an_application, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "SAFETY_BACKUP_DIR", str(tmp_path / "pengaman"))
    monkeypatch.setitem(app.config, "MAINTENANCE_GRACE_SECONDS", 2)
    for state in ("diajukan", "teregister", "diserahkan"):
        an_application(state)
    with app.app_context():
        desa_id = db.session.execute(db.select(Desa.id).order_by(Desa.kode)).scalars().first()
    clerks = _clerks(app, server)  # their accounts are in the backup
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    backup = tmp_path / ("cadangan.sqlite" if sqlite else "cadangan.dump")
    assert app.test_cli_runner().invoke(args=["backup", str(backup)]).exit_code == 0
    in_backup = _receipts_in_database(app)

    stop = threading.Event()
    crashed = []

    def work(clerk: Clerk) -> None:
        for serial in range(1, 2000):  # bounded: stopped long before by `stop`
            if stop.is_set():
                return
            refused = len(clerk.refusals)
            try:
                clerk.record(serial, desa_id)
                if len(clerk.refusals) > refused:
                    time.sleep(0.1)  # "tunggu sebentar": the clerk tries again shortly
            except Exception as exc:  # noqa: BLE001 - reported by the test below
                crashed.append(repr(exc))
                return

    threads = [threading.Thread(target=work, args=(c,)) for c in clerks]
    for t in threads:
        t.start()
    try:
        time.sleep(3)  # intakes after the backup, acknowledged before the restore
        started = time.monotonic()
        result = app.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
        ended = time.monotonic()
        time.sleep(3)  # and after it
    finally:
        stop.set()
        for t in threads:
            t.join(120)
    assert not crashed, crashed
    assert result.exit_code == 0, result.output
    assert "dipulihkan dan lulus pemeriksaan keutuhan" in result.output
    (safety,) = (tmp_path / "pengaman").iterdir()

    acks = [a for c in clerks for a in c.acks]
    before = {nomor for sent, answered, _nik, nomor in acks if answered < started}
    after = {nomor for sent, answered, _nik, nomor in acks if sent > ended}
    late = {re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))[-300:]
            for c in clerks for _code, _retry, body, at in c.refusals if at > ended}
    assert before and after, (len(acks), late, [c.relogins for c in clerks])
    # No number acknowledged twice (a restore put the counter back once, see issue 22).
    numbers = [nomor for *_rest, nomor in acks]
    assert len(numbers) == len(set(numbers)), sorted(numbers)
    in_safety = _receipts_in_copy(safety)
    now = _receipts_in_database(app)
    assert before <= in_safety, sorted(before - in_safety)
    assert after <= now, sorted(after - now)
    lost = set(numbers) - in_safety - now
    assert not lost, f"acknowledged, in neither the database nor the safety copy: {sorted(lost)}"
    # The message is true: the backup's files, and only they, plus what came after.
    assert now == in_backup | {n for n in numbers if n in now}
    assert in_backup <= now and (now - in_backup) <= set(numbers) - before
    # While out of service: 503 in Indonesian with Retry-After, never a server error.
    refusals = [r for c in clerks for r in c.refusals]
    assert any(code == 503 for code, *_ in refusals), refusals[:5]
    for code, retry_after, body, _at in refusals:
        assert code == 503 and retry_after and "pemeliharaan" in body.lower(), (code, body[:300])
    check = app.test_cli_runner().invoke(args=["check"])
    assert check.exit_code == 0, check.output
    print(f"acknowledged {len(acks)} ({len(before)} before the restore, {len(after)} after), "
          f"503 answers {len(refusals)}, restore {ended - started:.1f} s")
