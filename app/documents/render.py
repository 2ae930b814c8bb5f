"""HTML to PDF with xhtml2pdf, loading nothing from outside the app's static folder."""
from __future__ import annotations

import io
import logging
from pathlib import Path

from flask import current_app, render_template
from xhtml2pdf import pisa

from app.paths import ROOT

STATIC = (ROOT / "static").resolve()
UPLOADS = (ROOT / "instance" / "uploads").resolve()


# xhtml2pdf logs the whole source of each document at DEBUG: full NIKs and verification
# tokens. Its warnings (a style it cannot draw) stay; its debugging never reaches a log.
logging.getLogger("xhtml2pdf").setLevel(logging.WARNING)


class RenderError(RuntimeError):
    pass


def confined_link_callback(uri: str, rel: str | None = None) -> str | None:
    """Resolve `static/...` (and the uploaded office logo) to files; refuse anything else:
    no network, no file:// and no path escaping the folder, so a name in a document can
    never make the renderer fetch something."""
    if uri.startswith("data:image/png;base64,"):
        return uri  # our own QR codes, generated in memory
    for prefix, folder in (("static/", STATIC), ("uploads/", UPLOADS)):
        if uri.startswith(prefix):
            path = (folder / uri[len(prefix):]).resolve()
            if path.is_relative_to(folder) and path.is_file():
                return str(path)
    return None


def html_to_pdf(html: str) -> bytes:
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
