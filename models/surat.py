from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from models._time import utcnow
from models.permohonan import Permohonan
from models.user import User


class SuratKolektif(OfficeScoped, db.Model):
    """A collective Surat Pengantar to the Dinas Kependudukan dan Pencatatan Sipil: one
    outgoing-letter number for many ratified files; the signer kept as at printing."""

    __tablename__ = "surat_kolektif"
    __table_args__ = (UniqueConstraint("tahun", "nomor_urut", "kantor_id",
                                       name="uq_surat_kolektif_tahun_urut"),
                      UniqueConstraint("nomor", "kantor_id", name="uq_surat_kolektif_nomor"))

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int]
    nomor_urut: Mapped[int]
    nomor: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    penandatangan_nama: Mapped[str] = mapped_column(String(120))
    penandatangan_jabatan: Mapped[str] = mapped_column(String(120))
    penandatangan_pangkat: Mapped[str | None] = mapped_column(String(80))
    penandatangan_nip: Mapped[str | None] = mapped_column(String(18))

    created_by: Mapped[User] = relationship()
    berkas: Mapped[list["SuratKolektifBerkas"]] = relationship(
        back_populates="surat", order_by="SuratKolektifBerkas.urutan",
        cascade="all, delete-orphan")
    # Its QR token and, once the Camat signed it electronically, the signed copy.
    dokumen: Mapped["Dokumen | None"] = relationship(back_populates="surat_kolektif")  # noqa: F821

    def __str__(self) -> str:
        return self.nomor


class SuratKolektifBerkas(db.Model):
    __tablename__ = "surat_kolektif_berkas"
    __table_args__ = (UniqueConstraint("surat_id", "permohonan_id",
                                       name="uq_surat_kolektif_berkas"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    surat_id: Mapped[int] = mapped_column(ForeignKey("surat_kolektif.id"))
    permohonan_id: Mapped[int] = mapped_column(ForeignKey("permohonan.id"), index=True)
    urutan: Mapped[int]

    surat: Mapped[SuratKolektif] = relationship(back_populates="berkas")
    permohonan: Mapped[Permohonan] = relationship(lazy="joined")
