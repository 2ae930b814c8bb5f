from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from models._time import utcnow
from models.permohonan import Permohonan
from models.user import User


class TransitionLog(OfficeScoped, db.Model):
    """Riwayat: one row per state change, written in the same transaction. Append-only."""

    __tablename__ = "transition_log"
    __table_args__ = (
        # The dashboard's SOP figures: one step's actions in a period, with their
        # durations, read from the index alone (migration 0004).
        Index("ix_transition_log_aksi_at", "aksi", "at", "durasi_detik"),
        # An office's history, newest first, and its SOP figures (0028_indeks_kantor).
        Index("ix_transition_log_kantor_at", "kantor_id", "at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    permohonan_id: Mapped[int] = mapped_column(ForeignKey("permohonan.id"), index=True)
    dari: Mapped[str | None] = mapped_column(String(20))
    ke: Mapped[str] = mapped_column(String(20))
    # The transition's name ("tindakan" on screen; the column keeps its first name, since
    # renaming it would rebuild the dashboard's index on a million rows).
    aksi: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    actor_role: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Seconds the file spent in `dari` (or at the desk, for the first step): the SLA figure.
    durasi_detik: Mapped[int | None]
    catatan: Mapped[str | None] = mapped_column(Text)

    permohonan: Mapped[Permohonan] = relationship()
    actor: Mapped[User] = relationship(lazy="joined")


class AuthLog(db.Model):
    """Logins, failed logins and logouts, with time and address."""

    __tablename__ = "auth_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(20))
    username: Mapped[str] = mapped_column(String(50))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    ip: Mapped[str | None] = mapped_column(String(45))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
