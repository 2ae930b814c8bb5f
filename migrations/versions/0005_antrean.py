"""Background jobs in the database: every server process answers for every job

Revision ID: 0005_antrean
Revises: 0004

Register extracts used to live in the memory of the process that started them: under
several gunicorn workers most progress polls and downloads reached another process and
answered 404, and a restart lost every job. A row per job (owner, kind, parameters,
progress, result file, error, times) fixes that. Two partial unique indexes make the
database refuse a second active job of one user and a job beyond the global cap.
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_antrean"
down_revision = "0004"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('queued', 'running')")


def upgrade():
    op.create_table(
        "job",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=True),
        sa.Column("result_path", sa.String(length=500), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], name="fk_job_owner_id_user"),
        sa.PrimaryKeyConstraint("id", name="pk_job"),
    )
    op.create_index("uq_job_owner_active", "job", ["owner_id"], unique=True,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)
    op.create_index("uq_job_slot_active", "job", ["slot"], unique=True,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)
    op.create_index("ix_job_status_finished", "job", ["status", "finished_at"])


def downgrade():
    op.drop_index("ix_job_status_finished", table_name="job")
    op.drop_index("uq_job_slot_active", table_name="job")
    op.drop_index("uq_job_owner_active", table_name="job")
    op.drop_table("job")
