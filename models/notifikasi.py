"""Messages to residents (notifikasi): the outbox a transition writes into in its own
transaction, each attempt at sending with the channel's answer, and the templates the
administrator edits. Sent by the background worker (app/notifikasi/outbox.py)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from app.i18n import N_
from models._time import utcnow

# A message's life: waiting (for its first or next attempt), being sent by one worker
# (claimed), sent, or failed for good (every attempt used, or the answer unknown).
MENUNGGU, MENGIRIM, TERKIRIM, GAGAL = "menunggu", "mengirim", "terkirim", "gagal"
STATUS_PESAN = {MENUNGGU: N_("Menunggu"), MENGIRIM: N_("Sedang dikirim"),
                TERKIRIM: N_("Terkirim"), GAGAL: N_("Gagal")}

# The channels a resident may choose (the office switches each on in its settings).
WA, EMAIL = "wa", "email"
KANAL = {WA: N_("WhatsApp"), EMAIL: N_("Surel")}


class Pesan(OfficeScoped, db.Model):
    """One message to one resident about one event of one file, or of one complaint (the
    outbox row): exactly one of `permohonan_id` and `pengaduan_id` is set."""

    __tablename__ = "pesan"
    __table_args__ = (Index("ix_pesan_status_berikutnya", "status", "berikutnya_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    permohonan_id: Mapped[int | None] = mapped_column(ForeignKey("permohonan.id"), index=True)
    pengaduan_id: Mapped[int | None] = mapped_column(ForeignKey("pengaduan.id"), index=True)
    peristiwa: Mapped[str] = mapped_column(String(20))
    kanal: Mapped[str] = mapped_column(String(8))
    tujuan: Mapped[str] = mapped_column(String(120))  # 62… or an e-mail address
    isi: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=MENUNGGU)
    percobaan: Mapped[int] = mapped_column(default=0)
    # Not before this time (the back-off after a failed attempt).
    berikutnya_at: Mapped[datetime] = mapped_column(default=utcnow)
    diklaim_at: Mapped[datetime | None]
    terkirim_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    permohonan = relationship("Permohonan", lazy="joined")
    pengaduan = relationship("Pengaduan", lazy="joined")
    percobaan_list: Mapped[list["PercobaanPesan"]] = relationship(
        order_by="PercobaanPesan.id", lazy="selectin", back_populates="pesan")

    def __str__(self) -> str:
        return f"#{self.id}"


class PercobaanPesan(db.Model):
    """One attempt at sending a message and what the channel answered."""

    __tablename__ = "percobaan_pesan"

    id: Mapped[int] = mapped_column(primary_key=True)
    pesan_id: Mapped[int] = mapped_column(ForeignKey("pesan.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    berhasil: Mapped[bool]
    jawaban: Mapped[str] = mapped_column(String(500))

    pesan: Mapped[Pesan] = relationship(back_populates="percobaan_list")


class TemplatPesan(OfficeScoped, db.Model):
    """The office's own wording of one event's message; an event without a row uses the
    wording shipped with the application (app/notifikasi/peristiwa.py)."""

    __tablename__ = "templat_pesan"

    kantor_id: Mapped[int] = mapped_column(ForeignKey("office_settings.id"), primary_key=True,
                                           sort_order=-1)

    peristiwa: Mapped[str] = mapped_column(String(20), primary_key=True)
    isi: Mapped[str] = mapped_column(Text)
    diubah_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    diubah_at: Mapped[datetime] = mapped_column(default=utcnow)

    diubah_oleh = relationship("User", lazy="joined")
