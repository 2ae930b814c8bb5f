"""The visible signature's text in the bundled DejaVu Sans, embedded as a TrueType subset.

pyHanko's own TrueType engine (`pyhanko.pdf_utils.font.opentype`) needs HarfBuzz for
shaping, which is not installed; the stamp's lines are plain Latin text (Indonesian
names, titles, dates), so a simple TrueType font with WinAnsi encoding and the widths
from the font's own metrics draws them exactly, with fontTools alone for the subset."""
from __future__ import annotations

import functools
import io
from pathlib import Path

from fontTools import subset, ttLib
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory, ShapeResult
from pyhanko.pdf_utils.generic import pdf_name

ENCODING = "cp1252"  # = the PDF's /WinAnsiEncoding for the printable range


def _unicode(code: int) -> int:
    """The character a WinAnsi byte stands for (U+FFFD for the few undefined ones)."""
    return ord(bytes([code]).decode(ENCODING, "replace"))


WINANSI = frozenset(_unicode(code) for code in range(256))


def _subset(tt: ttLib.TTFont, chars) -> None:
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    # One Tj per line: no reader applies a simple font's substitutions or kerning, so the
    # layout tables would be dead weight (and most of each subset's work).
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(tt)


@functools.cache
def _winansi_face(path: Path) -> bytes:
    """The face cut once per process to the WinAnsi repertoire, the only characters a
    stamp can use: each signature then subsets ~250 glyphs, not the whole 750 KB face
    (the same glyphs, metrics and names come out). Bytes: read-only, never shared state."""
    tt = ttLib.TTFont(str(path))
    _subset(tt, WINANSI)
    program = io.BytesIO()
    tt.save(program)
    return program.getvalue()


class TrueTypeEngine(FontEngine):
    def __init__(self, writer, path: Path, obj_stream=None):
        self.tt = ttLib.TTFont(io.BytesIO(_winansi_face(Path(path))))
        self.ps_name = self.tt["name"].getDebugName(6) or Path(path).stem
        super().__init__(writer, self.ps_name, embedded_subset=True, obj_stream=obj_stream)
        self.cmap = self.tt.getBestCmap()
        self.upm = self.tt["head"].unitsPerEm
        self.used: set[int] = set()
        self._ref = writer.allocate_placeholder()
        self._written = False

    @property
    def uses_complex_positioning(self):
        return False  # one Tj per line: the PDF's own advance rules place the glyphs

    def _width(self, code: int) -> float:
        """The glyph's advance for a WinAnsi code, in 1/1000 em."""
        glyph = self.cmap.get(_unicode(code))
        if glyph is None:
            return 0.0
        return self.tt["hmtx"][glyph][0] * 1000 / self.upm

    def shape(self, txt: str) -> ShapeResult:
        data = txt.encode(ENCODING, "replace")
        self.used.update(data)
        ops = io.BytesIO()
        generic.ByteStringObject(data).write_to_stream(ops)
        ops.write(b" Tj")
        return ShapeResult(graphics_ops=ops.getvalue(),
                           x_advance=sum(self._width(c) for c in data) / 1000, y_advance=0)

    def as_resource(self):
        return self._ref

    def prepare_write(self):
        if self._written:
            return
        self._written = True
        first, last = min(self.used, default=32), max(self.used, default=32)
        widths = [round(self._width(c)) if c in self.used else 0 for c in range(first, last + 1)]
        chars = {_unicode(c) for c in self.used}
        _subset(self.tt, chars)
        program = io.BytesIO()
        self.tt.save(program)
        stream = generic.StreamObject(stream_data=program.getvalue())
        stream.compress()
        name = f"{self.subset_prefix}+{self.ps_name}"
        head, hhea, os2 = self.tt["head"], self.tt["hhea"], self.tt["OS/2"]
        scale = 1000 / self.upm
        bbox = (head.xMin, head.yMin, head.xMax, head.yMax)
        descriptor = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/FontDescriptor"),
            pdf_name("/FontName"): pdf_name("/" + name),
            pdf_name("/Flags"): generic.NumberObject(32),  # nonsymbolic: WinAnsi applies
            pdf_name("/FontBBox"): generic.ArrayObject(
                generic.NumberObject(round(v * scale)) for v in bbox),
            pdf_name("/ItalicAngle"): generic.NumberObject(0),
            pdf_name("/Ascent"): generic.NumberObject(round(hhea.ascent * scale)),
            pdf_name("/Descent"): generic.NumberObject(round(hhea.descent * scale)),
            pdf_name("/CapHeight"): generic.NumberObject(
                round(getattr(os2, "sCapHeight", 730) * scale)),
            pdf_name("/StemV"): generic.NumberObject(80),
            pdf_name("/FontFile2"): self.writer.add_object(stream),
        })
        font = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Font"),
            pdf_name("/Subtype"): pdf_name("/TrueType"),
            pdf_name("/BaseFont"): pdf_name("/" + name),
            pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding"),
            pdf_name("/FirstChar"): generic.NumberObject(first),
            pdf_name("/LastChar"): generic.NumberObject(last),
            pdf_name("/Widths"): generic.ArrayObject(generic.NumberObject(w) for w in widths),
            pdf_name("/FontDescriptor"): self.writer.add_object(descriptor),
        })
        self.writer.add_object(font, self.obj_stream, idnum=self._ref.idnum)


class TrueTypeEngineFactory(FontEngineFactory):
    def __init__(self, path: Path):
        self.path = Path(path)

    def create_font_engine(self, writer, obj_stream=None) -> TrueTypeEngine:
        return TrueTypeEngine(writer, self.path, obj_stream)
