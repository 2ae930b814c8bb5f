"""The office's own days off (cuti bersama not yet in the bundled calendar, local holidays)

Revision ID: 0019_libur
Revises: 0012_kolektif_ttd

National holidays and the cuti bersama known when the `holidays` package was released come
from that package; this table holds what the office adds.
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_libur"
down_revision = "0012_kolektif_ttd"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hari_libur",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tanggal", sa.Date(), nullable=False, unique=True),
        sa.Column("nama", sa.String(120), nullable=False),
        sa.Column("jenis", sa.String(20), nullable=False),
    )


def downgrade():
    op.drop_table("hari_libur")
