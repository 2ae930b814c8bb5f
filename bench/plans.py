"""The query plans behind the list pages: every SQL statement a request sends, timed, with
the database's plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
SQLite runs a query while its rows are fetched, so its per-statement times are low.

    .venv/bin/python bench/plans.py --size 1000000 [--database-url URL] [--only NAME]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from app.access.roles import SEKRETARIAT  # noqa: E402
from app.access import row_security  # noqa: E402
from app.access.scope import dalam_kantor  # noqa: E402
from app.extensions import db  # noqa: E402
from app.settings import normalise_database_url  # noqa: E402
from bench.run import login, sample_values  # noqa: E402


def requests_to_explain(s: dict) -> dict[str, str]:
    return {
        "default page": "/admin/permohonan/",
        "100 per page": "/admin/permohonan/?page_size=100",
        "state + village": f"/admin/permohonan/?flt0_0=diproses&flt1_2={s['desa_id']}",
        "NIK": f"/admin/permohonan/?search={s['nik']}",
        "receipt": f"/admin/permohonan/?search={s['receipt']}",
        "register": f"/admin/permohonan/?search={s['reg']}",
        "name": "/admin/permohonan/?search=Wibowo",
        "rare name": "/admin/permohonan/?search=Joko%20Agus%20Utomo",
        "sort by date": "/admin/permohonan/?sort=7",
        "last page": f"/admin/permohonan/?page={s['last_page']}",
        "dashboard": "/admin/",
        "audit log": "/admin/riwayat/",
        "register list": "/admin/register/",
        "applicants": "/admin/pemohon/",
        "applicants, name": "/admin/pemohon/?search=Wibowo",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--only", default=None)
    parser.add_argument("--min-ms", type=float, default=0.0,
                        help="explain only statements that took at least this long")
    parser.add_argument("--role", default=SEKRETARIAT,
                        help="whose requests: the demo account of this role")
    parser.add_argument("--sql-chars", type=int, default=400,
                        help="how much of each statement to print")
    args = parser.parse_args()
    url = args.database_url or (
        f"sqlite:///{Path(__file__).resolve().parent / 'out' / f'bench-{args.size}.sqlite'}")
    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
                      "RATELIMIT_ENABLED": False})
    seen: list[tuple[str, object, float]] = []
    started: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        started[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        ms = (time.perf_counter() - started.pop(id(cursor), time.perf_counter())) * 1000
        seen.append((statement, parameters, ms))

    with app.app_context():
        s = sample_values(1)
        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
    desk = login(app, args.role)
    postgresql = url.startswith("postgres")
    for name, path in requests_to_explain(s).items():
        if args.only and args.only != name:
            continue
        desk.get(path)  # warm: templates, caches
        seen.clear()
        t0 = time.perf_counter()
        desk.get(path)
        total = (time.perf_counter() - t0) * 1000
        print(f"\n=== {name}: {path}  ({total:.1f} ms, {len(seen)} statements, "
              f"{sum(ms for *_, ms in seen):.1f} ms executing them)")
        for statement, parameters, ms in list(seen):  # explaining runs statements too
            if not statement.lstrip().upper().startswith("SELECT") or ms < args.min_ms \
                    or statement == row_security.SCOPE_SQL:
                continue
            print(f"--- {ms:.1f} ms: {' '.join(statement.split())[:args.sql_chars]}")
            # Explained in the first office's scope, as its clerk's request runs it (on
            # PostgreSQL, row-level security's policy is part of the plan).
            with app.app_context(), dalam_kantor(1):
                with db.engine.connect() as conn:
                    prefix = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " if postgresql \
                        else "EXPLAIN QUERY PLAN "
                    for row in conn.exec_driver_sql(prefix + statement, parameters):
                        print("    " + " | ".join(str(c) for c in row[-1:]))


if __name__ == "__main__":
    main()
