"""An office's lists from indexes that lead with the office: a regency's server answers
office 1's pages by reading office 1's rows, not every office's in order and dropping
seventeen of eighteen

Revision ID: 0028_indeks_kantor
Revises: 0027_rls

- files, newest first, and by state: (kantor_id, created_at, id), (kantor_id, status,
  created_at, id); the Dinas's lists across offices keep (created_at) and (status,
  created_at).
- a desk's late files: (kantor_id, layanan, status, status_changed_at, id); the regency
  dashboard's per-office ranges use it too, and the Dinas's operator, whose dashboard
  counts every office's, keeps (layanan, status, status_changed_at, id). The survey
  card's files handed over in a period: (kantor_id, layanan, diserahkan_at) replaces
  (layanan, diserahkan_at).
- applicants, newest first and by name: (kantor_id, id), (kantor_id, nama, id); the
  latter also answers a name search under row-level security from the index alone.
- the register, newest first: (kantor_id, tahun, nomor_urut, id), the list's whole order.
- the history, newest first, and the SOP figures of a period: (kantor_id, at, id).
- PostgreSQL's trigram index on names holds the office too (btree_gin), so a name
  search reads the office's matches only; it still serves a search over every office.
- SQLite, with no statistics (a new install has none), takes an equality on any indexed
  column for a few rows, so it would read a whole office by an index that starts with
  `kantor_id` rather than the few files of `pemohon_id IN (…)`. The new indexes get rows
  in `sqlite_stat1` saying what is true of the embedded install (one office: the office
  matches every row), the documented way to steer its planner; SQLite then takes them
  where they give the list's order, as before. ANALYZE replaces them with measured ones.
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
    ("ix_pemohon_kantor_nama", "pemohon", ["kantor_id", "nama", "id"]),
    ("ix_register_entry_kantor_tahun", "register_entry",
     ["kantor_id", "tahun", "nomor_urut", "id"]),
    ("ix_permohonan_kantor_diserahkan", "permohonan", ["kantor_id", "layanan", "diserahkan_at"]),
    ("ix_transition_log_kantor_at", "transition_log", ["kantor_id", "at", "id"]),
)
# SQLite's default guess for a table's size, and its statistics for the new indexes: the
# rows in the index, then the rows that share each leading prefix (the office: all).
SQLITE_ROWS = 1048576
SQLITE_STATISTICS = {
    "ix_permohonan_kantor_created": ("permohonan", "2 1"),
    "ix_permohonan_kantor_status_created": ("permohonan", "10 2 1"),
    "ix_permohonan_kantor_status_changed": ("permohonan", f"{SQLITE_ROWS} 10 2 1"),
    "ix_permohonan_kantor_diserahkan": ("permohonan", f"{SQLITE_ROWS} 2"),
    "ix_pemohon_kantor_id": ("pemohon", "1"),
    "ix_pemohon_kantor_nama": ("pemohon", "2 1"),
    "ix_register_entry_kantor_tahun": ("register_entry", "10 1 1"),
    "ix_transition_log_kantor_at": ("transition_log", "2 1"),
}
REPLACED = (
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
    else:
        sqlite_statistics(op.get_bind())


def sqlite_statistics(conn) -> None:
    """The new indexes' rows of `sqlite_stat1`. ANALYZE of the schema table alone creates
    the table where no ANALYZE has run yet, and makes SQLite read the rows again."""
    conn.exec_driver_sql("ANALYZE sqlite_schema")
    for index, (table, rest) in SQLITE_STATISTICS.items():
        conn.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE idx = ?", (index,))
        conn.exec_driver_sql("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)",
                             (table, index, f"{SQLITE_ROWS} {SQLITE_ROWS} {rest}"))
    conn.exec_driver_sql("ANALYZE sqlite_schema")


def downgrade():
    # SQLite drops an index's rows of sqlite_stat1 with the index.
    if _postgresql():
        op.execute("DROP INDEX IF EXISTS ix_pemohon_nama_trgm")
        op.execute("CREATE INDEX ix_pemohon_nama_trgm ON pemohon USING gin (nama gin_trgm_ops)")
    for replaced in REPLACED:
        op.create_index(*replaced)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
