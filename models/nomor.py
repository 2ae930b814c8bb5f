from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from models._time import utcnow
from models.user import User


class PerubahanNomor(OfficeScoped, db.Model):
    """A counter moved forward by hand, so the application continues the paper book's
    numbers: which counter and year, from what to what, who, when and from where.
    Append-only; its screen has no write route."""

    __tablename__ = "perubahan_nomor"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter: Mapped[str] = mapped_column(String(30))
    tahun: Mapped[int]
    dari: Mapped[int]
    ke: Mapped[int]
    oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: the CLI
    alamat: Mapped[str | None] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    oleh: Mapped[User | None] = relationship(lazy="joined")
