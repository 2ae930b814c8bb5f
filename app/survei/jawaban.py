"""Find a file's survey from what the resident types or scans, and keep its one answer.

Taking the invitation is a conditional UPDATE (unused and not expired) in the same
transaction as the answer: two submissions of one survey keep exactly one answer."""
from __future__ import annotations

import time

from flask_babel import gettext
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.services.pencarian import berkas_dengan_nik_akhir
from app.survei import undangan
from app.survei.kuesioner import kuesioner
from app.domain_errors import Conflict, DomainError, Expired, NotFound
from app.timefmt import wib_today
from app.workflow.declaration import get_workflow
from models import SkmJawaban, SkmUndangan
from models._time import utcnow


class SurveiError(DomainError):
    pass


class SurveiNotFound(SurveiError, NotFound):
    pass


class SurveiAnswered(SurveiError, Conflict):
    pass


class SurveiExpired(SurveiError, Expired):
    pass


def _tidak_ditemukan() -> SurveiNotFound:
    # One message whether the number is unknown or the card not yet handed over.
    return SurveiNotFound(gettext("Kode survei, atau nomor tanda terima dan NIK, tidak cocok "
                                  "dengan data kami, atau KTP-el belum diserahkan."))


def periksa(row: SkmUndangan | None) -> SkmUndangan:
    if row is None:
        raise _tidak_ditemukan()
    if row.dijawab:
        raise SurveiAnswered(gettext("Survei untuk berkas ini sudah diisi. Terima kasih."))
    if row.berlaku_sampai <= utcnow():
        raise SurveiExpired(gettext("Masa pengisian survei untuk berkas ini telah berakhir."))
    return row


def cari(teks: str, nik_akhir: str | None = None) -> SkmUndangan:
    """The open survey for the card's own random code (typed or scanned), or for a
    handed-over file's receipt number (full or short) together with the last digits of
    its applicant's NIK, as the status check asks; a receipt number alone, being
    sequential, opens nothing. The invitation is made if the proof was never printed."""
    kode = undangan.normal(teks)
    if kode:
        row = db.session.execute(db.select(SkmUndangan).filter_by(kode=kode)).scalar()
        if row is not None:
            return periksa(row)
    p = berkas_dengan_nik_akhir(teks, nik_akhir or "")
    if p is None or p.status not in get_workflow(p.layanan).served_states():
        raise _tidak_ditemukan()
    row = undangan.untuk(p)
    db.session.commit()
    return periksa(row)


def buka(kode: str) -> SkmUndangan:
    code = undangan.normal(kode)
    row = db.session.execute(db.select(SkmUndangan).filter_by(kode=code)).scalar() \
        if code else None
    return periksa(row)


def simpan(kode: str, nilai: dict[str, int | None], profil: dict[str, str | None],
           saran: str | None) -> SkmJawaban:
    """Take the survey and store its answer; raise SurveiError if it is no longer open."""
    for attempt in range(8):
        try:
            return _simpan_sekali(kode, nilai, profil, saran)
        except OperationalError as exc:
            # SQLite: another answer holds the write lock; try again (then it says why).
            if "locked" not in str(exc).lower() or attempt == 7:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _simpan_sekali(kode, nilai, profil, saran) -> SkmJawaban:
    row = buka(kode)
    layanan = kuesioner(row.permohonan.layanan).layanan  # a variant's: its service's
    try:
        taken = db.session.execute(
            update(SkmUndangan)
            .where(SkmUndangan.id == row.id, SkmUndangan.dijawab.is_(False),
                   SkmUndangan.berlaku_sampai > utcnow())
            .values(dijawab=True).execution_options(synchronize_session=False))
        if taken.rowcount != 1:
            raise SurveiAnswered(gettext("Survei untuk berkas ini sudah diisi. Terima kasih."))
        jawaban = SkmJawaban(kantor_id=row.kantor_id, layanan=layanan, tanggal=wib_today(),
                             **nilai, **profil,
                             saran=(saran or "").strip()[:500] or None)
        db.session.add(jawaban)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return jawaban
