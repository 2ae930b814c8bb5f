"""An office's lists from indexes that lead with the office: a regency's server answers
office 1's pages by reading office 1's rows, not every office's in order and dropping
seventeen of eighteen

Revision ID: 0028_indeks_kantor
Revises: 0027_rls

- files, newest first, and by state: (kantor_id, created_at, id), (kantor_id, status,
  created_at, id); the Dinas's lists across offices keep (created_at) and (status,
  created_at).
- a desk's late files: (kantor_id, layanan, status, status_changed_at, id) replaces the
  index without the office; the regency dashboard's per-office ranges use it too. The
  survey card's files handed over in a period: (kantor_id, layanan, diserahkan_at)
  replaces (layanan, diserahkan_at).
- applicants, newest first and by name: (kantor_id, id), (kantor_id, nama).
- the register, newest first: (kantor_id, tahun, nomor_urut).
- PostgreSQL's trigram index on names holds the office too (btree_gin), so a name
  search reads the office's matches only; it still serves a search over every office.
"""
from alembic import op

revision = "0028_indeks_kantor"
down_revision = "0027_rls"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_permohonan_kantor_created", "permohonan", ["kantor_id", "created_at", "id"]),
    ("ix_permohonan_kantor_status_created", "permohonan",
     ["kantor_id", "status", "created_at", "id"]),
    ("ix_permohonan_kantor_status_changed", "permohonan",
     ["kantor_id", "layanan", "status", "status_changed_at", "id"]),
    ("ix_pemohon_kantor_id", "pemohon", ["kantor_id", "id"]),
    ("ix_pemohon_kantor_nama", "pemohon", ["kantor_id", "nama"]),
    ("ix_register_entry_kantor_tahun", "register_entry", ["kantor_id", "tahun", "nomor_urut"]),
    ("ix_permohonan_kantor_diserahkan", "permohonan", ["kantor_id", "layanan", "diserahkan_at"]),
)
REPLACED = (
    ("ix_permohonan_layanan_status_changed", "permohonan",
     ["layanan", "status", "status_changed_at", "id"]),
    ("ix_permohonan_layanan_diserahkan", "permohonan", ["layanan", "diserahkan_at"]),
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    for name, table, _columns in REPLACED:
        op.drop_index(name, table_name=table)
    if _postgresql():
        # btree_gin lets one GIN index hold the office beside the name's trigrams; both
        # extensions are trusted, so the database's owner may create them.
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        op.execute("DROP INDEX IF EXISTS ix_pemohon_nama_trgm")
        op.execute("CREATE INDEX ix_pemohon_nama_trgm ON pemohon "
                   "USING gin (kantor_id, nama gin_trgm_ops)")
        op.execute("ANALYZE permohonan")
        op.execute("ANALYZE pemohon")


def downgrade():
    if _postgresql():
        op.execute("DROP INDEX IF EXISTS ix_pemohon_nama_trgm")
        op.execute("CREATE INDEX ix_pemohon_nama_trgm ON pemohon USING gin (nama gin_trgm_ops)")
    for replaced in REPLACED:
        op.create_index(*replaced)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
