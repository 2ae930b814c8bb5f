"""Messages to residents about a complaint: the answer reaches the complainant

Revision ID: 0025_pesan_aduan
Revises: 0024_dasbor

A message in the outbox is about a file (`permohonan_id`) or, now, a complaint
(`pengaduan_id`): the first becomes nullable, the second is added with its index. The way
back removes the complaint messages (and their attempts): a table of file messages cannot
hold them.
"""
import sqlalchemy as sa
from alembic import op

revision = "0025_pesan_aduan"
down_revision = "0024_dasbor"
branch_labels = None
depends_on = None

FK = "fk_pesan_pengaduan_id_pengaduan"


def upgrade():
    with op.batch_alter_table("pesan") as batch:
        batch.alter_column("permohonan_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("pengaduan_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(FK, "pengaduan", ["pengaduan_id"], ["id"])
        batch.create_index("ix_pesan_pengaduan_id", ["pengaduan_id"])


def downgrade():
    aduan = "SELECT id FROM pesan WHERE pengaduan_id IS NOT NULL"
    op.execute(f"DELETE FROM percobaan_pesan WHERE pesan_id IN ({aduan})")
    op.execute("DELETE FROM pesan WHERE pengaduan_id IS NOT NULL")
    with op.batch_alter_table("pesan") as batch:
        batch.drop_index("ix_pesan_pengaduan_id")
        batch.drop_constraint(FK, type_="foreignkey")
        batch.drop_column("pengaduan_id")
        batch.alter_column("permohonan_id", existing_type=sa.Integer(), nullable=False)
