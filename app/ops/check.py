"""The invariant check an office can run any day: states, log rows and register
entries agree. Each rule is one SQL aggregate that returns the offending rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, false, func, literal, or_, select, text, union_all
from sqlalchemy.orm import aliased

from app.extensions import db
from app.notifikasi.outbox import KLAIM_BASI
from app.services.numbering import REGISTER_COUNTER
from app.survei import periksa as survei
from app.workflow.declaration import all_workflows
from models import (Counter, Job, JumlahStatus, Permohonan, Pesan, RegisterEntry,
                    SyaratPermohonan, TransitionLog)
from models._time import utcnow
from models.job import ACTIVE
from models.notifikasi import MENGIRIM


@dataclass
class Finding:
    rule: str
    count: int
    examples: list


def _latest_log():
    """Each application's last log row (highest id)."""
    return (select(TransitionLog.permohonan_id, func.max(TransitionLog.id).label("last_id"))
            .group_by(TransitionLog.permohonan_id).subquery())


def status_matches_last_log():
    last = _latest_log()
    log = aliased(TransitionLog)
    return (select(Permohonan.nomor_tanda_terima)
            .outerjoin(last, last.c.permohonan_id == Permohonan.id)
            .outerjoin(log, log.id == last.c.last_id)
            .where((log.id.is_(None)) | (log.ke != Permohonan.status)))


def history_chains():
    """Every log row starts where the previous one of the same file ended."""
    prev = aliased(TransitionLog)
    previous_id = (select(func.max(prev.id)).where(prev.permohonan_id == TransitionLog.permohonan_id,
                                                   prev.id < TransitionLog.id)
                   .scalar_subquery())
    before = aliased(TransitionLog)
    return (select(TransitionLog.id)
            .outerjoin(before, before.id == previous_id)
            .where(((before.id.is_(None)) & (TransitionLog.dari.is_not(None)))
                   | ((before.id.is_not(None)) & ((TransitionLog.dari.is_(None))
                                                  | (TransitionLog.dari != before.ke)))))


def _registered():
    """Files in a state that, by their service's graph, only a registered file reaches."""
    return or_(false(), *(and_(Permohonan.layanan == wf.layanan,
                               Permohonan.status.in_(wf.registered_states()))
                          for wf in all_workflows() if wf.registered_states()))


def registered_have_one_entry():
    return (select(Permohonan.nomor_tanda_terima)
            .outerjoin(RegisterEntry, RegisterEntry.permohonan_id == Permohonan.id)
            .where(_registered(), RegisterEntry.id.is_(None)))


def registered_have_every_required_item():
    """A registered file with a required checklist item unticked (issue 11's race)."""
    return (select(Permohonan.nomor_tanda_terima, SyaratPermohonan.kode)
            .join(SyaratPermohonan, SyaratPermohonan.permohonan_id == Permohonan.id)
            .where(_registered(), SyaratPermohonan.wajib.is_(True),
                   SyaratPermohonan.terpenuhi.is_(False)))


def register_entries_have_a_log():
    register_log = or_(false(), *(and_(Permohonan.layanan == wf.layanan,
                                       TransitionLog.aksi == wf.register_transition)
                                  for wf in all_workflows() if wf.register_transition))
    return (select(RegisterEntry.nomor)
            .join(Permohonan, Permohonan.id == RegisterEntry.permohonan_id)
            .outerjoin(TransitionLog, and_(TransitionLog.permohonan_id == RegisterEntry.permohonan_id,
                                           register_log))
            .where(TransitionLog.id.is_(None)))


def register_numbers_without_gaps():
    """Per office and year the sequence is exactly 1..N."""
    return (select(RegisterEntry.tahun, func.count(), func.min(RegisterEntry.nomor_urut),
                   func.max(RegisterEntry.nomor_urut))
            .group_by(RegisterEntry.kantor_id, RegisterEntry.tahun)
            .having((func.min(RegisterEntry.nomor_urut) != 1)
                    | (func.max(RegisterEntry.nomor_urut) != func.count())))


def counters_cover_register():
    top = (select(RegisterEntry.kantor_id, RegisterEntry.tahun,
                  func.max(RegisterEntry.nomor_urut).label("top"))
           .group_by(RegisterEntry.kantor_id, RegisterEntry.tahun).subquery())
    return (select(top.c.tahun, top.c.top, Counter.nilai)
            .outerjoin(Counter, and_(Counter.kantor_id == top.c.kantor_id,
                                     Counter.nama == REGISTER_COUNTER, Counter.tahun == top.c.tahun))
            .where((Counter.nilai.is_(None)) | (Counter.nilai < top.c.top)))


def state_counts_match_a_recount():
    """The files per state that the triggers keep (the dashboard's figures) against a
    recount: (service, state, files, kept)."""
    recount = (select(Permohonan.kantor_id, Permohonan.layanan, Permohonan.status,
                      func.count().label("n"))
               .where(Permohonan.status.is_not(None))
               .group_by(Permohonan.kantor_id, Permohonan.layanan, Permohonan.status).subquery())
    same_key = and_(JumlahStatus.kantor_id == recount.c.kantor_id,
                    JumlahStatus.layanan == recount.c.layanan,
                    JumlahStatus.status == recount.c.status)
    return union_all(
        select(recount.c.layanan, recount.c.status, recount.c.n, JumlahStatus.jumlah)
        .outerjoin(JumlahStatus, same_key)
        .where(or_(JumlahStatus.jumlah.is_(None), JumlahStatus.jumlah != recount.c.n)),
        select(JumlahStatus.layanan, JumlahStatus.status, literal(0), JumlahStatus.jumlah)
        .outerjoin(recount, same_key)
        .where(recount.c.n.is_(None), JumlahStatus.jumlah != 0))


def background_jobs_not_stuck():
    """A queued or running job silent past JOB_STALE_SECONDS: no worker is dealing with
    it (the worker's sweep would have queued it again or failed it)."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    return (select(Job.id, Job.status)
            .where(Job.status.in_(ACTIVE),
                   func.coalesce(Job.heartbeat_at, Job.created_at) < cutoff))


# The worker's sweep (every 10 minutes) fails a claim older than KLAIM_BASI; a claim older
# than this has outlived the sweep too: no worker is running it.
PESAN_MACET = 3 * KLAIM_BASI


def messages_not_stuck_sending():
    """A message left "being sent" by a worker that stopped between sending and recording
    the answer, and not swept up since (the administrator decides whether to resend)."""
    return (select(Pesan.id, Pesan.diklaim_at)
            .where(Pesan.status == MENGIRIM, Pesan.diklaim_at < utcnow() - PESAN_MACET))


RULES = {
    "Status berkas sama dengan riwayat terakhirnya": status_matches_last_log,
    "Riwayat tiap berkas bersambung (dari = ke sebelumnya)": history_chains,
    "Berkas teregister punya satu nomor register": registered_have_one_entry,
    "Berkas teregister tidak punya syarat wajib yang belum dicentang":
        registered_have_every_required_item,
    "Setiap nomor register tercatat di riwayat": register_entries_have_a_log,
    "Nomor register per tahun urut 1..N tanpa celah": register_numbers_without_gaps,
    "Penghitung nomor tidak di bawah nomor terbesar": counters_cover_register,
    "Jawaban survei sama banyak dengan undangan survei yang terpakai":
        survei.jawaban_sama_dengan_undangan_terpakai,
    "Undangan survei hanya untuk berkas yang sudah diserahkan":
        survei.undangan_hanya_untuk_berkas_diserahkan,
    "Jumlah berkas per status di beranda sama dengan hitungan ulang":
        state_counts_match_a_recount,
    "Tidak ada pekerjaan latar yang macet (pekerja latar berjalan)": background_jobs_not_stuck,
    "Tidak ada pesan ke pemohon yang macet sedang dikirim": messages_not_stuck_sending,
}


def run_checks(session=None) -> list[Finding]:
    """`session`: another than the application's, e.g. a restore's still uncommitted data."""
    session = session or db.session
    findings = []
    for rule, query in RULES.items():
        stmt = query()
        count = session.execute(select(func.count()).select_from(stmt.subquery())).scalar()
        examples = [tuple(r) for r in session.execute(stmt.limit(5)).all()] if count else []
        findings.append(Finding(rule, count, examples))
    if session.get_bind().dialect.name == "sqlite":
        result = session.execute(text("PRAGMA integrity_check")).scalar()
        findings.append(Finding("SQLite PRAGMA integrity_check", 0 if result == "ok" else 1,
                                [] if result == "ok" else [result]))
    return findings
