"""The queue (antrean): a numbered ticket per visitor and purpose, its call at a counter,
the file it becomes; a booked time slot checked in by its code. No personal data."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from models._time import utcnow
from models.permohonan import Permohonan

# A ticket's life: waiting, called to a counter, served, or skipped (not there when called).
STATUS_TIKET = ("menunggu", "dipanggil", "selesai", "dilewati")


class AntrianCounter(OfficeScoped, db.Model):
    """The day's last number per purpose (and the day's bookings, `jenis` = 'booking'):
    taken in one upsert under the row's lock, so two kiosks never print one number."""

    __tablename__ = "antrian_counter"

    kantor_id: Mapped[int] = mapped_column(ForeignKey("office_settings.id"), primary_key=True,
                                           sort_order=-1)

    tanggal: Mapped[date] = mapped_column(primary_key=True)
    jenis: Mapped[str] = mapped_column(String(20), primary_key=True)
    nilai: Mapped[int]


class AntrianTiket(OfficeScoped, db.Model):
    __tablename__ = "antrian_tiket"
    __table_args__ = (
        UniqueConstraint("tanggal", "keperluan", "nomor", "kantor_id",
                         name="uq_antrian_tiket_tanggal"),
        CheckConstraint("status IN ('menunggu', 'dipanggil', 'selesai', 'dilewati')",
                        name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tanggal: Mapped[date] = mapped_column(index=True)  # the WIB day it was taken
    keperluan: Mapped[str] = mapped_column(String(20))
    nomor: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="menunggu", index=True)
    diambil_at: Mapped[datetime] = mapped_column(default=utcnow)
    dipanggil_at: Mapped[datetime | None]
    # Times called (a recall adds one): the display speaks again when it changes.
    panggilan: Mapped[int] = mapped_column(default=0)
    loket: Mapped[int | None]
    # Seconds from taking the ticket to its first call: the wait before the desk.
    tunggu_detik: Mapped[int | None]
    selesai_at: Mapped[datetime | None]
    dipanggil_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The file the visitor's errand became at the Loket.
    permohonan_id: Mapped[int | None] = mapped_column(ForeignKey("permohonan.id"), unique=True)

    permohonan: Mapped[Permohonan | None] = relationship()


class AntrianBooking(OfficeScoped, db.Model):
    """A time slot booked on the public pages; its code at the kiosk gives the ticket."""

    __tablename__ = "antrian_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    kode: Mapped[str] = mapped_column(String(12), unique=True)
    tanggal: Mapped[date] = mapped_column(index=True)
    jam: Mapped[str] = mapped_column(String(5))  # the slot's start, "08:00" WIB
    keperluan: Mapped[str] = mapped_column(String(20))
    dibuat_at: Mapped[datetime] = mapped_column(default=utcnow)
    tiket_id: Mapped[int | None] = mapped_column(ForeignKey("antrian_tiket.id"), unique=True)

    tiket: Mapped[AntrianTiket | None] = relationship()
