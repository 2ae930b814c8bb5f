"""Login sessions kept on the server, and the history of each account's role and status."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._time import utcnow
from models.user import User


class SesiLogin(db.Model):
    """One login session. The cookie carries a random token; only its SHA-256 is stored,
    so a copy of this table opens no session. Ended = `berakhir_at` set."""

    __tablename__ = "sesi_login"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    dibuat_at: Mapped[datetime] = mapped_column(default=utcnow)
    terakhir_at: Mapped[datetime] = mapped_column(default=utcnow)
    berakhir_at: Mapped[datetime | None]
    alasan: Mapped[str | None] = mapped_column(String(20))  # keluar, dinonaktifkan, ...
    ip: Mapped[str | None] = mapped_column(String(45))


class RiwayatAkun(db.Model):
    """Every witnessed change to an account or to the office's signing key: who (`oleh`),
    whose (`user`; None for the office's key before a Camat confirms it), what
    (`kolom`), from and to, when and from which address. Append-only; its screen has no
    write route. `kolom`: role | aktif | kata_sandi (reset by another) | kunci_ttd (the
    signing key: menunggu, aktif, ditarik, dihapus) | penandatangan (the settings' signer)."""

    __tablename__ = "riwayat_akun"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: the CLI
    kolom: Mapped[str] = mapped_column(String(20))
    dari: Mapped[str | None] = mapped_column(String(200))
    ke: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ip: Mapped[str | None] = mapped_column(String(45))  # None: the CLI

    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")
    oleh: Mapped[User | None] = relationship(foreign_keys=[oleh_id], lazy="joined")
