"""Where one list page's time goes: cProfile over repeated requests through the Flask test
client, the time grouped by who spends it (SQL, Jinja templates, Flask-Admin's Python,
our views, SQLAlchemy's ORM, Flask and Werkzeug) and the functions that cost most.

    .venv/bin/python bench/generate.py --size 200000
    .venv/bin/python bench/profile_list.py --size 200000 [--url /admin/pemohon/] [--repeat 50]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.access.roles import SEKRETARIAT  # noqa: E402
from app.settings import normalise_database_url  # noqa: E402
from bench.run import login  # noqa: E402

# Who a function belongs to, by its file (first match wins); the rest is "other".
GROUPS = (
    ("SQL (driver)", ("sqlite3", "psycopg", "{method 'execute' of 'sqlite3", "fetch")),
    ("Jinja templates", ("/templates/", "<template>", "jinja2/runtime", "jinja2/environment",
                         "markupsafe")),
    ("Flask-Admin", ("flask_admin/",)),
    ("SQLAlchemy", ("sqlalchemy/",)),
    ("our views", ("/admin_views/",)),
    ("our app", ("/app/", "/models/")),
    ("Flask, Werkzeug, Babel", ("flask/", "werkzeug/", "flask_babel", "babel/", "flask_login",
                                "flask_wtf", "wtforms/", "flask_limiter", "limits/")),
)


def group_of(filename: str, name: str) -> str:
    where = f"{filename} {name}"
    for label, marks in GROUPS:
        if any(mark in where for mark in marks):
            return label
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--url", default="/admin/permohonan/")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    url = args.database_url or (
        f"sqlite:///{Path(__file__).resolve().parent / 'out' / f'bench-{args.size}.sqlite'}")
    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
                      "RATELIMIT_ENABLED": False})
    desk = login(app, SEKRETARIAT)
    for _ in range(5):  # warm: templates compiled, counts remembered
        assert desk.get(args.url).status_code == 200
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        desk.get(args.url)
    plain = (time.perf_counter() - t0) * 1000 / args.repeat
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.repeat):
        desk.get(args.url)
    profile.disable()
    stats = pstats.Stats(profile)
    own: dict[str, float] = defaultdict(float)  # self time per group
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        own[group_of(filename, name)] += tottime
    total = sum(own.values())
    print(f"{args.url} · {args.repeat} requests · {plain:.1f} ms a request unprofiled, "
          f"{total * 1000 / args.repeat:.1f} ms profiled")
    print("self time by owner:")
    for label, seconds in sorted(own.items(), key=lambda item: -item[1]):
        print(f"  {label:<26} {seconds * 1000 / args.repeat:>7.2f} ms  {100 * seconds / total:>5.1f} %")
    print(f"top {args.top} functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
