"""Who collected the KTP-el (a representative's NIK and relationship), the collective
cover letter and the office's outgoing-letter number format

Revision ID: 0009_dokumen
Revises: 0004

A card collected by a family member records that person's name (the existing
`penerima_nama`), NIK and relationship; a file collected by the applicant leaves both
empty. A collective Surat Pengantar lists many ratified files under one letter number
from the `surat_keluar` counter, formatted by the office settings; its signer is kept as
at printing, like the per-file letter's.
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_dokumen"
down_revision = "0004"
branch_labels = None
depends_on = None

DEFAULT_FORMAT = "470/{nomor:03d}/{kode_unit}/{tahun}"


def upgrade():
    # Plain ADD/DROP COLUMN, not batch mode: rebuilding `permohonan` on SQLite would break
    # the village triggers of 0003 that name it (SQLite 3.35+ drops a column in place).
    op.add_column("permohonan", sa.Column("penerima_nik", sa.String(length=16), nullable=True))
    op.add_column("permohonan", sa.Column("penerima_hubungan", sa.String(length=40),
                                          nullable=True))
    op.add_column("office_settings", sa.Column("format_nomor_surat_keluar", sa.String(length=80),
                                               nullable=False, server_default=DEFAULT_FORMAT))
    op.create_table(
        "surat_kolektif",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("nomor_urut", sa.Integer(), nullable=False),
        sa.Column("nomor", sa.String(length=60), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("penandatangan_nama", sa.String(length=120), nullable=False),
        sa.Column("penandatangan_jabatan", sa.String(length=120), nullable=False),
        sa.Column("penandatangan_pangkat", sa.String(length=80), nullable=True),
        sa.Column("penandatangan_nip", sa.String(length=18), nullable=True),
        sa.UniqueConstraint("tahun", "nomor_urut", name="uq_surat_kolektif_tahun_urut"),
    )
    op.create_table(
        "surat_kolektif_berkas",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("surat_id", sa.Integer(), sa.ForeignKey("surat_kolektif.id"), nullable=False),
        sa.Column("permohonan_id", sa.Integer(), sa.ForeignKey("permohonan.id"),
                  nullable=False),
        sa.Column("urutan", sa.Integer(), nullable=False),
        sa.UniqueConstraint("surat_id", "permohonan_id", name="uq_surat_kolektif_berkas"),
    )
    op.create_index("ix_surat_kolektif_berkas_permohonan_id", "surat_kolektif_berkas",
                    ["permohonan_id"])


def downgrade():
    op.drop_index("ix_surat_kolektif_berkas_permohonan_id", table_name="surat_kolektif_berkas")
    op.drop_table("surat_kolektif_berkas")
    op.drop_table("surat_kolektif")
    op.drop_column("office_settings", "format_nomor_surat_keluar")
    op.drop_column("permohonan", "penerima_hubungan")
    op.drop_column("permohonan", "penerima_nik")
