from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class HariLibur(db.Model):
    """A day the office is closed besides weekends and the national calendar: a cuti
    bersama decreed after the bundled calendar was made, or a local day off."""

    __tablename__ = "hari_libur"

    id: Mapped[int] = mapped_column(primary_key=True)
    tanggal: Mapped[date] = mapped_column(Date, unique=True)
    nama: Mapped[str] = mapped_column(String(120))
    jenis: Mapped[str] = mapped_column(String(20))  # cuti_bersama | libur_lokal

    def __str__(self) -> str:
        return f"{self.nama} ({self.tanggal:%d/%m/%Y})"
