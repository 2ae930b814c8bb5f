"""The deployment the README recommends, for real: `gunicorn -w 4` on PostgreSQL with
Redis, a Huey consumer beside it. Needs DATABASE_URL (PostgreSQL) and REDIS_URL, which
.ci/run provides; skipped otherwise, unless MULTIWORKER_REQUIRED=1 (then it fails)."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.conftest import stop_processes, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4


def _missing() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql")):
        return "the multi-worker test needs DATABASE_URL=postgresql://… (as .ci/run sets)"
    if not os.environ.get("REDIS_URL"):
        return "the multi-worker test needs REDIS_URL=redis://… (as .ci/run sets)"
    return None


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("MULTIWORKER_REQUIRED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("deployment")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "SECRET_KEY": "multiworker-secret", "EXPORT_DIR": str(work / "exports"),
           "EXTRACT_SYNC_LIMIT": "5", "TRUSTED_PROXIES": "1", "LOGIN_DELAY_MAX_MS": "50",
           "RATELIMIT_ENABLED": "1"}
    env.pop("RATELIMIT_STORAGE_URI", None)  # from REDIS_URL, as in production
    access_log = work / "access.log"
    # The children keep their own copies of the log files' descriptors.
    with open(work / "server.out", "wb") as server_out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
             "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--access-logfile", str(access_log),
             "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "--log-level", "warning",
             "app:create_app()"],
            cwd=ROOT, env=env, stdout=server_out, stderr=subprocess.STDOUT,
            start_new_session=True)
    with open(work / "worker.out", "wb") as worker_out:
        consumer = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "2"],
            cwd=ROOT, env=env, stdout=worker_out, stderr=subprocess.STDOUT,
            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, work / "server.out")
        yield Deployment(base, access_log, work)
    finally:
        stop_processes(server, consumer)


class Deployment:
    def __init__(self, base: str, access_log: Path, work: Path):
        self.base, self.access_log, self.work = base, access_log, work

    def client(self, address: str = "198.51.100.1") -> "Client":
        return Client(self.base, address)

    def pids_serving(self, path_pattern: str) -> set[str]:
        """The worker processes that answered requests for paths matching the pattern."""
        pids = set()
        for line in self.access_log.read_text().splitlines():
            pid, _method, path, _status = line.split(" ", 3)
            if re.search(path_pattern, path):
                pids.add(pid)
        return pids


class Client:
    """A browser behind the office's reverse proxy: its own address in X-Forwarded-For,
    and a new connection for every request, so requests spread over the workers."""

    def __init__(self, base: str, address: str):
        self.base = base
        self.session = requests.Session()
        self.session.headers.update({"Connection": "close", "X-Forwarded-For": address})

    def get(self, path: str, **kw):
        return self.session.get(self.base + path, timeout=60, allow_redirects=False, **kw)

    def post(self, path: str, data: dict, token_from: str | None = None, **kw):
        data = dict(data)
        page = self.get(token_from or path).text
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert match, f"no CSRF token on {token_from or path}"
        data["csrf_token"] = match.group(1)
        return self.session.post(self.base + path, data=data, timeout=60,
                                 allow_redirects=False, **kw)

    def login(self, username: str, password: str):
        return self.post("/login", {"username": username, "password": password})
