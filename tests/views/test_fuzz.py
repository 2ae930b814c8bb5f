"""No input gives a 500: every route of the URL map (Flask-Admin's included), for every
role and for a visitor, each route the role may open, with hostile values in its route parameters, its query string and
its form fields (posted with a valid CSRF token). Each answer must be below 500 and carry
no traceback; a refusal is the page's own business (404, 422, 400, 403, 429, a redirect).

The values rotate over the parameters and fields, so each route meets several of them in
one request and the whole walk stays a few seconds."""
import re

import pytest
from werkzeug.routing import IntegerConverter

from tests.conftest import ROLES
from tests.views.test_url_map import PUBLIC, allowed_roles

HOSTILE = (
    "\x00", "ab\x00cd", "\u202eBudi", "x" * 5000, "٣٤٥", "²", "-1", "99999999999999999999",
    "%00", "../../../etc/passwd", "..%2F..%2Finstance%2Fsecret_key", "Zoë 中文 🙂", "\x1b[31m",
    "1e3", " ", "0", "'; DROP TABLE permohonan;--", "<script>alert(1)</script>", "\u2066x",
    "3520045705900001\x00", "nik.gAAAAA", "\ufeff",
)
# Tried in every text route parameter (job ids, tokens, slugs) of a route the role may
# open: the ones that reached the database (a NUL is a 500 on PostgreSQL) or a file path.
PARAM_HOSTILE = ("\x00", "%00", "\u202eBudi", "x" * 5000, "٣٤٥", "../../../etc/passwd")
# Names the application's routes read from a query string or a form (and a few more).
PARAMS = ("q", "search", "page", "page_size", "sort", "desc", "id", "url", "next", "nomor",
          "nik", "query", "name", "offset", "limit", "layanan", "pemohon_id", "v", "flt0_0",
          "flt1_0", "lang", "token", "kode", "jenis", "status", "desa", "dari", "sampai",
          "modal", "rowid", "action")
FIELDS = ("q", "search", "nama", "nik", "no_kk", "nomor", "note", "catatan", "telepon",
          "alamat", "rt", "rw", "username", "password", "lama", "baru", "ulangi", "rowid",
          "action", "url", "layanan", "jenis", "pemohon", "desa", "dari", "sampai", "status",
          "passphrase", "id", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "role")
SKIP = {"static", "admin.static", "auth.logout"}  # files on disk; logout ends the walk
FIELD_NAME = re.compile(r'name="([A-Za-z_][\w-]*)"')
TRACEBACK = ("Traceback (most recent call last)", 'File "/')


def _value(i: int) -> str:
    return HOSTILE[i % len(HOSTILE)]


def _hostile_urls(rule, seed: int, valid_id: int) -> list[str]:
    """The rule with its route parameters hostile: an id parameter a hostile id (the
    converter refuses what is not ASCII digits in range, as routing should), a text one
    each of PARAM_HOSTILE."""
    if not rule.arguments:
        return []
    values = PARAM_HOSTILE
    urls = []
    for k, value in enumerate(values):
        args = {}
        for arg in rule.arguments:
            numeric = isinstance(rule._converters.get(arg), IntegerConverter)
            args[arg] = ("99999999999999999999", "-1", "٣", str(valid_id))[(seed + k) % 4] \
                if numeric else value
        try:
            urls.append(rule.build(args, append_unknown=False)[1])
        except Exception:  # a converter that cannot even build it: no such URL exists
            pass
    return list(dict.fromkeys(urls))


def _valid_url(rule, valid_id: int) -> str:
    values = {}
    for arg in rule.arguments:
        numeric = isinstance(rule._converters.get(arg), IntegerConverter)
        values[arg] = valid_id if numeric else {
            "filename": "css/app.css", "slug": "tanda-terima", "export_type": "csv",
            "transition": "proses", "layanan": "ktp-el", "kode": "x"}.get(arg, "x")
    return rule.build(values, append_unknown=False)[1]


def _query(seed: int) -> dict:
    return {name: _value(seed + j) for j, name in enumerate(PARAMS)}


def _form(seed: int, names) -> dict:
    return {name: _value(seed + j) for j, name in enumerate(names)
            if name != "csrf_token"}


def _problem(response) -> str | None:
    if response.status_code >= 500:
        return str(response.status_code)
    if response.mimetype in ("text/html", "application/json", "text/plain"):
        body = response.get_data(as_text=True)
        if any(t in body for t in TRACEBACK):
            return "traceback in the page"
    return None


@pytest.mark.parametrize("role", [None, *ROLES])
def test_no_hostile_input_gives_a_500_or_a_traceback(app, login_as, client, an_application,
                                                    role):
    valid_id = an_application("teregister").id
    browser = login_as(role) if role else None
    http = browser.client if browser else client
    token = browser.csrf("/akun/kata-sandi") if browser else None
    if token is None:  # a visitor: a token of the login page's session
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                          client.get("/login").get_data(as_text=True)).group(1)
    failures = []

    def check(method, url, **kw):
        try:
            response = http.open(url, method=method, **kw)
        except Exception as exc:  # the app raised: what a 500 would have hidden
            failures.append(f"{role} {method} {url[:120]}: {type(exc).__name__}: {exc}"[:300])
            return None
        if (problem := _problem(response)) is not None:
            failures.append(f"{role} {method} {url[:120]} {kw.get('query_string', '')!r:.80}"
                            f": {problem}")
        return response

    for seed, rule in enumerate(sorted(app.url_map.iter_rules(), key=lambda r: r.rule)):
        if rule.endpoint in SKIP:
            continue
        if not (rule.endpoint in PUBLIC or role in allowed_roles(rule.endpoint)):
            continue  # refused before any input is read (tests/views/test_url_map.py)
        url = _valid_url(rule, valid_id)
        page = None
        # A document (PDF) reads no query string: built once per role is seconds for
        # nothing; its route parameters are still tried below.
        if "GET" in rule.methods and not rule.rule.endswith(".pdf"):
            page = check("GET", url, query_string=_query(seed))
        for bad in _hostile_urls(rule, seed, valid_id):
            check("GET" if "GET" in rule.methods else "POST", bad,
                  data={"csrf_token": token})
        if "POST" in rule.methods:
            names = set(FIELDS)
            if page is not None and page.status_code == 200 and page.mimetype == "text/html":
                names |= set(FIELD_NAME.findall(page.get_data(as_text=True)))
            data = {**_form(seed, sorted(names)), "csrf_token": token}
            check("POST", url, query_string={"id": str(valid_id), "url": _value(seed)},
                  data=data)
    assert not failures, "\n".join(failures[:40])
