"""Personal data under UU 27/2022 (PDP): who read whose data, data subjects' requests,
and breaches, each with the law's 3 × 24 hours clock. Kept apart from the audit of
changes (models/audit.py)."""
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from models._time import utcnow
from models.user import User

# Pasal 30–33 (a data subject's request) and Pasal 46 (a breach notice): 3 × 24 hours.
TENGGAT = timedelta(hours=72)


class LogBaca(OfficeScoped, db.Model):
    """One view of personal data: a person's record, a file's page, a PDF or an extract.
    Append-only; written in the request that showed the data."""

    __tablename__ = "log_baca"
    __table_args__ = (Index("ix_log_baca_pemohon_at", "pemohon_id", "at"),)

    # None: a regency reader's read of no one office's applicant (the regency's own log).
    kantor_id: Mapped[int | None] = mapped_column(ForeignKey("office_settings.id"),
                                                  sort_order=-1)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    peran: Mapped[str] = mapped_column(String(20))
    # What was read (app/pdp/log_baca.py, JENIS): "pemohon", "permohonan", "dokumen", ...
    jenis: Mapped[str] = mapped_column(String(30))
    objek_id: Mapped[int | None]
    # Whose data, when it is one person's (a register extract names many: none here).
    pemohon_id: Mapped[int | None] = mapped_column(ForeignKey("pemohon.id"))
    keterangan: Mapped[str | None] = mapped_column(String(300))
    ip: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship()


class _BerTenggat:
    """A record on the 3 × 24 hours clock: its deadline, and whether it was missed."""

    def tenggat(self) -> datetime:
        return self.mulai_at + TENGGAT

    def terlambat(self, now: datetime | None = None) -> bool:
        selesai = self.selesai_at or (now or utcnow())
        return selesai > self.tenggat()


class PermintaanSubjek(_BerTenggat, OfficeScoped, db.Model):
    """A resident's request about their own data: access (everything held about a NIK)
    or correction; answered within 3 × 24 hours."""

    __tablename__ = "permintaan_subjek"

    id: Mapped[int] = mapped_column(primary_key=True)
    jenis: Mapped[str] = mapped_column(String(20))  # "akses" | "koreksi"
    nik: Mapped[str] = mapped_column(String(16), index=True)
    nama: Mapped[str] = mapped_column(String(120))
    isi: Mapped[str | None] = mapped_column(Text)
    diterima_at: Mapped[datetime] = mapped_column(default=utcnow)
    dijawab_at: Mapped[datetime | None]
    jawaban: Mapped[str | None] = mapped_column(Text)
    dicatat_oleh_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    dijawab_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    dicatat_oleh: Mapped[User] = relationship(foreign_keys=[dicatat_oleh_id])
    dijawab_oleh: Mapped[User | None] = relationship(foreign_keys=[dijawab_oleh_id])

    @property
    def mulai_at(self) -> datetime:
        return self.diterima_at

    @property
    def selesai_at(self) -> datetime | None:
        return self.dijawab_at

    def __str__(self) -> str:
        return f"Permintaan #{self.id}"


class InsidenKebocoran(_BerTenggat, OfficeScoped, db.Model):
    """A personal-data breach: found when, what, whose; notified in writing to the data
    subjects and the authority within 3 × 24 hours (Pasal 46)."""

    __tablename__ = "insiden_kebocoran"

    id: Mapped[int] = mapped_column(primary_key=True)
    ditemukan_at: Mapped[datetime] = mapped_column(default=utcnow)
    uraian: Mapped[str] = mapped_column(Text)
    data_terdampak: Mapped[str] = mapped_column(Text)
    subjek_terdampak: Mapped[str] = mapped_column(Text)
    jumlah_subjek: Mapped[int] = mapped_column(default=0)
    penanganan: Mapped[str | None] = mapped_column(Text)
    diberitahu_at: Mapped[datetime | None]
    # The notice letter's outgoing-letter number, taken at its first print (reprints keep it).
    nomor_surat: Mapped[str | None] = mapped_column(String(60))
    dicatat_oleh_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dicatat_oleh: Mapped[User] = relationship()

    @property
    def mulai_at(self) -> datetime:
        return self.ditemukan_at

    @property
    def selesai_at(self) -> datetime | None:
        return self.diberitahu_at

    def __str__(self) -> str:
        return f"Insiden #{self.id}"
