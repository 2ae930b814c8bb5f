"""Accounts and the signing key witnessed

Revision ID: 0014_saksi
Revises: 0020_nomor_awal

`riwayat_akun` records more than role and status: a password reset by another, the
office's signing key (uploaded, confirmed by the Camat, refused, removed) and a change of
the settings' signer; each row now carries the address it came from, and `user_id` may
be empty (the office's key, before a Camat confirms it). `user.wajib_ganti_sandi`: the
owner of a reset password must choose a new one at the next login.

Down: the rows of the new kinds are deleted (the old columns cannot hold them), then
the columns go back.
"""
from alembic import op
import sqlalchemy as sa

revision = "0014_saksi"
down_revision = "0020_nomor_awal"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("riwayat_akun", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("dari", existing_type=sa.String(20), type_=sa.String(200))
        batch_op.alter_column("ke", existing_type=sa.String(20), type_=sa.String(200))
        batch_op.add_column(sa.Column("ip", sa.String(45), nullable=True))
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wajib_ganti_sandi", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    op.execute("DELETE FROM riwayat_akun WHERE kolom NOT IN ('role', 'aktif')")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("wajib_ganti_sandi")
    with op.batch_alter_table("riwayat_akun", schema=None) as batch_op:
        batch_op.drop_column("ip")
        batch_op.alter_column("ke", existing_type=sa.String(200), type_=sa.String(20))
        batch_op.alter_column("dari", existing_type=sa.String(200), type_=sa.String(20))
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
