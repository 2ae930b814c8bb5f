"""The office chooses its KTP-el workflow: the SOP's own, or the variant where the card is
printed at the Dinas

Revision ID: 0026_alur_dinas
Revises: 0025_pesan_aduan

`office_settings.alur_ktp` holds the chosen variant's service id; empty (every office
until it chooses) is the SOP's workflow. Files keep theirs (`permohonan.layanan`). The way
back drops the choice; the files recorded in the variant keep their service id, which the
older code does not know: do not go back while such files exist.
"""
import sqlalchemy as sa
from alembic import op

revision = "0026_alur_dinas"
down_revision = "0025_pesan_aduan"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(sa.Column("alur_ktp", sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("alur_ktp")
