"""The office's emblem for the letterhead: an uploaded image, checked and re-encoded.

Only what Pillow can decode as PNG or JPEG is accepted; it is re-saved as a fresh PNG
(no metadata, no trailing bytes) under a content-derived name, so the letterhead never
carries what was uploaded byte for byte."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from flask_babel import gettext
from PIL import Image, UnidentifiedImageError

from app.domain_errors import InvalidInput

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 600  # pixels; printed about 2 cm wide, more is wasted
# Read from the header before any pixel is decoded: a 20 KB PNG can claim 12,000 x 12,000
# pixels and take a worker's memory by the gigabyte (a phone photo is ~12 million).
MAX_PIXELS = 16_000_000
FORMATS = {"PNG", "JPEG"}


class LambangError(InvalidInput, ValueError):
    pass


def simpan_lambang(data: bytes, folder: Path) -> str:
    """Store the image in `folder`; return its file name. Raises LambangError with the
    Indonesian reason when the upload is not a usable image."""
    return simpan_png(periksa_lambang(data), folder)


def periksa_lambang(data: bytes) -> bytes:
    """The upload as the fresh PNG to store; LambangError with the Indonesian reason when
    it is not a usable image. Writes nothing."""
    if len(data) > MAX_BYTES:
        raise LambangError(gettext("Berkas lambang maksimal 2 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise LambangError(gettext("Lambang harus berupa gambar PNG atau JPEG."))
            _cek_ukuran(*probe.size)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            _cek_ukuran(*image.size)
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG is decoded at a reduced scale
            image.load()
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise LambangError(gettext("Berkas bukan gambar PNG atau JPEG yang utuh.")) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def simpan_png(png: bytes, folder: Path) -> str:
    """Store a checked emblem (`periksa_lambang`) under a content-derived name; return it."""
    name = f"lambang-{hashlib.sha256(png).hexdigest()[:16]}.png"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(png)
    return name


def _cek_ukuran(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise LambangError(gettext(
            "Gambar lambang terlalu besar (%(lebar)d × %(tinggi)d piksel): maksimal "
            "%(juta)d juta piksel. Perkecil gambar, misalnya menjadi 600 × 600 piksel.",
            lebar=width, tinggi=height, juta=MAX_PIXELS // 1_000_000))
