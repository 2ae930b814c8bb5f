"""Server-side login sessions, account history, applicant edits, ratified applicant data

Revision ID: 0006_integritas
Revises: 0004

- `sesi_login`: a session the server can end (logout, deactivation, password change,
  the admin's "end sessions"); the cookie only carries a token whose hash is stored here.
- `riwayat_akun`: every change of an account's role or active status.
- `perubahan_pemohon`: every edit of an applicant's data (old -> new, who, when).
- `permohonan.data_pemohon_disahkan`: the applicant's data as ratified, which the letters
  print from then on.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_integritas"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sesi_login",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("dibuat_at", sa.DateTime(), nullable=False),
        sa.Column("terakhir_at", sa.DateTime(), nullable=False),
        sa.Column("berakhir_at", sa.DateTime(), nullable=True),
        sa.Column("alasan", sa.String(length=20), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_sesi_login_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sesi_login")),
    )
    op.create_index(op.f("ix_sesi_login_user_id"), "sesi_login", ["user_id"])
    op.create_table(
        "riwayat_akun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("oleh_id", sa.Integer(), nullable=True),
        sa.Column("kolom", sa.String(length=20), nullable=False),
        sa.Column("dari", sa.String(length=20), nullable=True),
        sa.Column("ke", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_riwayat_akun_user_id_user")),
        sa.ForeignKeyConstraint(["oleh_id"], ["user.id"],
                                name=op.f("fk_riwayat_akun_oleh_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_riwayat_akun")),
    )
    op.create_index(op.f("ix_riwayat_akun_user_id"), "riwayat_akun", ["user_id"])
    op.create_index(op.f("ix_riwayat_akun_at"), "riwayat_akun", ["at"])
    op.create_table(
        "perubahan_pemohon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pemohon_id", sa.Integer(), nullable=False),
        sa.Column("kolom", sa.String(length=30), nullable=False),
        sa.Column("lama", sa.Text(), nullable=True),
        sa.Column("baru", sa.Text(), nullable=True),
        sa.Column("oleh_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["pemohon_id"], ["pemohon.id"],
                                name=op.f("fk_perubahan_pemohon_pemohon_id_pemohon")),
        sa.ForeignKeyConstraint(["oleh_id"], ["user.id"],
                                name=op.f("fk_perubahan_pemohon_oleh_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_perubahan_pemohon")),
    )
    op.create_index(op.f("ix_perubahan_pemohon_pemohon_id"), "perubahan_pemohon",
                    ["pemohon_id"])
    # A plain nullable column: both databases add it in place (no table copy on SQLite).
    op.add_column("permohonan", sa.Column("data_pemohon_disahkan", sa.Text(), nullable=True))


def downgrade():
    # SQLite 3.35+ drops a column in place, so the table (and its triggers from 0003)
    # is not rebuilt.
    op.drop_column("permohonan", "data_pemohon_disahkan")
    op.drop_index(op.f("ix_perubahan_pemohon_pemohon_id"), table_name="perubahan_pemohon")
    op.drop_table("perubahan_pemohon")
    op.drop_index(op.f("ix_riwayat_akun_at"), table_name="riwayat_akun")
    op.drop_index(op.f("ix_riwayat_akun_user_id"), table_name="riwayat_akun")
    op.drop_table("riwayat_akun")
    op.drop_index(op.f("ix_sesi_login_user_id"), table_name="sesi_login")
    op.drop_table("sesi_login")
