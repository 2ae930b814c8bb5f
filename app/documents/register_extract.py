"""Register KTP-El extracts that stay linear in the number of rows.

xhtml2pdf lays one long table out in quadratic time, so the rows are cut into small
documents of a few pages, rendered in a process pool, merged with pypdf, and only then
stamped with "Halaman X dari Y" (the real page count, known after rendering)."""
from __future__ import annotations

import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Callable

from flask import render_template
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.documents.render import STATIC, html_to_pdf, page_size
from app.extensions import db
from app.timefmt import tanggal
from app.workflow.declaration import get_workflow
from models import Desa, OfficeSettings, Pemohon, Permohonan, RegisterEntry
from models._time import utcnow
from models.permohonan import JENIS_PERMOHONAN

ROWS_PER_CHUNK = 150  # about five landscape pages: small enough to stay linear
SYNC_LIMIT = 300      # larger extracts run in the background with a progress bar


@dataclass(frozen=True)
class Filter:
    dari: date | None = None
    sampai: date | None = None
    desa_id: int | None = None
    jenis: str | None = None
    status: str | None = None

    def describe(self) -> str:
        parts = []
        if self.dari or self.sampai:
            parts.append(f"tanggal {tanggal(self.dari) if self.dari else 'awal'} s.d. "
                         f"{tanggal(self.sampai) if self.sampai else 'sekarang'}")
        if self.desa_id:
            desa = db.session.get(Desa, self.desa_id)
            parts.append(str(desa) if desa else "desa tidak dikenal")
        if self.jenis:
            parts.append("jenis " + JENIS_PERMOHONAN.get(self.jenis, self.jenis))
        if self.status:
            parts.append("status " + get_workflow().state(self.status).label)
        return "; ".join(parts) or "semua data"


def rows(f: Filter) -> list[dict]:
    """The register lines as plain data (they travel to the worker processes)."""
    wf = get_workflow()
    q = (db.select(RegisterEntry.nomor, RegisterEntry.tanggal, Pemohon.nik, Pemohon.nama,
                   Desa.nama.label("desa"), Permohonan.jenis, Permohonan.status)
         .join(Permohonan, RegisterEntry.permohonan_id == Permohonan.id)
         .join(Pemohon, Permohonan.pemohon_id == Pemohon.id)
         .join(Desa, Pemohon.desa_id == Desa.id)
         .order_by(RegisterEntry.tahun, RegisterEntry.nomor_urut))
    if f.dari:
        q = q.where(RegisterEntry.tanggal >= f.dari)
    if f.sampai:
        q = q.where(RegisterEntry.tanggal <= f.sampai)
    if f.desa_id:
        q = q.where(Pemohon.desa_id == f.desa_id)
    if f.jenis:
        q = q.where(Permohonan.jenis == f.jenis)
    if f.status:
        q = q.where(Permohonan.status == f.status)
    return [
        {"nomor": r.nomor, "tanggal": r.tanggal.strftime("%d-%m-%Y"), "nik": r.nik, "nama": r.nama,
         "desa": r.desa, "jenis": JENIS_PERMOHONAN.get(r.jenis, r.jenis),
         "status": wf.state(r.status).label}
        for r in db.session.execute(q)
    ]


def chunk_html(data: list[dict], f: Filter) -> list[str]:
    settings = OfficeSettings.get()
    common = {"s": settings, "page_size": page_size(settings), "filter_text": f.describe(),
              "dicetak": utcnow(), "jumlah": len(data)}
    chunks = [data[i:i + ROWS_PER_CHUNK] for i in range(0, len(data), ROWS_PER_CHUNK)] or [[]]
    start = 1
    out = []
    for i, part in enumerate(chunks):
        out.append(render_template("pdf/register.html", rows=part, start=start,
                                   first=(i == 0), last=(i == len(chunks) - 1), **common))
        start += len(part)
    return out


def build(html_chunks: list[str], progress: Callable[[int, int], None] | None = None,
          workers: int = 2, start_method: str = "forkserver") -> bytes:
    total = len(html_chunks)
    if total == 1:
        return stamp_page_numbers(merge([html_to_pdf(html_chunks[0])]))
    pdfs = []
    # forkserver (the default) is safe to start from a threaded web server.
    with ProcessPoolExecutor(max_workers=workers,
                             mp_context=multiprocessing.get_context(start_method)) as pool:
        for pdf in pool.map(html_to_pdf, html_chunks):
            pdfs.append(pdf)
            if progress:
                progress(len(pdfs), total)
    writer = merge(pdfs)
    del pdfs  # the merged writer holds the pages now
    return stamp_page_numbers(writer)


def merge(pdfs: list[bytes]) -> PdfWriter:
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    return writer


_FONT = "DejaVu"


def stamp_page_numbers(writer: PdfWriter) -> bytes:
    """One overlay document holds every "Halaman X dari Y"; page i gets overlay page i."""
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, str(STATIC / "fonts" / "DejaVuSans.ttf")))
    total = len(writer.pages)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    for number, page in enumerate(writer.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        c.setPageSize((width, height))
        c.setFont(_FONT, 8)
        c.drawRightString(width - 56, 24, f"Halaman {number} dari {total}")
        c.showPage()
    c.save()
    overlay = PdfReader(io.BytesIO(buffer.getvalue()))
    for page, stamp in zip(writer.pages, overlay.pages):
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def extract(f: Filter, progress=None) -> tuple[bytes, int]:
    data = rows(f)
    return build(chunk_html(data, f), progress), len(data)
