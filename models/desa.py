from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from models._kantor import OfficeScoped


class Desa(OfficeScoped, db.Model):
    """A village of the kecamatan, with its Kemendagri code (35.20.04.2009)."""

    __tablename__ = "desa"

    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(13), unique=True)
    nama: Mapped[str] = mapped_column(String(60))
    jenis: Mapped[str] = mapped_column(String(10))  # desa | kelurahan

    def __str__(self) -> str:
        prefix = "Kel." if self.jenis == "kelurahan" else "Desa"
        return f"{prefix} {self.nama}"
