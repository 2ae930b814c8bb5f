"""Row-level security's settings read once a statement, not once a row

Revision ID: 0029_rls_sekali
Revises: 0028_indeks_kantor

- The policies of 0027_rls called `current_setting()` on every row they looked at: a
  desk's late files counted to 10,000 cost 14 ms of a dashboard at a million files on
  PostgreSQL for that alone. Each setting is now a sub-SELECT, which PostgreSQL runs
  once per statement (an InitPlan) and compares as a parameter. The rules are unchanged.
"""
from alembic import op

revision = "0029_rls_sekali"
down_revision = "0028_indeks_kantor"
branch_labels = None
depends_on = None

NAME = "kantor_lingkup"
OFFICE_TABLES = (
    "desa", "pemohon", "permohonan", "transition_log", "register_entry", "dokumen",
    "surat_kolektif", "skm_undangan", "skm_jawaban", "skm_periode", "skm_tindak_lanjut",
    "antrian_tiket", "antrian_booking", "pengaduan", "pesan", "permintaan_subjek",
    "insiden_kebocoran", "perubahan_nomor", "counter", "antrian_counter", "templat_pesan",
    "jumlah_status", "ringkasan_skm", "log_baca",
)
CHILDREN = {  # table -> (its parent's key, the parent, whether the key may be empty)
    "syarat_permohonan": ("permohonan_id", "permohonan", False),
    "surat_kolektif_berkas": ("permohonan_id", "permohonan", False),
    "perubahan_pemohon": ("pemohon_id", "pemohon", False),
    "percobaan_pesan": ("pesan_id", "pesan", False),
    "dokumen_ttd": ("dokumen_id", "dokumen", False),
    "cetak_log": ("dokumen_id", "dokumen", True),
}
# 0027_rls's settings, and the same read once a statement.
PER_ROW = ("current_setting('app.lingkup', true)",
           "NULLIF(current_setting('app.kantor', true), '')::integer")
ONCE = tuple(f"(SELECT {setting})" for setting in PER_ROW)


def policies(lingkup: str, kantor: str) -> dict[str, tuple[str, str]]:
    """table -> (seen, written), as 0027_rls wrote them, on these two expressions."""
    kabupaten = f"{lingkup} = 'kabupaten'"
    own = f"({kabupaten} OR kantor_id = {kantor})"
    rules = {table: (own, own) for table in OFFICE_TABLES}
    rules["user"] = (f"(kantor_id IS NULL OR {own})",
                     f"({own} OR (kantor_id IS NULL AND "
                     "(SELECT count(*) FROM office_settings) = 1))")
    for table, (column, parent, nullable) in CHILDREN.items():
        rule = f"EXISTS (SELECT 1 FROM {parent} WHERE {parent}.id = {column})"
        if nullable:
            rule = f"{column} IS NULL OR {rule}"
        rules[table] = (f"({kabupaten} OR {rule})",) * 2
    return rules


def _alter(rules: dict[str, tuple[str, str]]) -> None:
    for table, (seen, written) in rules.items():
        op.execute(f'ALTER POLICY {NAME} ON "{table}" USING {seen} WITH CHECK {written}')


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _alter(policies(*ONCE))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _alter(policies(*PER_ROW))
