"""A period's survey figures, each read by the database as aggregates (one SELECT for the
nine elements, one for the score distribution, one per profile field)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from app.extensions import db
from app.services.statistik import wib_day_start_utc
from app.survei import periode as periode_mod
from app.survei.ikm import HasilIkm, NilaiUnsur, ukuran_sampel
from app.survei.kuesioner import PROFIL, kuesioner, layanan_kuesioner
from models import Permohonan, SkmJawaban


@dataclass
class Rekap:
    layanan: str
    dari: date
    sampai: date
    hasil: HasilIkm
    diserahkan: int                 # N: files handed over in the period
    sebaran: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)

    @property
    def sampel_minimal(self) -> int:
        return ukuran_sampel(self.diserahkan)

    @property
    def sampel_tercapai(self) -> bool | None:
        """None when nothing was handed over: no population, nothing to reach."""
        if not self.diserahkan:
            return None
        return self.hasil.responden >= self.sampel_minimal

    @property
    def tingkat_respons(self) -> float | None:
        """Respondents per handed-over file, in percent (None when nothing was handed over)."""
        if not self.diserahkan:
            return None
        return round(100 * self.hasil.responden / self.diserahkan, 1)


def _in_period(layanan: str, dari: date, sampai: date):
    return (SkmJawaban.layanan == layanan, SkmJawaban.tanggal >= dari,
            SkmJawaban.tanggal <= sampai)


def hasil(layanan: str, dari: date, sampai: date) -> HasilIkm:
    kolom = [getattr(SkmJawaban, u.kolom) for u in kuesioner(layanan).unsur]
    row = db.session.execute(
        select(func.count(), *[func.coalesce(func.sum(k), 0) for k in kolom],
               *[func.count(k) for k in kolom])
        .where(*_in_period(layanan, dari, sampai))).one()
    n = len(kolom)
    unsur = tuple(NilaiUnsur(u.kode, int(row[1 + i]), int(row[1 + n + i]))
                  for i, u in enumerate(kuesioner(layanan).unsur))
    return HasilIkm(responden=int(row[0]), unsur=unsur)


def sebaran(layanan: str, dari: date, sampai: date) -> dict[str, tuple[int, int, int, int]]:
    """How many gave each score 1-4, per element."""
    elements = kuesioner(layanan).unsur
    cols = [func.count(case((getattr(SkmJawaban, u.kolom) == skor, 1)))
            for u in elements for skor in (1, 2, 3, 4)]
    row = db.session.execute(select(*cols).where(*_in_period(layanan, dari, sampai))).one()
    return {u.kode: tuple(int(v) for v in row[4 * i:4 * i + 4]) for i, u in enumerate(elements)}


def diserahkan(layanan: str, dari: date, sampai: date) -> int:
    """Files handed over in the period (WIB days), from the (kantor_id, layanan,
    diserahkan_at) index."""
    start, end = wib_day_start_utc(dari), wib_day_start_utc(sampai + timedelta(days=1))
    return db.session.execute(
        select(func.count()).select_from(Permohonan)
        .where(Permohonan.layanan.in_(layanan_kuesioner(layanan)),
               Permohonan.diserahkan_at >= start,
               Permohonan.diserahkan_at < end)).scalar_one()


def rekap(layanan: str, dari: date, sampai: date, dengan_sebaran: bool = False) -> Rekap:
    return Rekap(layanan, dari, sampai, hasil(layanan, dari, sampai),
                 diserahkan(layanan, dari, sampai),
                 sebaran(layanan, dari, sampai) if dengan_sebaran else {})


def rekap_periode(layanan: str, jenis: str, tahun: int, nomor: int, **kw) -> Rekap:
    dari, sampai = periode_mod.rentang(jenis, tahun, nomor)
    return rekap(layanan, dari, sampai, **kw)


def profil(layanan: str, dari: date, sampai: date) -> dict[str, list[tuple[str | None, int]]]:
    """Respondents per band of each profile field, in the declaration's order; None: left
    empty."""
    out = {}
    for name, (_label, bands) in PROFIL.items():
        col = getattr(SkmJawaban, name)
        counts = dict(db.session.execute(
            select(col, func.count()).where(*_in_period(layanan, dari, sampai))
            .group_by(col)).all())
        rows = [(band, counts.get(band, 0)) for band in bands]
        if counts.get(None):
            rows.append((None, counts[None]))
        out[name] = rows
    return out


def saran_terbaru(layanan: str, dari: date, sampai: date, limit: int = 5) -> list[str]:
    return list(db.session.execute(
        select(SkmJawaban.saran).where(*_in_period(layanan, dari, sampai),
                                       SkmJawaban.saran.is_not(None))
        .order_by(SkmJawaban.id.desc()).limit(limit)).scalars())


def ringkasan_saran(layanan: str, dari: date, sampai: date,
                    limit: int = 30) -> tuple[int, list[tuple[str, int]]]:
    """(comments in all, [(comment, how many gave it)]): the same words, case and spaces
    aside, counted once, most frequent first."""
    key = func.lower(func.trim(SkmJawaban.saran))
    where = (*_in_period(layanan, dari, sampai), SkmJawaban.saran.is_not(None))
    total = db.session.execute(select(func.count()).where(*where)).scalar_one()
    rows = db.session.execute(
        select(func.min(SkmJawaban.saran), func.count().label("n")).where(*where)
        .group_by(key).order_by(func.count().desc(), key).limit(limit)).all()
    return total, [(text, n) for text, n in rows]
