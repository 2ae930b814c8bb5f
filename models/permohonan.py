from datetime import datetime

from sqlalchemy import FetchedValue, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from models._kantor import OfficeScoped
from models._time import utcnow
from models.pemohon import Pemohon
from models.user import User


class Permohonan(OfficeScoped, db.Model):
    """One application, moved through its SOP workflow only by `app.workflow.engine`."""

    __tablename__ = "permohonan"
    __table_args__ = (
        # The Dinas's lists across offices, by state (migration 0003).
        Index("ix_permohonan_status_created", "status", "created_at"),
        # An office's lists, newest first and by state (migration 0028_indeks_kantor).
        Index("ix_permohonan_kantor_created", "kantor_id", "created_at", "id"),
        Index("ix_permohonan_kantor_status_created", "kantor_id", "status", "created_at", "id"),
        # A desk's late files, oldest first, and their count: one range per office, and
        # across offices for the Dinas's operator (migrations 0024_dasbor, 0028).
        Index("ix_permohonan_kantor_status_changed", "kantor_id", "layanan", "status",
              "status_changed_at", "id"),
        Index("ix_permohonan_layanan_status_changed", "layanan", "status", "status_changed_at",
              "id"),
        # The list filters: village, state + village, newest first; the office, which the
        # village implies, checked in the index after the order; the type for the
        # dashboard's per-village counts (migrations 0003, 0030_indeks_desa).
        Index("ix_permohonan_desa_created", "desa_id", "created_at", "id", "kantor_id",
              "jenis"),
        Index("ix_permohonan_status_desa_created", "status", "desa_id", "created_at", "id",
              "kantor_id"),
        UniqueConstraint("nomor_tanda_terima", "kantor_id", name="uq_permohonan_nomor_tanda_terima"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    layanan: Mapped[str] = mapped_column(String(20))
    pemohon_id: Mapped[int] = mapped_column(ForeignKey("pemohon.id"), index=True)
    # A copy of pemohon.desa_id that the database's triggers keep (migration 0003): read
    # it in queries, never set it.
    desa_id: Mapped[int | None] = mapped_column(ForeignKey("desa.id"),
                                                server_default=FetchedValue())
    jenis: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    nomor_tanda_terima: Mapped[str] = mapped_column(String(40))
    catatan: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(default=1)

    # Set by the workflow's effects, kept so printed documents never change afterwards.
    diverifikasi_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    disahkan_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    disahkan_at: Mapped[datetime | None]
    penandatangan_nama: Mapped[str | None] = mapped_column(String(120))
    penandatangan_jabatan: Mapped[str | None] = mapped_column(String(120))
    penandatangan_pangkat: Mapped[str | None] = mapped_column(String(80))
    penandatangan_nip: Mapped[str | None] = mapped_column(String(18))
    diserahkan_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    diserahkan_at: Mapped[datetime | None]
    penerima_nama: Mapped[str | None] = mapped_column(String(120))
    # A representative who collected the card (migration 0009): empty when the applicant did.
    penerima_nik: Mapped[str | None] = mapped_column(String(16))
    penerima_hubungan: Mapped[str | None] = mapped_column(String(40))
    # The applicant's printed data as ratified (JSON): letters print this, not later edits.
    data_pemohon_disahkan: Mapped[str | None] = mapped_column(Text)

    pemohon: Mapped[Pemohon] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    diverifikasi_oleh: Mapped[User | None] = relationship(foreign_keys=[diverifikasi_oleh_id])
    disahkan_oleh: Mapped[User | None] = relationship(foreign_keys=[disahkan_oleh_id])
    diserahkan_oleh: Mapped[User | None] = relationship(foreign_keys=[diserahkan_oleh_id])
    syarat: Mapped[list["SyaratPermohonan"]] = relationship(
        back_populates="permohonan", order_by="SyaratPermohonan.urutan",
        cascade="all, delete-orphan",
    )
    register: Mapped["RegisterEntry | None"] = relationship(  # noqa: F821
        back_populates="permohonan", uselist=False, lazy="joined"
    )
    # The file's history as its page shows it (read-only: rows are written by the engine).
    riwayat: Mapped[list["TransitionLog"]] = relationship(  # noqa: F821
        viewonly=True, order_by="[TransitionLog.at, TransitionLog.id]"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def syarat_kurang(self) -> list["SyaratPermohonan"]:
        return [s for s in self.syarat if s.wajib and not s.terpenuhi]

    @property
    def diambil_wakil(self) -> bool:
        return bool(self.penerima_nik)

    def __str__(self) -> str:
        return self.nomor_tanda_terima


class SyaratPermohonan(db.Model):
    """One line of an application's requirement checklist, generated from the workflow."""

    __tablename__ = "syarat_permohonan"
    __table_args__ = (UniqueConstraint("permohonan_id", "kode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    permohonan_id: Mapped[int] = mapped_column(ForeignKey("permohonan.id"), index=True)
    kode: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    urutan: Mapped[int] = mapped_column(default=0)
    wajib: Mapped[bool] = mapped_column(default=True)
    terpenuhi: Mapped[bool] = mapped_column(default=False)
    dicentang_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    dicentang_at: Mapped[datetime | None]
    catatan: Mapped[str | None] = mapped_column(String(200))

    permohonan: Mapped[Permohonan] = relationship(back_populates="syarat")
    dicentang_oleh: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return self.label


class JumlahStatus(OfficeScoped, db.Model):
    """Files per service and state, kept by the database's triggers in the same transaction
    as each file's insert, move or delete (migration 0024_dasbor): read, never written, by
    the application; `flask check` recounts it."""

    __tablename__ = "jumlah_status"

    kantor_id: Mapped[int] = mapped_column(ForeignKey("office_settings.id"), primary_key=True,
                                           sort_order=-1)

    layanan: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    jumlah: Mapped[int]
