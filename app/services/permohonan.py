"""Verbs on applications outside the transitions: record a new one, tick its checklist."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext

from app.extensions import db
from app.services.numbering import format_receipt_number, next_value
from app.services.validation import cek_kelayakan
from app.timefmt import wib_today
from app.workflow.declaration import get_workflow
from app.workflow.engine import NotAllowed, TransitionError, log_transition
from models import OfficeSettings, Pemohon, Permohonan, SyaratPermohonan
from models._time import utcnow


def ajukan(pemohon: Pemohon, jenis: str, by, catatan: str | None = None,
           mulai: datetime | None = None, layanan: str = "ktp-el") -> Permohonan:
    """SOP step 1: record an application, generate its checklist, issue the receipt number.
    `mulai` is when the clerk opened the form: the step's time is measured from it."""
    wf = get_workflow(layanan)
    first = wf.initial
    if by.role not in first.roles:
        raise NotAllowed(gettext("Peran Anda tidak berwenang mencatat permohonan."))
    if jenis not in wf.requirements:
        raise TransitionError(gettext("Jenis permohonan tidak dikenal."))
    hari_ini = wib_today()
    tidak_layak = cek_kelayakan(pemohon.tanggal_lahir, pemohon.status_perkawinan, hari_ini)
    if tidak_layak:
        raise TransitionError(tidak_layak)
    now = utcnow()
    nomor = next_value("tanda_terima", hari_ini.year)
    p = Permohonan(
        layanan=layanan, pemohon=pemohon, jenis=jenis, status=first.target,
        nomor_tanda_terima=format_receipt_number(OfficeSettings.get(), nomor, hari_ini.year),
        catatan=(catatan or "").strip() or None, created_by_id=by.id,
        created_at=now, updated_at=now, status_changed_at=now,
    )
    for i, req in enumerate(wf.checklist_for(jenis, pemohon, hari_ini)):
        p.syarat.append(SyaratPermohonan(kode=req.kode, label=req.label, wajib=req.wajib,
                                         urutan=i))
    db.session.add(p)
    db.session.flush()
    durasi = None
    if mulai is not None and mulai <= now:
        durasi = min(int((now - mulai).total_seconds()), 24 * 3600)
    log_transition(p.id, None, first, by, catatan, durasi, at=now)
    db.session.commit()
    return p


CHECKLIST_STATES = ("diajukan", "dikembalikan")


def centang_syarat(permohonan: Permohonan, terpenuhi_kode: set[str], by,
                   catatan: dict[str, str] | None = None) -> None:
    """Tick exactly the given items (sekretariat, while the file is at the desk)."""
    if by.role != "sekretariat":
        raise NotAllowed(gettext("Hanya Sekretariat yang dapat mengubah daftar persyaratan."))
    if permohonan.status not in CHECKLIST_STATES:
        raise TransitionError(gettext("Daftar persyaratan hanya dapat diubah saat berkas "
                                      "berstatus Diajukan atau Dikembalikan."))
    now = utcnow()
    for item in permohonan.syarat:
        baru = item.kode in terpenuhi_kode
        if baru != item.terpenuhi:
            item.terpenuhi = baru
            item.dicentang_oleh_id = by.id
            item.dicentang_at = now
        if catatan and item.kode in catatan:
            item.catatan = catatan[item.kode].strip()[:200] or None
    db.session.commit()


