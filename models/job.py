from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from models._time import utcnow

ACTIVE = ("queued", "running")
_ACTIVE_SQL = text("status IN ('queued', 'running')")


class Job(db.Model):
    """A piece of background work (today: a register extract), kept in the database so
    every server process answers for it and a restart loses nothing."""

    __tablename__ = "job"
    __table_args__ = (
        # The database itself refuses a second active job of one user, and a job beyond
        # the global cap: each active job holds one of the numbered slots.
        Index("uq_job_owner_active", "owner_id", unique=True,
              sqlite_where=_ACTIVE_SQL, postgresql_where=_ACTIVE_SQL),
        Index("uq_job_slot_active", "slot", unique=True,
              sqlite_where=_ACTIVE_SQL, postgresql_where=_ACTIVE_SQL),
        Index("ix_job_status_finished", "status", "finished_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(30))
    params: Mapped[str] = mapped_column(Text)  # JSON
    status: Mapped[str] = mapped_column(String(12), default="queued")
    slot: Mapped[int]
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=1)
    rows: Mapped[int | None]
    result_path: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return self.status not in ACTIVE

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return int(95 * self.done / max(self.total, 1))
