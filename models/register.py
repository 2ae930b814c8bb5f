from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from models._time import utcnow
from models.permohonan import Permohonan
from models.user import User


class Counter(OfficeScoped, db.Model):
    """Per-year sequences (register numbers, receipt numbers): incremented in place,
    so a number is taken under the row's write lock and never handed out twice."""

    __tablename__ = "counter"

    kantor_id: Mapped[int] = mapped_column(ForeignKey("office_settings.id"), primary_key=True,
                                           sort_order=-1)

    nama: Mapped[str] = mapped_column(String(30), primary_key=True)
    tahun: Mapped[int] = mapped_column(primary_key=True)
    nilai: Mapped[int] = mapped_column(default=0)


class RegisterEntry(OfficeScoped, db.Model):
    """Register KTP-el: one number per registered application, never reused or deleted."""

    __tablename__ = "register_entry"
    __table_args__ = (UniqueConstraint("tahun", "nomor_urut", "kantor_id", name="uq_register_entry_tahun"),
                      UniqueConstraint("nomor", "kantor_id", name="uq_register_entry_nomor"),
                      # An office's register, newest first (migration 0028_indeks_kantor).
                      Index("ix_register_entry_kantor_tahun", "kantor_id", "tahun", "nomor_urut",
                            "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int]
    nomor_urut: Mapped[int]
    nomor: Mapped[str] = mapped_column(String(60))
    permohonan_id: Mapped[int] = mapped_column(ForeignKey("permohonan.id"), unique=True)
    tanggal: Mapped[date] = mapped_column(index=True)
    diregister_oleh_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    permohonan: Mapped[Permohonan] = relationship(back_populates="register")
    diregister_oleh: Mapped[User] = relationship()

    def __str__(self) -> str:
        return self.nomor
