"""One language for who did an act: register_entry.registered_by_id -> diregister_oleh_id

Revision ID: 0016_nama
Revises: 0014_saksi

The register row names its officer like every other act's column (`diverifikasi_oleh_id`,
`dicentang_oleh_id`, ...): docs/glossarium.md. The values stay; only the name and its
foreign key's name change. Down: the old names again, with the same values.
"""
from alembic import op
import sqlalchemy as sa

revision = "0016_nama"
down_revision = "0014_saksi"
branch_labels = None
depends_on = None


def _rename(old: str, new: str) -> None:
    # Two steps: SQLite rebuilds the table for each, and the key needs the new name first.
    with op.batch_alter_table("register_entry", schema=None) as batch_op:
        batch_op.drop_constraint(f"fk_register_entry_{old}_user", type_="foreignkey")
        batch_op.alter_column(old, new_column_name=new, existing_type=sa.Integer(),
                              existing_nullable=False)
    with op.batch_alter_table("register_entry", schema=None) as batch_op:
        batch_op.create_foreign_key(f"fk_register_entry_{new}_user", "user", [new], ["id"])


def upgrade():
    _rename("registered_by_id", "diregister_oleh_id")


def downgrade():
    _rename("diregister_oleh_id", "registered_by_id")
