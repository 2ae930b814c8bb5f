"""The queue: tickets numbered per day and purpose, their counters, booked slots

Revision ID: 0022_antrian
Revises: 0021_notifikasi

`antrian_tiket` keeps no personal data: a number, a purpose, the times it was taken and
called, the counter, and (once the Loket records it) the file it became, so the wait
before the desk is measured. `antrian_counter` hands out the day's numbers per purpose
(and counts the day's bookings against the quota) in one upsert. `antrian_booking` is a
slot booked from the public pages, checked in at the kiosk by its code.

Down: the three tables go (a day's queue is worth nothing the next day).
"""
import sqlalchemy as sa
from alembic import op

revision = "0022_antrian"
down_revision = "0021_notifikasi"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "antrian_counter",
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column("jenis", sa.String(20), nullable=False),
        sa.Column("nilai", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tanggal", "jenis", name=op.f("pk_antrian_counter")),
    )
    op.create_table(
        "antrian_tiket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column("keperluan", sa.String(20), nullable=False),
        sa.Column("nomor", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("diambil_at", sa.DateTime(), nullable=False),
        sa.Column("dipanggil_at", sa.DateTime(), nullable=True),
        sa.Column("panggilan", sa.Integer(), nullable=False),
        sa.Column("loket", sa.Integer(), nullable=True),
        sa.Column("tunggu_detik", sa.Integer(), nullable=True),
        sa.Column("selesai_at", sa.DateTime(), nullable=True),
        sa.Column("dipanggil_oleh_id", sa.Integer(), nullable=True),
        sa.Column("permohonan_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('menunggu', 'dipanggil', 'selesai', 'dilewati')",
                           name=op.f("ck_antrian_tiket_status")),
        sa.ForeignKeyConstraint(["dipanggil_oleh_id"], ["user.id"],
                                name=op.f("fk_antrian_tiket_dipanggil_oleh_id_user")),
        sa.ForeignKeyConstraint(["permohonan_id"], ["permohonan.id"],
                                name=op.f("fk_antrian_tiket_permohonan_id_permohonan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_antrian_tiket")),
        sa.UniqueConstraint("tanggal", "keperluan", "nomor",
                            name=op.f("uq_antrian_tiket_tanggal")),
        sa.UniqueConstraint("permohonan_id", name=op.f("uq_antrian_tiket_permohonan_id")),
    )
    op.create_index(op.f("ix_antrian_tiket_tanggal"), "antrian_tiket", ["tanggal"])
    op.create_index(op.f("ix_antrian_tiket_status"), "antrian_tiket", ["status"])
    op.create_table(
        "antrian_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode", sa.String(12), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=False),
        sa.Column("jam", sa.String(5), nullable=False),
        sa.Column("keperluan", sa.String(20), nullable=False),
        sa.Column("dibuat_at", sa.DateTime(), nullable=False),
        sa.Column("tiket_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["tiket_id"], ["antrian_tiket.id"],
                                name=op.f("fk_antrian_booking_tiket_id_antrian_tiket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_antrian_booking")),
        sa.UniqueConstraint("kode", name=op.f("uq_antrian_booking_kode")),
        sa.UniqueConstraint("tiket_id", name=op.f("uq_antrian_booking_tiket_id")),
    )
    op.create_index(op.f("ix_antrian_booking_tanggal"), "antrian_booking", ["tanggal"])


def downgrade():
    op.drop_index(op.f("ix_antrian_booking_tanggal"), "antrian_booking")
    op.drop_table("antrian_booking")
    op.drop_index(op.f("ix_antrian_tiket_status"), "antrian_tiket")
    op.drop_index(op.f("ix_antrian_tiket_tanggal"), "antrian_tiket")
    op.drop_table("antrian_tiket")
    op.drop_table("antrian_counter")
