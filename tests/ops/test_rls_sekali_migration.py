"""Migration 0029_rls_sekali: each policy reads its two settings once a statement (a
sub-SELECT PostgreSQL runs as an InitPlan), not once a row, with the same rule; down and
up again it keeps an office's rows its own."""
import re

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app.extensions import db
from tests.ops.revisions import below


def _quals() -> dict[str, str]:
    return dict(db.session.execute(text(
        "SELECT tablename, qual FROM pg_policies WHERE policyname = 'kantor_lingkup'")).all())


def _per_row(qual: str) -> bool:
    """A setting read outside a sub-SELECT of its own: once for every row."""
    return "current_setting" in re.sub(
        r"SELECT \(?(NULLIF\()?current_setting|AS current_setting", "", qual)


def test_policies_read_their_settings_once_a_statement(app, ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    quals = _quals()
    assert len(quals) == 31 and not [t for t, q in quals.items() if _per_row(q)], quals
    plan = "\n".join(db.session.execute(text(
        "EXPLAIN (COSTS OFF) SELECT count(*) FROM permohonan")).scalars())
    assert "InitPlan" in plan and "current_setting" not in plan.split("->")[-1], plan
    db.session.close()  # no open transaction may hold the tables migrated
    downgrade(revision=below(app, "0029_rls_sekali"))
    assert all(_per_row(q) for q in _quals().values())
    db.session.close()
    upgrade(revision="heads")
    assert not [t for t, q in _quals().items() if _per_row(q)]
