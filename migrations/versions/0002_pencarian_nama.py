"""Name search by index: FTS5 (trigram) on SQLite, pg_trgm on PostgreSQL

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX IF NOT EXISTS ix_pemohon_nama_trgm ON pemohon "
                   "USING gin (nama gin_trgm_ops)")
        return
    # An external-content FTS5 table over pemohon.nama, kept in step by triggers.
    op.execute("CREATE VIRTUAL TABLE pemohon_fts USING fts5("
               "nama, content='pemohon', content_rowid='id', tokenize='trigram')")
    op.execute("INSERT INTO pemohon_fts(rowid, nama) SELECT id, nama FROM pemohon")
    op.execute("CREATE TRIGGER pemohon_fts_ai AFTER INSERT ON pemohon BEGIN "
               "INSERT INTO pemohon_fts(rowid, nama) VALUES (new.id, new.nama); END")
    op.execute("CREATE TRIGGER pemohon_fts_ad AFTER DELETE ON pemohon BEGIN "
               "INSERT INTO pemohon_fts(pemohon_fts, rowid, nama) VALUES ('delete', old.id, old.nama); END")
    op.execute("CREATE TRIGGER pemohon_fts_au AFTER UPDATE OF nama ON pemohon BEGIN "
               "INSERT INTO pemohon_fts(pemohon_fts, rowid, nama) VALUES ('delete', old.id, old.nama); "
               "INSERT INTO pemohon_fts(rowid, nama) VALUES (new.id, new.nama); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_pemohon_nama_trgm")
        return
    for trigger in ("pemohon_fts_ai", "pemohon_fts_ad", "pemohon_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS pemohon_fts")
