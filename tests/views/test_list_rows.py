"""The list's rows drawn in one piece (admin_views/list_rows.py) are the rows Flask-Admin's
own template draws: the same cells, links, checkboxes and row actions, for every list; and
an attacker's name in them is text, never markup."""
import re

import pytest

from app.extensions import db

# (endpoint, list address, a role that reads it)
LISTS = [
    ("permohonan", "/admin/permohonan/", "sekretariat"),
    ("permohonan", "/admin/permohonan/?search=Budi&sort=0", "sekretariat"),
    ("pemohon", "/admin/pemohon/", "sekretariat"),
    ("register", "/admin/register/", "sekretariat"),
    ("riwayat", "/admin/riwayat/", "camat"),
    ("log_masuk", "/admin/log-masuk/", "admin"),
    ("log_baca", "/admin/log-baca/", "ppdp"),
    ("user", "/admin/user/", "admin"),
    ("desa", "/admin/desa/", "admin"),
]
HOSTILE_NAME = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> O'Neil & Co"


def view_named(app, endpoint: str):
    admin = app.extensions["admin"]
    admin = admin[0] if isinstance(admin, list) else admin
    return next(v for v in admin._views if getattr(v, "endpoint", None) == endpoint)


def table_rows(html: str) -> str:
    """The table's rows (after its header), whitespace next to tags dropped."""
    body = html[html.index("</thead>") + len("</thead>"):]
    body = body[:body.index("</table>")]
    body = re.sub(r"\s+", " ", body)
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", body).strip()


@pytest.fixture
def office(an_application, login_as):
    for state in ("diajukan", "teregister", "diproses", "diserahkan"):
        an_application(state)
    an_application("teregister", nama=HOSTILE_NAME)
    # A read of an applicant's data (the read log) and logins (the login log).
    desk = login_as("sekretariat")
    first = db.session.execute(db.text("SELECT min(id) FROM permohonan")).scalar()
    assert desk.get(f"/admin/permohonan/details/?id={first}").status_code == 200


@pytest.mark.parametrize("endpoint, url, role", LISTS)
def test_rows_drawn_in_one_piece_are_the_rows_flask_admin_draws(
        app, office, login_as, monkeypatch, endpoint, url, role):
    browser = login_as(role)
    drawn = browser.get(url)
    assert drawn.status_code == 200
    monkeypatch.setattr(view_named(app, endpoint), "draw_rows", False)
    by_flask_admin = browser.get(url)
    assert by_flask_admin.status_code == 200
    ours, theirs = (table_rows(r.get_data(as_text=True)) for r in (drawn, by_flask_admin))
    assert ours.count("<tr>") >= 1 and ours == theirs


def test_an_empty_list_says_so_as_flask_admin_does(app, login_as, monkeypatch):
    browser = login_as("sekretariat")
    drawn = table_rows(browser.get("/admin/permohonan/").get_data(as_text=True))
    monkeypatch.setattr(view_named(app, "permohonan"), "draw_rows", False)
    assert drawn == table_rows(browser.get("/admin/permohonan/").get_data(as_text=True))
    assert "colspan=\"999\"" in drawn


@pytest.mark.parametrize("url", ["/admin/permohonan/", "/admin/pemohon/", "/admin/register/",
                                 "/admin/permohonan/?page_size=100"])
def test_an_attackers_name_in_a_list_row_is_text(app, office, login_as, url):
    html = login_as("sekretariat").get(url).get_data(as_text=True)
    rows = html[html.index("</thead>"):html.index("</table>", html.index("</thead>"))]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt; " \
           "O&#39;Neil &amp; Co" in rows
    assert "<script>alert(1)" not in html and "<img src=x" not in html
