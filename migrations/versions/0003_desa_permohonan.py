"""The applicant's village on each application, kept by triggers, for the list filters

Revision ID: 0003
Revises: 0002

"Files of village X (in state Y), newest first" is the office's everyday list. With the
village only on `pemohon`, every such page or count first collects all applicants of the
village (about 80,000 at a million files) and checks each file against them. A copy of
`pemohon.desa_id` on `permohonan` makes it one range of the indexes below. The database
keeps the copy right, whoever writes: a new file takes its applicant's village, and an
applicant who moves takes their files along.
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_permohonan_desa_created": ["desa_id", "created_at"],
    "ix_permohonan_status_desa_created": ["status", "desa_id", "created_at"],
}

SQLITE_TRIGGERS = (
    # A new file, or one whose applicant changed, takes the applicant's village.
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
    # An applicant who moves takes their files along.
    """CREATE TRIGGER pemohon_desa_au AFTER UPDATE OF desa_id ON pemohon
       BEGIN
         UPDATE permohonan SET desa_id = new.desa_id WHERE pemohon_id = new.id;
       END""",
)

POSTGRESQL_TRIGGERS = (
    """CREATE OR REPLACE FUNCTION permohonan_desa_isi() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         NEW.desa_id := (SELECT desa_id FROM pemohon WHERE id = NEW.pemohon_id);
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER permohonan_desa_biu BEFORE INSERT OR UPDATE OF pemohon_id, desa_id
       ON permohonan FOR EACH ROW EXECUTE FUNCTION permohonan_desa_isi()""",
    """CREATE OR REPLACE FUNCTION pemohon_desa_ikut() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE permohonan SET desa_id = NEW.desa_id
         WHERE pemohon_id = NEW.id AND desa_id IS DISTINCT FROM NEW.desa_id;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER pemohon_desa_au AFTER UPDATE OF desa_id ON pemohon
       FOR EACH ROW EXECUTE FUNCTION pemohon_desa_ikut()""",
)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("permohonan", sa.Column("desa_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_permohonan_desa_id_desa"), "permohonan", "desa",
                              ["desa_id"], ["id"])
        op.execute("UPDATE permohonan p SET desa_id = a.desa_id FROM pemohon a "
                   "WHERE a.id = p.pemohon_id")
        triggers = POSTGRESQL_TRIGGERS
    else:
        # SQLite adds a nullable column with a named inline reference in place; batch
        # mode would copy the whole table to do the same.
        op.execute("ALTER TABLE permohonan ADD COLUMN desa_id INTEGER "
                   "CONSTRAINT fk_permohonan_desa_id_desa REFERENCES desa (id)")
        op.execute("UPDATE permohonan SET desa_id = "
                   "(SELECT desa_id FROM pemohon WHERE pemohon.id = permohonan.pemohon_id)")
        triggers = SQLITE_TRIGGERS
    for name, columns in INDEXES.items():
        op.create_index(name, "permohonan", columns, unique=False)
    for statement in triggers:
        op.execute(statement)


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.execute("DROP TRIGGER IF EXISTS pemohon_desa_au" + (" ON pemohon" if postgresql else ""))
    for trigger in ("permohonan_desa_ai", "permohonan_desa_au", "permohonan_desa_biu"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}" + (" ON permohonan" if postgresql else ""))
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS permohonan_desa_isi()")
        op.execute("DROP FUNCTION IF EXISTS pemohon_desa_ikut()")
    for name in INDEXES:
        op.drop_index(name, table_name="permohonan")
    if postgresql:
        op.drop_constraint("fk_permohonan_desa_id_desa", "permohonan", type_="foreignkey")
        op.drop_column("permohonan", "desa_id")
        return
    # SQLite: the table is rebuilt without the column, its inline reference goes with it.
    with op.batch_alter_table("permohonan", recreate="always") as batch_op:
        batch_op.drop_column("desa_id")
