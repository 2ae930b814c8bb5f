"""The SOP's flowchart reads cleanly (issue 23): no "Ya"/"Tidak" sits on a line, and no
two arrowheads lie on each other (several decisions going back to one activity share its
one arrowhead). The drawing is watched through reportlab's own canvas calls."""
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from app.documents import bagan

LABELS = ("Ya", "Tidak")


def _watch(monkeypatch):
    """What each part of the procedure table draws (its grid and its flowchart, in the
    part's own coordinates; the table may run over two pages)."""
    parts = []
    seen = None
    table_draw = bagan.BaganProsedur.draw
    line, draw, right, path = Canvas.line, Canvas.drawString, Canvas.drawRightString, Canvas.drawPath

    def on_table(self):
        nonlocal seen
        seen = {"lines": [], "labels": [], "tips": []}
        parts.append(seen)
        try:
            return table_draw(self)
        finally:
            seen = None

    def on_line(self, x1, y1, x2, y2):
        if seen is not None:
            seen["lines"].append((x1, y1, x2, y2))
        return line(self, x1, y1, x2, y2)

    def on_string(self, x, y, text, *a, **kw):
        if text in LABELS and seen is not None:
            w = pdfmetrics.stringWidth(text, bagan.FONT, 5.5)
            seen["labels"].append((text, x, y, x + w, y + 4))
        return draw(self, x, y, text, *a, **kw)

    def on_right(self, x, y, text, *a, **kw):
        if text in LABELS and seen is not None:
            w = pdfmetrics.stringWidth(text, bagan.FONT, 5.5)
            seen["labels"].append((text, x - w, y, x, y + 4))
        return right(self, x, y, text, *a, **kw)

    def on_path(self, p, stroke=1, fill=0, *a, **kw):
        if fill and not stroke and seen is not None:  # an arrowhead: its first point is the tip
            x, y = next(op for op in p._code if op.endswith(" m")).split()[:2]
            seen["tips"].append((round(float(x), 1), round(float(y), 1)))
        return path(self, p, stroke, fill, *a, **kw)

    monkeypatch.setattr(bagan.BaganProsedur, "draw", on_table)
    monkeypatch.setattr(Canvas, "line", on_line)
    monkeypatch.setattr(Canvas, "drawString", on_string)
    monkeypatch.setattr(Canvas, "drawRightString", on_right)
    monkeypatch.setattr(Canvas, "drawPath", on_path)
    return parts


def _crosses(box, segment) -> bool:
    _text, left, bottom, right, top = box
    x1, y1, x2, y2 = segment
    if abs(y1 - y2) < 0.01:  # horizontal
        return bottom - 0.4 < y1 < top + 0.4 and min(x1, x2) < right and max(x1, x2) > left
    if abs(x1 - x2) < 0.01:  # vertical
        return left - 0.4 < x1 < right + 0.4 and min(y1, y2) < top and max(y1, y2) > bottom
    return False


def test_no_label_on_a_line_and_no_arrowheads_on_each_other(login_as, monkeypatch):
    parts = _watch(monkeypatch)
    response = login_as("camat").get("/admin/sop.pdf")
    assert response.status_code == 200
    assert sum(1 for p in parts for b in p["labels"] if b[0] == "Tidak") >= 3
    for seen in parts:
        on_lines = [(b[0], s) for b in seen["labels"] for s in seen["lines"] if _crosses(b, s)]
        assert on_lines == []
        tips = seen["tips"]
        close = [(a, b) for i, a in enumerate(tips) for b in tips[i + 1:]
                 if abs(a[0] - b[0]) < 4 and abs(a[1] - b[1]) < 7 and a != b]
        assert close == []
