"""The Register KTP-el extract: landscape, header and page numbers on every page."""
import io
import re
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from app.documents import register_extract, register_pages
from app.documents.render import html_to_pdf
from app.extensions import db
from app.timefmt import tanggal, wib_today
from models import OfficeSettings, RegisterEntry
from models._time import utcnow


def pages_text(pdf: bytes) -> tuple[PdfReader, list[str]]:
    """The PDF parsed (pypdf) and each page's words, read by poppler's pdftotext: the same
    words as pypdf's extract_text (a wrapped header cell may come in another order), in a
    tenth of the time for these many-page extracts."""
    reader = PdfReader(io.BytesIO(pdf))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()
    pages = [" ".join(page.split()) for page in text.split("\f")]
    assert len(pages) == len(reader.pages) + 1 and not pages[-1]  # one form feed per page
    return reader, pages[:-1]


def test_extract_of_many_rows_repeats_header_and_numbers_pages(app, an_application, monkeypatch):
    monkeypatch.setattr(register_extract, "PAGES_PER_CHUNK", 1)  # several chunks, fast
    files = [an_application("teregister") for _ in range(90)]
    with app.test_request_context():
        out = io.BytesIO()
        count = register_extract.extract(register_extract.Filter(), out)
        numbers = list(db.session.execute(db.select(RegisterEntry.nomor).order_by(
            RegisterEntry.tahun, RegisterEntry.nomor_urut)).scalars())
    assert count == len(files) == 90
    reader, pages = pages_text(out.getvalue())
    n = len(reader.pages)
    assert n >= 3
    for i, text in enumerate(pages, start=1):
        assert "Nomor register" in text and "NIK" in text, f"no header on page {i}"
        assert f"Halaman {i} dari {n}" in text
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width, 1), round(height, 1)) == (935.4, 609.4)  # F4 landscape
    # Chunks end where pages end: every page but the last is full.
    first_page, per_page = register_pages.ROWS_PER_PAGE["F4"]
    rows_on = [len(re.findall(r"471\.13/\d{4}/", text)) for text in pages]
    assert rows_on == [first_page] + [per_page] * (n - 2) + [90 - first_page - per_page * (n - 2)]
    everything = " ".join(pages)
    for nomor in numbers:
        assert everything.count(nomor) == 1
    # ... in the register's order, across pages and chunks.
    assert re.findall(r"471\.13/\d{4}/403\.404/\d{4}", everything) == numbers
    assert "Jumlah: 90 berkas" in pages[-1]
    # Place and print date, then the Camat's acknowledgement, as a letter closes.
    today = tanggal(wib_today())
    assert f"Takeran, {today} Mengetahui, Camat Takeran" in pages[-1]
    assert "Seluruh berkas teregister · dicetak" in pages[0]
    assert "Penyaring" not in pages[0] and "semua data" not in pages[0]


def register_rows(count: int, long_name_every: int = 0) -> list[dict]:
    """Rows with the longest value of each column that must not wrap; every
    `long_name_every`th row has a name that takes two lines."""
    return [{"nomor": f"471.13/{i:04d}/403.404/2026", "tanggal": "24/11/2026",
             "tanda_terima": f"TT/{i:05d}/403.404/2026", "nik": "3520044707680031",
             "nama": ("Raden Ajeng Sri Wahyuningsih Kusumawardhani Prameswari"
                      if long_name_every and i % long_name_every == 0 else "Sri Wahyuningsih"),
             "desa": "Kuwonharjo", "jenis": "Perubahan data",
             "status": "Dikembalikan"} for i in range(1, count + 1)]


def rendered_and_planned(app, data: list[dict], paper: str,
                         f=register_extract.Filter()) -> tuple[list[int], list[int], str]:
    """Rows on each page of the PDF, rows on each page as register_pages planned them,
    and the last page's text."""
    with app.test_request_context():
        settings = OfficeSettings.get()
        settings.ukuran_kertas = paper
        db.session.commit()
        out = io.BytesIO()
        register_extract.build(register_extract.chunk_html(data, f), out)
        heading = register_extract.first_page_heading(f, utcnow(), len(data))
    _, pages = pages_text(out.getvalue())
    rendered = [len(re.findall(r"471\.13/\d{4}/", text)) for text in pages]
    planned = register_pages.paginate(data, paper, heading)
    return rendered, planned, pages[-1]


@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_one_line_rows_fill_every_page(app, paper, monkeypatch):
    monkeypatch.setattr(register_extract, "PAGES_PER_CHUNK", 1)  # chunk ends are page ends
    first_page, per_page = register_pages.ROWS_PER_PAGE[paper]
    rendered, planned, _ = rendered_and_planned(app, register_rows(first_page + per_page + 5),
                                                paper)
    assert rendered == planned == [first_page, per_page, 5]


@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_pages_of_wrapped_rows_and_a_long_heading_are_as_full_as_planned(
        app, paper, monkeypatch):
    monkeypatch.setattr(register_extract, "PAGES_PER_CHUNK", 1)
    f = register_extract.Filter(dari=date(2026, 1, 1), sampai=date(2026, 12, 31),
                                jenis="hilang", status="diverifikasi")  # two heading lines
    rendered, planned, _ = rendered_and_planned(app, register_rows(100, long_name_every=3),
                                                paper, f)
    assert rendered == planned
    first_page, per_page = register_pages.ROWS_PER_PAGE[paper]
    assert planned[0] < first_page and planned[1] < per_page  # the long lines took room


def test_signature_never_stands_alone_on_the_last_page(app, monkeypatch):
    monkeypatch.setattr(register_extract, "PAGES_PER_CHUNK", 1)
    first_page, per_page = register_pages.ROWS_PER_PAGE["F4"]
    rendered, planned, last = rendered_and_planned(app, register_rows(first_page + per_page),
                                                   "F4")
    assert rendered == planned == [first_page, per_page - 3, 3]
    assert "Mengetahui" in last


def test_form_filters_and_refuses_bad_dates(login_as, an_application):
    an_application("diserahkan")
    an_application("teregister")
    browser = login_as("sekretariat")
    bad = browser.post("/admin/register/cetak/", {"dari": "2026-12-01", "sampai": "2026-01-01"},
                       csrf_url="/admin/register/cetak/")
    assert bad.status_code == 422
    assert "tidak boleh sebelum" in bad.get_data(as_text=True)
    ok = browser.post("/admin/register/cetak/", {"status": "diserahkan"},
                      csrf_url="/admin/register/cetak/")
    assert ok.status_code == 200 and ok.headers["Content-Type"] == "application/pdf"
    _, pages = pages_text(ok.data)
    assert "status Diserahkan" in pages[0] and "Jumlah: 1 berkas" in pages[-1]
    assert re.search(r"Halaman 1 dari \d", pages[0])


def test_form_names_the_paper_of_the_office_settings(app, login_as):
    browser = login_as("sekretariat")
    assert "Kertas F4 mendatar" in browser.get("/admin/register/cetak/").get_data(as_text=True)
    with app.app_context():
        OfficeSettings.get().ukuran_kertas = "A4"
        db.session.commit()
    assert "Kertas A4 mendatar" in browser.get("/admin/register/cetak/").get_data(as_text=True)


def test_the_extract_writes_dates_as_the_screen_does(app, an_application):
    """Register date and hand-over date in the table cells as on screen (13/10/2026),
    not a second format on paper."""
    an_application("diserahkan")
    with app.test_request_context():
        out = io.BytesIO()
        register_extract.extract(register_extract.Filter(), out)
    _reader, pages = pages_text(out.getvalue())
    today = wib_today()
    assert today.strftime("%d/%m/%Y") in pages[0]
    assert today.strftime("%d-%m-%Y") not in pages[0]


def test_the_renderer_runs_reportlabs_c_helpers():
    """ReportLab falls back to Python without a word when its C helpers are missing; the
    register's every cell goes through them (numbers, widths, escaping)."""
    from reportlab.lib import rl_accel

    assert not rl_accel._py_funcs, sorted(rl_accel._py_funcs)


def test_an_extract_of_300_rows_holds_every_row_once_in_order_under_its_header(
        app, monkeypatch):
    monkeypatch.setattr(register_extract, "PAGES_PER_CHUNK", 3)  # chunks of whole pages
    data = register_rows(300, long_name_every=7)
    f = register_extract.Filter()
    with app.test_request_context():
        chunks = register_extract.chunk_html(data, f)
        out = io.BytesIO()
        printed = register_extract.build(chunks, out)
        planned = register_pages.paginate(data, "F4",
                                          register_extract.first_page_heading(f, utcnow(), 300))
    reader, pages = pages_text(out.getvalue())
    n = len(reader.pages)
    assert len(chunks) > 1 and printed == n == len(planned)
    for i, text in enumerate(pages, start=1):
        assert all(heading in text for _, heading, _ in register_pages.COLUMNS), i
        assert f"Halaman {i} dari {n}" in text
    assert [len(re.findall(r"471\.13/\d{4}/", text)) for text in pages] == planned
    # Every register number once, in the register's order, across pages and chunks.
    assert (re.findall(r"471\.13/\d{4}/403\.404/2026", " ".join(pages))
            == [r["nomor"] for r in data])
    assert "Jumlah: 300 berkas" in pages[-1] and "Mengetahui" in pages[-1]


def test_the_render_pool_prints_what_one_process_prints(app, monkeypatch):
    monkeypatch.setattr(register_extract, "PAGES_PER_CHUNK", 1)
    data = register_rows(120, long_name_every=5)
    with app.test_request_context():
        chunks = register_extract.chunk_html(data, register_extract.Filter())
        out = io.BytesIO()
        register_extract.build(chunks, out)  # two render processes
        one_process = [page for html in chunks for page in pages_text(html_to_pdf(html))[1]]
    _, pooled = pages_text(out.getvalue())
    assert len(chunks) > 2
    n = len(pooled)
    assert [text.replace(f" Halaman {i} dari {n}", "") for i, text in enumerate(pooled, 1)
            ] == one_process
