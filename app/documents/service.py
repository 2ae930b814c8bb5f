"""Print a document: check it exists in this state, give it a stable verification token,
record the print, render it."""
from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy.orm import undefer

from app.services.perkiraan import (
    hari_tanpa_standar, menit_di_kantor, perkiraan_selesai,
)
from app.documents.qr import qr_data_uri
from app.database import commit_keeping, insert_for
from app.documents.render import page_size, render_pdf
from app.domain_errors import Conflict
from app.extensions import db
from app.pdp import log_baca
from app.services.data_pemohon import Dicetak
from app.workflow.declaration import Document, all_workflows, get_workflow
from models import CetakLog, Dokumen, DokumenTtd, OfficeSettings, Permohonan, TransitionLog
from models._time import utcnow


class NotAvailable(Conflict):
    """The document does not exist in the file's present state."""


def check_available(jenis: Document, permohonan: Permohonan) -> None:
    if permohonan.pemohon.dianonimkan_at is not None:
        raise NotAvailable("Data pemohon berkas ini sudah dianonimkan sesuai jadwal retensi "
                           "arsip.")
    if permohonan.status not in jenis.states:
        state = get_workflow(permohonan.layanan).state(permohonan.status).label
        raise NotAvailable(f"{jenis.judul} belum/tidak tersedia untuk berkas berstatus "
                           f"{state}.")


def dokumen_for(jenis: Document, permohonan: Permohonan) -> Dokumen:
    """One Dokumen row per application and kind: reprints keep the same QR token."""
    return _dokumen_for_print(jenis, permohonan)[0]


def _dokumen_for_print(jenis: Document, permohonan: Permohonan
                       ) -> tuple[Dokumen, DokumenTtd | None, int]:
    """The document's row (made on its first print), read in the same statement as its
    signed copy, if any, and how many times it was printed."""
    printed = (db.select(db.func.count(CetakLog.id)).where(CetakLog.dokumen_id == Dokumen.id)
               .scalar_subquery())
    query = (db.select(Dokumen, DokumenTtd, printed)
             .outerjoin(DokumenTtd, DokumenTtd.dokumen_id == Dokumen.id)
             .where(Dokumen.permohonan_id == permohonan.id, Dokumen.jenis == jenis.kode)
             .options(undefer(DokumenTtd.isi)))
    row = db.session.execute(query).first()
    if row is None:
        # Two clerks printing the first copy at once: the second insert does nothing and
        # the row the first one made is read.
        dokumen = db.session.execute(
            insert_for(Dokumen).values(kantor_id=permohonan.kantor_id,
                                   permohonan_id=permohonan.id, jenis=jenis.kode,
                                   nomor=jenis.nomor(permohonan),
                                   token=secrets.token_urlsafe(24))
            .on_conflict_do_nothing(index_elements=[Dokumen.permohonan_id, Dokumen.jenis])
            .returning(Dokumen)).scalar()
        if dokumen is not None:
            return dokumen, None, 0
        row = db.session.execute(query).one()
    return row[0], row[1], row[2]


def public_url(endpoint: str, **values) -> str:
    """A public page's address: under PUBLIC_URL (the printing PC may reach the server by
    an address no resident can open); unset, the configured fallback, never the request's
    Host header (which the client chooses)."""
    base = current_app.config.get("PUBLIC_URL") or current_app.config["PUBLIC_URL_FALLBACK"]
    return base + current_app.url_map.bind("").build(endpoint, values)


def verifikasi_url(token: str) -> str:
    return public_url("verifikasi.show", token=token)


def cek_status_url() -> str:
    return public_url("public.cek_status")


def cetakan_ke(dokumen: Dokumen, log: CetakLog, sejak=None) -> int:
    """Which copy this print is (1 = the original), counted from the print record: every
    later copy carries a SALINAN mark. `sejak`: a document issued anew (a second return)
    counts its copies from then."""
    query = (db.select(db.func.count(CetakLog.id))
             .where(CetakLog.dokumen_id == dokumen.id, CetakLog.id <= log.id))
    if sejak is not None:
        query = query.where(CetakLog.at >= sejak)
    return db.session.execute(query).scalar_one()


def pengembalian_terakhir(permohonan: Permohonan) -> TransitionLog | None:
    """The latest return of the file: its time and the clerk's note. The return slip
    exists only while the file is returned, so that is the latest entry into its state."""
    return db.session.execute(
        db.select(TransitionLog)
        .where(TransitionLog.permohonan_id == permohonan.id, TransitionLog.ke == permohonan.status)
        .order_by(TransitionLog.at.desc(), TransitionLog.id.desc()).limit(1)).scalar()


def paraf_sekcam(permohonan: Permohonan, jenis: Document) -> TransitionLog | None:
    """The verification the letter's paraf box shows: who verified and when (the last
    time, should the file have been rejected and verified again). Only the ratified letter
    carries the box (the declaration's `Pengesahan.dokumen`): nothing read for the others."""
    declared = get_workflow(permohonan.layanan).pengesahan
    if declared is None or declared.paraf is None or declared.dokumen != jenis.kode:
        return None
    return db.session.execute(
        db.select(TransitionLog).filter_by(permohonan_id=permohonan.id, aksi=declared.paraf)
        .order_by(TransitionLog.at.desc(), TransitionLog.id.desc()).limit(1)).scalar()


def paraf_sekcam_berkas(permohonan_ids) -> list[TransitionLog]:
    """The paraf box of a letter covering many files: each verifying Sekcam once, with
    their latest verification among those files (one row when one Sekcam verified all)."""
    # The files' services' declared paraf transitions (the letter lists ratified files).
    paraf = {wf.pengesahan.paraf for wf in all_workflows()
             if wf.pengesahan is not None and wf.pengesahan.paraf}
    logs = db.session.execute(
        db.select(TransitionLog).where(TransitionLog.permohonan_id.in_(list(permohonan_ids)),
                                       TransitionLog.aksi.in_(paraf))
        .order_by(TransitionLog.at, TransitionLog.id)).scalars()
    latest = {log.actor_id: log for log in logs}
    return sorted(latest.values(), key=lambda log: (log.at, log.id))


def render(jenis: Document, permohonan, dokumen, by, tte: dict | None = None) -> bytes:
    """The document as it would print first, recording nothing (the letter about to be
    signed). `dokumen` needs `nomor` and `token`; `tte` (signer, when signed
    electronically) adds the space for the visible signature and the UU ITE sentence."""
    return _draw(jenis, permohonan, dokumen, by, dicetak=utcnow(), cetakan_ke=1, tte=tte)


def cetak(jenis: Document, permohonan: Permohonan, by) -> bytes:
    pdf = render_one(jenis, permohonan, by)
    # Only rows added: the file and the officer stay loaded for the rest of the request.
    commit_keeping()
    return pdf


def render_one(jenis: Document, permohonan: Permohonan, by) -> bytes:
    """Render one document and record the print, in the caller's transaction."""
    check_available(jenis, permohonan)
    dokumen, signed, printed = _dokumen_for_print(jenis, permohonan)
    log = CetakLog(jenis=jenis.kode, dokumen_id=dokumen.id, user_id=by.id,
                   keterangan=dokumen.nomor, at=utcnow())
    db.session.add(log)
    db.session.flush()
    log_baca.catat("dokumen", dokumen.id, permohonan.pemohon_id, dokumen.nomor,
                   kantor_id=permohonan.kantor_id)
    # A signed letter is handed out exactly as signed: never drawn again.
    if signed is not None:
        return signed.isi
    kembali = pengembalian_terakhir(permohonan) if jenis.per_pengembalian else None
    # A document issued anew (a second return) counts its copies from then.
    ke = cetakan_ke(dokumen, log, kembali.at) if kembali else printed + 1
    return _draw(jenis, permohonan, dokumen, by, dicetak=log.at, kembali=kembali, cetakan_ke=ke)


def _draw(jenis: Document, permohonan, dokumen, by, dicetak, cetakan_ke: int, kembali=None,
          tte: dict | None = None) -> bytes:
    settings = OfficeSettings.get(permohonan.kantor_id)
    url = verifikasi_url(dokumen.token)
    wf = get_workflow(permohonan.layanan)
    konteks = jenis.konteks(permohonan) if jenis.konteks else {}
    return render_pdf(jenis.template, p=Dicetak(permohonan), dokumen=dokumen, jenis=jenis,
                      s=settings, page_size=page_size(settings), petugas=by,
                      verifikasi_url=url, qr=qr_data_uri(url), dicetak=dicetak,
                      kembali=kembali, cetakan_ke=cetakan_ke,
                      cek_status_url=cek_status_url(),
                      perkiraan=perkiraan_selesai(permohonan.created_at, wf, settings),
                      menit_di_kantor=menit_di_kantor(wf),
                      hari_tanpa_standar=hari_tanpa_standar(wf, settings),
                      wf=wf, sop=wf.sop, paraf=paraf_sekcam(permohonan, jenis), tte=tte, **konteks)
