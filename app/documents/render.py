"""HTML to PDF with xhtml2pdf, loading nothing from outside the app's static folder."""
from __future__ import annotations

import base64
import io
from pathlib import Path

from flask import current_app, render_template
from xhtml2pdf import pisa

from app.documents import plain_rows
from app.paths import ROOT

STATIC = (ROOT / "static").resolve()
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def uploads_folder() -> Path:
    """Files uploaded through the settings screen (the office logo), in the instance folder."""
    return (Path(current_app.instance_path) / "uploads").resolve()


class RenderError(RuntimeError):
    pass


def confined_link_callback(uri: str, rel: str | None = None) -> str | None:
    """Resolve `static/...` (and the uploaded office logo) to files; refuse anything else:
    no network, no file:// and no path escaping the folder, so a name in a document can
    never make the renderer fetch something."""
    if uri.startswith("data:image/png;base64,"):
        return uri  # our own QR codes, generated in memory
    for prefix, folder in (("static/", lambda: STATIC), ("uploads/", uploads_folder)):
        if uri.startswith(prefix):
            root = folder()
            path = (root / uri[len(prefix):]).resolve()
            if path.is_relative_to(root) and path.is_file():
                return _inline(path)
    return None


def _inline(path: Path) -> str:
    """An image handed over as its bytes: given a path, xhtml2pdf opens the file again at
    each drawing and never closes it."""
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None:
        return str(path)
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def html_to_pdf(html: str) -> bytes:
    plain_rows.install()  # idempotent: also in a render worker that imported only this
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8",
                            link_callback=confined_link_callback)
    if result.err:
        raise RenderError(f"xhtml2pdf reported {result.err} error(s)")
    return out.getvalue()


def render_pdf(template: str, **context) -> bytes:
    return html_to_pdf(render_template(template, **context))


def page_size(settings) -> str:
    """F4 (215 × 330 mm, Indonesian government paper) or A4, per the office settings."""
    return "215mm 330mm" if settings.ukuran_kertas == "F4" else "a4"
