"""The queue (antrean): a ticket per visitor and purpose, numbered per WIB day and purpose
(A-001 …), called to a counter, recalled or skipped, and joined to the file it becomes at
the Loket, so the wait before the desk is measured. Numbers come from one upsert of the
day's counter row, under its lock until commit: two kiosks never print one number."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from app.domain_errors import Conflict, InvalidInput, NotFound
from app.database import insert_for
from app.extensions import db
from app.timefmt import wib_today
from models import AntrianCounter, AntrianTiket, Permohonan
from models._kantor import kantor_kerja
from models._time import utcnow


@dataclass(frozen=True)
class Keperluan:
    kode: str
    huruf: str  # the ticket's letter, spoken by the display
    label: object  # lazy: the screen's language


# What a visitor comes for; the letter leads the ticket's number.
KEPERLUAN = {k.kode: k for k in (
    Keperluan("pengajuan", "A", _l("Pengajuan berkas baru")),
    Keperluan("pengambilan", "B", _l("Pengambilan KTP-el")),
    Keperluan("konsultasi", "C", _l("Konsultasi")),
)}


class TiketNotFound(NotFound):
    pass


class TiketConflict(Conflict):
    pass


class AntrianInvalid(InvalidInput):
    pass


def nomor_tiket(tiket: AntrianTiket) -> str:
    """A-001: the purpose's letter and the day's number."""
    return f"{KEPERLUAN[tiket.keperluan].huruf}-{tiket.nomor:03d}"


def _upsert(tanggal: date, jenis: str):
    return insert_for(AntrianCounter).values(kantor_id=kantor_kerja(db.session), tanggal=tanggal,
                                             jenis=jenis, nilai=1) \
        .on_conflict_do_update(index_elements=[AntrianCounter.kantor_id, AntrianCounter.tanggal,
                                               AntrianCounter.jenis],
                               set_={"nilai": AntrianCounter.nilai + 1}) \
        .returning(AntrianCounter.nilai)


def hitung_berikutnya(tanggal: date, jenis: str) -> int:
    """The day's next value of a counter, in the caller's transaction (a rollback gives it
    back)."""
    return db.session.execute(_upsert(tanggal, jenis)).scalar_one()


def ambil(keperluan: str, hari: date | None = None) -> AntrianTiket:
    """A new ticket for today (WIB); the caller commits."""
    if keperluan not in KEPERLUAN:
        raise AntrianInvalid(errors={"keperluan": str(_l("Pilih keperluan Anda."))})
    hari = hari or wib_today()
    tiket = AntrianTiket(tanggal=hari, keperluan=keperluan,
                         nomor=hitung_berikutnya(hari, keperluan), status="menunggu")
    db.session.add(tiket)
    db.session.flush()
    return tiket


def menunggu(hari: date | None = None, keperluan: str | None = None) -> list[AntrianTiket]:
    """Today's waiting tickets, oldest first."""
    query = db.select(AntrianTiket).where(AntrianTiket.tanggal == (hari or wib_today()),
                                          AntrianTiket.status == "menunggu")
    if keperluan:
        query = query.where(AntrianTiket.keperluan == keperluan)
    return list(db.session.execute(query.order_by(AntrianTiket.diambil_at,
                                                  AntrianTiket.id)).scalars())


def _claim(tiket_id: int, dari: tuple[str, ...], **values) -> bool:
    """A conditional UPDATE on the ticket's old status: two counters pressing at once
    cannot both take one ticket."""
    result = db.session.execute(
        db.update(AntrianTiket).where(AntrianTiket.id == tiket_id,
                                      AntrianTiket.status.in_(dari)).values(**values))
    return result.rowcount == 1


def panggil_berikutnya(loket: int, oleh, keperluan: str | None = None) -> AntrianTiket:
    """Call the oldest waiting ticket (of one purpose, if given) to `loket`; the ticket the
    counter had called before is done."""
    selesaikan_loket(loket)
    for tiket in menunggu(keperluan=keperluan):
        now = utcnow()
        if _claim(tiket.id, ("menunggu",), status="dipanggil", loket=loket, dipanggil_at=now,
                  panggilan=AntrianTiket.panggilan + 1, dipanggil_oleh_id=oleh.id,
                  tunggu_detik=max(0, int((now - tiket.diambil_at).total_seconds()))):
            db.session.refresh(tiket)
            return tiket
    raise TiketNotFound(str(_l("Tidak ada nomor antrean yang menunggu.")))


def sedang_dilayani(loket: int, hari: date | None = None) -> AntrianTiket | None:
    return db.session.execute(db.select(AntrianTiket).where(
        AntrianTiket.tanggal == (hari or wib_today()), AntrianTiket.loket == loket,
        AntrianTiket.status == "dipanggil").order_by(AntrianTiket.dipanggil_at.desc())
    ).scalars().first()


def selesaikan_loket(loket: int) -> None:
    db.session.execute(db.update(AntrianTiket).where(
        AntrianTiket.loket == loket, AntrianTiket.status == "dipanggil").values(
        status="selesai", selesai_at=utcnow()))


def _tiket_loket(loket: int) -> AntrianTiket:
    tiket = sedang_dilayani(loket)
    if tiket is None:
        raise TiketNotFound(str(_l("Loket ini belum memanggil nomor antrean.")))
    return tiket


def ulangi(loket: int) -> AntrianTiket:
    """Call the counter's ticket again: the display speaks once more."""
    tiket = _tiket_loket(loket)
    _claim(tiket.id, ("dipanggil",), panggilan=AntrianTiket.panggilan + 1,
           dipanggil_at=utcnow())
    db.session.refresh(tiket)
    return tiket


def lewati(loket: int) -> AntrianTiket:
    """The visitor called did not come: the ticket is skipped, the counter is free."""
    tiket = _tiket_loket(loket)
    if not _claim(tiket.id, ("dipanggil",), status="dilewati", selesai_at=utcnow()):
        raise TiketConflict(str(_l("Nomor ini sudah diubah oleh loket lain.")))
    db.session.refresh(tiket)
    return tiket


def cari(teks: str, hari: date | None = None) -> AntrianTiket:
    """Today's ticket by its number as printed (A-001, a001, A1)."""
    teks = (teks or "").strip().upper().replace(" ", "").replace("-", "")
    huruf = {k.huruf: k.kode for k in KEPERLUAN.values()}
    if len(teks) < 2 or teks[0] not in huruf or not teks[1:].isdigit() or len(teks) > 6:
        raise AntrianInvalid(errors={"tiket": str(_l(
            "Nomor antrean tidak dikenal: tulis seperti A-001."))})
    tiket = db.session.execute(db.select(AntrianTiket).where(
        AntrianTiket.tanggal == (hari or wib_today()), AntrianTiket.keperluan == huruf[teks[0]],
        AntrianTiket.nomor == int(teks[1:]))).scalar()
    if tiket is None:
        raise TiketNotFound(str(_l("Nomor antrean itu tidak ada hari ini.")),
                            errors={"tiket": str(_l("Nomor antrean itu tidak ada hari ini."))})
    return tiket


def hubungkan(tiket: AntrianTiket, permohonan: Permohonan) -> None:
    """Join the ticket to the file recorded for its visitor at the Loket (in the Loket's
    transaction). A ticket never called (taken straight to the desk) is called now, so its
    wait is still measured; the caller commits."""
    if tiket.permohonan_id not in (None, permohonan.id):
        raise TiketConflict(str(_l("Nomor antrean ini sudah dipakai untuk berkas lain.")),
                            errors={"tiket": str(_l(
                                "Nomor antrean ini sudah dipakai untuk berkas lain."))})
    if tiket.dipanggil_at is None:
        now = utcnow()
        tiket.dipanggil_at = now
        tiket.tunggu_detik = max(0, int((now - tiket.diambil_at).total_seconds()))
        tiket.status = "selesai"
        tiket.selesai_at = now
    tiket.permohonan = permohonan
    db.session.flush()


@dataclass(frozen=True)
class Tunggu:
    jumlah: int
    rata_detik: int | None
    maks_detik: int | None


def waktu_tunggu(dari: date, sampai: date) -> Tunggu:
    """The wait before the desk of the tickets that became files, over the WIB days given:
    one query."""
    jumlah, rata, maks = db.session.execute(
        db.select(func.count(), func.avg(AntrianTiket.tunggu_detik),
                  func.max(AntrianTiket.tunggu_detik))
        .where(AntrianTiket.tanggal >= dari, AntrianTiket.tanggal <= sampai,
               AntrianTiket.permohonan_id.is_not(None),
               AntrianTiket.tunggu_detik.is_not(None))).one()
    return Tunggu(jumlah, None if rata is None else int(round(float(rata))), maks)
