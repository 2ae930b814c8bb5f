"""Complaints (pengaduan, UU 25/2009 and Perpres 76/2013): what a resident tells the office
about its service, handled by an officer and answered within the office's published
number of working days (OfficeSettings.pengaduan_hari)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from app.i18n import N_
from models._time import utcnow
from models.permohonan import Permohonan
from models.user import User

# What the complaint is about -> its name on screen.
KATEGORI = {
    "pelayanan": N_("Sikap atau perilaku petugas"),
    "waktu": N_("Waktu penyelesaian"),
    "persyaratan": N_("Persyaratan dan prosedur"),
    "biaya": N_("Biaya atau pungutan"),
    "sarana": N_("Sarana dan prasarana"),
    "lainnya": N_("Lainnya"),
}
# Where it came in: the public form, or SP4N-LAPOR! (lapor.go.id), entered by staff.
SUMBER = {"formulir": N_("Formulir di situs kantor"), "lapor": N_("SP4N-LAPOR!"),
          "langsung": N_("Datang, telepon, atau surat")}
# Its states, in order: received, handled by an officer, answered, closed.
STATUS = {"diterima": N_("Diterima"), "ditangani": N_("Sedang ditangani"),
          "dijawab": N_("Sudah dijawab"), "selesai": N_("Selesai")}
BELUM_DIJAWAB = ("diterima", "ditangani")


class Pengaduan(OfficeScoped, db.Model):
    __tablename__ = "pengaduan"
    # The dashboard's late complaints: not yet answered, received before a moment.
    __table_args__ = (Index("ix_pengaduan_status_created", "status", "created_at"),
                      UniqueConstraint("nomor", "kantor_id", name="uq_pengaduan_nomor"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # PGD/2026/00012: sequential per year (the office says it on the phone); the status
    # page asks for it together with the secret code or the phone number's last digits.
    nomor: Mapped[str] = mapped_column(String(30))
    kode_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sumber: Mapped[str] = mapped_column(String(20), default="formulir")
    nomor_lapor: Mapped[str | None] = mapped_column(String(40))
    nama: Mapped[str] = mapped_column(String(120))
    telepon: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    kategori: Mapped[str] = mapped_column(String(20))
    isi: Mapped[str] = mapped_column(Text)
    # The receipt number as typed; the file only when the NIK's last digits matched it.
    nomor_tanda_terima: Mapped[str | None] = mapped_column(String(40))
    permohonan_id: Mapped[int | None] = mapped_column(ForeignKey("permohonan.id"))
    status: Mapped[str] = mapped_column(String(20), default="diterima")
    petugas_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    ditugaskan_at: Mapped[datetime | None]
    jawaban: Mapped[str | None] = mapped_column(Text)
    dijawab_at: Mapped[datetime | None]
    dijawab_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    selesai_at: Mapped[datetime | None]
    dianonimkan_at: Mapped[datetime | None]

    permohonan: Mapped[Permohonan | None] = relationship()
    petugas: Mapped[User | None] = relationship(foreign_keys=[petugas_id])
    dijawab_oleh: Mapped[User | None] = relationship(foreign_keys=[dijawab_oleh_id])

    def __str__(self) -> str:
        return self.nomor
