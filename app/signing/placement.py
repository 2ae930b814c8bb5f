"""Where the visible signature goes on a rendered letter: in the space the template
leaves between the signer's title and name (templates/pdf/surat_pengantar.html)."""
from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from app.signing import Kotak
from app.signing.tampilan import FONT

BOX_WIDTH = 240.0
_FONT = "TTE-DejaVuSans"


def _lines(reader: PdfReader) -> list[tuple[int, float, float, float, str]]:
    """(page, x, y, font size, text) of each text run, in page coordinates."""
    out = []
    for index, page in enumerate(reader.pages):
        def visit(text, cm, tm, font, size, index=index):
            if text.strip():
                # The run's origin is the text matrix mapped by the current matrix.
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                out.append((index, x, y, size * abs(tm[0] or 1) * abs(cm[0] or 1), text.strip()))
        page.extract_text(visitor_text=visit)
    return out


def kotak_antara(pdf_bytes: bytes, atas: str, bawah: str, font_size: float = 10.5) -> Kotak | None:
    """The box between the last line reading `atas` and the `bawah` line under it,
    centred on `atas`; None when the letter has no such lines."""
    lines = _lines(PdfReader(io.BytesIO(pdf_bytes)))
    title = next((ln for ln in reversed(lines) if ln[4] == atas), None)
    if title is None:
        return None
    name = next((ln for ln in lines if ln[0] == title[0] and ln[2] < title[2]
                 and ln[4].startswith(bawah)), None)
    if name is None:
        return None
    try:
        width = stringWidth(atas, _FONT, font_size)
    except KeyError:
        registerFont(TTFont(_FONT, str(FONT)))
        width = stringWidth(atas, _FONT, font_size)
    centre = title[1] + width / 2
    bottom = name[2] + font_size + 2
    top = title[2] - 4
    return Kotak(page=title[0], x=centre - BOX_WIDTH / 2, y=bottom, width=BOX_WIDTH,
                 height=max(top - bottom, 30.0))
