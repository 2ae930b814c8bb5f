"""Bahasa Indonesia by default: our catalogues cover every message Flask-Admin and WTForms
can show, and rendered pages carry none of their English source strings. English on
request: every string of our own has an English translation, and English pages carry none
of our Indonesian (printed documents excepted)."""
import functools
import html
import re
from datetime import date
from pathlib import Path

import flask_admin
import pytest
import wtforms
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale
from jinja2 import DictLoader

from app.workflow.declaration import all_documents
from tests.conftest import Browser

CATALOGUES = Path(__file__).resolve().parents[2] / "translations" / "id" / "LC_MESSAGES"
KEYWORDS = {"_gettext": None, "gettext": None, "lazy_gettext": None, "_lazy_gettext": None,
            "_ngettext": (1, 2), "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%s")


def source_messages(package_dir: Path, method_map) -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(package_dir), method_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, (tuple, list)) else message)
    return {m for m in found if m}


def catalogue(domain: str):
    with open(CATALOGUES / f"{domain}.po", "rb") as fh:
        return read_po(fh, locale="id", domain=domain)


def translated(cat) -> dict[str, str]:
    out = {}
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        value = m.string[0] if isinstance(m.string, tuple) else m.string
        if value:
            out[key] = value
    return out


ADMIN_SOURCES = source_messages(Path(flask_admin.__file__).parent, [
    ("**/tests/**", "ignore"), ("**.py", "python"), ("**/bootstrap4/**.html", "jinja2")])
WTFORMS_SOURCES = source_messages(Path(wtforms.__file__).parent, [("**.py", "python")])


def test_every_flask_admin_message_is_translated():
    assert len(ADMIN_SOURCES) > 100
    missing = ADMIN_SOURCES - set(translated(catalogue("admin")))
    assert not missing, sorted(missing)


def test_every_wtforms_message_is_translated():
    assert len(WTFORMS_SOURCES) > 30
    missing = WTFORMS_SOURCES - set(translated(catalogue("wtforms")))
    assert not missing, sorted(missing)


@pytest.mark.parametrize("domain", ["admin", "wtforms"])
def test_placeholders_survive_translation(domain):
    for m in catalogue(domain):
        if not m.id:
            continue
        forms = m.id if isinstance(m.id, tuple) else (m.id,)
        allowed = {p for form in forms for p in PLACEHOLDER.findall(form)}
        needed = set(PLACEHOLDER.findall(forms[0]))
        used = {p for s in (m.string if isinstance(m.string, tuple) else (m.string,))
                for p in PLACEHOLDER.findall(s)}
        # Indonesian has one plural form: it may use the plural's placeholders (count).
        assert needed <= used <= allowed, m.id


@pytest.mark.parametrize("url", ["/admin/permohonan/", "/admin/permohonan/new/",
                                 "/admin/pemohon/new/", "/admin/register/"])
def test_pages_carry_no_english_from_the_catalogue(login_as, url):
    html = login_as("sekretariat").get(url).get_data(as_text=True)
    visible = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    english = [m for m in ADMIN_SOURCES if " " in m and "%(" not in m and m in visible]
    assert not english, english
    assert "Tambah Saringan" in visible or url.endswith("/new/")


def test_english_on_request(login_as):
    browser = login_as("sekretariat")
    page = browser.get("/admin/permohonan/").get_data(as_text=True)
    assert 'action="/bahasa"' in page and 'value="en"' in page  # the switch in the navbar
    browser.post("/bahasa", {"lang": "en", "next": "/admin/permohonan/"})
    assert "Add Filter" in browser.get("/admin/permohonan/").get_data(as_text=True)
    browser.post("/bahasa", {"lang": "id", "next": "/admin/permohonan/"})
    assert "Tambah Saringan" in browser.get("/admin/permohonan/").get_data(as_text=True)


def test_wtforms_messages_show_in_indonesian(login_as):
    response = login_as("sekretariat").post("/admin/permohonan/new/", {"jenis": "baru"},
                                            csrf_url="/admin/permohonan/new/")
    assert response.status_code == 422
    assert "Pilih pemohon." in response.get_data(as_text=True)


# --- Our own strings (domain `messages`): Indonesian msgids, English on request ----------

ROOT = Path(__file__).resolve().parents[2]
EN_CATALOGUE = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# The keywords `make messages` passes to `pybabel extract`, besides Babel's defaults.
OUR_KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None, "lazy_pgettext": ((1, "c"), 2)}


def our_messages() -> set[str]:
    with open(ROOT / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=OUR_KEYWORDS):
        assert not filename.startswith(("templates/pdf", "app/documents")), filename
        found.add(message[0] if isinstance(message, (tuple, list)) else message)
    return {m for m in found if m}


@functools.cache  # read once per run; callers only read it
def english() -> dict[str, str]:
    with open(EN_CATALOGUE, "rb") as fh:
        return translated(read_po(fh, locale="en", domain="messages"))


def test_every_string_of_ours_has_an_english_translation():
    ours = our_messages()
    assert len(ours) > 250
    en = english()
    missing = ours - set(en)
    assert not missing, sorted(missing)
    for msgid in ours:
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(en[msgid])), msgid


@functools.cache
def _telling() -> tuple[tuple[str, re.Pattern], ...]:
    """The telling msgids, each with its whole-word pattern, compiled once (there are more
    than `re` keeps compiled)."""
    en = english()
    words = {m for m in en if "%(" not in m and "<" not in m
             and not any(m in t for t in en.values())} - {"Kecamatan", "Kabupaten"}
    return tuple((m, re.compile(rf"(?<!\w){re.escape(m)}(?!\w)")) for m in sorted(words))


def _indonesian_in(page: str) -> set[str]:
    """Our msgids (whole words, no placeholders) that appear on a page. Words English keeps
    too ('NIK', 'Status', 'Camat' in 'Camat (district head)') prove nothing and are left out,
    as are 'Kecamatan'/'Kabupaten' (the office's name in the header). Data is no msgid:
    the test accounts' names ('Petugas Camat') and the printed documents' titles go first."""
    text = html.unescape(re.sub(r"<script.*?</script>", "", page, flags=re.S))
    text = re.sub(r"Petugas \w+", "", text)
    for dokumen in all_documents():
        text = text.replace(dokumen.judul, "")
    # The plain substring test first: the same answer, and much cheaper than the pattern.
    return {m for m, pattern in _telling() if m in text and pattern.search(text)}


def test_english_pages_carry_none_of_our_indonesian(app, login_as, an_application):
    p = an_application(state="diproses")
    browsers = {"camat": login_as("camat"), "sekretariat": login_as("sekretariat"),
                None: Browser(app.test_client())}
    pages = {"/admin/": "camat", "/admin/permohonan/": "camat",
             f"/admin/permohonan/details/?id={p.id}": "camat", "/admin/pemohon/": "camat",
             "/admin/register/": "camat", "/akun/kata-sandi": "camat",
             "/admin/permohonan/new/": "sekretariat", "/admin/riwayat/": "sekretariat",
             "/cek-status": None, "/login": None}
    for url, role in pages.items():
        browser = browsers[role]
        browser.post("/bahasa", {"lang": "id", "next": url}, csrf_url=url)
        shown = _indonesian_in(browser.get(url).get_data(as_text=True))
        assert len(shown) >= 2, (url, shown)  # the page does speak Indonesian by default
        browser.post("/bahasa", {"lang": "en", "next": url}, csrf_url=url)
        response = browser.get(url)
        assert response.status_code == 200, url
        page = html.unescape(response.get_data(as_text=True))
        left = _indonesian_in(page)
        assert not left, (url, sorted(left))
        assert any(english()[m] in page for m in shown), url


def test_english_details_and_messages(login_as, an_application):
    p = an_application(state="diproses")
    browser = login_as("camat")
    browser.post("/bahasa", {"lang": "en", "next": "/admin/"})
    page = browser.get(f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
    assert "Processing" in page and "Applicant" in page and "Record application" in page
    # A transition the role may not take now: the refusal comes back in English.
    response = browser.post(f"/admin/permohonan/{p.id}/transition/verifikasi",
                            {"version": str(p.version)})
    assert response.status_code == 403 and "Access denied" in response.get_data(as_text=True)


def test_english_validation_messages_ours_and_flask_admins(login_as):
    browser = login_as("sekretariat")
    browser.post("/bahasa", {"lang": "en", "next": "/admin/"})
    response = browser.post("/admin/permohonan/new/", {"jenis": "baru"},
                            csrf_url="/admin/permohonan/new/")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    # Ours from messages.po; Flask-Admin's from its English source (no en/admin catalogue).
    assert "Choose an applicant." in page and "Failed to create record." in page


def test_indonesian_is_the_default(app, login_as):
    assert "Masuk ke Layanan KTP-el" in app.test_client().get("/login").get_data(as_text=True)
    assert "Menunggu tindakan Anda" in login_as("camat").get("/admin/").get_data(as_text=True)


def test_language_survives_login(app, users):
    browser = Browser(app.test_client())
    browser.post("/bahasa", {"lang": "en", "next": "/login"}, csrf_url="/login")
    assert "Log in to the KTP-el Service" in browser.get("/login").get_data(as_text=True)
    browser.login("camat")
    assert "Waiting for your action" in browser.get("/admin/").get_data(as_text=True)


def test_printed_documents_stay_indonesian_in_an_english_session(app):
    env = app.jinja_env.overlay(loader=DictLoader({
        "pdf/x.html": "{{ d|tanggal }} {{ s|durasi }}", "page.html": "{{ d|tanggal }} {{ s|durasi }}"}))
    with app.test_request_context(), force_locale("en"):
        assert env.get_template("pdf/x.html").render(d=date(2026, 8, 17), s=90) \
            == "17 Agustus 2026 1 mnt 30 dtk"
        assert env.get_template("page.html").render(d=date(2026, 8, 17), s=90) \
            == "17 August 2026 1 min 30 s"
