"""Survei Kepuasan Masyarakat: invitations, answers, periods, follow-ups

Revision ID: 0007_skm
Revises: 0004

Answers carry no link to a file (see models/skm.py). The index on permohonan
(layanan, diserahkan_at) counts a period's handed-over files, the N of the sample size.
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_skm"
down_revision = "0004"
branch_labels = None
depends_on = None

UNSUR = [f"u{i}" for i in range(1, 10)]


def upgrade():
    op.create_table(
        "skm_undangan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("permohonan_id", sa.Integer(), nullable=False),
        sa.Column("kode", sa.String(length=12), nullable=False),
        sa.Column("berlaku_sampai", sa.DateTime(), nullable=False),
        sa.Column("dijawab", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["permohonan_id"], ["permohonan.id"],
                                name=op.f("fk_skm_undangan_permohonan_id_permohonan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skm_undangan")),
        sa.UniqueConstraint("kode", name=op.f("uq_skm_undangan_kode")),
        sa.UniqueConstraint("permohonan_id", name=op.f("uq_skm_undangan_permohonan_id")),
    )
    op.create_table(
        "skm_jawaban",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layanan", sa.String(length=20), nullable=False),
        sa.Column("tanggal", sa.Date(), nullable=False),
        *[sa.Column(k, sa.SmallInteger(), nullable=True) for k in UNSUR],
        sa.Column("jenis_kelamin", sa.String(length=1), nullable=True),
        sa.Column("umur", sa.String(length=8), nullable=True),
        sa.Column("pendidikan", sa.String(length=10), nullable=True),
        sa.Column("pekerjaan", sa.String(length=12), nullable=True),
        sa.Column("saran", sa.Text(), nullable=True),
        *[sa.CheckConstraint(f"{k} BETWEEN 1 AND 4", name=op.f(f"ck_skm_jawaban_{k}_skala"))
          for k in UNSUR],
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skm_jawaban")),
    )
    op.create_index("ix_skm_jawaban_layanan_tanggal", "skm_jawaban", ["layanan", "tanggal"])
    op.create_table(
        "skm_periode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layanan", sa.String(length=20), nullable=False),
        sa.Column("jenis", sa.String(length=10), nullable=False),
        sa.Column("tahun", sa.Integer(), nullable=False),
        sa.Column("nomor", sa.Integer(), nullable=False),
        sa.Column("dari", sa.Date(), nullable=False),
        sa.Column("sampai", sa.Date(), nullable=False),
        sa.Column("dipublikasikan_at", sa.DateTime(), nullable=True),
        sa.Column("dipublikasikan_oleh_id", sa.Integer(), nullable=True),
        sa.Column("penandatangan_nama", sa.String(length=120), nullable=True),
        sa.Column("penandatangan_jabatan", sa.String(length=120), nullable=True),
        sa.Column("penandatangan_pangkat", sa.String(length=80), nullable=True),
        sa.Column("penandatangan_nip", sa.String(length=18), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dipublikasikan_oleh_id"], ["user.id"],
                                name=op.f("fk_skm_periode_dipublikasikan_oleh_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skm_periode")),
        sa.UniqueConstraint("layanan", "jenis", "tahun", "nomor", name="uq_skm_periode_layanan"),
    )
    op.create_table(
        "skm_tindak_lanjut",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("periode_id", sa.Integer(), nullable=False),
        sa.Column("unsur", sa.String(length=3), nullable=False),
        sa.Column("tindakan", sa.Text(), nullable=False),
        sa.Column("penanggung_jawab", sa.String(length=120), nullable=False),
        sa.Column("tenggat", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["periode_id"], ["skm_periode.id"],
                                name=op.f("fk_skm_tindak_lanjut_periode_id_skm_periode")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skm_tindak_lanjut")),
    )
    op.create_index(op.f("ix_skm_tindak_lanjut_periode_id"), "skm_tindak_lanjut",
                    ["periode_id"])
    op.create_index("ix_permohonan_layanan_diserahkan", "permohonan",
                    ["layanan", "diserahkan_at"])


def downgrade():
    op.drop_index("ix_permohonan_layanan_diserahkan", table_name="permohonan")
    op.drop_index(op.f("ix_skm_tindak_lanjut_periode_id"), table_name="skm_tindak_lanjut")
    op.drop_table("skm_tindak_lanjut")
    op.drop_table("skm_periode")
    op.drop_index("ix_skm_jawaban_layanan_tanggal", table_name="skm_jawaban")
    op.drop_table("skm_jawaban")
    op.drop_table("skm_undangan")
