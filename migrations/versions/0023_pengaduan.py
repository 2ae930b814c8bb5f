"""Complaints (pengaduan) and the office's published service standard and pledge

Revision ID: 0023_pengaduan
Revises: 0022_antrian

A complaint from the public form or entered by staff (from SP4N-LAPOR!, with its tracking
number), its officer, answer and close; the office settings gain the standard, the pledge
(maklumat pelayanan) and the working days to answer a complaint (14, as Magetan publishes).
"""
import sqlalchemy as sa
from alembic import op

revision = "0023_pengaduan"
down_revision = "0022_antrian"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pengaduan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("nomor", sa.String(30), nullable=False, unique=True),
        sa.Column("kode_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sumber", sa.String(20), nullable=False),
        sa.Column("nomor_lapor", sa.String(40)),
        sa.Column("nama", sa.String(120), nullable=False),
        sa.Column("telepon", sa.String(20), nullable=False),
        sa.Column("email", sa.String(120)),
        sa.Column("kategori", sa.String(20), nullable=False),
        sa.Column("isi", sa.Text(), nullable=False),
        sa.Column("nomor_tanda_terima", sa.String(40)),
        sa.Column("permohonan_id", sa.Integer(), sa.ForeignKey("permohonan.id")),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("petugas_id", sa.Integer(), sa.ForeignKey("user.id")),
        sa.Column("ditugaskan_at", sa.DateTime()),
        sa.Column("jawaban", sa.Text()),
        sa.Column("dijawab_at", sa.DateTime()),
        sa.Column("dijawab_oleh_id", sa.Integer(), sa.ForeignKey("user.id")),
        sa.Column("selesai_at", sa.DateTime()),
        sa.Column("dianonimkan_at", sa.DateTime()),
    )
    op.create_index("ix_pengaduan_status_created", "pengaduan", ["status", "created_at"])
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(sa.Column("standar_pelayanan", sa.Text()))
        batch.add_column(sa.Column("maklumat_pelayanan", sa.Text()))
        batch.add_column(sa.Column("pengaduan_hari", sa.Integer(), nullable=False,
                                   server_default="14"))


def downgrade():
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("pengaduan_hari")
        batch.drop_column("maklumat_pelayanan")
        batch.drop_column("standar_pelayanan")
    op.drop_index("ix_pengaduan_status_created", table_name="pengaduan")
    op.drop_table("pengaduan")
