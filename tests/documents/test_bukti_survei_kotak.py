"""The survey box on the proof of hand-over (Bukti Serah Terima) has room inside: the
Bukti drawn by xhtml2pdf, turned into a picture with pdftoppm, the box's border found
around the survey's text (placed by pypdf) and the white between the border and what is
inside it (the QR, the text) measured on every side."""
from __future__ import annotations

import io
import subprocess

from PIL import Image
from pypdf import PdfReader

from app.signing.placement import _lines

DPI = 144          # 2 pixels per point
PX = DPI / 72
DARK = 128
MIN_PADDING_PT = 4  # the QR and the text never touch the border: about 1.5 mm


def bukti(login_as, an_application) -> bytes:
    p = an_application("diserahkan")
    response = login_as("sekretariat").get(
        f"/admin/permohonan/{p.id}/cetak/bukti-serah-terima.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def picture(pdf: bytes, page: int, tmp_path) -> Image.Image:
    src = tmp_path / "bukti.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", str(DPI), "-f", str(page + 1),
                    "-l", str(page + 1), "-singlefile", str(src), str(tmp_path / "bukti")],
                   check=True)
    with Image.open(tmp_path / "bukti.png") as png:
        return png.convert("L")


def dark_run(values) -> int:
    """The longest run of dark pixels."""
    best = run = 0
    for v in values:
        run = run + 1 if v < DARK else 0
        best = max(best, run)
    return best


def survey_box(image: Image.Image, x: int, y: int) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the bordered box around the pixel (x, y): the nearest
    long horizontal lines above and below, the nearest long vertical lines on each side."""
    px = image.load()
    w, h = image.size

    def row_is_line(r):
        return dark_run(px[c, r] for c in range(w)) > w * 0.5

    top = next(r for r in range(y, 0, -1) if row_is_line(r))
    bottom = next(r for r in range(y, h) if row_is_line(r))
    tall = (bottom - top) * 0.8

    def col_is_line(c):
        return dark_run(px[c, r] for r in range(top, bottom + 1)) > tall

    left = next(c for c in range(x, 0, -1) if col_is_line(c))
    right = next(c for c in range(x, w) if col_is_line(c))
    return left, top, right, bottom


def inked(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The bounds of what is drawn inside the box, its border lines left out."""
    left, top, right, bottom = box
    px = image.load()
    # Step past the border lines themselves (a thin line is one to three pixels).
    while px[left + 1, (top + bottom) // 2] < DARK:
        left += 1
    while px[right - 1, (top + bottom) // 2] < DARK:
        right -= 1
    while px[(left + right) // 2, top + 1] < DARK:
        top += 1
    while px[(left + right) // 2, bottom - 1] < DARK:
        bottom -= 1
    xs, ys = [], []
    for c in range(left + 1, right):
        for r in range(top + 1, bottom):
            if px[c, r] < DARK:
                xs.append(c)
                ys.append(r)
    assert xs, "nothing drawn inside the survey box"
    return (min(xs) - left - 1, min(ys) - top - 1, right - 1 - max(xs), bottom - 1 - max(ys))


def test_the_survey_box_on_the_bukti_has_padding_on_every_side(
        login_as, an_application, tmp_path):
    pdf = bukti(login_as, an_application)
    lines = _lines(PdfReader(io.BytesIO(pdf)))
    page, x, y, size, _ = next(ln for ln in lines if ln[4].startswith("Survei Kepuasan Masyarakat."))
    image = picture(pdf, page, tmp_path)
    page_height = float(PdfReader(io.BytesIO(pdf)).pages[page].mediabox.height)
    inside_text = (int((x + 2) * PX), int((page_height - y - size / 2) * PX))
    box = survey_box(image, *inside_text)
    gaps = [g / PX for g in inked(image, box)]  # in points: left, top, right, bottom
    assert min(gaps) >= MIN_PADDING_PT, f"padding (pt) left, top, right, bottom: {gaps}"
    # One box (no line between the QR and the text), and the text has room from the QR.
    left, top, right, bottom = box
    px = image.load()
    text_left = int(x * PX)
    qr_right = max(c for c in range(left + 2, text_left - 1)
                   for r in range(top + 2, bottom - 1) if px[c, r] < DARK)
    assert (text_left - qr_right) / PX >= MIN_PADDING_PT
    assert qr_right - left > 40 * PX, "the box found is the text's alone: a line splits it"
