"""Bahasa Indonesia throughout: our catalogues cover every message Flask-Admin and
WTForms can show, and rendered pages carry none of their English source strings."""
import re
from pathlib import Path

import flask_admin
import pytest
import wtforms
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

CATALOGUES = Path(__file__).resolve().parent.parent / "translations" / "id" / "LC_MESSAGES"
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
