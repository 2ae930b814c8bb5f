from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._time import utcnow
from models.dokumen import Dokumen
from models.user import User


class DokumenTtd(db.Model):
    """The electronically signed copy of a document, stored once at ratification. It is
    what is printed and downloaded from then on: never rendered again.

    The bytes live in the database so that the signed letter and the state change commit
    in one transaction, and the daily backup carries them."""

    __tablename__ = "dokumen_ttd"

    id: Mapped[int] = mapped_column(primary_key=True)
    dokumen_id: Mapped[int] = mapped_column(ForeignKey("dokumen.id"), unique=True)
    metode: Mapped[str] = mapped_column(String(10))  # the SIGNER that signed: local, bsre
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    ukuran: Mapped[int]
    isi: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    penandatangan_nama: Mapped[str] = mapped_column(String(120))
    penandatangan_jabatan: Mapped[str] = mapped_column(String(120))
    penandatangan_nip: Mapped[str | None] = mapped_column(String(18))
    sertifikat_subjek: Mapped[str | None] = mapped_column(String(300))
    ditandatangani_at: Mapped[datetime] = mapped_column(default=utcnow)
    ditandatangani_oleh_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    dokumen: Mapped[Dokumen] = relationship(
        backref=db.backref("ttd", uselist=False, lazy="select"))
    ditandatangani_oleh: Mapped[User] = relationship()
