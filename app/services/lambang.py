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
FORMATS = {"PNG", "JPEG"}


class LambangError(InvalidInput, ValueError):
    pass


def simpan_lambang(data: bytes, folder: Path) -> str:
    """Store the image in `folder`; return its file name. Raises LambangError with the
    Indonesian reason when the upload is not a usable image."""
    if len(data) > MAX_BYTES:
        raise LambangError(gettext("Berkas lambang maksimal 2 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise LambangError(gettext("Lambang harus berupa gambar PNG atau JPEG."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise LambangError(gettext("Berkas bukan gambar PNG atau JPEG yang utuh.")) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    png = out.getvalue()
    name = f"lambang-{hashlib.sha256(png).hexdigest()[:16]}.png"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(png)
    return name
