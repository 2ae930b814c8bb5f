"""The office's periods: made, published (signer kept as at publication), withdrawn, and
the latest published one for the public page."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import update

from app.extensions import db
from app.survei import periode as periode_mod
from app.domain_errors import Conflict
from app.survei.rekap import Rekap, rekap
from app.timefmt import wib_today
from models import OfficeSettings, SkmPeriode
from models._time import utcnow


class PublikasiError(Conflict):
    pass


def masalah_periode_baru(layanan: str, jenis: str, tahun: int | None,
                         nomor: int | None) -> str | None:
    """Why this period cannot be made (translated), or None."""
    if tahun is None or not 2000 <= tahun <= 2100:
        return gettext("Tahun harus antara 2000 dan 2100.")
    if jenis not in periode_mod.JENIS_PERIODE:
        return gettext("Jenis periode tidak dikenal.")
    if nomor is None or not 1 <= nomor <= periode_mod.jumlah_dalam_tahun(jenis):
        return gettext("Nomor periode harus 1 sampai %(n)d untuk jenis ini.",
                       n=periode_mod.jumlah_dalam_tahun(jenis))
    exists = db.session.execute(db.select(SkmPeriode.id).filter_by(
        layanan=layanan, jenis=jenis, tahun=tahun, nomor=nomor)).first()
    if exists:
        return gettext("Periode ini sudah ada.")
    return None


def isi_rentang(row: SkmPeriode) -> None:
    row.dari, row.sampai = periode_mod.rentang(row.jenis, row.tahun, row.nomor)


def rekap_dari(row: SkmPeriode, **kw) -> Rekap:
    return rekap(row.layanan, row.dari, row.sampai, **kw)


def publikasikan(row: SkmPeriode, by) -> None:
    if row.sampai >= wib_today():
        raise PublikasiError(gettext("Periode belum berakhir: hasilnya masih dapat berubah."))
    if rekap_dari(row).hasil.ikm is None:
        raise PublikasiError(gettext("IKM belum dapat dihitung: ada unsur yang belum dijawab "
                                     "oleh satu responden pun."))
    s = OfficeSettings.get()
    done = db.session.execute(
        update(SkmPeriode).where(SkmPeriode.id == row.id, SkmPeriode.dipublikasikan_at.is_(None))
        .values(dipublikasikan_at=utcnow(), dipublikasikan_oleh_id=by.id,
                penandatangan_nama=s.camat_nama,
                penandatangan_jabatan="Camat " + s.kecamatan.removeprefix("Kecamatan ").strip(),
                penandatangan_pangkat=s.camat_pangkat, penandatangan_nip=s.camat_nip)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        raise PublikasiError(gettext("Periode ini sudah dipublikasikan."))
    db.session.commit()


def tarik(row: SkmPeriode) -> None:
    db.session.execute(update(SkmPeriode).where(SkmPeriode.id == row.id).values(
        dipublikasikan_at=None, dipublikasikan_oleh_id=None, penandatangan_nama=None,
        penandatangan_jabatan=None, penandatangan_pangkat=None, penandatangan_nip=None)
        .execution_options(synchronize_session=False))
    db.session.commit()


@dataclass
class Terbit:
    periode: SkmPeriode
    rekap: Rekap


def terakhir(layanan: str) -> Terbit | None:
    row = db.session.execute(
        db.select(SkmPeriode).where(SkmPeriode.layanan == layanan,
                                    SkmPeriode.dipublikasikan_at.is_not(None))
        .order_by(SkmPeriode.sampai.desc(), SkmPeriode.dari.asc())).scalars().first()
    return Terbit(row, rekap_dari(row)) if row else None
