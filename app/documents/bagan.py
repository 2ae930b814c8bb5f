"""The SOP's procedure table with its flowchart in the executor columns, as Permenpan-RB
35/2012 (SOP Administrasi Pemerintahan) draws it: a capsule for the first and last
activity, a box for an activity, a diamond for a decision, arrows between them, one
column (lane) per executor. Drawn with reportlab straight into PDF (xhtml2pdf cannot draw
shapes): the table lays the rows out by their text, then the flowchart is drawn over the
lane cells at the positions the table chose."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)
from xml.sax.saxutils import escape

from app.documents.render import STATIC
from app.documents.sop import Baris

FONT, BOLD = "DejaVu", "DejaVu-Bold"
GREY = colors.HexColor("#e9e9e9")
F4 = (215 * mm, 330 * mm)


def _fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT not in registered:
        pdfmetrics.registerFont(TTFont(FONT, str(STATIC / "fonts" / "DejaVuSans.ttf")))
    if BOLD not in registered:
        pdfmetrics.registerFont(TTFont(BOLD, str(STATIC / "fonts" / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD)


def _styles():
    body = ParagraphStyle("sel", fontName=FONT, fontSize=7.5, leading=9.2)
    head = ParagraphStyle("kepala", parent=body, fontName=BOLD, alignment=TA_CENTER)
    centre = ParagraphStyle("tengah", parent=body, alignment=TA_CENTER)
    small = ParagraphStyle("kecil", parent=body, fontSize=7, leading=8.5)
    title = ParagraphStyle("judul", parent=body, fontName=BOLD, fontSize=10, leading=13)
    note = ParagraphStyle("catatan", parent=body, fontSize=7.5, leading=9.5)
    return body, head, centre, small, title, note


class BaganProsedur(Table):
    """The procedure table; after drawing its grid it draws the flowchart in the lanes."""

    def __init__(self, data, rows: list[Baris], lanes: tuple[str, ...], first_lane: int,
                 header_rows: int, **kw):
        super().__init__(data, **kw)
        self.baris, self.lanes = rows, lanes
        self.first_lane, self.header_rows = first_lane, header_rows

    def draw(self):
        super().draw()
        _Drawer(self).draw()


class _Drawer:
    def __init__(self, table: BaganProsedur):
        self.c = table.canv
        self.t = table
        cols, rows = table._colpositions, table._rowpositions  # left->right, top->bottom
        self.lane_x = [(cols[table.first_lane + i] + cols[table.first_lane + i + 1]) / 2
                       for i in range(len(table.lanes))]
        self.lane_w = cols[table.first_lane + 1] - cols[table.first_lane]
        top = table.header_rows
        self.row_y = [(rows[top + i] + rows[top + i + 1]) / 2 for i in range(len(table.baris))]
        self.row_bottom = [rows[top + i + 1] for i in range(len(table.baris))]
        # Boxes narrower than the lane: the "Tidak" arrows run up beside them.
        self.w = min(self.lane_w * 0.6, 50)
        self.h = 16
        self.dw, self.dh = min(self.lane_w - 8, 54), 26

    def lane(self, name: str) -> int:
        return self.t.lanes.index(name)

    def size(self, row: Baris):
        return (self.dw, self.dh) if row.bentuk == "keputusan" else (self.w, self.h)

    def draw(self):
        c = self.c
        c.saveState()
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.8)
        for i, row in enumerate(self.t.baris):
            x, y = self.lane_x[self.lane(row.pelaksana[0])], self.row_y[i]
            self.symbol(row, x, y)
            for other in row.pelaksana[1:]:  # a second executor of the same activity
                ox = self.lane_x[self.lane(other)]
                # Above the middle: a "Tidak" arrow may come into the symbol's side below it.
                c.setDash(2, 2)
                c.line(x + (self.w / 2 if ox > x else -self.w / 2), y + 3,
                       ox - (self.w / 2 if ox > x else -self.w / 2), y + 3)
                c.setDash()
                c.rect(ox - self.w / 2, y - self.h / 2, self.w, self.h)
        for i in range(len(self.t.baris) - 1):
            self.forward(i, i + 1)
        for i, row in enumerate(self.t.baris):
            if row.kembali_ke is not None:
                self.back(i, row.kembali_ke)
        c.restoreState()

    def symbol(self, row: Baris, x: float, y: float):
        c = self.c
        if row.bentuk in ("mulai", "selesai"):
            c.roundRect(x - self.w / 2, y - self.h / 2, self.w, self.h, self.h / 2)
        elif row.bentuk == "keputusan":
            p = c.beginPath()
            p.moveTo(x, y + self.dh / 2)
            p.lineTo(x + self.dw / 2, y)
            p.lineTo(x, y - self.dh / 2)
            p.lineTo(x - self.dw / 2, y)
            p.close()
            c.drawPath(p)
            c.setFont(FONT, 5.5)
            c.drawCentredString(x, y - 2, row.keputusan)
            return
        else:
            c.rect(x - self.w / 2, y - self.h / 2, self.w, self.h)
        c.setFont(FONT, 6)
        c.drawCentredString(x, y - 2, row.nomor)

    def arrow_head(self, x: float, y: float, direction: str):
        s = 3.2
        dx, dy = {"down": (0, -1), "up": (0, 1), "left": (-1, 0), "right": (1, 0)}[direction]
        p = self.c.beginPath()
        p.moveTo(x, y)
        p.lineTo(x - dx * s * 1.6 - dy * s, y - dy * s * 1.6 - dx * s)
        p.lineTo(x - dx * s * 1.6 + dy * s, y - dy * s * 1.6 + dx * s)
        p.close()
        self.c.setFillColor(colors.black)
        self.c.drawPath(p, fill=1, stroke=0)

    def forward(self, i: int, j: int):
        a, b = self.t.baris[i], self.t.baris[j]
        x1, y1 = self.lane_x[self.lane(a.pelaksana[0])], self.row_y[i] - self.size(a)[1] / 2
        x2, y2 = self.lane_x[self.lane(b.pelaksana[0])], self.row_y[j] + self.size(b)[1] / 2
        # The turn halfway between the symbol and the row's lower edge, off the grid line.
        mid = (y1 + self.row_bottom[i]) / 2
        c = self.c
        if abs(x1 - x2) < 0.5:
            c.line(x1, y1, x2, y2)
        else:
            c.line(x1, y1, x1, mid)
            c.line(x1, mid, x2, mid)
            c.line(x2, mid, x2, y2)
        self.arrow_head(x2, y2, "down")
        if a.bentuk == "keputusan":  # beside the line, on the side it does not turn to
            c.setFont(FONT, 5.5)
            if x2 > x1 + 0.5:
                c.drawRightString(x1 - 2, y1 - 6, "Ya")
            else:
                c.drawString(x1 + 2, y1 - 6, "Ya")

    def back(self, i: int, j: int):
        """The decision's "Tidak": out of the diamond's side towards the lane it goes back
        to, up beside the activity and into its side. Several decisions going back to one
        activity share its channel and its one arrowhead (their lines join, as a
        flowchart's do), so no two arrowheads lie on each other. The word sits beside the
        channel at the turn, clear of every line, never on one."""
        a, b = self.t.baris[i], self.t.baris[j]
        xa, ya = self.lane_x[self.lane(a.pelaksana[0])], self.row_y[i]
        xb, yb = self.lane_x[self.lane(b.pelaksana[0])], self.row_y[j] - 3
        left = xb < xa
        start = xa - self.dw / 2 if left else xa + self.dw / 2
        edge = xb + self.size(b)[0] / 2 if left else xb - self.size(b)[0] / 2
        channel = edge + (4 if left else -4)
        c = self.c
        c.line(start, ya, channel, ya)
        c.line(channel, ya, channel, yb)
        c.line(channel, yb, edge, yb)
        self.arrow_head(edge, yb, "left" if left else "right")
        c.setFont(FONT, 5.5)
        if left:
            c.drawRightString(channel - 2, ya + 2.5, "Tidak")
        else:
            c.drawString(channel + 2, ya + 2.5, "Tidak")


def procedure_pdf(rows: list[Baris], lanes: tuple[str, ...], paper: str, judul: str,
                  catatan: list[str]) -> bytes:
    """The procedure page(s), landscape on the office's paper."""
    _fonts()
    body, head, centre, small, title, note = _styles()
    size = landscape(F4 if paper == "F4" else A4)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=2.5 * cm, rightMargin=2 * cm,
                            topMargin=1.6 * cm, bottomMargin=1.8 * cm, title=judul)
    width = size[0] - 4.5 * cm
    P = lambda text, style=body: Paragraph(escape(text), style)  # noqa: E731
    n = len(lanes)
    header = [[P("No.", head), P("Kegiatan", head), P("Pelaksana", head)] + [""] * (n - 1)
              + [P("Mutu Baku", head), "", "", "", P("Keterangan", head)],
              ["", ""] + [P(name, head) for name in lanes]
              + [P(t, head) for t in ("Kelengkapan", "Waktu", "Biaya", "Output")] + [""]]
    data = header + [
        [P(r.nomor, centre), P(r.kegiatan), *([""] * n), P(r.kelengkapan), P(r.waktu, centre),
         P(r.biaya, centre), P(r.output), P(r.keterangan, small)] for r in rows]
    # Shares of the line: lanes wide enough for a diamond and its "Tidak" arrow.
    shares = [0.035, 0.17] + [0.075] * n + [0.14, 0.05, 0.045, 0.085]
    shares.append(1 - sum(shares))
    widths = [width * s for s in shares]
    last = 2 + n
    style = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 1), GREY),
        ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (last - 1, 0)), ("SPAN", (last, 0), (last + 3, 0)),
        ("SPAN", (last + 4, 0), (last + 4, 1)),
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"), ("VALIGN", (0, 2), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ])
    # Room for the symbols and the arrows between them, whatever the text's height.
    heights = [None, None] + [_min_height(r, widths, body, small) for r in rows]
    table = BaganProsedur(data, rows, lanes, first_lane=2, header_rows=2, colWidths=widths,
                          rowHeights=heights, style=style, repeatRows=2)
    # The flowchart cannot be cut across pages: a procedure taller than the page (a
    # workflow with more activities, on A4) is drawn smaller to fit it, as a whole.
    story = [KeepInFrame(doc.width, doc.height, [Paragraph(escape(judul), title),
                                                 Spacer(1, 4), table], mode="shrink"),
             Spacer(1, 8)]
    story += [Paragraph(escape(line), note) for line in catatan]
    doc.build(story)
    return out.getvalue()


def _min_height(row: Baris, widths, body, small) -> float:
    """The row's height: its longest text, but never less than a symbol and its arrows."""
    texts = [(row.kegiatan, widths[1], body), (row.kelengkapan, widths[-5], body),
             (row.output, widths[-2], body), (row.keterangan, widths[-1], small)]
    tallest = max(Paragraph(escape(t), st).wrap(w - 6, 1000)[1] for t, w, st in texts if t)
    return max(tallest + 6, 44)
