"""Electronically signed documents (dokumen_ttd) and the Camat's NIK for BSrE

Revision ID: 0008_tte
Revises: 0004

At ratification with a signer set, the signed Surat Pengantar is stored with its SHA-256
in the same transaction as the state change; prints and the verification page read it.
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_tte"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dokumen_ttd",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dokumen_id", sa.Integer(), nullable=False),
        sa.Column("metode", sa.String(length=10), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("ukuran", sa.Integer(), nullable=False),
        sa.Column("isi", sa.LargeBinary(), nullable=False),
        sa.Column("penandatangan_nama", sa.String(length=120), nullable=False),
        sa.Column("penandatangan_jabatan", sa.String(length=120), nullable=False),
        sa.Column("penandatangan_nip", sa.String(length=18), nullable=True),
        sa.Column("sertifikat_subjek", sa.String(length=300), nullable=True),
        sa.Column("ditandatangani_at", sa.DateTime(), nullable=False),
        sa.Column("ditandatangani_oleh_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["dokumen_id"], ["dokumen.id"],
                                name=op.f("fk_dokumen_ttd_dokumen_id_dokumen")),
        sa.ForeignKeyConstraint(["ditandatangani_oleh_id"], ["user.id"],
                                name=op.f("fk_dokumen_ttd_ditandatangani_oleh_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dokumen_ttd")),
        sa.UniqueConstraint("dokumen_id", name=op.f("uq_dokumen_ttd_dokumen_id")),
    )
    with op.batch_alter_table("dokumen_ttd", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dokumen_ttd_sha256"), ["sha256"], unique=False)
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("camat_nik", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("office_settings", schema=None) as batch_op:
        batch_op.drop_column("camat_nik")
    with op.batch_alter_table("dokumen_ttd", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dokumen_ttd_sha256"))
    op.drop_table("dokumen_ttd")
