"""A fast path in xhtml2pdf for long tables of plain text rows (the Register KTP-el).

xhtml2pdf gives every cell the whole of an element's work: CSS matched, a frag cloned, a
paragraph built and broken into lines three times, eight to ten style commands. For the
register's thousands of cells that was most of an extract's time. Here a
`<tbody data-plain-rows="1">` whose rows all have the same shape (same attributes on the
row and on each cell, cells of text and `<br>` only) goes through xhtml2pdf's own path for
its FIRST row only; every other row reuses what xhtml2pdf made of that one: its style
commands widened to all the rows, and its cells' font, size, colour and alignment. A later
body of the same shape in the same document (same tags and attributes up to <html>: the
register's next page) reuses that first row too, and a `<thead data-plain-rows="1">` the
same way (each page's header after the first). The cells then go to ReportLab's table as
text, one line per `<br>`, which ReportLab draws without paragraphs.

Plain text cells do not wrap: the template breaks long values into lines itself
(register_pages.lines). The line pitch and the first baseline are taken from the first
row's paragraphs, so a row prints where xhtml2pdf would have printed it
(tests/documents/test_plain_rows.py compares both, word by word). A body without the
attribute, or with any row of another shape, takes xhtml2pdf's usual path."""
from __future__ import annotations

from xml.dom import Node

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from xhtml2pdf import parser
from xhtml2pdf.tables import pisaTagTBODY, pisaTagTHEAD

ATTRIBUTE = "data-plain-rows"
ALIGN = {TA_CENTER: "CENTER", TA_RIGHT: "RIGHT"}


def install() -> None:
    """Make <tbody> and <thead> go through the classes below (xhtml2pdf finds a tag's
    class by its name in its parser module). Every other body behaves as before."""
    parser.pisaTagTBODY = PlainRowsTBODY
    parser.pisaTagTHEAD = PlainRowsTHEAD


class PlainRowsTBODY(pisaTagTBODY):
    def start(self, c) -> None:
        super().start(c)
        self.texts = self.model = None
        if not self.node.getAttribute(ATTRIBUTE):
            return
        found = _plain_rows(self.node)
        if found is None:
            return
        rows, self.texts = found
        # A body like one laid out before in this document (the same tags and attributes
        # from its rows up to <html>, so the same CSS) takes that body's first row.
        models = c.__dict__.setdefault("plainRowModels", {})  # one document's context
        self.key = (_shape(rows[0]), tuple(_shape(td) for td in _elements(rows[0])),
                    _ancestry(self.node))
        self.model = models.get(self.key)
        if self.model is None and "" in self.texts[0]:
            self.texts = None  # an empty cell shows nothing of its column's font: no model
            return
        # xhtml2pdf visits the children after start(): it sees the first row only, or
        # none when there is a model.
        for tr in rows[1 if self.model is None else 0:]:
            self.node.removeChild(tr)

    def end(self, c) -> None:
        if self.texts:
            tdata = c.tableData
            if self.model is None:
                self.model = c.plainRowModels[self.key] = _model(tdata, self.first_row)
            commands, widths = self.model
            _take_columns(tdata, self.texts, widths)
            first, last = self.first_row, self.first_row + len(self.texts) - 1
            tdata.styles += [(name, (c0, first), (c1, last), *rest)
                             for name, c0, c1, rest in commands]
            tdata.data[first:] = self.texts
            tdata.row = last + 1
        super().end(c)


class PlainRowsTHEAD(PlainRowsTBODY, pisaTagTHEAD):
    """The same for a header: each page's header row after the first page's is the first
    one's, with its own text."""


def _model(tdata, first: int) -> tuple[list[tuple], list]:
    """What xhtml2pdf made of a body's first row: commands for a range of rows (name,
    first column, last column, arguments), the row's own commands, taken out of the
    table's list, then each column's text styles; and the column widths its cells set."""
    own = [style for style in tdata.styles if style[1][1] == style[2][1] == first]
    tdata.styles[:] = [style for style in tdata.styles
                       if not style[1][1] == style[2][1] == first]
    model = [(name, begin[0], end[0], rest) for name, begin, end, *rest in own]
    cells = tdata.data[first]
    for col, cell in enumerate(cells):
        padding = [_last_value(tdata.styles + own, name, col, first, len(cells))
                   for name in ("TOPPADDING", "BOTTOMPADDING")]
        model += [(name, col, col, rest) for name, _, _, *rest
                  in _text_styles(_paragraph(cell), col, first, first, padding)]
    return model, tdata.colw[:len(cells)]


def _take_columns(tdata, texts: list[list[str]], widths: list) -> None:
    """What xhtml2pdf's <td> does to the table for rows it did not visit: the model row's
    widths where the table has none yet, and the columns with text marked as such (empty
    ones are sized apart)."""
    columns = len(texts[0])
    tdata.colw += widths[len(tdata.colw):columns]
    tdata.colw[:columns] = [width if width is not None else model
                            for width, model in zip(tdata.colw, widths)]
    tdata.col_with_content.update(col for col in range(columns)
                                  if tdata.colw[col] is None and any(row[col] for row in texts))


def _ancestry(node) -> tuple:
    shapes = []
    while node is not None and node.nodeType == Node.ELEMENT_NODE:
        shapes.append(_shape(node))
        node = node.parentNode
    return tuple(shapes)


def _paragraph(cell):
    """The paragraph xhtml2pdf made of a cell of text (in a keep-in-frame)."""
    return cell._content[0]


def _last_value(styles: list[tuple], name: str, col: int, row: int, columns: int) -> float:
    """The value the last `name` command covering the cell gives it (ReportLab's rule)."""
    value = 0.0
    for style in styles:
        if style[0] == name and _covers(style[1], style[2], col, row, columns):
            value = style[3]
    return value


def _covers(begin, end, col: int, row: int, columns: int) -> bool:
    (c0, r0), (c1, r1) = begin, end
    c0, c1 = (c + columns if c < 0 else c for c in (c0, c1))
    # Rows: only this body's first row and ranges from the top are written by xhtml2pdf.
    return c0 <= col <= c1 and (r0 <= row and (r1 < 0 or row <= r1))


def _text_styles(para, col: int, first: int, last: int, padding: list[float]) -> list[tuple]:
    """A column's font, size, colour and alignment, and the line pitch and first baseline
    of xhtml2pdf's paragraph: ReportLab puts a text cell's first baseline one font size
    under the top padding and the next ones one leading apart; xhtml2pdf's paragraph, its
    ascent under it and one line's extent apart."""
    cells = (col, first), (col, last)
    f = para.frags[0]
    para.wrap(1e6, 1e6)
    lines = para.blPara.lines
    pitch = para.height / len(lines)
    shift = f.fontSize - getattr(lines[0], "ascent", f.fontSize)
    style = para.style
    return [("FONTNAME", *cells, f.fontName), ("FONTSIZE", *cells, f.fontSize),
            ("LEADING", *cells, pitch), ("TEXTCOLOR", *cells, f.textColor),
            ("ALIGN", *cells, ALIGN.get(style.alignment, "LEFT")),
            ("TOPPADDING", *cells, padding[0] - shift),
            ("BOTTOMPADDING", *cells, padding[1] + shift)]


def _elements(node) -> list:
    return [n for n in node.childNodes if n.nodeType == Node.ELEMENT_NODE]


def _shape(node) -> tuple:
    return node.tagName, tuple(sorted(node.attributes.items()))


def _plain_rows(tbody) -> tuple[list, list[list[str]]] | None:
    """The rows and their cells' text, or None unless every row has the first one's shape
    and its cells hold text and <br> only."""
    rows = _elements(tbody)
    if not rows or rows[0].tagName != "tr":
        return None
    shape = [_shape(rows[0])] + [_shape(td) for td in _elements(rows[0])]
    if any(s[0] not in ("td", "th") or any(k in ("colspan", "rowspan") for k, _ in s[1])
           for s in shape[1:]):
        return None
    texts = []
    for tr in rows:
        cells = _elements(tr)
        if [_shape(tr)] + [_shape(td) for td in cells] != shape:
            return None
        row = [_text(td) for td in cells]
        if None in row:
            return None
        texts.append(row)
    return rows, texts


def _text(td) -> str | None:
    """A cell's text as HTML shows it (white space collapsed), a line per <br>."""
    lines, words = [], []
    for child in td.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            words.append(child.data)
        elif child.nodeType == Node.ELEMENT_NODE and child.tagName == "br":
            lines.append(" ".join("".join(words).split()))
            words = []
        else:
            return None
    lines.append(" ".join("".join(words).split()))
    return "\n".join(lines)
