"""Verbs on applications that the screens call: record one (SOP step 1), tick its
checklist. Both go through the engine (app/workflow/engine.py), the one way in."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext

from app.extensions import db
from app.services.numbering import take_receipt_number
from app.workflow import engine
from app.workflow.declaration import get_workflow, variants_of
from models import Pemohon, Permohonan
from models._time import utcnow

MAX_MENUNGGU_MENIT = 240  # what the clerk may say the applicant waited before being served


def record(pemohon: Pemohon, jenis: str, by, catatan: str | None = None,
           dibuka_at: datetime | None = None, menunggu_menit: int = 0,
           layanan: str | None = None, at: datetime | None = None,
           data: dict | None = None) -> Permohonan:
    """SOP step 1: record an application through the workflow's initial transition
    (`data`: its declared inputs, checked by the engine).
    Its time is measured by the server: from `dibuka_at`, when the server handed out the
    form (app/services/stopwatch.py), plus the minutes the applicant waited before."""
    now = at or utcnow()
    durasi = None
    if dibuka_at is not None and dibuka_at <= now:
        durasi = int((now - dibuka_at).total_seconds())
    menunggu = max(0, min(int(menunggu_menit or 0), MAX_MENUNGGU_MENIT)) * 60
    if durasi is not None or menunggu:
        durasi = (durasi or 0) + menunggu
    layanan = get_workflow(layanan).layanan
    return engine.atomic(lambda: engine.record(
        layanan, pemohon, jenis, by, note=catatan, data=data, durasi_detik=durasi, at=now,
        receipt_number=take_receipt_number))


def tick(permohonan: Permohonan, terpenuhi_kode: set[str], by,
         catatan: dict[str, str] | None = None, expected_version: int | None = None,
         at: datetime | None = None) -> Permohonan:
    """Tick exactly the given items (who and when: the workflow's checklist rule)."""
    permohonan = engine.atomic(lambda: engine.tick(
        permohonan.id, terpenuhi_kode, by, catatan=catatan, expected_version=expected_version,
        at=at))
    db.session.refresh(permohonan)
    return permohonan


def berkas_terbuka(pemohon_id: int, layanan: str | None = None) -> Permohonan | None:
    """The applicant's file of this service still in progress, if any (pemohon_id index),
    in any of the service's declared workflows (a file of the SOP's still open when the
    office chose the Dinas variant counts)."""
    wf = get_workflow(layanan)
    alur = variants_of(wf.varian_dari or wf.layanan)
    selesai = {s.name for v in alur for s in v.states if s.terminal}
    return db.session.execute(
        db.select(Permohonan).where(Permohonan.pemohon_id == pemohon_id,
                                    Permohonan.layanan.in_([v.layanan for v in alur]),
                                    Permohonan.status.not_in(selesai))
        .order_by(Permohonan.created_at.desc()).limit(1)).scalar()


def pesan_berkas_terbuka(terbuka) -> str:
    """Why a second file of this service cannot be recorded for the same person."""
    return gettext("Pemohon ini masih memiliki berkas yang belum selesai: %(nomor)s (status "
                   "%(status)s). Lanjutkan berkas itu, atau batalkan lebih dulu bila memang "
                   "perlu permohonan baru.", nomor=terbuka.nomor_tanda_terima,
                   status=gettext(get_workflow(terbuka.layanan).state(terbuka.status).label))
