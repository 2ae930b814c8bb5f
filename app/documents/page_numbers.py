"""Stamp "Halaman X dari Y" on every page of a merged PDF without re-parsing its pages.

pypdf's merge_page decodes each page's content stream into Python operator lists and
writes it back uncompressed: for a year's register that cost more memory and time than
rendering, and made the file six times larger. Here every page keeps its own (still
compressed) content and only gains three references: a shared "q" before it, a shared
"Q" after it (so nothing the page left in the graphics state moves the stamp), and a
few bytes of text drawn in Helvetica, a font every PDF reader has without embedding."""
from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject,
                           IndirectObject, NameObject)
from reportlab.pdfbase.pdfmetrics import stringWidth

FONT_NAME = "/KtpHalaman"  # a resource name that neither xhtml2pdf nor reportlab uses
FONT_SIZE = 8
RIGHT_MARGIN = 56   # points from the right edge, inside the table's right border
BASELINE = 24       # points from the bottom edge, below the page's bottom margin


def stamp(writer: PdfWriter) -> int:
    """Number every page of `writer` in place; returns the page count printed."""
    total = len(writer.pages)
    # pypdf has no public call to add an indirect object; _add_object is what its own
    # page and annotation helpers use.
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    save, restore = _stream(writer, b"q\n"), _stream(writer, b"\nQ\n")
    for number, page in enumerate(writer.pages, start=1):
        text = f"Halaman {number} dari {total}"
        x = float(page.mediabox.right) - RIGHT_MARGIN - stringWidth(text, "Helvetica", FONT_SIZE)
        y = float(page.mediabox.bottom) + BASELINE
        drawn = _stream(writer, f"BT {FONT_NAME} {FONT_SIZE} Tf {x:.2f} {y:.2f} Td "
                                f"({text}) Tj ET\n".encode("ascii"))
        _add_font(page, font)
        page[NameObject("/Contents")] = ArrayObject([save, *_contents(page), restore, drawn])
    return total


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _contents(page) -> list:
    contents = page.get("/Contents")
    if contents is None:
        return []
    resolved = contents.get_object()
    return list(resolved) if isinstance(resolved, ArrayObject) else [contents]


def _add_font(page, font: IndirectObject) -> None:
    # pypdf copies inherited resources onto each page it reads. They may be shared by
    # several pages of one chunk: adding the same entry twice is harmless.
    resources = page["/Resources"].get_object()
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    resources["/Font"].get_object()[NameObject(FONT_NAME)] = font
