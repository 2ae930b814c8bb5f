"""The period report on paper (xhtml2pdf, the office letterhead, the Camat's signature
block) and as a workbook (openpyxl: one sheet per table, numbers as numbers)."""
from __future__ import annotations

import calendar
import io
from datetime import date

from openpyxl import Workbook

from app.documents.render import page_size, render_pdf
from app.services import statistik
from app.services.laporan_bulanan import Laporan
from app.services.penandatangan import penandatangan_kantor
from app.survei.ikm import bulat
from app.timefmt import tanggal
from models import OfficeSettings

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")


def judul(dari: date, sampai: date) -> str:
    """'Bulan November 2026' for a whole month, else the two dates."""
    if (dari.day == 1 and (dari.year, dari.month) == (sampai.year, sampai.month)
            and sampai.day == calendar.monthrange(sampai.year, sampai.month)[1]):
        return f"Bulan {BULAN[dari.month - 1]} {dari.year}"
    return f"{tanggal(dari)} s.d. {tanggal(sampai)}"


def nama_berkas(laporan: Laporan, ext: str) -> str:
    return f"laporan-pelayanan-{laporan.dari:%Y%m%d}-{laporan.sampai:%Y%m%d}.{ext}"


def pdf(laporan: Laporan, nilai: dict | None = None, tte: dict | None = None,
        konsep: bool = False) -> bytes:
    """The report signed by the office's Camat as `nilai` names them (keys as
    `penandatangan_kantor()`, its time the report's): on paper (the wet-signature block),
    with `tte` the space the electronic signature goes in and the sentence saying what
    signed it, with `konsep` a draft marked as not signed yet (a signer is set and only
    the Camat's copy is signed)."""
    s = OfficeSettings.get()
    nilai = nilai or penandatangan_kantor()
    return render_pdf("pdf/laporan_bulanan.html", s=s, page_size=page_size(s),
                      laporan=laporan, judul=judul(laporan.dari, laporan.sampai),
                      target_persen=statistik.TARGET_PERSEN, dibuat=nilai["disahkan_at"],
                      ttd=nilai, tte=tte, konsep=konsep)


def xlsx(laporan: Laporan) -> bytes:
    book = Workbook()
    first = book.active
    book.remove(first)
    for n, l in enumerate(laporan.layanan, start=1):
        prefix = f"{n}. " if len(laporan.layanan) > 1 else ""
        tables = (
            ("Desa", ("Desa/kelurahan", "Berkas"), l.per_desa),
            ("Jenis", ("Jenis permohonan", "Berkas"), l.per_jenis),
            ("Status", ("Status sekarang", "Berkas"), l.per_status),
            ("SOP", ("No.", "Kegiatan", "Standar (menit)", "Berkas", "Median (detik)",
                     "Dalam standar (%)"),
             [(f.number, f.kegiatan, f.standar_menit, f.jumlah, f.median_detik,
               f.persen_dalam_standar) for f in l.langkah]),
            ("Terlambat", ("Menunggu di", "Berkas terlambat"), l.terlambat),
        )
        for name, titles, rows in tables:
            ws = book.create_sheet(f"{prefix}{name}"[:31])
            ws.append([f"{l.wf.title} · {judul(laporan.dari, laporan.sampai)}"])
            ws.append(list(titles))
            for row in rows:
                ws.append(list(row))
        if l.ikm:
            ws = book.create_sheet(f"{prefix}IKM"[:31])
            h = l.ikm.hasil
            ws.append([f"{l.wf.title} · {judul(laporan.dari, laporan.sampai)}"])
            ws.append(["Responden", h.responden])
            ws.append(["KTP-el diserahkan", l.ikm.diserahkan])
            ws.append(["IKM", float(bulat(h.ikm, 2)) if h.ikm is not None else None])
            ws.append(["Mutu", h.mutu[0] if h.mutu else None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
