"""Personal data (UU 27/2022): the read log, data subjects' requests, breaches

Revision ID: 0015_pdp
Revises: 0016_nama

`log_baca` holds one row per view of a person's data (who, role, what, whose, when,
from which address), apart from the audit of changes. `permintaan_subjek` records a
resident's request for access or correction and its answer; `insiden_kebocoran` a breach
and its notice; both run on the law's 3 × 24 hours clock (computed, not stored). The
office settings get the archive schedule's years per record kind, and an applicant
anonymised by it is marked (`pemohon.dianonimkan_at`).

Down: the three tables go with their rows, then the columns (an anonymised applicant
stays anonymised).
"""
from alembic import op
import sqlalchemy as sa

revision = "0015_pdp"
down_revision = "0016_nama"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (as 0009): rebuilding `pemohon` on SQLite would drop 0003's triggers.
    op.add_column("pemohon", sa.Column("dianonimkan_at", sa.DateTime(), nullable=True))
    op.add_column("office_settings", sa.Column("retensi_berkas_tahun", sa.Integer(),
                                               nullable=False, server_default="5"))
    op.add_column("office_settings", sa.Column("retensi_log_baca_tahun", sa.Integer(),
                                               nullable=False, server_default="2"))
    op.create_table(
        "log_baca",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("peran", sa.String(length=20), nullable=False),
        sa.Column("jenis", sa.String(length=30), nullable=False),
        sa.Column("objek_id", sa.Integer(), nullable=True),
        sa.Column("pemohon_id", sa.Integer(), sa.ForeignKey("pemohon.id"), nullable=True),
        sa.Column("keterangan", sa.String(length=300), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=True),
    )
    op.create_index("ix_log_baca_at", "log_baca", ["at"])
    op.create_index("ix_log_baca_pemohon_at", "log_baca", ["pemohon_id", "at"])
    op.create_table(
        "permintaan_subjek",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("jenis", sa.String(length=20), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("nama", sa.String(length=120), nullable=False),
        sa.Column("isi", sa.Text(), nullable=True),
        sa.Column("diterima_at", sa.DateTime(), nullable=False),
        sa.Column("dijawab_at", sa.DateTime(), nullable=True),
        sa.Column("jawaban", sa.Text(), nullable=True),
        sa.Column("dicatat_oleh_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("dijawab_oleh_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
    )
    op.create_index("ix_permintaan_subjek_nik", "permintaan_subjek", ["nik"])
    op.create_table(
        "insiden_kebocoran",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ditemukan_at", sa.DateTime(), nullable=False),
        sa.Column("uraian", sa.Text(), nullable=False),
        sa.Column("data_terdampak", sa.Text(), nullable=False),
        sa.Column("subjek_terdampak", sa.Text(), nullable=False),
        sa.Column("jumlah_subjek", sa.Integer(), nullable=False),
        sa.Column("penanganan", sa.Text(), nullable=True),
        sa.Column("diberitahu_at", sa.DateTime(), nullable=True),
        sa.Column("nomor_surat", sa.String(length=60), nullable=True),
        sa.Column("dicatat_oleh_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade():
    op.drop_table("insiden_kebocoran")
    op.drop_index("ix_permintaan_subjek_nik", table_name="permintaan_subjek")
    op.drop_table("permintaan_subjek")
    op.drop_index("ix_log_baca_pemohon_at", table_name="log_baca")
    op.drop_index("ix_log_baca_at", table_name="log_baca")
    op.drop_table("log_baca")
    op.drop_column("office_settings", "retensi_log_baca_tahun")
    op.drop_column("office_settings", "retensi_berkas_tahun")
    op.drop_column("pemohon", "dianonimkan_at")
