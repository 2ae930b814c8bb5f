"""Plain text rows (app/documents/plain_rows.py): a body's rows after its first skip
xhtml2pdf's cell-by-cell work and still print where xhtml2pdf prints them."""
import html
import re
import subprocess

import pytest
from xhtml2pdf import tables

from app.documents.render import html_to_pdf

PAGE = """<html><head><style>
  @font-face { font-family: DejaVu; src: url("static/fonts/DejaVuSans.ttf"); }
  @page { size: a4 landscape; margin: 1.6cm 2cm 1.8cm 2.5cm; }
  body { font-family: DejaVu; font-size: 10.5pt; }
  table.t { font-size: 8pt; line-height: 1.15; border-top: 0.6pt solid #000;
            border-left: 0.6pt solid #000; }
  table.t td, table.t th { border-right: 0.6pt solid #000; border-bottom: 0.6pt solid #000;
                           padding: 2.5pt 3pt 0.5pt 3pt; vertical-align: top; }
  table.t th { background-color: #e9e9e9; }
  .tengah { text-align: center; }
</style></head><body>
{tables}</body></html>"""
TABLE = """<table class="t" width="100%" repeat="1">
<thead{attribute}><tr><th width="8%">No.</th><th width="40%">Nama</th><th width="52%">Status</th></tr></thead>
<tbody{attribute}>
{rows}
</tbody></table>"""


def row(i: int, status: str = "Diserahkan 25/11/2026<br>Pemohon sendiri") -> str:
    # Every fourth name on two lines, as register_pages breaks a long one.
    nama = f"Sri Wahyuningsih &amp; &lt;{i}&gt;" + ("<br>Kusumawardhani" if i % 4 == 0 else "")
    return f'<tr><td class="tengah">{i}</td><td>{nama}</td><td>{status}</td></tr>'


def render(rows: list[str], plain: bool, tables: int = 1) -> bytes:
    """`rows` in a table, or split between `tables` tables one page each (as the register)."""
    attribute = ' data-plain-rows="1"' if plain else ""
    size = -(-len(rows) // tables)
    parts = [TABLE.replace("{attribute}", attribute)
             .replace("{rows}", "\n".join(rows[i:i + size])) for i in range(0, len(rows), size)]
    return html_to_pdf(PAGE.replace(
        "{tables}", '<div style="page-break-before: always"></div>'.join(parts)))


def words(pdf: bytes) -> list[list[tuple]]:
    """Each page's words with their place (poppler's bounding boxes, 0.1 pt)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    return [sorted((html.unescape(w), round(float(x), 1), round(float(y), 1)) for x, y, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page))
        for page in xml.split("<page ")[1:]]


@pytest.fixture
def cells_through_xhtml2pdf(monkeypatch):
    """The cells (<th>, <td>) that went through xhtml2pdf's own cell path (counted, the
    path itself runs)."""
    calls = []
    start = tables.pisaTagTD.start

    def counted(self, c):
        calls.append(self.node.tagName)
        return start(self, c)
    monkeypatch.setattr(tables.pisaTagTD, "start", counted)
    return calls


def test_plain_rows_print_every_word_where_xhtml2pdf_prints_it(app):
    rows = [row(i) for i in range(1, 80)]  # over two pages: the header repeats
    with app.app_context():
        plain, usual = render(rows, plain=True), render(rows, plain=False)
    assert len(words(plain)) == len(words(usual)) >= 2
    assert words(plain) == words(usual)
    text = " ".join(w for page in words(plain) for w, _, _ in page)
    assert "&" in text and "<79>" in text  # the text as written, not its markup


def test_only_the_first_row_goes_through_xhtml2pdf_cell_by_cell(app, cells_through_xhtml2pdf):
    with app.app_context():
        render([row(i) for i in range(1, 41)], plain=True)
    assert cells_through_xhtml2pdf == ["th"] * 3 + ["td"] * 3  # of 123 cells


def test_a_row_of_another_shape_sends_the_body_the_usual_way(app, cells_through_xhtml2pdf):
    rows = [row(i) for i in range(1, 11)]
    rows[5] = row(6, status="<b>Ditolak</b>")  # markup: not plain text
    with app.app_context():
        plain = render(rows, plain=True)
        assert cells_through_xhtml2pdf == ["th"] * 3 + ["td"] * 30
        assert words(plain) == words(render(rows, plain=False))


def test_later_bodies_and_headers_of_the_same_shape_take_the_first_ones_row(
        app, cells_through_xhtml2pdf):
    rows = [row(i) for i in range(1, 61)]
    with app.app_context():
        plain = render(rows, plain=True, tables=3)
        # The first table's header and first row only, of 189 cells.
        assert cells_through_xhtml2pdf == ["th"] * 3 + ["td"] * 3
        usual = render(rows, plain=False, tables=3)
    assert len(words(plain)) == 3
    assert words(plain) == words(usual)


def test_a_first_row_with_an_empty_cell_sends_the_body_the_usual_way(
        app, cells_through_xhtml2pdf):
    rows = [row(1, status="")] + [row(i) for i in range(2, 11)]
    with app.app_context():
        plain = render(rows, plain=True)
        assert cells_through_xhtml2pdf == ["th"] * 3 + ["td"] * 30
        assert words(plain) == words(render(rows, plain=False))
