"""Register KTP-el extracts that stay linear in the number of rows.

xhtml2pdf lays one long table out in quadratic time, so the rows are packed into pages
(register_pages) and the pages into small documents, rendered in a process pool, merged
with pypdf as they arrive, and only then stamped with "Halaman X dari Y" (the real page
count, known after rendering)."""
from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import BinaryIO, Callable, Iterator

from flask import render_template
from pypdf import PdfReader, PdfWriter

from app.documents import page_numbers, pool_guard, register_pages
from app.documents.render import html_to_pdf, page_size
from app.extensions import db
from app.timefmt import DATE_TYPED, tanggal, to_wib, waktu
from app.workflow.declaration import all_jenis, all_states, get_workflow
from models import Desa, OfficeSettings, Pemohon, Permohonan, RegisterEntry
from models._time import utcnow

# Pages per rendering job: the cost per row was measured flat from 2 to 12 pages; fewer,
# larger jobs embed fewer copies of the fonts (8.7 KB a page at 12, 12.3 at 6) and leave
# fewer objects to merge. Jobs end where pages end (register_pages).
PAGES_PER_CHUNK = 12


@dataclass(frozen=True)
class Filter:
    dari: date | None = None
    sampai: date | None = None
    desa_id: int | None = None
    jenis: str | None = None
    status: str | None = None

    def describe(self) -> str:
        """The extract's subject as a phrase: 'Seluruh berkas teregister' with no filter."""
        parts = []
        if self.dari or self.sampai:
            parts.append(f"teregister {tanggal(self.dari) if self.dari else 'sejak awal'} s.d. "
                         f"{tanggal(self.sampai) if self.sampai else 'hari ini'}")
        if self.desa_id:
            desa = db.session.get(Desa, self.desa_id)
            parts.append("dari " + (str(desa) if desa else "desa tidak dikenal"))
        if self.jenis:
            parts.append("jenis " + dict(all_jenis()).get(self.jenis, self.jenis))
        if self.status:
            parts.append("status " + dict(all_states()).get(self.status, self.status))
        return "Berkas " + ", ".join(parts) if parts else "Seluruh berkas teregister"


def jenis_singkat(wf, jenis: str) -> str:
    """The type as the register's narrow Jenis column prints it: the service's short word,
    else its declared label."""
    return wf.jenis_singkat.get(jenis) or wf.jenis.get(jenis, jenis)


def rows(f: Filter) -> list[dict]:
    """The register lines as plain data (they travel to the worker processes)."""
    q = (db.select(RegisterEntry.nomor, RegisterEntry.tanggal, Pemohon.nik, Pemohon.nama,
                   Desa.nama.label("desa"), Permohonan.layanan, Permohonan.jenis,
                   Permohonan.status, Permohonan.nomor_tanda_terima, Permohonan.diserahkan_at,
                   Permohonan.penerima_nama, Permohonan.penerima_nik,
                   Permohonan.penerima_hubungan)
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
        {"nomor": r.nomor, "tanggal": r.tanggal.strftime(DATE_TYPED),
         "tanda_terima": r.nomor_tanda_terima, "nik": r.nik, "nama": r.nama,
         "desa": r.desa,
         "jenis": jenis_singkat(get_workflow(r.layanan), r.jenis),
         "status": status_cell(get_workflow(r.layanan).state(r.status).label, r)}
        for r in db.session.execute(q)
    ]


def status_cell(label: str, r) -> str:
    """The state; for a handed-over file its date and who collected it, one per line."""
    if r.diserahkan_at is None:
        return label
    lines = [f"{label} {to_wib(r.diserahkan_at).strftime(DATE_TYPED)}"]
    if r.penerima_nik:
        lines += [f"{r.penerima_nama} ({r.penerima_hubungan})", f"NIK {r.penerima_nik}"]
    else:
        lines.append("Pemohon sendiri")
    return "\n".join(lines)


def first_page_heading(f: Filter, dicetak, jumlah: int) -> str:
    # Built here, not in the template: its length decides how many rows the first page has.
    return f"{f.describe()} · dicetak {waktu(dicetak)} · {jumlah} berkas"


class Chunks:
    """The extract's HTML in chunks of whole pages, each rendered when it is asked for: only
    the chunks on their way to the renderers are in memory, not a year's register at once.
    The pages are planned first (register_pages), so their number is known."""

    def __init__(self, data: list[dict], f: Filter):
        self.data = data
        self.settings = OfficeSettings.get()
        self.now = utcnow()
        self.heading = first_page_heading(f, self.now, len(data))
        pages = register_pages.paginate(data, self.settings.ukuran_kertas, self.heading)
        self.chunks = [pages[i:i + PAGES_PER_CHUNK]
                       for i in range(0, len(pages), PAGES_PER_CHUNK)]

    def __len__(self) -> int:
        return len(self.chunks)

    def __iter__(self) -> Iterator[str]:
        widths = register_pages.layout(self.settings.ukuran_kertas).widths
        common = {"s": self.settings, "page_size": page_size(self.settings),
                  "heading": self.heading, "dicetak": self.now, "jumlah": len(self.data),
                  "columns": register_pages.COLUMNS}
        number = 1
        for i, sizes in enumerate(self.chunks):
            pages = []
            for size in sizes:
                pages.append([(n, register_pages.cells(self.data[n - 1], widths))
                              for n in range(number, number + size)])
                number += size
            yield render_template("pdf/register.html", pages=pages, first=(i == 0),
                                  last=(i == len(self.chunks) - 1), **common)


def chunk_html(data: list[dict], f: Filter) -> Chunks:
    return Chunks(data, f)


def build(html_chunks: Chunks | list[str], out: BinaryIO,
          progress: Callable[[int, int], None] | None = None,
          workers: int = 2, start_method: str = "forkserver") -> int:
    """Render the chunks, merge them in order, number the pages and write the PDF to
    `out`. Returns the number of pages.

    The renderers' PDFs wait in a temporary folder and one of the render processes merges
    them: the merged document (about 20 MB of pypdf objects for a year's register) never
    sits in this process, which is the web or task worker with the whole app loaded."""
    total = len(html_chunks)
    chunks = iter(html_chunks)
    if total == 1:
        return merge([html_to_pdf(next(chunks))], out)
    # forkserver (the default) is safe to start from a threaded web server.
    context = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        # The fork server loads the renderer once; each worker forks from it ready,
        # instead of importing the app and xhtml2pdf again (about a second each).
        context.set_forkserver_preload([html_to_pdf.__module__,
                                        "app.documents.forkserver_guard"])
    with tempfile.TemporaryDirectory(prefix="register-") as folder, \
            ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                initializer=pool_guard.die_with_parent) as pool:
        pool_guard.track(pool)
        waiting = deque()
        try:
            # A few chunks ahead, so no renderer waits; each chunk's HTML is made when it
            # is sent.
            waiting.extend(pool.submit(html_to_pdf, html)
                           for html in islice(chunks, 2 * workers))
            paths = []
            while waiting:
                pdf = waiting.popleft().result()
                html = next(chunks, None)
                if html is not None:
                    waiting.append(pool.submit(html_to_pdf, html))
                paths.append(os.path.join(folder, f"{len(paths):05d}.pdf"))
                with open(paths[-1], "wb") as part:
                    part.write(pdf)
                if progress:
                    progress(len(paths), total)
            merged = os.path.join(folder, "register.pdf")
            pages = pool.submit(merge_files, paths, merged).result()
        finally:
            for future in waiting:  # after a failure, nothing more is rendered
                future.cancel()
            pool_guard.forget(pool)
        with open(merged, "rb") as result:
            shutil.copyfileobj(result, out)
    return pages


def merge_files(paths: list[str], out_path: str) -> int:
    """merge() in a render process, from and to files."""
    with open(out_path, "wb") as out:
        return merge(paths, out)


def merge(parts: list[bytes | str], out: BinaryIO) -> int:
    """Chunks' PDFs (bytes or file paths) into one, in order, stamped with page numbers;
    returns the number of pages."""
    writer = PdfWriter()
    rendered = 0
    for part in parts:
        reader = PdfReader(io.BytesIO(part) if isinstance(part, bytes) else part)
        writer.append(reader, import_outline=False)
        rendered += len(reader.pages)
    pages = page_numbers.stamp(writer)
    if pages != rendered:  # "dari Y" must be the number of pages the renderer produced
        raise RuntimeError(f"register extract: {pages} pages merged, {rendered} rendered")
    writer.write(out)
    return pages


def extract(f: Filter, out: BinaryIO, progress=None) -> int:
    """Write the extract for `f` to `out`; returns the number of rows."""
    data = rows(f)
    build(chunk_html(data, f), out, progress)
    return len(data)
