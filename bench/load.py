"""Many clerks at once against a real server on 127.0.0.1, optionally killed with -9
halfway; afterwards the invariant check must pass and no committed transition and no
recorded intake be lost.

    .venv/bin/python bench/load.py                      # SQLite, one gunicorn worker
    .venv/bin/python bench/load.py --crash              # kill -9 at half time, restart
    .venv/bin/python bench/load.py --database-url postgresql://… --workers 4 \
        --redis-url redis://127.0.0.1:PORT/0           # the office-network set-up (stress:
                                                        # no pause between requests)
    .venv/bin/python bench/load.py --regency --database-url postgresql://… \
        --redis-url redis://127.0.0.1:PORT/0           # a regency's working day

--regency is 60 clerks of 18 offices for 120 s under `gunicorn -w 4`, each pausing 5 s
between actions as a person at a desk does. The offices are real (bench/generate.py
--kantor): every clerk is its own account in its office (the Operator Dispenduk is the
Dinas's, across offices), and sees, records and extracts its own office's files. Without
a pause (the default) the same clerks saturate the machine: a stress figure, not a day.

The server runs with its Huey consumer (`flask --app app worker`) and behind a pretend
proxy (TRUSTED_PROXIES=1): each clerk sends its own X-Forwarded-For address, so the rate
limits stay on and are counted per clerk (in Redis when --redis-url is given). Front-desk
clerks also start register extracts of one village, poll them and download the PDF.
"""
from __future__ import annotations

import argparse
import http.client
import math
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.access.roles import CAMAT, OPERATOR, SEKCAM, SEKRETARIAT  # noqa: E402
from app.layanan.ktp_el.workflow import (  # noqa: E402
    DIAJUKAN, DIPROSES, DISAHKAN, DISERAHKAN, DIVERIFIKASI, PROSES, REGISTER, SAHKAN, SERAHKAN,
    TEREGISTER, VERIFIKASI,
)
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
MULAI = re.compile(r'name="mulai"[^>]*value="([^"]+)"')
PASSWORD = "Kantor-Magetan-2026!"
ROLE_PLAN = [SEKRETARIAT] * 8 + [OPERATOR] * 5 + [SEKCAM] * 4 + [CAMAT] * 3
# The HTML pages a clerk waits for (not the PDFs, not the form posts).
PAGES = {"list", "search name", "list filtered", "detail", "page for token", "extract form",
         "extract poll", "pemohon form", "search NIK"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, workers: int, port: int, redis_url: str | None = None,
                 accounts: int = len(ROLE_PLAN)):
        self.accounts = accounts  # beban01.. exist (prepare); the warm-up logs in as them
        self.env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-test-secret",
                    "TRUSTED_PROXIES": "1", "EXTRACT_SYNC_LIMIT": "100",
                    "EXPORT_DIR": str(ROOT / "bench" / "out" / "exports")}
        self.env.pop("RATELIMIT_STORAGE_URI", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        else:
            self.env.pop("REDIS_URL", None)
            self.env["HUEY_SQLITE_PATH"] = str(ROOT / "bench" / "out" / "huey.sqlite")
        self.cmd = [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                    "-w", str(workers), "--threads", "8",
                    "-b", f"127.0.0.1:{port}", "--log-level", "warning", "app:create_app()"]
        self.port = port
        self.proc: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    def start(self) -> None:
        if self.worker is None or self.worker.poll() is not None:
            self.worker = subprocess.Popen(
                [str(ROOT / ".venv/bin/flask"), "--app", "app", "worker"], cwd=ROOT,
                env=self.env, start_new_session=True, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, start_new_session=True)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        self.warm_up()

    def warm_up(self, rounds: int = 4) -> None:
        """Clerks log in to a server that has been up, not to one whose workers are still
        importing the application and compiling the dashboard: as many threads as the
        workers have log in (the first accounts, from addresses of their own) and open
        the dashboard and the list, until every round trip takes under two seconds (at
        most four rounds: the fifth login of a name from one address in a minute is
        refused by the limits)."""
        workers = int(self.cmd[self.cmd.index("-w") + 1])
        base = f"http://127.0.0.1:{self.port}"
        timings: list[float] = []

        def visit(i: int):
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            opener.addheaders = [("X-Forwarded-For", f"10.9.{i // 250}.{i % 250 + 1}")]
            t0 = time.perf_counter()
            try:
                page = opener.open(base + "/login", timeout=30).read().decode()
                tok = TOKEN.search(page)
                if tok:
                    opener.open(base + "/login", data=urllib.parse.urlencode(
                        {"username": f"beban{i % self.accounts + 1:02d}", "password": PASSWORD,
                         "csrf_token": tok.group(1)}).encode(), timeout=30).read()
                    opener.open(base + "/admin/permohonan/", timeout=30).read()
            except (OSError, http.client.HTTPException):
                pass
            timings.append(time.perf_counter() - t0)

        for _ in range(rounds):
            timings.clear()
            threads = [threading.Thread(target=visit, args=(i,)) for i in range(4 * workers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if max(timings) < 2.0:
                return

    def kill9(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        for proc in (self.proc, self.worker):
            if proc and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(20)


class Clerk(threading.Thread):
    def __init__(self, n: int, role: str, base: str, deadline: float, stats, committed,
                 office: int = 0, pause: float = 0.0, intakes: list | None = None):
        super().__init__(daemon=True)
        self.username, self.role, self.base = f"beban{n:02d}", role, base
        self.deadline, self.stats, self.committed = deadline, stats, committed
        self.office, self.pause = office, pause
        self.intakes = intakes if intakes is not None else []
        self.rng = random.Random(n)
        # New applicants differ from run to run: a second run on the same database
        # would otherwise record the first run's NIKs again and be refused (4xx).
        self.new_people = random.Random()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        # Behind the pretend proxy each clerk has its own address (and its own limits).
        self.opener.addheaders = [("X-Forwarded-For", f"10.0.{n // 250}.{n % 250 + 1}")]
        self.logged_in = False

    def call(self, label, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        t0 = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as r:
                status, text, url = r.status, r.read().decode("utf-8", "replace"), r.url
        except urllib.error.HTTPError as e:
            status, text, url = e.code, e.read().decode("utf-8", "replace"), path
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
            # The server is down (crash test) or did not answer within 30 s.
            self.stats["unreachable"].append(label)
            self.logged_in = False
            time.sleep(0.2)
            return None, "", path
        self.stats[label].append(((time.perf_counter() - t0) * 1000, status))
        return status, text, url

    def token(self, path):
        status, text, _ = self.call("page for token", path)
        m = TOKEN.search(text or "")
        return m.group(1) if m else None

    def login(self):
        tok = self.token("/login")
        if tok:
            status, _, _ = self.call("login", "/login", {"username": self.username,
                                                         "password": PASSWORD, "csrf_token": tok})
            self.logged_in = status == 200  # redirect followed to the dashboard

    def ids_in(self, state):
        _, text, _ = self.call("list filtered", f"/admin/permohonan/?flt0_0={state}")
        return [int(i) for i in re.findall(r'action-checkbox" value="(\d+)"', text or "")]

    def transition(self, pid, name, note=""):
        tok = self.token(f"/admin/permohonan/details/?id={pid}")
        if not tok:
            return
        status, _, url = self.call(f"transition {name}", f"/admin/permohonan/{pid}/transition/{name}",
                                   {"csrf_token": tok, "note": note})
        if status == 200 and "details" in url:  # redirected to the detail page: committed
            self.committed.append((pid, name))

    def run(self):
        if self.pause:
            # People do not all press Enter in the same second: start within one pause.
            time.sleep(self.rng.uniform(0, self.pause))
        while time.time() < self.deadline:
            if not self.logged_in:
                self.login()
                continue
            if self.pause:
                time.sleep(self.pause * self.rng.uniform(0.8, 1.2))
                if time.time() >= self.deadline:
                    break
            action = self.rng.random()
            if action < 0.25:
                self.call("list", "/admin/permohonan/")
            elif action < 0.35:
                self.call("search name", "/admin/permohonan/?search=" +
                          self.rng.choice(["Santoso", "Wibowo", "Siti", "Rahayu"]))
            elif self.role == SEKRETARIAT:
                self.desk_work(action)
            else:
                state, name = {OPERATOR: (TEREGISTER, PROSES),
                               SEKCAM: (DIPROSES, VERIFIKASI),
                               CAMAT: (DIVERIFIKASI, SAHKAN)}[self.role]
                ids = self.ids_in(state)
                if ids:
                    self.transition(self.rng.choice(ids[:10]), name)

    def desk_work(self, action):
        if action < 0.55:
            ids = self.ids_in(DIAJUKAN)
            if ids:
                pid = self.rng.choice(ids[:10])
                tok = self.token(f"/admin/permohonan/details/?id={pid}")
                _, text, _ = self.call("detail", f"/admin/permohonan/details/?id={pid}")
                codes = re.findall(r'name="syarat" value="([\w_]+)"', text or "")
                if tok and codes:
                    self.call("checklist", f"/admin/permohonan/{pid}/syarat",
                              {"csrf_token": tok, "syarat": codes})
                    self.transition(pid, REGISTER)
        elif action < 0.7:
            ids = self.ids_in(DISAHKAN)
            if ids:
                self.transition(self.rng.choice(ids[:10]), SERAHKAN)
        elif action < 0.8:
            ids = self.ids_in(DISERAHKAN)
            if ids:
                self.call("receipt PDF", f"/admin/permohonan/{ids[0]}/cetak/tanda-terima.pdf")
        elif action < 0.83:
            self.extract()
        else:
            self.create()

    def extract(self):
        """A register extract of one village: on the queue (over 100 rows), polled every
        half second until ready, then downloaded. Refusals (one per clerk, a cap for the
        office) count as 4xx."""
        tok = self.token("/admin/register/cetak/")
        _, form, _ = self.call("extract form", "/admin/register/cetak/")
        villages = re.findall(r'<option value="(\d+)"', form or "")
        if not (tok and villages):
            return
        status, text, url = self.call("extract start", "/admin/register/cetak/",
                                      {"csrf_token": tok, "desa": self.village(villages)})
        if status != 200 or "/cetak/" not in url or not url.endswith("/"):
            return  # refused, or small enough to come back at once
        path = urllib.parse.urlsplit(url).path
        started = time.perf_counter()
        while time.time() < self.deadline + 30 and "Unduh PDF" not in (text or ""):
            if "Gagal menyiapkan" in (text or ""):
                self.stats["extract failed"].append((0.0, 500))
                return
            time.sleep(0.5)
            status, text, _ = self.call("extract poll", path)
        if "Unduh PDF" in (text or ""):
            self.stats["extract ready (ms)"].append(
                ((time.perf_counter() - started) * 1000, 200))
            self.call("extract PDF", path.rstrip("/") + ".pdf")

    def create(self):
        from app.services.nik import buat_nik
        from datetime import date
        n = self.new_people.randint(1, 9_999_999)
        lahir = date(1980 + n % 20, 1 + n % 12, 1 + n % 28)
        tok = self.token("/admin/pemohon/new/")
        _, page, _ = self.call("pemohon form", "/admin/pemohon/new/")
        villages = re.findall(r'<option value="(\d+)"', page or "")
        if not (tok and villages):
            return
        nik = f"3521{n % 99 + 1:02d}" + buat_nik(lahir, "L", n)[6:12] + f"{n % 9999 + 1:04d}"
        status, text, url = self.call("create pemohon", "/admin/pemohon/new/", {
            "csrf_token": tok, "nik": nik, "no_kk": "3520041503120001", "nama": f"Beban {n}",
            "tempat_lahir": "Magetan", "tanggal_lahir": lahir.isoformat(), "jenis_kelamin": "L",
            "status_perkawinan": "kawin", "alamat": "Jl. Uji", "rt": "001", "rw": "001",
            "desa": self.village(villages)})
        if status != 200:
            return
        _, found, _ = self.call("search NIK", f"/admin/pemohon/?search={nik}")
        m = re.search(r"details/\?id=(\d+)", found or "")
        if not m:
            return
        _, form, _ = self.call("page for token", f"/admin/permohonan/new/?pemohon_id={m.group(1)}")
        tok = TOKEN.search(form or "")
        # SOP step 1 is timed from the server-signed moment the form was handed out.
        mulai = re.search(r'name="mulai"[^>]*value="([^"]+)"', form or "")
        if tok and mulai:
            status, _, url = self.call("create permohonan", "/admin/permohonan/new/",
                                       {"csrf_token": tok.group(1), "pemohon": m.group(1),
                                        "jenis": "baru", "mulai": mulai.group(1),
                                        "menunggu": "3"})
            if status == 200 and "/new/" not in url:  # redirected away from the form: saved
                self.intakes.append(int(m.group(1)))

    def village(self, villages: list[str]) -> str:
        """One of the office's villages, the same each time."""
        return sorted(villages, key=int)[self.office % len(villages)]


def prepare(url: str, clerks: int, offices: int = 1) -> None:
    from flask_migrate import upgrade
    from app import create_app
    from app.extensions import db
    from app.services.accounts import create_user
    from models import User
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="heads")
        if db.session.execute(db.select(db.func.count(User.id))).scalar() == 0:
            import bench.generate as gen
            gen.generate(2000 * offices, kantor_count=offices)
        for n in range(1, clerks + 1):
            role = ROLE_PLAN[(n - 1) % len(ROLE_PLAN)]
            if not db.session.execute(db.select(User).filter_by(username=f"beban{n:02d}")).scalar():
                create_user(f"beban{n:02d}", role, PASSWORD, nama=f"Petugas Uji {n}",
                            kantor_id=(n - 1) % offices + 1)


def verify(url: str, committed, intakes) -> tuple[list, int, int]:
    """Invariant findings, committed transitions missing from the log, and recorded
    intakes (the applicant's new application) missing from the database."""
    from app import create_app
    from app.extensions import db
    from app.ops.check import run_checks
    from models import Permohonan, TransitionLog
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        bad = [f for f in run_checks() if f.count]
        logged = set(db.session.execute(db.select(TransitionLog.permohonan_id, TransitionLog.aksi)).all())
        lost = sum(1 for item in committed if tuple(item) not in logged)
        kept = set(db.session.execute(db.select(Permohonan.pemohon_id)
                                      .where(Permohonan.pemohon_id.in_(intakes))).scalars())
        lost_intakes = sum(1 for pemohon_id in intakes if pemohon_id not in kept)
    return bad, lost, lost_intakes


class LoadAverage(threading.Thread):
    """The machine's one-minute load average, sampled while the clerks work."""

    def __init__(self, every: float = 5.0):
        super().__init__(daemon=True)
        self.every, self.samples, self.stopped = every, [], threading.Event()

    def run(self):
        while not self.stopped.wait(self.every):
            self.samples.append(os.getloadavg()[0])


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clerks", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--crash", action="store_true")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds a clerk waits between actions (0: saturating)")
    parser.add_argument("--offices", type=int, default=1,
                        help="offices the clerks are spread over (bench/generate.py --kantor)")
    parser.add_argument("--regency", action="store_true",
                        help="60 clerks, 18 offices, 5 s pause, 120 s, gunicorn -w 4")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"),
                        help="shared limits and the task queue (default: $REDIS_URL)")
    args = parser.parse_args()
    if args.regency:
        args.clerks, args.offices, args.pause, args.seconds, args.workers = 60, 18, 5.0, 120, 4
    from app.settings import normalise_database_url
    if args.database_url is None:
        out = ROOT / "bench" / "out"
        out.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(out / "load.sqlite") + suffix).unlink(missing_ok=True)
        args.database_url = f"sqlite:///{out / 'load.sqlite'}"
    url = normalise_database_url(args.database_url)
    prepare(url, args.clerks, args.offices)
    server = Server(url, args.workers, free_port(), args.redis_url, accounts=args.clerks)
    server.start()
    stats, committed, intakes = defaultdict(list), [], []
    load_before = os.getloadavg()
    load = LoadAverage()
    load.start()
    deadline = time.time() + args.seconds
    clerks = [Clerk(n, ROLE_PLAN[(n - 1) % len(ROLE_PLAN)], f"http://127.0.0.1:{server.port}",
                    deadline, stats, committed, office=(n - 1) % args.offices,
                    pause=args.pause, intakes=intakes) for n in range(1, args.clerks + 1)]
    for c in clerks:
        c.start()
    if args.crash:
        time.sleep(args.seconds / 2)
        server.kill9()
        print("kill -9 sent; restarting", flush=True)
        time.sleep(1)
        server.start()
    for c in clerks:
        c.join(args.seconds + 60)
    load.stopped.set()
    server.stop()
    print(f"gunicorn -w {args.workers}, {args.clerks} clerks over {args.offices} offices, "
          f"{args.seconds} s, pause {args.pause:g} s, "
          f"{'Redis' if args.redis_url else 'per-process limits, SQLite queue'}")
    print(f"{'request':<22} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'5xx':>5} {'4xx':>5}")
    server_errors = 0
    for label in sorted(k for k in stats if k != "unreachable"):
        rows = stats[label]
        times = sorted(t for t, _ in rows)
        five = sum(1 for _, s in rows if s >= 500)
        four = sum(1 for _, s in rows if 400 <= s < 500)
        server_errors += five
        print(f"{label:<22} {len(rows):>6} {statistics.median(times):>8.1f} {p95(times):>8.1f} "
              f"{five:>5} {four:>5}")
    unreachable = len(stats["unreachable"])
    print(f"unreachable (refused, or no answer in 30 s): {unreachable}"
          + (" (the restart)" if args.crash else ""))
    pages = [t for label in PAGES for t, _ in stats.get(label, [])]
    for name, times in (("page", pages), ("receipt PDF", [t for t, _ in stats["receipt PDF"]]),
                        ("login", [t for t, _ in stats["login"]])):
        if times:
            print(f"{name} p95: {p95(times):.0f} ms (p50 {statistics.median(times):.0f} ms, "
                  f"{len(times)} requests)")
    bad, lost, lost_intakes = verify(url, committed, intakes)
    print(f"errors: {server_errors} answered 5xx, {unreachable} unanswered")
    print(f"committed transitions: {len(committed)}, lost after the run: {lost}")
    print(f"recorded intakes: {len(intakes)}, lost after the run: {lost_intakes}")
    print("invariant check:", "OK" if not bad else bad)
    during = load.samples or [os.getloadavg()[0]]
    print(f"load average (1 min): {load_before[0]:.2f} before, max {max(during):.2f} and "
          f"mean {statistics.fmean(during):.2f} during the run, on {os.cpu_count()} cores "
          f"shared with other work")
    unanswered = unreachable and not args.crash  # a crash run expects its restart's gap
    sys.exit(1 if server_errors or unanswered or bad or lost or lost_intakes else 0)


if __name__ == "__main__":
    main()
