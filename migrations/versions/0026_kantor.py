"""Offices (kantor): one server for every kecamatan of a regency

Revision ID: 0026_kantor
Revises: 0026_alur_dinas

Every row of an office's data names its office (`kantor_id`, the id of its
`office_settings` row); a database of one office becomes office 1. Numbers unique within
an office (receipts, register, letters, complaints, an applicant's NIK, queue tickets) are
unique per office, and the counters count per office. Accounts name their office, or none
for the regency's roles. The dashboard's kept counts and survey cards are derived data:
their tables are rebuilt with the office in their key and counted again.

Down is refused once a second office exists: its numbers would collide.
"""
import sqlalchemy as sa
from alembic import op

revision = "0026_kantor"
down_revision = "0026_alur_dinas"
branch_labels = None
depends_on = None

# Tables whose rows belong to one office (models/_kantor.py OfficeScoped).
OFFICE_TABLES = (
    "desa", "pemohon", "permohonan", "transition_log", "register_entry", "dokumen",
    "surat_kolektif", "skm_undangan", "skm_jawaban", "skm_periode", "skm_tindak_lanjut",
    "antrian_tiket", "antrian_booking", "pengaduan", "pesan", "permintaan_subjek",
    "insiden_kebocoran", "perubahan_nomor",
)
# ... and may name none: a regency account; a regency reader's read of no office's data.
OPTIONAL = ("user", "log_baca")
# Primary keys that gain the office.
KEYS = {"counter": ["nama", "tahun"], "antrian_counter": ["tanggal", "jenis"],
        "templat_pesan": ["peristiwa"]}
# Unique per office: name -> (table, columns before kantor_id: lookups by number alone
# still use the index).
UNIQUE = {
    "uq_pemohon_nik": ("pemohon", ["nik"]),
    "uq_permohonan_nomor_tanda_terima": ("permohonan", ["nomor_tanda_terima"]),
    "uq_register_entry_tahun": ("register_entry", ["tahun", "nomor_urut"]),
    "uq_register_entry_nomor": ("register_entry", ["nomor"]),
    "uq_surat_kolektif_tahun_urut": ("surat_kolektif", ["tahun", "nomor_urut"]),
    "uq_surat_kolektif_nomor": ("surat_kolektif", ["nomor"]),
    "uq_skm_periode_layanan": ("skm_periode", ["layanan", "jenis", "tahun", "nomor"]),
    "uq_antrian_tiket_tanggal": ("antrian_tiket", ["tanggal", "keperluan", "nomor"]),
    "uq_pengaduan_nomor": ("pengaduan", ["nomor"]),
}

# SQLite rebuilds a table to add a foreign key, and its triggers go with the old table:
# these are the triggers of pemohon and permohonan (0002, 0003, and the counts below).
SQLITE_KEPT_TRIGGERS = (
    "CREATE TRIGGER pemohon_fts_ai AFTER INSERT ON pemohon BEGIN "
    "INSERT INTO pemohon_fts(rowid, nama) VALUES (new.id, new.nama); END",
    "CREATE TRIGGER pemohon_fts_ad AFTER DELETE ON pemohon BEGIN "
    "INSERT INTO pemohon_fts(pemohon_fts, rowid, nama) VALUES ('delete', old.id, old.nama); END",
    "CREATE TRIGGER pemohon_fts_au AFTER UPDATE OF nama ON pemohon BEGIN "
    "INSERT INTO pemohon_fts(pemohon_fts, rowid, nama) VALUES ('delete', old.id, old.nama); "
    "INSERT INTO pemohon_fts(rowid, nama) VALUES (new.id, new.nama); END",
    """CREATE TRIGGER permohonan_desa_ai AFTER INSERT ON permohonan
       WHEN new.desa_id IS NOT (SELECT desa_id FROM pemohon WHERE id = new.pemohon_id)
       BEGIN
         UPDATE permohonan SET desa_id = (SELECT desa_id FROM pemohon WHERE id = new.pemohon_id)
         WHERE id = new.id;
       END""",
    """CREATE TRIGGER permohonan_desa_au AFTER UPDATE OF pemohon_id, desa_id ON permohonan
       WHEN new.desa_id IS NOT (SELECT desa_id FROM pemohon WHERE id = new.pemohon_id)
       BEGIN
         UPDATE permohonan SET desa_id = (SELECT desa_id FROM pemohon WHERE id = new.pemohon_id)
         WHERE id = new.id;
       END""",
    """CREATE TRIGGER pemohon_desa_au AFTER UPDATE OF desa_id ON pemohon
       BEGIN
         UPDATE permohonan SET desa_id = new.desa_id WHERE pemohon_id = new.id;
       END""",
)
SQLITE_TRIGGER_NAMES = ("pemohon_fts_ai", "pemohon_fts_ad", "pemohon_fts_au", "permohonan_desa_ai",
                        "permohonan_desa_au", "pemohon_desa_au", "jumlah_status_ai",
                        "jumlah_status_au", "jumlah_status_ad")


def _jumlah_sqlite(kantor: bool) -> tuple[str, ...]:
    k, kn, ko, on = (("kantor_id, ", "new.kantor_id, ", "kantor_id = old.kantor_id AND ",
                      "kantor_id, ") if kantor else ("", "", "", ""))
    return (
        f"""CREATE TRIGGER jumlah_status_ai AFTER INSERT ON permohonan WHEN new.status IS NOT NULL
           BEGIN
             INSERT INTO jumlah_status ({k}layanan, status, jumlah)
             VALUES ({kn}new.layanan, new.status, 1)
             ON CONFLICT ({on}layanan, status) DO UPDATE SET jumlah = jumlah + 1;
           END""",
        f"""CREATE TRIGGER jumlah_status_au AFTER UPDATE OF layanan, status ON permohonan
           WHEN new.status IS NOT old.status OR new.layanan IS NOT old.layanan
           BEGIN
             UPDATE jumlah_status SET jumlah = jumlah - 1
             WHERE {ko}layanan = old.layanan AND status = old.status;
             INSERT INTO jumlah_status ({k}layanan, status, jumlah)
             SELECT {kn}new.layanan, new.status, 1 WHERE new.status IS NOT NULL
             ON CONFLICT ({on}layanan, status) DO UPDATE SET jumlah = jumlah + 1;
           END""",
        f"""CREATE TRIGGER jumlah_status_ad AFTER DELETE ON permohonan
           BEGIN
             UPDATE jumlah_status SET jumlah = jumlah - 1
             WHERE {ko}layanan = old.layanan AND status = old.status;
           END""",
    )


def _jumlah_postgresql(kantor: bool) -> str:
    # As 0024_dasbor: the two rows a move touches are taken in the order of their state's
    # name, so two files moving opposite ways at once never deadlock.
    k, kn, ko, on = (("kantor_id, ", "NEW.kantor_id, ", "kantor_id = OLD.kantor_id AND ",
                      "kantor_id, ") if kantor else ("", "", "", ""))
    return f"""CREATE OR REPLACE FUNCTION jumlah_status_ikut() RETURNS trigger
       LANGUAGE plpgsql AS $$
       DECLARE
         lama text := CASE WHEN TG_OP <> 'INSERT' THEN OLD.status END;
         baru text := CASE WHEN TG_OP <> 'DELETE' THEN NEW.status END;
       BEGIN
         IF TG_OP = 'UPDATE' AND lama IS NOT DISTINCT FROM baru
            AND OLD.layanan = NEW.layanan THEN
           RETURN NULL;
         END IF;
         IF lama IS NOT NULL AND (baru IS NULL OR lama <= baru) THEN
           UPDATE jumlah_status SET jumlah = jumlah - 1
           WHERE {ko}layanan = OLD.layanan AND status = lama;
         END IF;
         IF baru IS NOT NULL THEN
           INSERT INTO jumlah_status ({k}layanan, status, jumlah) VALUES ({kn}NEW.layanan, baru, 1)
           ON CONFLICT ({on}layanan, status) DO UPDATE SET jumlah = jumlah_status.jumlah + 1;
         END IF;
         IF lama IS NOT NULL AND baru IS NOT NULL AND lama > baru THEN
           UPDATE jumlah_status SET jumlah = jumlah - 1
           WHERE {ko}layanan = OLD.layanan AND status = lama;
         END IF;
         RETURN NULL;
       END $$"""


def _derived_tables(kantor: bool) -> None:
    """jumlah_status and ringkasan_skm, rebuilt with (or without) the office in their key;
    the counts recounted, the survey cards left to be computed again on first view."""
    op.drop_table("jumlah_status")
    op.drop_table("ringkasan_skm")
    office = [sa.Column("kantor_id", sa.Integer(), sa.ForeignKey("office_settings.id"),
                        primary_key=True)] if kantor else []
    op.create_table("jumlah_status", *office,
                    sa.Column("layanan", sa.String(20), primary_key=True),
                    sa.Column("status", sa.String(20), primary_key=True),
                    sa.Column("jumlah", sa.Integer(), nullable=False))
    office = [sa.Column("kantor_id", sa.Integer(), sa.ForeignKey("office_settings.id"),
                        primary_key=True)] if kantor else []
    op.create_table("ringkasan_skm", *office,
                    sa.Column("layanan", sa.String(20), primary_key=True),
                    sa.Column("jenis", sa.String(20), primary_key=True),
                    sa.Column("tahun", sa.Integer(), primary_key=True),
                    sa.Column("nomor", sa.Integer(), primary_key=True),
                    sa.Column("stempel", sa.String(80), nullable=False),
                    sa.Column("isi", sa.Text(), nullable=False))
    cols = "kantor_id, " if kantor else ""
    op.execute(f"INSERT INTO jumlah_status ({cols}layanan, status, jumlah) "
               f"SELECT {cols}layanan, status, count(*) FROM permohonan WHERE status IS NOT NULL "
               f"GROUP BY {cols}layanan, status")


def _drop_sqlite_triggers() -> None:
    """Before SQLite rebuilds the tables: a trigger naming a table being renamed fails."""
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _triggers(kantor: bool) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_jumlah_postgresql(kantor))
        return
    for sql in SQLITE_KEPT_TRIGGERS + _jumlah_sqlite(kantor):
        op.execute(sql)


def _first_office() -> None:
    """Data without an office row yet (the row was made on first use) gets office 1, so
    its rows have an office to point at."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM office_settings")).scalar():
        return
    if not any(bind.execute(sa.text(f'SELECT 1 FROM "{t}" LIMIT 1')).first()
               for t in OFFICE_TABLES + tuple(KEYS)):
        return
    from models.office_settings import OfficeSettings
    table = OfficeSettings.__table__
    present = {c["name"] for c in sa.inspect(bind).get_columns("office_settings")}
    values = {c.name: c.default.arg for c in table.columns if c.name in present
              and c.default is not None and not callable(c.default.arg)}
    bind.execute(table.insert().values(id=1, **values))


def upgrade():
    _first_office()
    _drop_sqlite_triggers()
    with op.batch_alter_table("office_settings") as b:
        b.create_unique_constraint("uq_office_settings_kode_wilayah", ["kode_wilayah"])
    for table in OFFICE_TABLES + OPTIONAL + tuple(KEYS):
        op.add_column(table, sa.Column("kantor_id", sa.Integer(), nullable=True))
        if table != "user":
            # Every account so far is the one office's; the regency's roles come later.
            op.execute(f'UPDATE "{table}" SET kantor_id = 1')
    op.execute("UPDATE \"user\" SET kantor_id = 1 WHERE role NOT IN ('operator')")
    for table in OFFICE_TABLES + OPTIONAL + tuple(KEYS):
        with op.batch_alter_table(table) as b:
            if table not in OPTIONAL:
                b.alter_column("kantor_id", existing_type=sa.Integer(), nullable=False)
            b.create_foreign_key(f"fk_{table}_kantor_id_office_settings", "office_settings",
                                 ["kantor_id"], ["id"])
            for name, (owner, columns) in UNIQUE.items():
                if owner == table:
                    b.drop_constraint(name, type_="unique")
                    b.create_unique_constraint(name, [*columns, "kantor_id"])
            if table in KEYS:
                b.drop_constraint(f"pk_{table}", type_="primary")
                b.create_primary_key(f"pk_{table}", ["kantor_id", *KEYS[table]])
    _derived_tables(kantor=True)
    _triggers(kantor=True)


def downgrade():
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM office_settings")).scalar() > 1:
        raise RuntimeError("Basis data ini memuat lebih dari satu kantor; migrasi turun "
                           "akan mencampur nomor mereka. Pisahkan kantor lebih dulu.")
    _drop_sqlite_triggers()
    _derived_tables(kantor=False)
    for table in OFFICE_TABLES + OPTIONAL + tuple(KEYS):
        with op.batch_alter_table(table) as b:
            if table in KEYS:
                b.drop_constraint(f"pk_{table}", type_="primary")
                b.create_primary_key(f"pk_{table}", KEYS[table])
            for name, (owner, columns) in UNIQUE.items():
                if owner == table:
                    b.drop_constraint(name, type_="unique")
                    b.create_unique_constraint(name, columns)
            b.drop_constraint(f"fk_{table}_kantor_id_office_settings", type_="foreignkey")
            b.drop_column("kantor_id")
    with op.batch_alter_table("office_settings") as b:
        b.drop_constraint("uq_office_settings_kode_wilayah", type_="unique")
    _triggers(kantor=False)
