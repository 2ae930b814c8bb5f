"""The dashboard at a million files: files per state counted as they move, late files from
an index that holds the service, the survey card's figures kept per period

Revision ID: 0024_dasbor
Revises: 0023_pengaduan

- `jumlah_status`: files per (service, state), kept by the database's triggers in the
  same transaction as every insert, state change and delete of a file, whoever writes
  (the engine, an import, the demo data, a restore); `flask check` recounts it.
- `ix_permohonan_layanan_status_changed` (layanan, status, status_changed_at, id): a
  desk's late files and their capped count are one range of it, with nothing to look up
  in the table. It replaces (status, status_changed_at), which held no service.
- `ringkasan_skm`: the dashboard's survey card per service and period, with the stamp of
  the answers and hand-overs it was computed from (a newer one makes it stale).
"""
import sqlalchemy as sa
from alembic import op

revision = "0024_dasbor"
down_revision = "0023_pengaduan"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    """CREATE TRIGGER jumlah_status_ai AFTER INSERT ON permohonan WHEN new.status IS NOT NULL
       BEGIN
         INSERT INTO jumlah_status (layanan, status, jumlah) VALUES (new.layanan, new.status, 1)
         ON CONFLICT (layanan, status) DO UPDATE SET jumlah = jumlah + 1;
       END""",
    """CREATE TRIGGER jumlah_status_au AFTER UPDATE OF layanan, status ON permohonan
       WHEN new.status IS NOT old.status OR new.layanan IS NOT old.layanan
       BEGIN
         UPDATE jumlah_status SET jumlah = jumlah - 1
         WHERE layanan = old.layanan AND status = old.status;
         INSERT INTO jumlah_status (layanan, status, jumlah)
         SELECT new.layanan, new.status, 1 WHERE new.status IS NOT NULL
         ON CONFLICT (layanan, status) DO UPDATE SET jumlah = jumlah + 1;
       END""",
    """CREATE TRIGGER jumlah_status_ad AFTER DELETE ON permohonan
       BEGIN
         UPDATE jumlah_status SET jumlah = jumlah - 1
         WHERE layanan = old.layanan AND status = old.status;
       END""",
)

POSTGRESQL_TRIGGERS = (
    # The two rows a move touches are taken in the order of their state's name, so two
    # files moving opposite ways at once (a rejection and a verification) never deadlock.
    """CREATE OR REPLACE FUNCTION jumlah_status_ikut() RETURNS trigger
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
           WHERE layanan = OLD.layanan AND status = lama;
         END IF;
         IF baru IS NOT NULL THEN
           INSERT INTO jumlah_status (layanan, status, jumlah) VALUES (NEW.layanan, baru, 1)
           ON CONFLICT (layanan, status) DO UPDATE SET jumlah = jumlah_status.jumlah + 1;
         END IF;
         IF lama IS NOT NULL AND baru IS NOT NULL AND lama > baru THEN
           UPDATE jumlah_status SET jumlah = jumlah - 1
           WHERE layanan = OLD.layanan AND status = lama;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER jumlah_status_aiud AFTER INSERT OR DELETE OR UPDATE OF layanan, status
       ON permohonan FOR EACH ROW EXECUTE FUNCTION jumlah_status_ikut()""",
)

RECOUNT = ("INSERT INTO jumlah_status (layanan, status, jumlah) "
           "SELECT layanan, status, count(*) FROM permohonan WHERE status IS NOT NULL "
           "GROUP BY layanan, status")


def upgrade():
    op.create_table(
        "jumlah_status",
        sa.Column("layanan", sa.String(20), primary_key=True),
        sa.Column("status", sa.String(20), primary_key=True),
        sa.Column("jumlah", sa.Integer(), nullable=False),
    )
    op.create_table(
        "ringkasan_skm",
        sa.Column("layanan", sa.String(20), primary_key=True),
        sa.Column("jenis", sa.String(20), primary_key=True),
        sa.Column("tahun", sa.Integer(), primary_key=True),
        sa.Column("nomor", sa.Integer(), primary_key=True),
        sa.Column("stempel", sa.String(80), nullable=False),
        sa.Column("isi", sa.Text(), nullable=False),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for sql in POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(sql)
    op.execute(RECOUNT)
    op.create_index("ix_permohonan_layanan_status_changed", "permohonan",
                    ["layanan", "status", "status_changed_at", "id"])
    op.drop_index("ix_permohonan_status_changed", table_name="permohonan")


def downgrade():
    op.create_index("ix_permohonan_status_changed", "permohonan", ["status", "status_changed_at"])
    op.drop_index("ix_permohonan_layanan_status_changed", table_name="permohonan")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS jumlah_status_aiud ON permohonan")
        op.execute("DROP FUNCTION IF EXISTS jumlah_status_ikut()")
    else:
        for name in ("jumlah_status_ai", "jumlah_status_au", "jumlah_status_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("ringkasan_skm")
    op.drop_table("jumlah_status")
