"""Retention (UU 27/2022 Pasal 42–44; the office's archive schedule, JRA): what has been
kept its years is anonymised. Per person: an applicant whose every file ended (handed
over or cancelled) longer ago than the files' retention, or who never applied and was
recorded that long ago, becomes a tombstone; the files keep their numbers, states, dates
and village, so the register and every figure stay as they were. Read-log rows older than
their own retention lose whose and from where. A complaint answered longer ago than the
files' retention keeps its number, category and dates; its complainant and words go.

`laporan()` says what would be anonymised, per kind and count; `jalankan()` does it in
one transaction and says what it did."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, func, not_, or_, select, update

from app.extensions import db
from app.workflow.declaration import all_workflows
from models import (DokumenTtd, Dokumen, LogBaca, OfficeSettings, Pemohon, Pengaduan,
                    Permohonan, Pesan, PerubahanPemohon, SyaratPermohonan, TransitionLog)
from models._time import utcnow

log = logging.getLogger(__name__)
TOMBSTONE = "(dianonimkan)"
# Record kinds the schedule gives years for (the office settings' columns).
JENIS = {"berkas": "retensi_berkas_tahun", "log_baca": "retensi_log_baca_tahun"}


@dataclass
class Laporan:
    pemohon: int
    berkas: int
    log_baca: int
    pengaduan: int = 0

    def baris(self) -> list[tuple[str, int]]:
        return [("Pemohon", self.pemohon), ("Berkas permohonan", self.berkas),
                ("Log akses data pribadi", self.log_baca), ("Pengaduan", self.pengaduan)]

    def __str__(self) -> str:
        return ", ".join(f"{jenis}: {n}" for jenis, n in self.baris())


def _tahun_lalu(now: datetime, tahun: int) -> datetime:
    try:
        return now.replace(year=now.year - tahun)
    except ValueError:  # 29 February
        return now.replace(year=now.year - tahun, day=28)


def _terminal() -> set[str]:
    return {s.name for wf in all_workflows() for s in wf.states if s.terminal}


def _pemohon_kedaluwarsa(batas: datetime):
    """Applicants not yet anonymised with no file still kept: every file ended before
    `batas`; without any file, recorded before it."""
    masih_disimpan = exists().where(
        Permohonan.pemohon_id == Pemohon.id,
        or_(Permohonan.status.not_in(_terminal()), Permohonan.status_changed_at >= batas))
    ada_berkas = exists().where(Permohonan.pemohon_id == Pemohon.id)
    return select(Pemohon.id).where(
        Pemohon.dianonimkan_at.is_(None), not_(masih_disimpan),
        or_(ada_berkas, Pemohon.created_at < batas))


def _batas(now: datetime) -> tuple[datetime, datetime]:
    s = OfficeSettings.get()
    return (_tahun_lalu(now, s.retensi_berkas_tahun), _tahun_lalu(now, s.retensi_log_baca_tahun))


def _log_kedaluwarsa(batas: datetime):
    return and_(LogBaca.at < batas, or_(LogBaca.pemohon_id.is_not(None), LogBaca.ip.is_not(None)))


def _pengaduan_kedaluwarsa(batas: datetime):
    """Complaints answered (or closed) before `batas`, not yet anonymised; an open one
    is kept whatever its age."""
    return and_(Pengaduan.dianonimkan_at.is_(None), Pengaduan.dijawab_at.is_not(None),
                func.coalesce(Pengaduan.selesai_at, Pengaduan.dijawab_at) < batas)


def laporan(now: datetime | None = None) -> Laporan:
    batas_berkas, batas_log = _batas(now or utcnow())
    ids = _pemohon_kedaluwarsa(batas_berkas).subquery()
    return Laporan(
        pemohon=_count(select(func.count()).select_from(ids)),
        berkas=_count(select(func.count(Permohonan.id)).where(
            Permohonan.pemohon_id.in_(select(ids.c.id)))),
        log_baca=_count(select(func.count(LogBaca.id)).where(_log_kedaluwarsa(batas_log))),
        pengaduan=_count(select(func.count(Pengaduan.id)).where(
            _pengaduan_kedaluwarsa(batas_berkas))))


def _count(query) -> int:
    return db.session.execute(query).scalar_one()


def jalankan(now: datetime | None = None) -> Laporan:
    """Anonymise what has expired, in one transaction; the report of what was done."""
    now = now or utcnow()
    hasil = laporan(now)
    batas_berkas, batas_log = _batas(now)
    pemohon_ids = db.session.execute(_pemohon_kedaluwarsa(batas_berkas)).scalars().all()
    for pid in pemohon_ids:
        _anonimkan(pid, now)
    db.session.execute(update(LogBaca).where(_log_kedaluwarsa(batas_log))
                       .values(pemohon_id=None, ip=None, keterangan=None))
    # Messages to the complainant: their number or address, the first name in the text.
    db.session.execute(update(Pesan).where(Pesan.pengaduan_id.in_(
        select(Pengaduan.id).where(_pengaduan_kedaluwarsa(batas_berkas))))
        .values(tujuan="-", isi=TOMBSTONE))
    db.session.execute(update(Pengaduan).where(_pengaduan_kedaluwarsa(batas_berkas)).values(
        nama=TOMBSTONE, telepon="-", email=None, isi=TOMBSTONE, jawaban=TOMBSTONE,
        nomor_tanda_terima=None, dianonimkan_at=now))
    db.session.commit()
    return hasil


def _anonimkan(pemohon_id: int, now: datetime) -> None:
    """The tombstone: a NIK that is no NIK (unique, 16 characters), no name, address or
    numbers; sex, marital status, village and the birth year stay for the figures."""
    p = db.session.get(Pemohon, pemohon_id)
    p.nik = f"X{p.id:015d}"
    p.no_kk = "X" * 16
    p.nama = TOMBSTONE
    p.tempat_lahir = "-"
    p.tanggal_lahir = date(p.tanggal_lahir.year, 1, 1)
    p.alamat = "-"
    p.rt = p.rw = "000"
    p.telepon = p.email = p.notifikasi_kanal = p.notifikasi_setuju_at = None
    p.notifikasi_setuju = False
    p.dianonimkan_at = now
    files = select(Permohonan.id).where(Permohonan.pemohon_id == pemohon_id)
    db.session.execute(update(Permohonan).where(Permohonan.pemohon_id == pemohon_id).values(
        penerima_nama=None, penerima_nik=None, penerima_hubungan=None, catatan=None,
        data_pemohon_disahkan=None))
    db.session.execute(update(TransitionLog).where(
        TransitionLog.permohonan_id.in_(files), TransitionLog.catatan.is_not(None))
        .values(catatan=TOMBSTONE))
    # Messages sent to the resident: their number or address, and the first name in the text.
    db.session.execute(update(Pesan).where(Pesan.permohonan_id.in_(files))
                       .values(tujuan="-", isi=TOMBSTONE))
    db.session.execute(update(SyaratPermohonan).where(
        SyaratPermohonan.permohonan_id.in_(files)).values(catatan=None))
    db.session.execute(update(PerubahanPemohon).where(PerubahanPemohon.pemohon_id == pemohon_id)
                       .values(lama=None, baru=None))
    # A signed letter's copy names the person; its hash and signer stay, so a copy the
    # resident holds still verifies.
    db.session.execute(update(DokumenTtd).where(DokumenTtd.dokumen_id.in_(
        select(Dokumen.id).where(Dokumen.permohonan_id.in_(files)))).values(isi=b""))


def mingguan() -> None:
    """The weekly job (app/queue.py): the report into the log first, then the run."""
    log.info("Retensi data pribadi, akan dianonimkan: %s", laporan())
    log.info("Retensi data pribadi selesai: %s", jalankan())
