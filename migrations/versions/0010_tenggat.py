"""Office settings: working days a file may wait at a desk without an SOP standard

Revision ID: 0010_tenggat
Revises: 0004

The SOP gives the Sekcam's verification and the Camat's ratification no time standard;
the dashboard flags files waiting there longer than the office's own limit, a number of
working days per state (`{"diproses": 1, "diverifikasi": 1}`; empty: one day each).
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_tenggat"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(sa.Column("tenggat_hari", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("tenggat_hari")
