"""The dashboard card's figures: this quarter against the previous one.

Kept per service and period (`ringkasan_skm`) with the stamp they were computed at: the
answers' count and last id, and the service's last hand-over. The dashboard reads the
stamp and the kept figures in one statement and recomputes only when a new answer or
hand-over has changed the stamp; every server process reads the same row."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select, union_all

from app.access.permissions import allowed
from app.database import insert_for
from models._kantor import kantor_kerja
from app.extensions import db
from app.survei import periode as periode_mod
from app.survei.ikm import HasilIkm, NilaiUnsur
from app.survei.kuesioner import kuesioner, layanan_kuesioner
from app.survei.rekap import Rekap, rekap_periode, saran_terbaru
from app.timefmt import wib_today
from models import Permohonan, RingkasanSkm, SkmJawaban

JENIS = "triwulan"


@dataclass
class Kartu:
    label: str
    label_sebelumnya: str
    sekarang: Rekap
    sebelumnya: Rekap
    saran: list[str]
    unsur: list  # (Unsur, NilaiUnsur now, NilaiUnsur before, weakest?)


def kartu_skm(user, layanan: str | None = None) -> Kartu | None:
    """None for a role that does not see the card. Without a service: the office's default."""
    if not user.is_authenticated or not allowed("skm.kartu", user.role):
        return None
    k = kuesioner(layanan)
    layanan = k.layanan
    tahun, nomor = periode_mod.memuat(JENIS, wib_today())
    prev = periode_mod.sebelumnya(JENIS, tahun, nomor)
    now_r, prev_r, saran = _angka(layanan, (tahun, nomor), prev)
    weakest = {u.kode for u in now_r.hasil.terlemah(3)}
    rows = [(u, a, b, a.kode in weakest) for u, a, b in
            zip(k.unsur, now_r.hasil.unsur, prev_r.hasil.unsur)]
    return Kartu(periode_mod.label_layar(JENIS, tahun, nomor),
                 periode_mod.label_layar(JENIS, *prev), now_r, prev_r, saran, rows)


def _angka(layanan: str, periode: tuple[int, int], prev: tuple[int, int]
           ) -> tuple[Rekap, Rekap, list[str]]:
    """(this period, the previous one, the latest suggestions): kept, or computed and kept."""
    stempel, kept = _stempel_dan_simpanan(layanan, *periode)
    if kept is not None and kept[0] == stempel:
        isi = json.loads(kept[1])
        return (_rekap(layanan, periode, isi["sekarang"]), _rekap(layanan, prev, isi["sebelumnya"]),
                isi["saran"])
    now_r = rekap_periode(layanan, JENIS, *periode)
    prev_r = rekap_periode(layanan, JENIS, *prev)
    saran = saran_terbaru(layanan, now_r.dari, now_r.sampai)
    _simpan(layanan, periode, stempel, json.dumps(
        {"sekarang": _angka_rekap(now_r), "sebelumnya": _angka_rekap(prev_r), "saran": saran}))
    return now_r, prev_r, saran


def _kunci(layanan: str, tahun: int, nomor: int):
    return (RingkasanSkm.kantor_id == kantor_kerja(db.session), RingkasanSkm.layanan == layanan, RingkasanSkm.jenis == JENIS,
            RingkasanSkm.tahun == tahun, RingkasanSkm.nomor == nomor)


def _stempel_dan_simpanan(layanan: str, tahun: int, nomor: int
                          ) -> tuple[str, tuple[str, str] | None]:
    """The stamp now and the kept (stamp, figures), in one statement: each part a lookup
    in an index (answers by service, hand-overs by service and time, the card's key)."""
    jawaban = SkmJawaban.layanan == layanan
    row = db.session.execute(select(
        select(func.count(SkmJawaban.id)).where(jawaban).scalar_subquery(),
        select(func.max(SkmJawaban.id)).where(jawaban).scalar_subquery(),
        _terakhir_diserahkan(layanan_kuesioner(layanan)),
        select(RingkasanSkm.stempel).where(*_kunci(layanan, tahun, nomor)).scalar_subquery(),
        select(RingkasanSkm.isi).where(*_kunci(layanan, tahun, nomor)).scalar_subquery(),
    )).one()
    stempel = f"{row[0]}:{row[1]}:{row[2]}"
    return stempel, (row[3], row[4]) if row[3] is not None else None


def _terakhir_diserahkan(layanans):
    """The last hand-over of these services: the latest of each one's own (an end of the
    (kantor_id, layanan, diserahkan_at) index each), not the latest over an IN, which
    PostgreSQL answers by reading every hand-over of the office (160 ms at a million)."""
    each = union_all(*(select(func.max(Permohonan.diserahkan_at).label("at"))
                       .where(Permohonan.layanan == l) for l in layanans)).subquery()
    return select(func.max(each.c.at)).scalar_subquery()


def _simpan(layanan: str, periode: tuple[int, int], stempel: str, isi: str) -> None:
    """Keep the figures, on a connection of its own: the page's session stays as it was
    (nothing of it expired by a commit), and two processes keeping the same period at once
    leave one row."""
    table = RingkasanSkm.__table__
    stmt = insert_for(table).values(kantor_id=kantor_kerja(db.session), layanan=layanan,
                                    jenis=JENIS, tahun=periode[0],
                                        nomor=periode[1], stempel=stempel, isi=isi)
    stmt = stmt.on_conflict_do_update(
        index_elements=[c.name for c in table.primary_key],
        set_={"stempel": stmt.excluded.stempel, "isi": stmt.excluded.isi})
    with db.engine.begin() as conn:
        conn.execute(stmt)


def _angka_rekap(r: Rekap) -> dict:
    return {"responden": r.hasil.responden, "berkas_diserahkan": r.diserahkan,
            "unsur": [[u.kode, u.jumlah_nilai, u.responden] for u in r.hasil.unsur]}


def _rekap(layanan: str, periode: tuple[int, int], angka: dict) -> Rekap:
    dari, sampai = periode_mod.rentang(JENIS, *periode)
    hasil = HasilIkm(angka["responden"], tuple(NilaiUnsur(*u) for u in angka["unsur"]))
    return Rekap(layanan, dari, sampai, hasil, angka["berkas_diserahkan"])
