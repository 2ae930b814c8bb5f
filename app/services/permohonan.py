"""Verbs on applications outside the transitions: record a new one, tick its checklist.
Each verb has a form that leaves the commit to its caller (`catat`, `tandai_syarat`), so
the front desk can record an applicant, a file, its checklist and its first decision in
one transaction (app/services/loket.py)."""
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


class BerkasMasihTerbuka(TransitionError):
    """The applicant already has a file of this service that is neither handed over nor
    cancelled: one person, one open file. `terbuka` is that file, to link to."""
    status_code = 409

    def __init__(self, terbuka: Permohonan):
        state = get_workflow(terbuka.layanan).state(terbuka.status)
        super().__init__(gettext(
            "Pemohon ini masih memiliki berkas yang belum selesai: %(nomor)s (status "
            "%(status)s). Lanjutkan berkas itu, atau batalkan lebih dulu bila memang perlu "
            "permohonan baru.", nomor=terbuka.nomor_tanda_terima,
            status=gettext(state.label)))
        self.terbuka = terbuka


def berkas_terbuka(pemohon_id: int, layanan: str = "ktp-el") -> Permohonan | None:
    """The applicant's file still in progress (by the pemohon_id index), if any."""
    selesai = [s.name for s in get_workflow(layanan).states if s.terminal]
    return db.session.execute(
        db.select(Permohonan).where(Permohonan.pemohon_id == pemohon_id,
                                    Permohonan.layanan == layanan,
                                    Permohonan.status.not_in(selesai))
        .order_by(Permohonan.created_at.desc()).limit(1)).scalar()


def ajukan(pemohon: Pemohon, jenis: str, by, catatan: str | None = None,
           mulai: datetime | None = None, layanan: str = "ktp-el") -> Permohonan:
    """SOP step 1, committed (see `catat`)."""
    try:
        p = catat(pemohon, jenis, by, catatan, mulai, layanan)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return p


def catat(pemohon: Pemohon, jenis: str, by, catatan: str | None = None,
          mulai: datetime | None = None, layanan: str = "ktp-el") -> Permohonan:
    """SOP step 1: record an application, generate its checklist, issue the receipt number;
    the caller commits. `mulai` is when the clerk opened the form: the step's time is
    measured from it. Refused while the applicant has another open file."""
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
    # Taking the number first takes the counter row's write lock (SQLite: the database's):
    # a second clerk recording the same person waits here, then sees the first file.
    nomor = next_value("tanda_terima", hari_ini.year)
    if pemohon.id is not None and (terbuka := berkas_terbuka(pemohon.id, layanan)):
        raise BerkasMasihTerbuka(terbuka)
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
    return p


CHECKLIST_STATES = ("diajukan", "dikembalikan")


def centang_syarat(permohonan: Permohonan, terpenuhi_kode: set[str], by,
                   catatan: dict[str, str] | None = None) -> None:
    """Tick exactly the given items (sekretariat, while the file is at the desk)."""
    tandai_syarat(permohonan, terpenuhi_kode, by, catatan)
    db.session.commit()


def tandai_syarat(permohonan: Permohonan, terpenuhi_kode: set[str], by,
                  catatan: dict[str, str] | None = None) -> None:
    """`centang_syarat` without the commit."""
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


