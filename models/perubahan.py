from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._time import utcnow
from models.user import User


class PerubahanPemohon(db.Model):
    """An edit of an applicant's data: field, old and new value, who, when. Shown in the
    timeline of the applicant's files; ratified letters keep their own copy."""

    __tablename__ = "perubahan_pemohon"

    id: Mapped[int] = mapped_column(primary_key=True)
    pemohon_id: Mapped[int] = mapped_column(ForeignKey("pemohon.id"), index=True)
    kolom: Mapped[str] = mapped_column(String(30))
    lama: Mapped[str | None] = mapped_column(Text)
    baru: Mapped[str | None] = mapped_column(Text)
    oleh_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    oleh: Mapped[User] = relationship(lazy="joined")
