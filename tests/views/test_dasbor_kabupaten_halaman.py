"""The regency's dashboard through its pages (issue 21): who may open it (the one expected
table), the home page of the regency's viewer and administrator, the table sorted by the
URL, the PDF and the workbook carrying the screen's numbers, no personal data, and a
statement budget that does not grow with the offices."""
import html
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.access.roles import ROLES
from app.access.scope import dalam_kantor
from app.documents import dasbor_kabupaten as dokumen
from app.extensions import db
from app.services import kabupaten
from app.workflow.declaration import all_workflows
from app.services import kantor as kantor_service
from models import Desa, Pemohon
from tests.expected_access import KABUPATEN, KABUPATEN_BERANDA
from tests.services.test_dasbor_kabupaten import _period, three_offices  # noqa: F401

URL = "/admin/kabupaten/"


@pytest.mark.parametrize("role", sorted(ROLES))
def test_who_may_open_the_dashboard_its_pdf_and_workbook(app, login_as, role):
    browser = login_as(role)
    for url in (URL, URL + "dasbor.pdf", URL + "dasbor.xlsx"):
        response = browser.get(url)
        assert response.status_code == (200 if role in KABUPATEN else 403), (role, url)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_home_page_and_navbar_per_role(app, login_as, role):
    """The regency's viewer and administrator land on the regency's figures (not one
    office's Beranda summed over every office); the Dinas's operator keeps Beranda (the
    files waiting for them) and finds the dashboard in the navbar, as the other two do."""
    browser = login_as(role)
    response = browser.get("/admin/")
    if role in KABUPATEN_BERANDA:
        assert response.status_code == 302
        assert response.headers["Location"].endswith(URL)
        response = browser.get(URL)
    else:
        assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert (f'href="{URL}"' in body) == (role in KABUPATEN), role


def _rows(body: str) -> list[str]:
    return re.findall(r'<tr data-kantor="([^"]*)"', body)


def test_sorted_by_any_column_from_the_url(app, login_as, three_offices):
    browser = login_as("pemantau")
    body = browser.get(URL + "?urut=jumlah&arah=turun").get_data(as_text=True)
    assert _rows(body) == ["35.20.05", "35.20.04", "35.20.06"]  # 5, 4 and 1 files
    assert 'aria-sort="descending"' in body
    body = browser.get(URL + "?urut=jumlah&arah=naik&periode=7").get_data(as_text=True)
    assert _rows(body) == ["35.20.06", "35.20.04", "35.20.05"]
    # Each header links to its own order, the period kept.
    assert "urut=status-diajukan" in body and "periode=7" in body
    for bad in ("?urut=nik", "?arah=acak", "?periode=x"):
        response = browser.get(URL + bad)
        assert response.status_code == 400, bad
        assert "Traceback" not in response.get_data(as_text=True)
    assert "Kolom urutan tidak dikenal." in browser.get(URL + "?urut=nik").get_data(as_text=True)


def _printed(col, value) -> str:
    """A figure as the paper prints it (Indonesian decimals; * below the SOP target)."""
    if value is None:
        return "—"
    if col.persen:
        return f"{value:.1f} %".replace(".", ",") + (" *" if value < kabupaten.TARGET_PERSEN else "")
    if col.desimal:
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def test_pdf_and_workbook_carry_the_same_numbers(app, login_as, three_offices):
    browser = login_as("admin_kabupaten")
    dasbor = kabupaten.urutkan(kabupaten.susun(*_period()), "jumlah", turun=True)

    book = load_workbook(BytesIO(browser.get(URL + "dasbor.xlsx?urut=jumlah&arah=turun").data))
    sheet = [list(r) for r in book.active.iter_rows(values_only=True)]
    header = sheet[2]
    assert header[:2] == ["Kode", "Kantor"]
    for b, row in zip([*dasbor.baris, dasbor.total], sheet[3:]):
        assert row[1] == b.nama
        for c in dasbor.kolom:
            value = row[2 + dasbor.kolom.index(c)]
            expected = b.nilai[c.key]
            assert value == (float(expected) if c.desimal and expected is not None else expected)
    assert [r[0] for r in sheet[3:6]] == ["35.20.05", "35.20.04", "35.20.06"]

    response = browser.get(URL + "dasbor.pdf?urut=jumlah&arah=turun")
    assert response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    words = " ".join(text.split())
    # Each part of the printed table: every office's name, then its figures in order.
    for part in dokumen.bagian(dasbor):
        cols = [k for _grup, kolom in part for k in kolom]
        for b in [*dasbor.baris, dasbor.total]:
            shown = " ".join(_printed(c, b.nilai[c.key]) for c in cols)
            assert re.search(re.escape(b.nama) + r"\s+" + re.escape(shown), words), (b.nama, shown)
    assert words.index("Lembeyan") < words.index("Takeran") < words.index("Nguntoronadi")


def test_the_viewer_sees_no_personal_data(app, login_as, three_offices):
    names = {p.nama for p in db.session.execute(db.select(Pemohon)).scalars()}
    niks = {p.nik for p in db.session.execute(db.select(Pemohon)).scalars()}
    browser = login_as("pemantau")
    pdf = browser.get(URL + "dasbor.pdf").data
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    book = load_workbook(BytesIO(browser.get(URL + "dasbor.xlsx").data))
    cells = " ".join(str(v) for r in book.active.iter_rows(values_only=True) for v in r)
    # Before, their home was one office's Beranda over every office: late files by name.
    home = browser.get("/admin/", follow_redirects=True).get_data(as_text=True)
    assert 'id="dasbor-kabupaten"' in home
    for shown in (home, text, cells):
        for secret in names | niks:
            assert secret not in shown


def test_statements_do_not_grow_with_the_offices(app, login_as, three_offices, statements):
    """One grouped statement per figure: a fourth and fifth office cost nothing more."""
    browser = login_as("pemantau")
    browser.get(URL)
    with statements:
        assert browser.get(URL).status_code == 200
    three = len(statements)
    for kode, nama in (("35.20.07", "Kawedanan"), ("35.20.08", "Magetan")):
        office = kantor_service.tambah(kode, nama)
        with dalam_kantor(office.id):
            db.session.add(Desa(kode=f"{kode}.2001", nama=f"Desa {nama}", jenis="desa"))
            db.session.commit()
    with statements:
        assert browser.get(URL).status_code == 200
    assert len(statements) == three, str(statements)
    # The session, the offices, the kept counts, the days off, then one statement per
    # figure: late files and SOP steps per workflow, survey answers per questionnaire (7
    # with the SOP's own workflow alone; 9 with a variant printing at the Dinas).
    assert three <= 5 + 2 * len(all_workflows()), str(statements)


def test_in_english_on_request(app, login_as, three_offices):
    """Indonesian by default; in English the headers, groups and the SOP steps' activities
    are English and none of our Indonesian is left."""
    # Imported here: that module reads Flask-Admin's sources when imported.
    from tests.views.test_translations import _indonesian_in, english

    browser = login_as("pemantau")
    browser.post("/bahasa", {"lang": "id", "next": URL}, csrf_url=URL)
    shown = _indonesian_in(browser.get(URL).get_data(as_text=True))
    assert {"Dasbor kabupaten", "Berkas per status (sekarang)"} <= shown
    browser.post("/bahasa", {"lang": "en", "next": URL}, csrf_url=URL)
    page = html.unescape(browser.get(URL).get_data(as_text=True))
    # The words shown, not the column keys in the sorting links (?urut=terlambat).
    visible = re.sub(r"<[^>]+>", " ", page)
    assert not _indonesian_in(visible), sorted(_indonesian_in(visible))
    for msgid in ("Dasbor kabupaten", "Berkas per status (sekarang)", "Langkah %(n)d",
                  "Siap diserahkan di kecamatan", "Berkas terlambat di meja (sekarang)"):
        assert english()[msgid].replace("%(n)d", "2") in page, msgid
