"""The visible signature block: the verification QR beside who signed and when.

Both signers draw the same block: pyHanko as a stamp over the letter (local), BSrE from
the image we send it (`block_png`)."""
from __future__ import annotations

import io

import segno
from PIL import Image, ImageDraw, ImageFont

from app.paths import ROOT
from app.signing import SignerIdentity

FONT = ROOT / "static" / "fonts" / "DejaVuSans.ttf"
FONT_BOLD = ROOT / "static" / "fonts" / "DejaVuSans-Bold.ttf"


def block_lines(identity: SignerIdentity) -> list[str]:
    lines = ["Ditandatangani secara elektronik oleh:", identity.nama, identity.jabatan]
    if identity.nip:
        lines.append("NIP. " + identity.nip)
    lines.append(identity.waktu)
    return lines


def qr_image(url: str, scale: int = 4) -> Image.Image:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=1)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def block_png(identity: SignerIdentity, dpi: int = 200) -> bytes:
    """The block as a PNG sized for the identity's box at `dpi`."""
    box = identity.kotak
    width_pt, height_pt = (box.width, box.height) if box else (240.0, 70.0)
    w, h = int(width_pt / 72 * dpi), int(height_pt / 72 * dpi)
    image = Image.new("RGB", (w, h), "white")
    x = 6  # no verification page (the period report): the text alone
    if identity.verifikasi_url:
        qr = qr_image(identity.verifikasi_url, scale=8).resize((h - 8, h - 8), Image.NEAREST)
        image.paste(qr, (4, 4))
        x = h + 6
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, w - 1, h - 1), outline="black", width=2)
    lines = block_lines(identity)
    size = max(10, int((h - 16) / (len(lines) * 1.3)))
    y = 6
    for i, line in enumerate(lines):
        font = ImageFont.truetype(str(FONT_BOLD if i == 1 else FONT), size)
        draw.text((x, y), line, fill="black", font=font)
        y += int(size * 1.3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
