"""Index for the dashboard's SOP step figures: (aksi, at, durasi_detik) on transition_log

Revision ID: 0004
Revises: 0003

Each SOP step's count, within-standard count and percentiles read one action's rows in
the period. With only an index on `at`, every figure read the whole period's log (all
actions, ~24,000 rows a month at a million files) and filtered it; this index gives the
step's rows, durations included, without touching the table.
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_transition_log_aksi_at", "transition_log",
                    ["aksi", "at", "durasi_detik"], unique=False)


def downgrade():
    op.drop_index("ix_transition_log_aksi_at", table_name="transition_log")
