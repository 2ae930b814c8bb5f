"""Row-level security: PostgreSQL keeps each office's rows to its office (docs/kantor.md)

Revision ID: 0027_rls
Revises: 0026_kantor

The second wall under the application's query filter (models/_kantor.py): every table of
an office's data gets a policy on two transaction settings the application sets
(app/access/row_security.py): `app.kantor`, the id of the office a request is confined to,
and `app.lingkup` = 'kabupaten' for the regency's scope (regency roles, the command line,
the worker, the public pages that find a file by its token). A row is seen, and may be
written, only within the scope; a connection that set neither sees no row and writes none
(fail closed). FORCE: the tables' owner is held too, so a server whose application connects
as the owner is still held (a superuser or a BYPASSRLS role is never held: the application
must not connect as one; docs/kantor.md). Tables reached only through a parent follow it.

On SQLite nothing changes: the application's filter holds alone.
"""
from alembic import op

revision = "0027_rls"
down_revision = "0026_kantor"
branch_labels = None
depends_on = None

NAME = "kantor_lingkup"
KABUPATEN = "current_setting('app.lingkup', true) = 'kabupaten'"
KANTOR = "NULLIF(current_setting('app.kantor', true), '')::integer"
OWN = f"({KABUPATEN} OR kantor_id = {KANTOR})"

# Tables whose rows name their office (the models' OfficeScoped, 0026_kantor).
OFFICE_TABLES = (
    "desa", "pemohon", "permohonan", "transition_log", "register_entry", "dokumen",
    "surat_kolektif", "skm_undangan", "skm_jawaban", "skm_periode", "skm_tindak_lanjut",
    "antrian_tiket", "antrian_booking", "pengaduan", "pesan", "permintaan_subjek",
    "insiden_kebocoran", "perubahan_nomor", "counter", "antrian_counter", "templat_pesan",
    "jumlah_status", "ringkasan_skm", "log_baca",
)
# table -> (seen, written). An account of no office is a regency account: every office
# sees its name (a file's history names the Dinas's operator); on a server of several
# offices none may write one, on a server of one office its administrator keeps them all.
POLICIES = {table: (OWN, OWN) for table in OFFICE_TABLES}
POLICIES["user"] = (f"(kantor_id IS NULL OR {OWN})",
                    f"({OWN} OR (kantor_id IS NULL AND "
                    "(SELECT count(*) FROM office_settings) = 1))")


def _through(column: str, parent: str, nullable: bool = False) -> str:
    # The parent's own policy narrows the subquery: a child row is seen when its parent is.
    # The regency's scope is tested first, so it never runs the subquery.
    rule = f"EXISTS (SELECT 1 FROM {parent} WHERE {parent}.id = {column})"
    if nullable:
        rule = f"{column} IS NULL OR {rule}"
    return f"({KABUPATEN} OR {rule})"


# Tables reached only through a parent; a print logged with no document (the register
# book, a list) names no office's row.
CHILDREN = {
    "syarat_permohonan": _through("permohonan_id", "permohonan"),
    "surat_kolektif_berkas": _through("permohonan_id", "permohonan"),
    "perubahan_pemohon": _through("pemohon_id", "pemohon"),
    "percobaan_pesan": _through("pesan_id", "pesan"),
    "dokumen_ttd": _through("dokumen_id", "dokumen"),
    "cetak_log": _through("dokumen_id", "dokumen", nullable=True),
}
POLICIES.update({table: (rule, rule) for table, rule in CHILDREN.items()})


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (seen, written) in POLICIES.items():
        op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
        op.execute(f'CREATE POLICY {NAME} ON "{table}" USING {seen} WITH CHECK {written}')
    # 0026 gave the first office its id without drawing it: the next office would draw it.
    op.execute("SELECT setval(pg_get_serial_sequence('office_settings', 'id'), max(id)) "
               "FROM office_settings HAVING count(*) > 0")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in POLICIES:
        op.execute(f'DROP POLICY IF EXISTS {NAME} ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
