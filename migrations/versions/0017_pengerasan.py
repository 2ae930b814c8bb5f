"""Sessions bound to the browser that logged in; no row per public verification view

Revision ID: 0017_pengerasan
Revises: 0015_pdp

`sesi_login.perangkat`: the SHA-256 of the User-Agent that logged in; a cookie presented
by another browser ends the session. Sessions open at the upgrade have no such value and
are ended here (their users log in once more) rather than refused one by one as copies.

`verifikasi_log` goes: the public page wrote a row per view (anyone could grow the table);
views are now in the application log and limited per address.

Down: the column goes; the table comes back empty.
"""
from alembic import op
import sqlalchemy as sa

revision = "0017_pengerasan"
down_revision = "0015_pdp"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sesi_login", schema=None) as batch_op:
        batch_op.add_column(sa.Column("perangkat", sa.String(length=64), nullable=True))
    op.execute("UPDATE sesi_login SET berakhir_at = CURRENT_TIMESTAMP, alasan = 'pembaruan' "
               "WHERE berakhir_at IS NULL")
    with op.batch_alter_table("verifikasi_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verifikasi_log_dokumen_id"))
    op.drop_table("verifikasi_log")


def downgrade():
    op.create_table(
        "verifikasi_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dokumen_id", sa.Integer(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dokumen_id"], ["dokumen.id"],
                                name=op.f("fk_verifikasi_log_dokumen_id_dokumen")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verifikasi_log")),
    )
    with op.batch_alter_table("verifikasi_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verifikasi_log_dokumen_id"), ["dokumen_id"],
                              unique=False)
    with op.batch_alter_table("sesi_login", schema=None) as batch_op:
        batch_op.drop_column("perangkat")
