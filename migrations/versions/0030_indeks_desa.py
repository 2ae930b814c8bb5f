"""The village filters hold the office: a count of an office's files in a village (and
state) is read from the index alone, not by fetching each file to check its office

Revision ID: 0030_indeks_desa
Revises: 0029_rls_sekali

(desa_id, created_at) and (status, desa_id, created_at) become (desa_id, created_at, id,
kantor_id, jenis) and (status, desa_id, created_at, id, kantor_id). A village is one
office's, so the office is checked in the index after the order, not a key before it: the
Dinas's operator, whose statements name no office, keeps the village's range by date (with
the office between them it read a village's every file: the dashboard's per-village
counts went from 25 to 110 ms at a million files on SQLite). At a million files the capped
count of "Diproses in one village" fetched 3,400 rows (PostgreSQL, 8.7 ms) or 10,000
(SQLite, 7.4 ms) to check their office; it is now read from the index alone. The type
(jenis) lets SQLite count the dashboard's files per village and type from the index alone
(3.8 -> 1.3 ms).
"""
from alembic import op

revision = "0030_indeks_desa"
down_revision = "0029_rls_sekali"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_permohonan_desa_created", ["desa_id", "created_at"],
     ["desa_id", "created_at", "id", "kantor_id", "jenis"]),
    ("ix_permohonan_status_desa_created", ["status", "desa_id", "created_at"],
     ["status", "desa_id", "created_at", "id", "kantor_id"]),
)


def _replace(new: bool) -> None:
    for name, old_columns, new_columns in INDEXES:
        op.drop_index(name, table_name="permohonan")
        op.create_index(name, "permohonan", new_columns if new else old_columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE permohonan")


def upgrade():
    _replace(new=True)


def downgrade():
    _replace(new=False)
