from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from app.i18n import N_
from models._time import utcnow
from models.desa import Desa

JENIS_KELAMIN = {"L": N_("Laki-laki"), "P": N_("Perempuan")}
BELUM_KAWIN = "belum_kawin"
STATUS_PERKAWINAN = {
    BELUM_KAWIN: N_("Belum kawin"),
    "kawin": N_("Kawin"),
    "cerai_hidup": N_("Cerai hidup"),
    "cerai_mati": N_("Cerai mati"),
}


def mask_nik(nik: str | None) -> str:
    """First 6 and last 4 digits (UU 27/2022: never the whole NIK where it is not needed)."""
    if not nik:
        return ""
    return nik[:6] + "•" * (len(nik) - 10) + nik[-4:] if len(nik) > 10 else "•" * len(nik)


def mask_nama(nama: str | None) -> str:
    """'Siti Aminah' -> 'S*** A*****': enough for the owner to recognise, no more."""
    return " ".join(w[0] + "*" * (len(w) - 1) for w in (nama or "").split())



class PemohonTampil:
    """How an applicant reads on screens and paper, for the record and for its ratified copy
    (app/services/data_pemohon.py): needs `nik`, `nama` and `tanggal_lahir`."""

    @property
    def nik_tersamar(self) -> str:
        return mask_nik(self.nik)

    @property
    def nama_tersamar(self) -> str:
        return mask_nama(self.nama)

    @property
    def latar_foto(self) -> str:
        """SOP step 1: photo background blue for an even birth year, red for an odd one."""
        return N_("Biru") if self.tanggal_lahir.year % 2 == 0 else N_("Merah")

    def __str__(self) -> str:
        return f"{self.nama} ({mask_nik(self.nik)})"


class Pemohon(PemohonTampil, OfficeScoped, db.Model):
    """A resident who applies for a KTP-el."""

    __tablename__ = "pemohon"
    __table_args__ = (sa.UniqueConstraint("nik", "kantor_id", name="uq_pemohon_nik"),
                      # An office's applicants, newest first and by name (0028_indeks_kantor).
                      sa.Index("ix_pemohon_kantor_id", "kantor_id", "id"),
                      sa.Index("ix_pemohon_kantor_nama", "kantor_id", "nama", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    nik: Mapped[str] = mapped_column(String(16))
    no_kk: Mapped[str] = mapped_column(String(16), index=True)
    nama: Mapped[str] = mapped_column(String(120), index=True)
    tempat_lahir: Mapped[str] = mapped_column(String(60))
    tanggal_lahir: Mapped[date]
    jenis_kelamin: Mapped[str] = mapped_column(String(1))
    status_perkawinan: Mapped[str] = mapped_column(String(12))
    alamat: Mapped[str] = mapped_column(String(200))
    rt: Mapped[str] = mapped_column(String(3))
    rw: Mapped[str] = mapped_column(String(3))
    desa_id: Mapped[int] = mapped_column(ForeignKey("desa.id"), index=True)
    telepon: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    # Messages about the files (app/notifikasi/): only with the resident's consent, through
    # the channel they chose (models/notifikasi.py KANAL), recorded with when it was given.
    notifikasi_setuju: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    notifikasi_kanal: Mapped[str | None] = mapped_column(String(8))
    notifikasi_setuju_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the archive schedule's years ran out (app/pdp/retensi.py): the row is a
    # tombstone that keeps the files' numbers and figures.
    dianonimkan_at: Mapped[datetime | None]

    desa: Mapped[Desa] = relationship(lazy="joined")

