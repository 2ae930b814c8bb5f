"""Server-side latency (p50, p95) and SQL statements per request, through the Flask test
client, on a database filled by bench/generate.py.

    .venv/bin/python bench/generate.py --size 100000
    .venv/bin/python bench/run.py --size 100000 [--database-url URL] [--repeat 30] \
        [--only dashboard,transition]   # rows whose label holds any of these words
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from app.access.roles import ADMIN, CAMAT, OPERATOR, SEKCAM, SEKRETARIAT  # noqa: E402
from app.access.scope import dalam_kantor  # noqa: E402
from app.extensions import db  # noqa: E402
from app.layanan.ktp_el.demo import DEMO_PASSWORD  # noqa: E402
from app.settings import normalise_database_url  # noqa: E402
from app.layanan.ktp_el.workflow import TEREGISTER  # noqa: E402
from models import Desa, Pemohon, Permohonan, TransitionLog  # noqa: E402

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *args, **kwargs):
        self.n += 1


def login(app, username):
    client = app.test_client()
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302, f"login {username}: {response.status_code}"
    return client


ONLY: list[str] = []  # --only: measure just these rows


def measure(label, call, repeat, counter, expect=200):
    if ONLY and not any(word in label for word in ONLY):
        return
    times, cpu, queries = [], [], []
    for i in range(repeat):
        counter.n = 0
        t0, c0 = time.perf_counter(), time.thread_time()
        response = call(i)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
        queries.append(counter.n)
        assert response.status_code == expect, f"{label}: HTTP {response.status_code}"
    times.sort()
    load = os.getloadavg()[0]
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"{label:<42} {statistics.median(times):>8.1f} {p95:>8.1f} "
          f"{statistics.median(cpu):>8.1f} {max(queries):>6} {load:>6.2f}", flush=True)


def sample_values(repeat: int) -> dict:
    """Real values to search for, taken from the filled database."""
    total = db.session.execute(db.select(db.func.count(Permohonan.id))).scalar()
    sample = db.session.execute(db.select(Permohonan).order_by(Permohonan.id.desc())
                                .limit(1)).scalar()
    reg = db.session.execute(db.select(Permohonan).where(Permohonan.register != None)  # noqa: E711
                             .limit(1)).scalar().register.nomor
    return {
        "total": total, "nik": sample.pemohon.nik, "receipt": sample.nomor_tanda_terima,
        "reg": reg, "desa_id": db.session.execute(db.select(Desa.id)).scalars().first(),
        "waiting": list(db.session.execute(db.select(Permohonan.id).where(
            Permohonan.status == TEREGISTER).limit(repeat)).scalars()),
        "detail_id": sample.id, "last_page": max(total // 25 - 1, 0),
    }


def deep_page_urls() -> dict:
    """Page 1,000 (25 a page) of the whole list and of a common name's search ('wati':
    Setyawati, about one applicant in ten), as the pager's "next" link from page 999
    gives it: the key of page 999's last row in the URL (admin_views/paging.py), and
    for the search that the page before found more than the cap (`banyak=1`)."""
    from app.services.pencarian import permohonan_search_clause

    def encode(values):  # as admin_views/paging.py writes it; an older version ignores it
        text = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values],
                          separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    urls = {}
    # The applicants, newest first: page 1,000's key is its neighbour's id alone.
    pemohon = db.session.execute(db.select(Pemohon.id).order_by(Pemohon.id.desc())
                                 .offset(999 * 25 - 1).limit(1)).scalar()
    if pemohon is not None:
        urls["pemohon"] = f"/admin/pemohon/?page=999&after={encode((pemohon,))}"
    log = db.session.execute(db.select(TransitionLog.at, TransitionLog.id)
                             .order_by(TransitionLog.at.desc(), TransitionLog.id.desc())
                             .offset(999 * 25 - 1).limit(1)).first()
    if log is not None:
        urls["riwayat"] = f"/admin/riwayat/?page=999&after={encode(tuple(log))}"
    for name, query, where in (("list", "", None),
                               ("wati", "search=wati&banyak=1&", permohonan_search_clause("wati"))):
        select = db.select(Permohonan.created_at, Permohonan.id)
        if where is not None:
            select = select.where(where)
        key = db.session.execute(select.order_by(Permohonan.created_at.desc(),
                                                 Permohonan.id.desc())
                                 .offset(999 * 25 - 1).limit(1)).first()
        if key is not None:  # a database with that many
            urls[name] = f"/admin/permohonan/?{query}page=999&after={encode(tuple(key))}"
    return urls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="",
                        help="measure only the requests whose label contains one of these "
                             "comma-separated words")
    args = parser.parse_args()
    ONLY.extend(word for word in args.only.split(",") if word)
    url = args.database_url or (
        f"sqlite:///{Path(__file__).resolve().parent / 'out' / f'bench-{args.size}.sqlite'}")
    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": True})
    counter = Counter()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", counter)
        # The first office's values: the clerks the benchmark logs in as work there (in a
        # regency made with generate.py --kantor, the other offices' rows are not theirs).
        with dalam_kantor(1):
            s = sample_values(args.repeat)
            deep = deep_page_urls()
    total, nik, receipt, reg = s["total"], s["nik"], s["receipt"], s["reg"]
    desa_id, waiting, detail_id, last_page = (s["desa_id"], s["waiting"], s["detail_id"],
                                              s["last_page"])
    desk, operator, camat = login(app, SEKRETARIAT), login(app, OPERATOR), login(app, CAMAT)
    sekcam, admin = login(app, SEKCAM), login(app, ADMIN)
    public = app.test_client()
    public_token = TOKEN.search(public.get("/cek-status").get_data(as_text=True)).group(1)
    op_token = TOKEN.search(operator.get("/admin/").get_data(as_text=True)).group(1)

    print(f"{total} berkas · {db.engine.dialect.name if False else url.split(':')[0]} · "
          f"{args.repeat} permintaan per baris · load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # CPU: this process's own time for the request (the test client serves it in this
    # thread; SQLite runs here too, PostgreSQL's server does not count): what the request
    # costs whatever else the machine is doing, beside the wall-clock p50 and p95.
    print(f"{'request':<42} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'SQL':>6} {'load':>6}")
    r = args.repeat
    measure("list, default page", lambda i: desk.get("/admin/permohonan/"), r, counter)
    measure("list, 100 per page", lambda i: desk.get("/admin/permohonan/?page_size=100"), r, counter)
    measure("list, state + village", lambda i: desk.get(
        f"/admin/permohonan/?flt0_0=diproses&flt1_2={desa_id}"), r, counter)
    measure("search exact NIK", lambda i: desk.get(f"/admin/permohonan/?search={nik}"), r, counter)
    measure("search receipt number", lambda i: desk.get(
        "/admin/permohonan/", query_string={"search": receipt}), r, counter)
    measure("search register number", lambda i: desk.get(
        "/admin/permohonan/", query_string={"search": reg}), r, counter)
    measure("search name fragment", lambda i: desk.get("/admin/permohonan/?search=Wibowo"), r,
            counter)
    measure("sort by date (oldest first)", lambda i: desk.get("/admin/permohonan/?sort=7"), r,
            counter)
    measure("last page", lambda i: desk.get(f"/admin/permohonan/?page={last_page}"), r, counter)
    measure("name 'wati', page 1,000 by number", lambda i: desk.get(
        "/admin/permohonan/?search=wati&page=999"), r, counter)
    for name, label in (("wati", "name 'wati', page 1,000 by next link"),
                        ("list", "list, page 1,000 by next link")):
        if name in deep:
            measure(label, lambda i, url=deep[name]: desk.get(url), r, counter)
    measure("detail page", lambda i: desk.get(f"/admin/permohonan/details/?id={detail_id}"), r,
            counter)
    measure("create page (AJAX applicant picker)", lambda i: desk.get("/admin/permohonan/new/"),
            r, counter)
    measure("applicant lookup (AJAX)", lambda i: desk.get(
        "/admin/permohonan/ajax/lookup/?name=pemohon&query=Wibowo"), r, counter)
    measure("register list", lambda i: desk.get("/admin/register/"), r, counter)
    measure("register list, 100 per page", lambda i: desk.get("/admin/register/?page_size=100"),
            r, counter)
    measure("applicants list, default page", lambda i: desk.get("/admin/pemohon/"), r, counter)
    measure("applicants list, 100 per page", lambda i: desk.get("/admin/pemohon/?page_size=100"),
            r, counter)
    measure("applicants list, name 'Wibowo'", lambda i: desk.get(
        "/admin/pemohon/?search=Wibowo"), r, counter)
    measure("applicants list, page 1,000 by number", lambda i: desk.get(
        "/admin/pemohon/?page=999"), r, counter)
    if "pemohon" in deep:
        measure("applicants list, page 1,000 by next link",
                lambda i: desk.get(deep["pemohon"]), r, counter)
    measure("audit log list, default page", lambda i: desk.get("/admin/riwayat/"), r, counter)
    if "riwayat" in deep:
        measure("audit log list, page 1,000 by next link",
                lambda i: desk.get(deep["riwayat"]), r, counter)
    measure("audit log list, page 1,000 by number", lambda i: desk.get(
        "/admin/riwayat/?page=999"), r, counter)
    measure("transition (proses)", lambda i: operator.post(
        f"/admin/permohonan/{waiting[i]}/transition/proses",
        data={"csrf_token": op_token, "note": ""}), min(r, len(waiting)), counter, expect=302)
    for role, browser in ((CAMAT, camat), (SEKCAM, sekcam), (SEKRETARIAT, desk),
                          (OPERATOR, operator), (ADMIN, admin)):
        measure(f"dashboard ({role})", lambda i, b=browser: b.get("/admin/"), r, counter)
    measure("status check", lambda i: public.post("/cek-status", data={
        "csrf_token": public_token, "nomor": receipt, "nik": nik}), r, counter)
    measure("receipt PDF", lambda i: desk.get(
        f"/admin/permohonan/{detail_id}/cetak/tanda-terima.pdf"), r, counter)


if __name__ == "__main__":
    main()
