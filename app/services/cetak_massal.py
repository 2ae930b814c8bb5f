"""Printing many files at once: their receipts in one PDF, and one collective Surat
Pengantar to the Dinas Kependudukan dan Pencatatan Sipil listing many ratified files under
its own outgoing-letter number. (A service, not in app/documents, so its messages to the
clerk are extracted for translation.)"""
from __future__ import annotations

import io

from flask_babel import gettext
from pypdf import PdfReader, PdfWriter
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from app.documents import service
from app.documents.qr import qr_data_uri
from app.documents.render import page_size, render_pdf
from app.domain_errors import Conflict
from app.extensions import db
from app.services.numbering import SURAT_KELUAR_COUNTER, next_value
from app.services.pengesahan import signer_active
from app.timefmt import wib_today
from app.workflow.declaration import get_workflow
from app.services.penandatangan import PENANDATANGAN, penandatangan_kantor
from models import (
    CetakLog, Dokumen, DokumenTtd, OfficeSettings, Permohonan, SuratKolektif, SuratKolektifBerkas,
)
from models._time import utcnow

# The application list's bulk actions for printing (app/security.py allows their handlers).
AKSI_CETAK = ("cetak_tanda_terima", "surat_kolektif")
MAX_BERKAS = 50  # one print run (about 0.3 s a receipt); a larger pile is printed in parts
JENIS_KOLEKTIF = "surat_kolektif"  # the print log's and the signed document's kind


class BatchError(Conflict):
    """The batch cannot be printed (yet): a file in it is not in a printable state."""


def _files(ids) -> list[Permohonan]:
    wanted = sorted({int(i) for i in ids if str(i).isdigit() and len(str(i)) <= 12})
    if not wanted:
        raise BatchError(gettext("Pilih paling sedikit satu berkas."))
    if len(wanted) > MAX_BERKAS:
        raise BatchError(gettext("Paling banyak %(n)d berkas sekali cetak; pilih lebih sedikit.",
                                 n=MAX_BERKAS))
    files = list(db.session.execute(
        db.select(Permohonan).where(Permohonan.id.in_(wanted))
        .order_by(Permohonan.created_at, Permohonan.id)).unique().scalars())
    if not files:
        raise BatchError(gettext("Berkas yang dipilih tidak ditemukan."))
    return files


def _merge(parts: list[bytes]) -> bytes:
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)), import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def tanda_terima(ids, by) -> bytes:
    """The receipts of the selected files, one after another in one PDF; each print is
    recorded, so a receipt printed before carries its SALINAN mark here too."""
    parts = []
    for p in _files(ids):
        wf = get_workflow(p.layanan)
        jenis = next(d for d in wf.documents if d.kode == wf.tanda_terima)
        parts.append(service.render_one(jenis, p, by))
    db.session.commit()
    return _merge(parts)


def format_surat_keluar(settings, nomor: int, tahun: int) -> str:
    return settings.format_nomor_surat_keluar.format(nomor=nomor, tahun=tahun,
                                                     kode_unit=settings.kode_unit)


def belum_disahkan(files) -> list[Permohonan]:
    """The files whose own cover letter does not exist in their state (not ratified), as
    the declaration says: a collective letter lists, and is signed for, only the others."""
    return [p for p in files if not _surat_ada(p)]


def _surat_ada(p: Permohonan) -> bool:
    """Whether the file's ratified letter (its service's `pengesahan.dokumen`) exists now."""
    wf = get_workflow(p.layanan)
    return wf.pengesahan is not None and any(
        d.kode == wf.pengesahan.dokumen for d in wf.documents_in(p.status))


def buat_surat_kolektif(ids, by) -> SuratKolektif:
    """A new collective letter for the selected ratified files, numbered from the
    outgoing-letter counter in the same transaction (a failure gives the number back)."""
    files = _files(ids)
    if belum := belum_disahkan(files):
        raise BatchError(gettext(
            "Surat pengantar kolektif hanya untuk berkas yang sudah disahkan Camat. Belum "
            "disahkan: %(nomor)s.", nomor=", ".join(p.nomor_tanda_terima for p in belum)))
    settings = OfficeSettings.get(files[0].kantor_id if files else None)
    tahun = wib_today().year
    try:
        urut = next_value(SURAT_KELUAR_COUNTER, tahun, settings.id)
        surat = SuratKolektif(
            tahun=tahun, nomor_urut=urut, nomor=format_surat_keluar(settings, urut, tahun),
            created_by_id=by.id, created_at=utcnow(),
            # The signer as the settings name them today (signed electronically: as they
            # are when the Camat signs it).
            **{k: v for k, v in penandatangan_kantor().items() if k in PENANDATANGAN},
            berkas=[SuratKolektifBerkas(permohonan_id=p.id, urutan=i)
                    for i, p in enumerate(files, start=1)])
        db.session.add(surat)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise BatchError(gettext("Nomor surat keluar bentrok dengan surat lain; periksa format "
                                 "nomor surat keluar di pengaturan kantor.")) from None
    return surat


def surat_ttd(surat: SuratKolektif) -> DokumenTtd | None:
    """The collective letter's signed copy, if the Camat signed it electronically."""
    return db.session.execute(
        db.select(DokumenTtd).join(Dokumen).where(Dokumen.surat_kolektif_id == surat.id)
        .options(undefer(DokumenTtd.isi))).scalar()


def cetak_surat_kolektif(surat: SuratKolektif, by) -> bytes:
    """The letter to hand out: once signed electronically, the stored signed copy exactly
    (never drawn again); with a signer set and not yet signed, refused, so no unsigned copy
    leaves the office; otherwise drawn for a wet signature."""
    signed = surat_ttd(surat)
    if signed is None and signer_active():
        raise BatchError(gettext("Surat pengantar kolektif %(nomor)s belum ditandatangani "
                                 "Camat secara elektronik.", nomor=surat.nomor))
    log = CetakLog(jenis=JENIS_KOLEKTIF, user_id=by.id, keterangan=surat.nomor, at=utcnow(),
                   dokumen_id=signed.dokumen_id if signed else None)
    db.session.add(log)
    db.session.flush()
    if signed is not None:
        pdf = signed.isi
    else:
        copy = db.session.execute(
            db.select(db.func.count(CetakLog.id))
            .where(CetakLog.jenis == JENIS_KOLEKTIF, CetakLog.keterangan == surat.nomor,
                   CetakLog.id <= log.id)).scalar_one()
        pdf = gambar_surat_kolektif(surat, cetakan_ke=copy, dicetak=log.at)
    db.session.commit()
    return pdf


def gambar_surat_kolektif(surat, cetakan_ke: int, dicetak, tanggal=None, token=None,
                          tte: dict | None = None) -> bytes:
    """Draw the collective letter. `surat` needs the letter's number, files and signer
    (the signing passes them as they will read once signed); `token` gives it its
    verification QR; `tte` (signer) the space for the visible signature and the UU ITE
    sentence."""
    settings = OfficeSettings.get(surat.kantor_id)
    files = [b.permohonan for b in surat.berkas]
    url = service.verifikasi_url(token) if token else None
    return render_pdf("pdf/surat_pengantar_kolektif.html", surat=surat, s=settings,
                      page_size=page_size(settings), cetakan_ke=cetakan_ke, dicetak=dicetak,
                      berkas=files, terbilang=terbilang(len(files)),
                      tanggal=tanggal or surat.created_at, ttd=surat,
                      paraf=service.paraf_sekcam_berkas(p.id for p in files), tte=tte,
                      verifikasi_url=url, qr=qr_data_uri(url) if url else None)


_SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
           "sembilan", "sepuluh", "sebelas")


def terbilang(n: int) -> str:
    """A count in words, as letters write it: 'dua puluh tiga' (up to 999)."""
    if n < 12:
        return _SATUAN[n] or "nol"
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        puluh, sisa = divmod(n, 10)
        return f"{_SATUAN[puluh]} puluh" + (f" {_SATUAN[sisa]}" if sisa else "")
    ratus, sisa = divmod(n, 100)
    head = "seratus" if ratus == 1 else f"{_SATUAN[ratus]} ratus"
    return head + (f" {terbilang(sisa)}" if sisa else "")
