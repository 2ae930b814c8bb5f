"""A data subject's request (UU 27/2022 Pasal 30–33): access to everything held about
one NIK, or a correction; recorded with its 3 × 24 hours clock, answered, and so closed.
The answer to an access request is the PDF of `data_subjek`."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext

from app.documents.render import page_size, render_pdf
from app.extensions import db
from app.i18n import N_
from app.pdp import log_baca
from app.services.validation import cek_karakter, cek_nik
from app.workflow.declaration import get_workflow
from models import (Dokumen, LogBaca, OfficeSettings, Pemohon, PermintaanSubjek, Permohonan,
                    SkmUndangan, TransitionLog)
from models._time import utcnow

JENIS = {"akses": N_("Akses data pribadi"), "koreksi": N_("Koreksi data pribadi")}


def cek(data: dict) -> dict[str, str]:
    """The request's own fields: type, NIK (16 digits, a possible NIK), name; no control
    characters anywhere."""
    errors = {}
    if data.get("jenis") not in JENIS:
        errors["jenis"] = gettext("Pilih jenis permintaan.")
    if (msg := cek_nik(data.get("nik"))):
        errors["nik"] = msg
    if not (data.get("nama") or "").strip():
        errors["nama"] = gettext("Nama pemohon permintaan wajib diisi.")
    for name in ("nama", "isi", "jawaban"):
        if name not in errors and (msg := cek_karakter(data.get(name), multiline=True)):
            errors[name] = msg
    return errors


def jawab(permintaan: PermintaanSubjek, jawaban: str, by) -> None:
    """Record the answer once (the clock stops at the first answer)."""
    if permintaan.dijawab_at is None:
        permintaan.dijawab_at = utcnow()
        permintaan.dijawab_oleh_id = by.id
    permintaan.jawaban = jawaban


@dataclass
class Berkas:
    permohonan: Permohonan
    riwayat: list[TransitionLog]
    dokumen: list[Dokumen]
    survei: bool


@dataclass
class DataSubjek:
    """Everything the office holds about one NIK."""

    nik: str
    pemohon: Pemohon | None
    berkas: list[Berkas] = field(default_factory=list)
    dibaca: list[LogBaca] = field(default_factory=list)


def data_subjek(nik: str) -> DataSubjek:
    pemohon = db.session.execute(db.select(Pemohon).where(Pemohon.nik == nik)).scalar()
    out = DataSubjek(nik=nik, pemohon=pemohon)
    if pemohon is None:
        return out
    files = db.session.execute(
        db.select(Permohonan).where(Permohonan.pemohon_id == pemohon.id)
        .order_by(Permohonan.created_at, Permohonan.id)).scalars().all()
    for p in files:
        riwayat = db.session.execute(
            db.select(TransitionLog).where(TransitionLog.permohonan_id == p.id)
            .order_by(TransitionLog.at, TransitionLog.id)).scalars().all()
        dokumen = db.session.execute(
            db.select(Dokumen).where(Dokumen.permohonan_id == p.id)
            .order_by(Dokumen.created_at, Dokumen.id)).scalars().all()
        survei = bool(db.session.execute(
            db.select(SkmUndangan.dijawab).where(SkmUndangan.permohonan_id == p.id)).scalar())
        out.berkas.append(Berkas(p, riwayat, dokumen, survei))
    out.dibaca = db.session.execute(
        db.select(LogBaca).where(LogBaca.pemohon_id == pemohon.id)
        .order_by(LogBaca.at, LogBaca.id)).scalars().all()
    return out


def pdf_data_subjek(permintaan: PermintaanSubjek, by) -> bytes:
    """The answer to an access request, as the office prints it; the print is itself a
    read of the person's data."""
    data = data_subjek(permintaan.nik)
    settings = OfficeSettings.get()
    log_baca.catat("subjek_akses", permintaan.id,
                   data.pemohon.id if data.pemohon else None, f"Permintaan #{permintaan.id}")
    return render_pdf("pdf/data_subjek.html", d=data, r=permintaan, s=settings,
                      page_size=page_size(settings), petugas=by, dicetak=utcnow(),
                      wf=get_workflow, jenis_log=log_baca.JENIS)


def terbuka() -> list[PermintaanSubjek]:
    """Requests not yet answered, the oldest (nearest its deadline) first."""
    return db.session.execute(
        db.select(PermintaanSubjek).where(PermintaanSubjek.dijawab_at.is_(None))
        .order_by(PermintaanSubjek.diterima_at)).scalars().all()
