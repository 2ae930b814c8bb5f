"""Messages to residents: consent and channel on the applicant, the office's channels,
the outbox with its attempts, and the office's own message templates

Revision ID: 0021_notifikasi
Revises: 0017_pengerasan
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_notifikasi"
down_revision = "0017_pengerasan"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN: a batch copy of pemohon would trip the triggers that read it.
    op.add_column("pemohon", sa.Column("email", sa.String(120), nullable=True))
    op.add_column("pemohon", sa.Column("notifikasi_setuju", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.add_column("pemohon", sa.Column("notifikasi_kanal", sa.String(8), nullable=True))
    op.add_column("pemohon", sa.Column("notifikasi_setuju_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(sa.Column("notifikasi_wa", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("notifikasi_email", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "pesan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("permohonan_id", sa.Integer(), sa.ForeignKey("permohonan.id"), nullable=False),
        sa.Column("peristiwa", sa.String(20), nullable=False),
        sa.Column("kanal", sa.String(8), nullable=False),
        sa.Column("tujuan", sa.String(120), nullable=False),
        sa.Column("isi", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("percobaan", sa.Integer(), nullable=False),
        sa.Column("berikutnya_at", sa.DateTime(), nullable=False),
        sa.Column("diklaim_at", sa.DateTime(), nullable=True),
        sa.Column("terkirim_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_pesan_permohonan_id", "pesan", ["permohonan_id"])
    op.create_index("ix_pesan_created_at", "pesan", ["created_at"])
    op.create_index("ix_pesan_status_berikutnya", "pesan", ["status", "berikutnya_at"])
    op.create_table(
        "percobaan_pesan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pesan_id", sa.Integer(), sa.ForeignKey("pesan.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("berhasil", sa.Boolean(), nullable=False),
        sa.Column("jawaban", sa.String(500), nullable=False),
    )
    op.create_index("ix_percobaan_pesan_pesan_id", "percobaan_pesan", ["pesan_id"])
    op.create_table(
        "templat_pesan",
        sa.Column("peristiwa", sa.String(20), primary_key=True),
        sa.Column("isi", sa.Text(), nullable=False),
        sa.Column("diubah_oleh_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("diubah_at", sa.DateTime(), nullable=False),
    )


def downgrade():
    op.drop_table("templat_pesan")
    op.drop_index("ix_percobaan_pesan_pesan_id", "percobaan_pesan")
    op.drop_table("percobaan_pesan")
    op.drop_index("ix_pesan_status_berikutnya", "pesan")
    op.drop_index("ix_pesan_created_at", "pesan")
    op.drop_index("ix_pesan_permohonan_id", "pesan")
    op.drop_table("pesan")
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("notifikasi_email")
        batch.drop_column("notifikasi_wa")
    for column in ("notifikasi_setuju_at", "notifikasi_kanal", "notifikasi_setuju", "email"):
        op.drop_column("pemohon", column)
