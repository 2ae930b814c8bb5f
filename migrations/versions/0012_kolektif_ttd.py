"""The collective cover letter signed electronically, like the per-file letter

Revision ID: 0012_kolektif_ttd
Revises: 0011_gabung

A signed collective letter gets a `dokumen` row of its own (its QR token, its number)
and its signed copy in `dokumen_ttd` as the per-file letter does, so the verification
page, `flask verify` and the hash lookup need no second path. A `dokumen` row belongs to
exactly one of: an application, or a collective letter.

Down: the collective letters' `dokumen` rows, their signed copies and verification-page
views are deleted (the letters themselves stay, unsigned), then the column goes.
"""
from alembic import op
import sqlalchemy as sa

revision = "0012_kolektif_ttd"
down_revision = "0011_gabung"
branch_labels = None
depends_on = None

CHECK = "satu_pemilik"  # named ck_dokumen_satu_pemilik by the metadata's convention


def upgrade():
    with op.batch_alter_table("dokumen", schema=None) as batch_op:
        batch_op.alter_column("permohonan_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("surat_kolektif_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_dokumen_surat_kolektif_id_surat_kolektif"),
                                    "surat_kolektif", ["surat_kolektif_id"], ["id"])
        batch_op.create_unique_constraint(batch_op.f("uq_dokumen_surat_kolektif_id"),
                                          ["surat_kolektif_id"])
        batch_op.create_check_constraint(
            CHECK, "(permohonan_id IS NULL) <> (surat_kolektif_id IS NULL)")


def downgrade():
    kolektif = "SELECT id FROM dokumen WHERE surat_kolektif_id IS NOT NULL"
    op.execute(f"DELETE FROM dokumen_ttd WHERE dokumen_id IN ({kolektif})")
    op.execute(f"DELETE FROM verifikasi_log WHERE dokumen_id IN ({kolektif})")
    op.execute(f"UPDATE cetak_log SET dokumen_id = NULL WHERE dokumen_id IN ({kolektif})")
    op.execute("DELETE FROM dokumen WHERE surat_kolektif_id IS NOT NULL")
    with op.batch_alter_table("dokumen", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_dokumen_satu_pemilik"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_dokumen_surat_kolektif_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_dokumen_surat_kolektif_id_surat_kolektif"),
                                 type_="foreignkey")
        batch_op.drop_column("surat_kolektif_id")
        batch_op.alter_column("permohonan_id", existing_type=sa.Integer(), nullable=False)
