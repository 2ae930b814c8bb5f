"""Which rows of the Register KTP-el share a printed page.

Each page's rows are rendered as a table of their own, followed by a page break: reportlab
then never splits a long table, whose cost grows with the rows after the split. For that
the rows must be packed by height, not by count: a long name wraps onto a second line, and
a page that ran over would leave one with a single row behind it. The cells are broken into
lines here, with the same font metrics and column widths xhtml2pdf uses, and printed as
those lines (the table's rows are plain text to the renderer: plain_rows); a row's height
follows from its longest cell."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.documents.render import STATIC

# (key, heading, width in % of the line): the template draws its columns from this.
# The numbers (register, receipt, NIK) never break, so their columns fit them whole on A4;
# the last column holds the state, or for a handed-over file its date and recipient.
COLUMNS = (("no", "No.", 4.5), ("nomor", "Nomor register", 16.3), ("tanggal", "Tanggal", 7.4),
           ("tanda_terima", "No. tanda terima", 14.4), ("nik", "NIK", 12.3),
           ("nama", "Nama", 11), ("desa", "Desa/Kel.", 8), ("jenis", "Jenis", 9.9),
           ("status", "Status / penyerahan", 16.2))

# Landscape line width: the paper's long side less the page's left and right margins
# (2.5 cm and 2 cm, templates/pdf/_base.html).
LINE_WIDTH = {"F4": 330 / 25.4 * 72 - 4.5 / 2.54 * 72, "A4": 297 / 25.4 * 72 - 4.5 / 2.54 * 72}
# One-line rows per page, as rendered: (first page, under the letterhead; every other
# page). tests/documents/test_register_extract.py checks both, and that a page of two-line rows is
# full too.
ROWS_PER_PAGE = {"F4": (30, 39), "A4": (29, 38)}

FONT, FONT_FILE, FONT_SIZE = "DejaVu", "DejaVuSans.ttf", 8
LEADING = FONT_SIZE * 1.15            # table.reg: font-size 8pt, line-height 1.15
PADDING_X, PADDING_Y = 3 + 3, 2.5 + 0.5  # table.reg td: padding 2.5pt 3pt 0.5pt 3pt
ONE_LINE = PADDING_Y + LEADING
HEADING_SIZE = 10.5                     # .nomor: the body's 10.5pt, line-height 1.35
HEADING_LEADING = HEADING_SIZE * 1.35
# The count and the signature block under the last row, with room to spare (points),
# and how many rows move to a new page with them when they do not fit.
CLOSING, CLOSING_ROWS = 170, 3


@dataclass(frozen=True)
class Layout:
    first_page: float  # height (points) of the rows that fill the first page
    page: float        # ... and every other page
    widths: dict       # column key -> width (points) its text may take


def layout(paper: str) -> Layout:
    first, other = ROWS_PER_PAGE[paper]
    widths = {key: LINE_WIDTH[paper] * percent / 100 - PADDING_X
              for key, _, percent in COLUMNS}
    return Layout(first * ONE_LINE, other * ONE_LINE, widths)


def paginate(data: list[dict], paper: str, heading: str) -> list[int]:
    """How many rows each page holds; `heading` is the line under the title on the first
    page, whose filters may take a second line."""
    lay = layout(paper)
    extra = (len(lines(heading, LINE_WIDTH[paper], HEADING_SIZE)) - 1) * HEADING_LEADING
    pages, count, used, room = [], 0, 0.0, lay.first_page - extra
    for row in data:
        height = PADDING_Y + max(map(len, cells(row, lay.widths).values())) * LEADING
        if count and used + height > room:
            pages.append(count)
            count, used, room = 0, 0.0, lay.page
        count += 1
        used += height
    if used + CLOSING > room and count > 1:
        # The count and the Camat's signature never stand alone on a page: the last few
        # rows go with them.
        moved = min(CLOSING_ROWS, count - 1)
        pages.append(count - moved)
        count = moved
    return pages + [count]


def cells(row: dict, widths: dict) -> dict[str, list[str]]:
    """Each column's lines for `row` (COLUMNS[0], the row's number, is one line)."""
    return {key: lines(str(row[key]), widths[key]) for key, _, _ in COLUMNS[1:]}


def lines(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """`text` broken at spaces into lines, as reportlab breaks a paragraph; a word too long
    for the column stays on one line (it overflows rather than breaks). A newline is a
    <br>."""
    if "\n" in text:
        return [line for part in text.split("\n") for line in lines(part, width, size)]
    _register_font()
    if pdfmetrics.stringWidth(text, FONT, size) <= width:  # most cells: one line
        return [" ".join(text.split())]
    space = pdfmetrics.stringWidth(" ", FONT, size)
    done, line, used = [], [], 0.0
    for word in text.split():
        word_width = pdfmetrics.stringWidth(word, FONT, size)
        if line and used + space + word_width > width:
            done.append(" ".join(line))
            line, used = [word], word_width
        else:
            used += (space if line else 0) + word_width
            line.append(word)
    return done + [" ".join(line)]


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(STATIC / "fonts" / FONT_FILE)))
