from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from models._time import utcnow
from models.permohonan import Permohonan
from models.user import User


class Dokumen(OfficeScoped, db.Model):
    """A document issued for an application, or a collective letter once signed, with the
    unguessable token of its QR code."""

    __tablename__ = "dokumen"
    __table_args__ = (
        UniqueConstraint("permohonan_id", "jenis"),
        CheckConstraint("(permohonan_id IS NULL) <> (surat_kolektif_id IS NULL)",
                        name="satu_pemilik"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    permohonan_id: Mapped[int | None] = mapped_column(ForeignKey("permohonan.id"))
    surat_kolektif_id: Mapped[int | None] = mapped_column(ForeignKey("surat_kolektif.id"),
                                                          unique=True)
    jenis: Mapped[str] = mapped_column(String(30))
    nomor: Mapped[str] = mapped_column(String(60))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    permohonan: Mapped[Permohonan | None] = relationship()
    surat_kolektif: Mapped["SuratKolektif | None"] = relationship(  # noqa: F821
        back_populates="dokumen")


class CetakLog(db.Model):
    """Every print: who printed what, when."""

    __tablename__ = "cetak_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    jenis: Mapped[str] = mapped_column(String(30))
    dokumen_id: Mapped[int | None] = mapped_column(ForeignKey("dokumen.id"))
    keterangan: Mapped[str | None] = mapped_column(String(300))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    dokumen: Mapped[Dokumen | None] = relationship()
    user: Mapped[User] = relationship()
