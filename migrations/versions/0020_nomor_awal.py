"""Starting numbers: counters moved forward by hand to continue the paper book, audited

Revision ID: 0020_nomor_awal
Revises: 0019_libur
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_nomor_awal"
down_revision = "0019_libur"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "perubahan_nomor",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("counter", sa.String(30), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("dari", sa.Integer(), nullable=False),
        sa.Column("ke", sa.Integer(), nullable=False),
        sa.Column("oleh_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("alamat", sa.String(45), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_perubahan_nomor_at", "perubahan_nomor", ["at"])


def downgrade():
    op.drop_index("ix_perubahan_nomor_at", "perubahan_nomor")
    op.drop_table("perubahan_nomor")
