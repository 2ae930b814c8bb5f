"""The office's own settings row (pengaturan kantor), edited by the admin; not to be
confused with the environment's settings (app/settings.py)."""
import sqlalchemy as sa
from sqlalchemy import JSON, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.access.scope import kantor_aktif
from app.extensions import db
from models._kantor import KANTOR_AWAL, kantor_tunggal

DEFAULT_REGISTER_FORMAT = "471.13/{nomor:04d}/{kode_unit}/{tahun}"
# Working days a file may wait at a desk the SOP gives no time standard (the Sekcam's
# and the Camat's), per state, until the office sets its own.
DEFAULT_TENGGAT_HARI = 1
# Outgoing letters (surat keluar) such as the collective Surat Pengantar: 470 is the
# archive classification of population affairs, apart from the register's 471.13.
DEFAULT_SURAT_KELUAR_FORMAT = "470/{nomor:03d}/{kode_unit}/{tahun}"
# Working days to answer a complaint: Magetan's published standard; Perpres 76/2013 allows
# 60 days at most (PENGADUAN_HARI_MAKS).
DEFAULT_PENGADUAN_HARI = 14
# PostgreSQL: the id sequence moved past the first office's given id (also 0027_rls).
SEQUENCE_PAST_FIRST = ("SELECT setval(pg_get_serial_sequence('office_settings', 'id'), "
                       "(SELECT max(id) FROM office_settings))")
PENGADUAN_HARI_MAKS = 60


class OfficeSettings(db.Model):
    """The one row of office settings: letterhead, numbering, signers, paper."""

    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kabupaten: Mapped[str] = mapped_column(String(80), default="Kabupaten Magetan")
    kecamatan: Mapped[str] = mapped_column(String(80), default="Kecamatan Takeran")
    alamat: Mapped[str] = mapped_column(String(200), default="Jl. Raya Takeran No. 1, Takeran")
    kode_pos: Mapped[str] = mapped_column(String(5), default="63383")
    telepon: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(80))
    # The kecamatan's Kemendagri code: what names the office (kantor) on the command line.
    kode_wilayah: Mapped[str] = mapped_column(String(8), default="35.20.04", unique=True)
    kode_unit: Mapped[str] = mapped_column(String(20), default="403.404")
    format_nomor_register: Mapped[str] = mapped_column(String(80), default=DEFAULT_REGISTER_FORMAT)
    format_nomor_surat_keluar: Mapped[str] = mapped_column(
        String(80), default=DEFAULT_SURAT_KELUAR_FORMAT, server_default=DEFAULT_SURAT_KELUAR_FORMAT)
    camat_nama: Mapped[str] = mapped_column(String(120), default="JAKA PRASTAWA, S.Sos., M.Si.")
    camat_pangkat: Mapped[str] = mapped_column(String(80), default="Pembina Tingkat I")
    camat_nip: Mapped[str] = mapped_column(String(18), default="196609131986031007")
    # The Camat's NIK, by which BSrE's signing service knows the certificate holder.
    camat_nik: Mapped[str | None] = mapped_column(String(16))
    sekcam_nama: Mapped[str | None] = mapped_column(String(120))
    sekcam_pangkat: Mapped[str | None] = mapped_column(String(80))
    sekcam_nip: Mapped[str | None] = mapped_column(String(18))
    ukuran_kertas: Mapped[str] = mapped_column(String(2), default="F4")
    logo_path: Mapped[str | None] = mapped_column(String(200))
    # The archive schedule (JRA), years per record kind (app/pdp/retensi.py): a finished
    # file with its applicant, and the read log's whose and where.
    retensi_berkas_tahun: Mapped[int] = mapped_column(default=5, server_default="5")
    retensi_log_baca_tahun: Mapped[int] = mapped_column(default=2, server_default="2")
    # Channels of messages to residents this office uses (app/notifikasi/); both off
    # until the office has a WhatsApp gateway or a mail server.
    notifikasi_wa: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    notifikasi_email: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # {state: working days}, for the states `statistik.desk_limits` asks about.
    tenggat_hari: Mapped[dict | None] = mapped_column(JSON)
    # UU 25/2009: the published service standard and service pledge (maklumat pelayanan),
    # shown on the public page /standar-pelayanan; the working days to answer a complaint.
    standar_pelayanan: Mapped[str | None] = mapped_column(Text)
    maklumat_pelayanan: Mapped[str | None] = mapped_column(Text)
    pengaduan_hari: Mapped[int] = mapped_column(default=DEFAULT_PENGADUAN_HARI,
                                                server_default=str(DEFAULT_PENGADUAN_HARI))
    # The KTP-el workflow the office records its new files in: a declared variant's
    # service id (the card printed at the Dinas since 2025), None for the SOP's own. A
    # file keeps the workflow it was recorded in (Permohonan.layanan).
    alur_ktp: Mapped[str | None] = mapped_column(String(40))

    def tenggat(self, state: str) -> int:
        value = (self.tenggat_hari or {}).get(state)
        return value if isinstance(value, int) and value > 0 else DEFAULT_TENGGAT_HARI

    @classmethod
    def get(cls, kantor_id: int | None = None) -> "OfficeSettings":
        """The settings of office `kantor_id`, else of the request's office, else of the
        only office (a single office's install: its row is made on first use)."""
        kantor_id = kantor_id or kantor_aktif() or kantor_tunggal(db.session) or KANTOR_AWAL
        row = db.session.get(cls, kantor_id)
        if row is None:
            if kantor_id != KANTOR_AWAL:
                raise LookupError(f"no office {kantor_id}")
            row = cls(id=KANTOR_AWAL)
            db.session.add(row)
            db.session.flush()
            if db.session.get_bind().dialect.name == "postgresql":
                # The id was given, not drawn: the next office must not draw it again.
                db.session.execute(text(SEQUENCE_PAST_FIRST))
            db.session.info.pop("kantor_tunggal", None)
        return cls.tahan(row)

    @classmethod
    def tahan(cls, row: "OfficeSettings") -> "OfficeSettings":
        """Held by the session (one per request): its identity map keeps only weak
        references, so every `get` would otherwise read the row again."""
        db.session.info["office_settings"] = row
        return row
