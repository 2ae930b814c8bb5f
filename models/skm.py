"""The Survei Kepuasan Masyarakat's data. An answer (SkmJawaban) carries no link to the
file, the applicant or the time of day: the invitation (SkmUndangan) only knows that its
one answer was given. Periods and their follow-ups are what the office publishes."""
from datetime import date, datetime

from sqlalchemy import (CheckConstraint, ForeignKey, Index, SmallInteger, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from app.format import label_periode
from models._time import utcnow
from models.permohonan import Permohonan
from models.user import User

# N of the sample size (an office's files handed over in a period) read from an index
# (migration 0028_indeks_kantor).
Index("ix_permohonan_kantor_diserahkan", Permohonan.kantor_id, Permohonan.layanan,
      Permohonan.diserahkan_at)


class SkmUndangan(OfficeScoped, db.Model):
    """The one-time survey of one handed-over file: its short code is printed (and in the
    QR) on the proof of hand-over; it expires a set number of days after the hand-over."""

    __tablename__ = "skm_undangan"

    id: Mapped[int] = mapped_column(primary_key=True)
    permohonan_id: Mapped[int] = mapped_column(ForeignKey("permohonan.id"), unique=True)
    kode: Mapped[str] = mapped_column(String(12), unique=True)
    berlaku_sampai: Mapped[datetime]
    # Only whether it was used: no time, so an answer cannot be matched to its file by it.
    dijawab: Mapped[bool] = mapped_column(default=False)

    permohonan: Mapped[Permohonan] = relationship()


UNSUR_KOLOM = tuple(f"u{i}" for i in range(1, 10))


class SkmJawaban(OfficeScoped, db.Model):
    """One respondent's answers: scores 1-4 per element (empty: not answered), the profile
    in bands, an optional comment, the service and the WIB day. Nothing else."""

    __tablename__ = "skm_jawaban"
    __table_args__ = tuple(
        CheckConstraint(f"{k} BETWEEN 1 AND 4", name=f"{k}_skala") for k in UNSUR_KOLOM
    ) + (Index("ix_skm_jawaban_layanan_tanggal", "layanan", "tanggal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    layanan: Mapped[str] = mapped_column(String(20))
    tanggal: Mapped[date]
    u1: Mapped[int | None] = mapped_column(SmallInteger)
    u2: Mapped[int | None] = mapped_column(SmallInteger)
    u3: Mapped[int | None] = mapped_column(SmallInteger)
    u4: Mapped[int | None] = mapped_column(SmallInteger)
    u5: Mapped[int | None] = mapped_column(SmallInteger)
    u6: Mapped[int | None] = mapped_column(SmallInteger)
    u7: Mapped[int | None] = mapped_column(SmallInteger)
    u8: Mapped[int | None] = mapped_column(SmallInteger)
    u9: Mapped[int | None] = mapped_column(SmallInteger)
    jenis_kelamin: Mapped[str | None] = mapped_column(String(1))
    umur: Mapped[str | None] = mapped_column(String(8))
    pendidikan: Mapped[str | None] = mapped_column(String(10))
    pekerjaan: Mapped[str | None] = mapped_column(String(12))
    saran: Mapped[str | None] = mapped_column(Text)


class SkmPeriode(OfficeScoped, db.Model):
    """A period the office reports on; published, it is what /ikm shows. The signer is
    kept as they were at publication."""

    __tablename__ = "skm_periode"
    __table_args__ = (UniqueConstraint("layanan", "jenis", "tahun", "nomor", "kantor_id",
                                       name="uq_skm_periode_layanan"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    layanan: Mapped[str] = mapped_column(String(20))
    jenis: Mapped[str] = mapped_column(String(10))
    tahun: Mapped[int]
    nomor: Mapped[int]
    dari: Mapped[date]
    sampai: Mapped[date]
    dipublikasikan_at: Mapped[datetime | None]
    dipublikasikan_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    penandatangan_nama: Mapped[str | None] = mapped_column(String(120))
    penandatangan_jabatan: Mapped[str | None] = mapped_column(String(120))
    penandatangan_pangkat: Mapped[str | None] = mapped_column(String(80))
    penandatangan_nip: Mapped[str | None] = mapped_column(String(18))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dipublikasikan_oleh: Mapped[User | None] = relationship()
    tindak_lanjut: Mapped[list["SkmTindakLanjut"]] = relationship(
        back_populates="periode", order_by=lambda: (SkmTindakLanjut.unsur, SkmTindakLanjut.id),
        cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        return label_periode(self.jenis, self.tahun, self.nomor)

    def __str__(self) -> str:
        return self.label


class SkmTindakLanjut(OfficeScoped, db.Model):
    """Rencana tindak lanjut: per weak element, the action, who owns it, by when."""

    __tablename__ = "skm_tindak_lanjut"

    id: Mapped[int] = mapped_column(primary_key=True)
    periode_id: Mapped[int] = mapped_column(ForeignKey("skm_periode.id"), index=True)
    unsur: Mapped[str] = mapped_column(String(3))
    tindakan: Mapped[str] = mapped_column(Text)
    penanggung_jawab: Mapped[str] = mapped_column(String(120))
    tenggat: Mapped[date]

    periode: Mapped[SkmPeriode] = relationship(back_populates="tindak_lanjut")

    def __str__(self) -> str:  # in messages: "Tindak lanjut U3 (Triwulan I 2026) disimpan."
        return f"Tindak lanjut {self.unsur} ({self.periode.label if self.periode else '—'})"


class RingkasanSkm(OfficeScoped, db.Model):
    """The dashboard's survey card of one service for one period, as computed (JSON), with
    the stamp (last answer, last hand-over) it was computed at: a different stamp makes it
    stale (migration 0024_dasbor)."""

    __tablename__ = "ringkasan_skm"

    kantor_id: Mapped[int] = mapped_column(ForeignKey("office_settings.id"), primary_key=True,
                                           sort_order=-1)

    layanan: Mapped[str] = mapped_column(String(20), primary_key=True)
    jenis: Mapped[str] = mapped_column(String(20), primary_key=True)
    tahun: Mapped[int] = mapped_column(primary_key=True)
    nomor: Mapped[int] = mapped_column(primary_key=True)
    stempel: Mapped[str] = mapped_column(String(80))
    isi: Mapped[str] = mapped_column(Text)
