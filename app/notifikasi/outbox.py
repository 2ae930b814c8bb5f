"""The outbox: a message is queued by the transition that causes it, in the same database
transaction (a declared effect, `kabar`), so a transition rolled back queues nothing and a
committed one is never without its message. The background worker sends it (`kirim`):
each message is claimed by one conditional UPDATE, so two workers, or two consumers'
threads, never send one twice; every attempt and the channel's answer is kept; a failure
is tried again with exponential back-off until NOTIFY_MAX_ATTEMPTS, then marked failed.

A worker that stops between sending and recording the answer leaves the message claimed:
`pulihkan` marks it failed with the answer unknown instead of sending it again, and the
administrator may send it again from the screen of messages (`kirim_ulang`)."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app import jobs
from app.extensions import db
from app.notifikasi import kanal as kanal_mod
from app.notifikasi import templat
from app.notifikasi.peristiwa import PENGADUAN_DIJAWAB, PERISTIWA
from app.notifikasi.penerima import tujuan_pengaduan, tujuan_untuk
from app.services.perkiraan import perkiraan_selesai
from app.survei import undangan
from app.timefmt import tanggal_panjang
from app.workflow.declaration import get_workflow
from models import OfficeSettings, Pengaduan, Permohonan
from models._time import utcnow
from models.notifikasi import GAGAL, MENGIRIM, MENUNGGU, TERKIRIM, PercobaanPesan, Pesan

log = logging.getLogger(__name__)

# Back-off between attempts: NOTIFY_BACKOFF_SECONDS, doubled each time, at most this.
JEDA_MAKS = timedelta(hours=6)
# A claim this old has lost its worker (a send takes NOTIFY_TIMEOUT at most).
KLAIM_BASI = timedelta(minutes=10)


# --- queueing: inside the transition's transaction -----------------------------------

def kabar(kode: str):
    """The effect that queues event `kode`'s message for a transition's file (declared
    beside the transition: `effects=(…, outbox.kabar(peristiwa.SAH))`)."""
    if kode not in PERISTIWA:
        raise KeyError(kode)

    def efek(step):
        antrekan(kode, step.permohonan)
        return {}
    efek.__name__ = f"kabar_{kode}"
    return efek


def alamat_publik(path: str) -> str:
    config = current_app.config
    return (config.get("PUBLIC_URL") or config["PUBLIC_URL_FALLBACK"]) + path


def _nama_depan(nama: str) -> str:
    kata = (nama or "").split()
    return kata[0].capitalize() if kata else ""


def nilai_untuk(kode: str, permohonan: Permohonan) -> dict[str, str]:
    """Every variable event `kode` offers, for this file: nothing of the resident but the
    first name."""
    settings = OfficeSettings.get(permohonan.kantor_id)
    wf = get_workflow(permohonan.layanan)
    # The claim already moved the file in this transaction; the loaded object is older.
    status = db.session.execute(
        select(Permohonan.status).where(Permohonan.id == permohonan.id)).scalar_one()
    nilai = {
        "nama_depan": _nama_depan(permohonan.pemohon.nama),
        "nomor_tanda_terima": permohonan.nomor_tanda_terima,
        "kantor": settings.kecamatan,
        "langkah_berikutnya": wf.state(status).next_step,
        "tautan": alamat_publik(current_app.url_map.bind("").build("public.cek_status")),
        "kekurangan": ", ".join(s.label for s in permohonan.syarat
                                if s.wajib and not s.terpenuhi) or "-",
        "perkiraan_selesai": tanggal_panjang(
            perkiraan_selesai(permohonan.created_at, wf, settings)),
    }
    if "tautan_survei" in PERISTIWA[kode].variabel:
        kode_survei = undangan.untuk(permohonan).kode
        nilai["tautan_survei"] = alamat_publik(
            current_app.url_map.bind("").build("survei.isi", {"kode": kode_survei}))
    return nilai


def antrekan(kode: str, permohonan: Permohonan) -> Pesan | None:
    """Add the event's message for the file's applicant to the session (the caller's
    transaction commits it); None when the resident did not consent, the office does not
    use their channel, or there is no address to send to."""
    tujuan = tujuan_untuk(permohonan.pemohon, OfficeSettings.get(permohonan.kantor_id))
    if tujuan is None:
        return None
    kanal, alamat = tujuan
    pesan = Pesan(permohonan_id=permohonan.id, peristiwa=kode, kanal=kanal, tujuan=alamat,
                  isi=templat.susun(kode, nilai_untuk(kode, permohonan), permohonan.kantor_id),
                  status=MENUNGGU,
                  percobaan=0, berikutnya_at=utcnow(), created_at=utcnow())
    db.session.add(pesan)
    return pesan


def antrekan_jawaban(row: Pengaduan) -> Pesan | None:
    """Add the message that a complaint is answered to the session (the caller's
    transaction commits it): its number and the complaint's status page, the first name,
    nothing of the complaint or the answer. None when the office uses no channel the
    complainant gave."""
    settings = OfficeSettings.get(row.kantor_id)
    tujuan = tujuan_pengaduan(row, settings)
    if tujuan is None:
        return None
    kanal, alamat = tujuan
    nilai = {"nama_depan": _nama_depan(row.nama), "nomor_pengaduan": row.nomor,
             "kantor": settings.kecamatan,
             "tautan": alamat_publik(current_app.url_map.bind("").build(
                 "pengaduan_publik.status"))}
    pesan = Pesan(pengaduan_id=row.id, peristiwa=PENGADUAN_DIJAWAB, kanal=kanal,
                  tujuan=alamat, isi=templat.susun(PENGADUAN_DIJAWAB, nilai, row.kantor_id),
                  status=MENUNGGU, percobaan=0, berikutnya_at=utcnow(), created_at=utcnow())
    db.session.add(pesan)
    return pesan


# --- sending: the background worker ----------------------------------------------------

def kirim(batas: int = 50) -> int:
    """Send the messages due now, each claimed first; returns how many were accepted."""
    now = utcnow()
    due = db.session.execute(
        select(Pesan.id).where(Pesan.status == MENUNGGU, Pesan.berikutnya_at <= now)
        .order_by(Pesan.berikutnya_at, Pesan.id).limit(batas)).scalars().all()
    db.session.commit()  # no transaction held while a gateway answers
    terkirim = 0
    for pesan_id in due:
        if jobs.stopping.is_set():
            break  # the worker is stopping: what is not claimed waits for the next one
        if not _klaim(pesan_id):
            continue  # another worker took it
        pesan = db.session.get(Pesan, pesan_id)
        peristiwa = PERISTIWA.get(pesan.peristiwa)
        jawaban = kanal_mod.kirim(pesan.kanal, pesan.tujuan, pesan.isi,
                                  peristiwa.judul if peristiwa else kanal_mod.JUDUL)
        terkirim += _catat(pesan, jawaban.berhasil, jawaban.keterangan)
    return terkirim


def _klaim(pesan_id: int) -> bool:
    claimed = db.session.execute(
        update(Pesan).where(Pesan.id == pesan_id, Pesan.status == MENUNGGU)
        .values(status=MENGIRIM, diklaim_at=utcnow(), percobaan=Pesan.percobaan + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return claimed.rowcount == 1


def jeda(percobaan: int) -> timedelta:
    """The wait after the n-th failed attempt: the base, doubled each time, capped."""
    dasar = current_app.config["NOTIFY_BACKOFF_SECONDS"]
    return min(timedelta(seconds=dasar * 2 ** max(percobaan - 1, 0)), JEDA_MAKS)


def _catat(pesan: Pesan, berhasil: bool, keterangan: str) -> bool:
    """Record the attempt and what follows from it, in one transaction."""
    now = utcnow()
    db.session.add(PercobaanPesan(pesan_id=pesan.id, at=now, berhasil=berhasil,
                                  jawaban=keterangan[:500]))
    if berhasil:
        values = {"status": TERKIRIM, "terkirim_at": now}
    elif pesan.percobaan >= current_app.config["NOTIFY_MAX_ATTEMPTS"]:
        values = {"status": GAGAL}
    else:
        values = {"status": MENUNGGU, "berikutnya_at": now + jeda(pesan.percobaan)}
    db.session.execute(update(Pesan).where(Pesan.id == pesan.id, Pesan.status == MENGIRIM)
                       .values(**values).execution_options(synchronize_session=False))
    db.session.commit()
    if not berhasil:
        log.warning("pesan %s: percobaan %s gagal (%s)", pesan.id, pesan.percobaan,
                    values["status"])
    return berhasil


JAWABAN_TAK_DIKETAHUI = ("Pekerja latar berhenti saat mengirim; tidak diketahui apakah "
                         "pesan sampai. Tidak dikirim ulang otomatis.")


def pulihkan() -> int:
    """Messages claimed by a worker that stopped: failed, the answer unknown (never sent
    again on their own: the gateway may have taken them). Returns how many."""
    basi = utcnow() - KLAIM_BASI
    rows = db.session.execute(select(Pesan).where(
        Pesan.status == MENGIRIM, Pesan.diklaim_at < basi)).scalars().all()
    handled = 0
    for pesan in rows:
        done = db.session.execute(
            update(Pesan).where(Pesan.id == pesan.id, Pesan.status == MENGIRIM,
                                Pesan.diklaim_at == pesan.diklaim_at)
            .values(status=GAGAL).execution_options(synchronize_session=False))
        if done.rowcount == 1:
            db.session.add(PercobaanPesan(pesan_id=pesan.id, at=utcnow(), berhasil=False,
                                          jawaban=JAWABAN_TAK_DIKETAHUI))
            handled += 1
        db.session.commit()
    return handled


def kirim_ulang(ids: list[int]) -> int:
    """The administrator's choice: failed messages waiting again, their count restarted."""
    done = db.session.execute(
        update(Pesan).where(Pesan.id.in_(ids), Pesan.status == GAGAL)
        .values(status=MENUNGGU, percobaan=0, berikutnya_at=utcnow())
        .execution_options(synchronize_session=False))
    db.session.commit()
    return done.rowcount
