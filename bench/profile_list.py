"""Where one list page's time goes: the CPU time of its parts (the request's hooks, the
page's query, the rows, the filters, the template, and the page frame alone: the navbar,
styles and scripts every admin page has), then cProfile over repeated requests through
the Flask test client, the time grouped by who spends it (SQL, Jinja templates,
Flask-Admin's Python, our views, SQLAlchemy's ORM, Flask and Werkzeug) and the functions
that cost most. CPU time, not wall time: other processes on the machine do not count.

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


def cpu_by_part(client, url: str, repeat: int) -> None:
    """Each part's CPU time a request (thread time: other processes on a loaded machine do
    not count), by wrapping the functions that do it; the request holds the others."""
    import flask.app
    import flask.templating
    from flask_admin.model import base as model_base

    from admin_views import base as view_base, list_rows, paging

    spent: dict[str, float] = defaultdict(float)
    undo = []

    def wrap(owner, name, label):
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            t0 = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.thread_time() - t0
        setattr(owner, name, timed)
        undo.append((owner, name, original))

    def measure():
        for _ in range(3):
            client.get(url)
        spent.clear()
        for _ in range(repeat):
            client.get(url)

    wrap(flask.app.Flask, "full_dispatch_request", "request, all of it")
    wrap(flask.app.Flask, "preprocess_request", "  before-request hooks (session, login)")
    wrap(paging.LargeListMixin, "get_list", "  the page's rows read (SQL and ORM)")
    wrap(model_base.BaseModelView, "_get_filter_groups", "  the filters' choices")
    wrap(list_rows, "draw", "  the rows drawn (admin_views/list_rows.py)")
    wrap(flask.templating, "_render", "  the template, the rows' HTML put in")
    wrap(flask.app.Flask, "process_response", "  after-request hooks")
    measure()
    parts = dict(spent)
    for owner, name, original in reversed(undo):
        setattr(owner, name, original)

    # The frame alone: admin/master.html (navbar, styles, scripts) with the page's context.
    list_render = view_base.SecureModelView.render

    def render(view, template, **kwargs):
        if template == view.list_template:
            t0 = time.thread_time()
            super(view_base.SecureModelView, view).render("admin/master.html", **kwargs)
            spent["frame"] += time.thread_time() - t0
        return list_render(view, template, **kwargs)
    view_base.SecureModelView.render = render
    try:
        measure()
    finally:
        view_base.SecureModelView.render = list_render
    print(f"CPU time a request, by part ({repeat} requests of {url}):")
    for label, seconds in parts.items():
        print(f"  {label:<44} {seconds * 1000 / repeat:>7.2f} ms")
    print(f"  {'    of the template, the frame alone':<44} "
          f"{spent['frame'] * 1000 / repeat:>7.2f} ms  (navbar, styles, scripts: every page)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--url", default="/admin/permohonan/")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--role", default=SEKRETARIAT,
                        help="whose page: the demo account of this role (dashboards differ)")
    args = parser.parse_args()
    url = args.database_url or (
        f"sqlite:///{Path(__file__).resolve().parent / 'out' / f'bench-{args.size}.sqlite'}")
    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
                      "RATELIMIT_ENABLED": False})
    desk = login(app, args.role)
    for _ in range(5):  # warm: templates compiled, counts remembered
        assert desk.get(args.url).status_code == 200
    cpu_by_part(desk, args.url, args.repeat)
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
