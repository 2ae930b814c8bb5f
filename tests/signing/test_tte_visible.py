"""The visible signature block, looked at as an image: the letter signed, turned into a
PNG with pdftoppm, and the block's box found drawn (QR and text) where the template
leaves space between the Camat's title and name."""
from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from app.workflow import engine
from test_tte import cert, local_signer, signed_copy, signer_config  # noqa: F401 (fixtures)

# Pictures to look at are kept in tests/artifacts/ when asked (`E2E_SHOTS=1`, as for the
# browser's screenshots); otherwise in a temporary folder: a run leaves the checkout as is.
if os.environ.get("E2E_SHOTS") == "1":
    ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
else:
    ARTIFACTS = Path(tempfile.mkdtemp(prefix="ktpel-artifacts-"))
    atexit.register(shutil.rmtree, ARTIFACTS, ignore_errors=True)


def _png(pdf: bytes, name: str, dpi: int = 60) -> Image.Image:
    ARTIFACTS.mkdir(exist_ok=True)
    src = ARTIFACTS / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
                    str(src), str(ARTIFACTS / name)], check=True)
    with Image.open(ARTIFACTS / f"{name}.png") as picture:
        return picture.convert("L")


def test_visible_block_is_drawn_between_title_and_name(local_signer, an_application, users,  # noqa: F811
                                                       cert):  # noqa: F811
    p = an_application("diverifikasi")
    engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    data = signed_copy(p.id).isi
    reader = PdfFileReader(io.BytesIO(data))
    field = reader.embedded_signatures[0].sig_field
    x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
    assert x2 - x1 == pytest.approx(240) and y2 - y1 >= 30
    dpi = 100
    image = _png(data, "surat-pengantar-ttd", dpi)
    page_h = float(reader.root["/Pages"]["/Kids"][0]["/MediaBox"][3])
    scale = dpi / 72
    box = (int(x1 * scale), int((page_h - y2) * scale), int(x2 * scale), int((page_h - y1) * scale))
    inside = image.crop(box)
    dark = sum(1 for v in inside.get_flattened_data() if v < 100) / (inside.width * inside.height)
    assert dark > 0.08, "the block (QR and text) is not drawn in its box"
    # The QR sits at the block's left: its square is mostly dark-and-light modules.
    qr = inside.crop((4, 4, inside.height - 4, inside.height - 4))
    assert 0.25 < sum(1 for v in qr.get_flattened_data() if v < 100) / (qr.width * qr.height) < 0.75
    _png(data, "surat-pengantar-ttd-60")  # the whole page at 60 dpi, for looking at


def test_wet_signature_letter_keeps_its_space_and_the_paraf_box(login_as, an_application):
    p = an_application("disahkan")
    data = login_as("camat").get(f"/admin/permohonan/{p.id}/cetak/surat-pengantar.pdf").data
    image = _png(data, "surat-pengantar-basah", 60)
    assert image.width > 400  # looked at: tests/artifacts/surat-pengantar-basah.png


def test_stamp_text_is_in_the_embedded_dejavu_truetype(local_signer, an_application, users,  # noqa: F811
                                                       cert):  # noqa: F811
    """Not a standard font (Courier) left to the reader: the bundled DejaVu Sans, its
    subset embedded, widths from the font itself."""
    from pypdf import PdfReader

    p = an_application("diverifikasi")
    engine.perform(p.id, "sahkan", users["camat"], data={"passphrase": cert.passphrase})
    data = signed_copy(p.id).isi
    reader = PdfReader(io.BytesIO(data))
    field = next(a.get_object() for a in reader.pages[0]["/Annots"]
                 if a.get_object().get("/FT") == "/Sig")
    fonts = field["/AP"]["/N"]["/Resources"]["/Font"]
    [font] = [f.get_object() for f in fonts.values()]
    assert font["/Subtype"] == "/TrueType" and font["/BaseFont"].endswith("+DejaVuSans")
    assert font["/Encoding"] == "/WinAnsiEncoding"
    program = font["/FontDescriptor"]["/FontFile2"].get_data()
    assert program[:4] == b"\x00\x01\x00\x00"  # a TrueType font program, embedded
    assert 2_000 < len(program) < 200_000  # a subset, not the whole 750 KB face
    widths = font["/Widths"]
    assert len(set(w for w in widths if w)) > 5  # proportional, not monospaced
    _png(data, "surat-pengantar-ttd-huruf", 150)  # looked at: the block's text in DejaVu


def test_the_stamp_font_cut_from_the_winansi_face_is_the_one_cut_from_the_whole_face():
    """Signing cuts the stamp's subset from a WinAnsi cut of DejaVu Sans made once per
    process (the whole face is no longer parsed for every signature): the glyphs, metrics
    and tables embedded are the same as those cut from the whole face, less the layout
    tables (substitutions, kerning) that a one-Tj-per-line simple font never uses."""
    from fontTools import ttLib
    from pyhanko.pdf_utils.writer import PdfFileWriter

    from app.signing import font
    from app.signing.tampilan import FONT

    text = "Ditandatangani secara elektronik oleh: Drs. NOÑO Élan, S.Sos. — “1 Desember”"

    def embedded(engine):
        engine.shape(text)
        engine.prepare_write()
        font_dict = engine.as_resource().get_object()
        tt = ttLib.TTFont(io.BytesIO(font_dict["/FontDescriptor"]["/FontFile2"].get_object().data))
        tables = {tag: tt[tag].compile(tt) for tag in tt.keys()
                  if tag not in ("GlyphOrder", "head", "loca", "glyf")}  # head: a timestamp
        glyphs = {name: tt["glyf"][name].compile(tt["glyf"]) for name in tt.getGlyphOrder()}
        return tables, glyphs, list(font_dict["/Widths"]), font_dict["/FontDescriptor"]["/FontBBox"]

    class WholeFace(font.TrueTypeEngine):  # as signing did before: the 750 KB face itself
        def __init__(self, writer, path):
            super().__init__(writer, path)
            self.tt = ttLib.TTFont(str(path))
            self.cmap, self.upm = self.tt.getBestCmap(), self.tt["head"].unitsPerEm

    cut = embedded(font.TrueTypeEngine(PdfFileWriter(), FONT))
    assert cut == embedded(WholeFace(PdfFileWriter(), FONT))
    assert not {"GSUB", "GPOS", "GDEF"} & set(cut[0])
    assert len(ttLib.TTFont(io.BytesIO(font._winansi_face(FONT))).getGlyphOrder()) < 400
