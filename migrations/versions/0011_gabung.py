"""One head again: joins the second wave's revisions, written side by side.

Queue, integrity, SKM, TTE, documents and desk limits each came from 0004 on its own branch.

Revision ID: 0011_gabung
Revises: 0005_antrean, 0006_integritas, 0007_skm, 0008_tte, 0009_dokumen, 0010_tenggat
"""

revision = "0011_gabung"
down_revision = ("0005_antrean", "0006_integritas", "0007_skm", "0008_tte", "0009_dokumen",
                 "0010_tenggat")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
